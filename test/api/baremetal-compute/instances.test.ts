import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, waitFor, type TestApp } from '../../helpers/app.js';
import { DEFAULT_FLAVORS, DEFAULT_IMAGES } from '../../../src/store/seed.js';
import { first } from '../../helpers/elements.js';

let t: TestApp;
let demo: string;
let admin: string;
let netId: string;
const flavor = DEFAULT_FLAVORS.find((f) => f.name === 'baremetal.small')!.id;
const image = first(DEFAULT_IMAGES, 'DEFAULT_IMAGES').id;
const V1 = '/baremetal-compute/v1';

before(async () => {
  t = await startTestApp();
  demo = await t.tokenFor('demo');
  admin = await t.tokenFor('admin');
  netId = (
    await t.rt.store.db.selectFrom('networks').select('id').where('name', '=', 'private').executeTakeFirstOrThrow()
  ).id;
});
after(async () => {
  await t?.close();
});

const errorOf = (body: { error_message: string }) =>
  JSON.parse(body.error_message) as { faultcode: string; faultstring: string; debuginfo: null };

async function create(name: string, extra: Record<string, unknown> = {}, token = demo) {
  return t.request('POST', `${V1}/instances`, {
    token,
    body: { name, instance_type_uuid: flavor, image_uuid: image, networks: [{ net_id: netId }], ...extra },
  });
}

async function waitStatus(uuid: string, status: string, token = demo) {
  return waitFor(async () => {
    const r = await t.request('GET', `${V1}/instances/${uuid}/states`, { token });
    return r.body.status === status ? r.body : null;
  }, `instance ${uuid} ${status}`);
}

test('version discovery without a token: GET / and GET /v1', async () => {
  const root = await t.request('GET', '/baremetal-compute/');
  assert.equal(root.status, 200);
  assert.equal(root.body.name, 'OpenStack Mogan API');
  const v1 = await t.request('GET', `${V1}`);
  assert.equal(v1.status, 200);
  assert.equal(v1.body.id, 'v1');
  assert.match(v1.body.instances[0].href, /\/baremetal-compute\/v1\/instances\/$/);
});

test('POST /instances → 201, Location of the instance, building then active', async () => {
  const res = await create('bm-one', { description: 'first', extra: { role: 'db' } });
  assert.equal(res.status, 201);
  const body = res.body;
  assert.deepEqual(
    Object.keys(body).sort(),
    [
      'availability_zone',
      'created_at',
      'description',
      'extra',
      'image_uuid',
      'instance_type_uuid',
      'launched_at',
      'links',
      'name',
      'network_info',
      'power_state',
      'project_id',
      'status',
      'updated_at',
      'user_id',
      'uuid',
    ].sort(),
  );
  assert.equal(body.status, 'building');
  assert.equal(body.power_state, null);
  assert.deepEqual(body.extra, { role: 'db' });
  assert.match(body.created_at, /\+00:00$/);
  assert.equal(res.headers.location, `${body.links[0].href}`);
  assert.match(String(res.headers.location), new RegExp(`/baremetal-compute/v1/instances/${body.uuid}$`));
  const states = await waitStatus(body.uuid, 'active');
  assert.deepEqual(states, { power_state: 'power on', target_power_state: null, status: 'active', locked: false });
  const show = await t.request('GET', String(res.headers.location).replace(/^https?:\/\/[^/]+/, ''), { token: demo });
  assert.equal(show.status, 200);
  assert.ok(show.body.launched_at);
  assert.equal(Object.keys(show.body.network_info).length, 1);
});

test('create errors: schema → 400, min_count > max_count, unknown flavor/image', async () => {
  const missing = await t.request('POST', `${V1}/instances`, { token: demo, body: { name: 'x' } });
  assert.equal(missing.status, 400);
  assert.equal(errorOf(missing.body).faultcode, 'Client');
  const counts = await create('c', { min_count: 3, max_count: 2 });
  assert.equal(counts.status, 400);
  assert.equal(errorOf(counts.body).faultstring, 'min_count must be <= max_count');
  const badFlavor = await t.request('POST', `${V1}/instances`, {
    token: demo,
    body: {
      name: 'f',
      instance_type_uuid: '11111111-2222-3333-4444-555555555555',
      image_uuid: image,
      networks: [{ net_id: netId }],
    },
  });
  assert.equal(badFlavor.status, 400);
  assert.equal(errorOf(badFlavor.body).faultstring, 'Flavor 11111111-2222-3333-4444-555555555555 could not be found');
  const unknownField = await create('u', { bogus: 1 });
  assert.equal(unknownField.status, 400);
});

test('GET /instances default fields, fields= selection, detail has all fields', async () => {
  const res = await create('bm-list');
  await waitStatus(res.body.uuid, 'active');
  const list = await t.request('GET', `${V1}/instances`, { token: demo });
  assert.equal(list.status, 200);
  const item = list.body.instances.find((i: { uuid: string }) => i.uuid === res.body.uuid);
  assert.deepEqual(Object.keys(item).sort(), ['description', 'links', 'name', 'power_state', 'status', 'uuid']);
  const sel = await t.request('GET', `${V1}/instances?fields=NAME,%20uuid`, { token: demo });
  assert.deepEqual(Object.keys(sel.body.instances[0]).sort(), ['links', 'name', 'uuid']);
  const detail = await t.request('GET', `${V1}/instances/detail`, { token: demo });
  assert.equal(Object.keys(detail.body.instances[0]).length, 16);
  const badArg = await t.request('GET', `${V1}/instances/detail?fields=name`, { token: demo });
  assert.equal(badArg.status, 400);
  assert.equal(errorOf(badArg.body).faultstring, 'Unknown argument: "fields"');
});

test('all_tenants: admins see every project, non-admins are silently limited to their own', async () => {
  const mine = await create('bm-tenant');
  const adminList = await t.request('GET', `${V1}/instances?all_tenants=True`, { token: admin });
  assert.ok(adminList.body.instances.some((i: { uuid: string }) => i.uuid === mine.body.uuid));
  const adminOwn = await t.request('GET', `${V1}/instances`, { token: admin });
  assert.ok(!adminOwn.body.instances.some((i: { uuid: string }) => i.uuid === mine.body.uuid));
  const demoAll = await t.request('GET', `${V1}/instances?all_tenants=1`, { token: demo });
  assert.equal(demoAll.status, 200);
  const bad = await t.request('GET', `${V1}/instances?all_tenants=maybe`, { token: demo });
  assert.equal(bad.status, 400);
});

test('show by name, 404 for unknown ident, 403 for another project (Mogan policy)', async () => {
  const res = await create('bm-named-unique');
  const byName = await t.request('GET', `${V1}/instances/bm-named-unique`, { token: demo });
  assert.equal(byName.status, 200);
  assert.equal(byName.body.uuid, res.body.uuid);
  const unknown = await t.request('GET', `${V1}/instances/nope`, { token: demo });
  assert.equal(unknown.status, 404);
  assert.equal(errorOf(unknown.body).faultstring, 'Instance nope could not be found.');
  const adminToken = await t.tokenFor('admin');
  const other = await create('bm-admins', {}, adminToken);
  const denied = await t.request('GET', `${V1}/instances/${other.body.uuid}`, { token: demo });
  assert.equal(denied.status, 403);
  assert.equal(errorOf(denied.body).faultstring, 'Access was denied to the following resource: mogan:instance:get');
});

test("route-level policy keeps the order 400 → 404 → 403 and Mogan's wording on every instance route", async () => {
  // a bad query or body is refused before the ident is looked up
  const badArg = await t.request('GET', `${V1}/instances/nope?colour=red`, { token: demo });
  assert.equal(badArg.status, 400);
  assert.equal(errorOf(badArg.body).faultstring, 'Unknown argument: "colour"');
  const badBody = await t.request('PUT', `${V1}/instances/nope/states/power`, { token: demo, body: { target: 1 } });
  assert.equal(badBody.status, 400);
  const unknown = await t.request('PUT', `${V1}/instances/nope/states/power`, { token: demo, body: { target: 'off' } });
  assert.equal(unknown.status, 404);
  // another project's instance: 403 in Mogan's words, and nothing changes in the store
  const other = await create('bm-policy-order', {}, admin);
  await waitStatus(other.body.uuid, 'active', admin);
  const cases: Array<[string, string, string, unknown]> = [
    ['GET', '/states', 'get_states', undefined],
    ['PUT', '/states/power', 'set_power_state', { target: 'off' }],
    ['PUT', '/states/lock', 'set_lock_state', { target: true }],
    ['GET', '/networks', 'get_networks', undefined],
    ['PATCH', '', 'update', [{ op: 'replace', path: '/name', value: 'stolen' }]],
    ['DELETE', '', 'delete', undefined],
  ];
  for (const [method, suffix, action, body] of cases) {
    const r = await t.request(method, `${V1}/instances/${other.body.uuid}${suffix}`, { token: demo, body });
    assert.equal(r.status, 403, `${method} ${suffix}`);
    assert.equal(errorOf(r.body).faultstring, `Access was denied to the following resource: mogan:instance:${action}`);
  }
  const row = await t.rt.store.db
    .selectFrom('instances')
    .selectAll()
    .where('uuid', '=', other.body.uuid)
    .executeTakeFirstOrThrow();
  assert.equal(row.display_name, 'bm-policy-order');
  assert.equal(row.locked, 0);
  assert.equal(row.vm_state, 'active');
  assert.equal(row.deleted, 0);
});

test('PATCH applies JSON Patch to name, description and extra atomically; read-only paths refused', async () => {
  const res = await create('bm-patch', { extra: { k1: 'v0' } });
  const uuid = res.body.uuid;
  // extra is Nova metadata: like the metadata API it is refused while the build runs
  await waitStatus(uuid, 'active');
  const ok = await t.request('PATCH', `${V1}/instances/${uuid}`, {
    token: demo,
    body: [
      { op: 'replace', path: '/extra/k1', value: 'v1' },
      { op: 'add', path: '/extra/k2', value: 'v2' },
      { op: 'replace', path: '/name', value: 'renamed' },
      { op: 'remove', path: '/description' },
    ],
  });
  assert.equal(ok.status, 200);
  assert.deepEqual(ok.body.extra, { k1: 'v1', k2: 'v2' });
  assert.equal(ok.body.name, 'renamed');
  assert.equal(ok.body.description, null);
  const row = await t.rt.store.db
    .selectFrom('instances')
    .selectAll()
    .where('uuid', '=', uuid)
    .executeTakeFirstOrThrow();
  assert.equal(row.display_name, 'renamed');
  assert.deepEqual(JSON.parse(row.metadata), { k1: 'v1', k2: 'v2' });

  const cases: Array<[unknown, string]> = [
    [[{ op: 'replace', path: '/status', value: 'x' }], "'/status' is an internal attribute and can not be updated"],
    [
      [{ op: 'replace', path: '/image_uuid', value: 'x' }],
      "'/image_uuid' is an internal attribute and can not be updated",
    ],
    [[{ op: 'remove', path: '/name' }], "'/name' is a mandatory attribute and can not be removed"],
    [
      [{ op: 'add', path: '/foo', value: 'x' }],
      'Adding a new attribute (/foo) to the root of  the resource is not allowed',
    ],
    [[{ op: 'replace', path: '/name' }], "'add' and 'replace' operations need a value"],
  ];
  for (const [patch, message] of cases) {
    const r = await t.request('PATCH', `${V1}/instances/${uuid}`, { token: demo, body: patch });
    assert.equal(r.status, 400, message);
    assert.equal(errorOf(r.body).faultstring, message);
  }
  const moveOp = await t.request('PATCH', `${V1}/instances/${uuid}`, {
    token: demo,
    body: [{ op: 'move', from: '/name', path: '/description' }],
  });
  assert.equal(moveOp.status, 400);
  // all or nothing: the first op is valid, the second fails → nothing changes
  const partial = await t.request('PATCH', `${V1}/instances/${uuid}`, {
    token: demo,
    body: [
      { op: 'replace', path: '/name', value: 'half' },
      { op: 'remove', path: '/extra/missing' },
    ],
  });
  assert.equal(partial.status, 400);
  assert.match(errorOf(partial.body).faultstring, /^Couldn't apply patch/);
  const after = await t.request('GET', `${V1}/instances/${uuid}`, { token: demo });
  assert.equal(after.body.name, 'renamed');
});

test('power: off → stopped (target_power_state while moving), on → active; impossible transition 400; invalid target 400', async () => {
  const res = await create('bm-power');
  const uuid = res.body.uuid;
  await waitStatus(uuid, 'active');
  const invalid = await t.request('PUT', `${V1}/instances/${uuid}/states/power`, {
    token: demo,
    body: { target: 'sideways' },
  });
  assert.equal(invalid.status, 400);
  assert.equal(
    errorOf(invalid.body).faultstring,
    `The Parameter value: sideways for power action of instance ${uuid} is invalid.`,
  );
  const on = await t.request('PUT', `${V1}/instances/${uuid}/states/power`, { token: demo, body: { target: 'on' } });
  assert.equal(on.status, 400);
  assert.equal(
    errorOf(on.body).faultstring,
    "Can not transition from state 'active' on event 'start' (no defined transition)",
  );
  const off = await t.request('PUT', `${V1}/instances/${uuid}/states/power`, { token: demo, body: { target: 'off' } });
  assert.equal(off.status, 202);
  assert.match(String(off.headers.location), new RegExp(`/v1/instances/${uuid}/states$`));
  const stopped = await waitStatus(uuid, 'stopped');
  assert.equal(stopped.power_state, 'power off');
  assert.equal(stopped.target_power_state, null);
  assert.equal(
    (await t.request('PUT', `${V1}/instances/${uuid}/states/power`, { token: demo, body: { target: 'on' } })).status,
    202,
  );
  await waitStatus(uuid, 'active');
  for (const target of ['reboot', 'soft_reboot', 'soft_off']) {
    const r = await t.request('PUT', `${V1}/instances/${uuid}/states/power`, { token: demo, body: { target } });
    assert.equal(r.status, 202, target);
    await waitStatus(uuid, target === 'soft_off' ? 'stopped' : 'active');
  }
});

test('20 parallel power requests on one instance → one 202, the rest 409 (operation in progress)', async () => {
  // a power-off that takes a while, so every loser finds the winner's operation still running
  const slow = await startTestApp({ fake: { powerOffMs: 400 } });
  try {
    const token = await slow.tokenFor('demo');
    const net = (
      await slow.rt.store.db.selectFrom('networks').select('id').where('name', '=', 'private').executeTakeFirstOrThrow()
    ).id;
    const res = await slow.request('POST', `${V1}/instances`, {
      token,
      body: { name: 'bm-race', instance_type_uuid: flavor, image_uuid: image, networks: [{ net_id: net }] },
    });
    await waitFor(
      async () =>
        (await slow.request('GET', `${V1}/instances/${res.body.uuid}/states`, { token })).body.status === 'active',
      'active',
    );
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        slow.request('PUT', `${V1}/instances/${res.body.uuid}/states/power`, { token, body: { target: 'off' } }),
      ),
    );
    const codes = results.map((r) => r.status).sort();
    assert.equal(codes.filter((c) => c === 202).length, 1, JSON.stringify(codes));
    assert.equal(codes.filter((c) => c === 409).length, 19, JSON.stringify(codes));
    const ops = await slow.rt.store.db
      .selectFrom('operations')
      .select('id')
      .where('instance_uuid', '=', res.body.uuid)
      .where('kind', '=', 'stop')
      .execute();
    assert.equal(ops.length, 1, 'exactly one stop operation was enqueued');
  } finally {
    await slow.close();
  }
});

test('lock: locked instance refuses power and delete for its owner (409), admin may act', async () => {
  const res = await create('bm-lock');
  const uuid = res.body.uuid;
  await waitStatus(uuid, 'active');
  assert.equal(
    (await t.request('PUT', `${V1}/instances/${uuid}/states/lock`, { token: demo, body: { target: true } })).status,
    202,
  );
  assert.equal((await t.request('GET', `${V1}/instances/${uuid}/states`, { token: demo })).body.locked, true);
  const off = await t.request('PUT', `${V1}/instances/${uuid}/states/power`, { token: demo, body: { target: 'off' } });
  assert.equal(off.status, 409);
  assert.equal(errorOf(off.body).faultstring, `Instance ${uuid} is locked`);
  assert.equal((await t.request('DELETE', `${V1}/instances/${uuid}`, { token: demo })).status, 409);
  assert.equal(
    (await t.request('PUT', `${V1}/instances/${uuid}/states/lock`, { token: demo, body: { target: 'false' } })).status,
    202,
  );
  assert.equal((await t.request('GET', `${V1}/instances/${uuid}/states`, { token: demo })).body.locked, false);
});

test('DELETE → 204, deleting then gone (404)', async () => {
  const res = await create('bm-delete');
  const uuid = res.body.uuid;
  await waitStatus(uuid, 'active');
  const del = await t.request('DELETE', `${V1}/instances/${uuid}`, { token: demo });
  assert.equal(del.status, 204);
  await waitFor(
    async () => (await t.request('GET', `${V1}/instances/${uuid}`, { token: demo })).status === 404,
    'instance gone',
  );
});

test('cross-dialect: created via /instances, stopped via a Nova server action, seen stopped via /instances', async () => {
  const res = await create('bm-cross');
  const uuid = res.body.uuid;
  await waitStatus(uuid, 'active');
  const server = await t.request('GET', `/compute/v2.1/servers/${uuid}`, { token: demo });
  assert.equal(server.status, 200);
  assert.equal(server.body.server.status, 'ACTIVE');
  assert.equal(
    (await t.request('POST', `/compute/v2.1/servers/${uuid}/action`, { token: demo, body: { 'os-stop': null } }))
      .status,
    202,
  );
  await waitStatus(uuid, 'stopped');
  assert.equal(
    (await t.request('PUT', `${V1}/instances/${uuid}/states/power`, { token: demo, body: { target: 'on' } })).status,
    202,
  );
  await waitFor(
    async () =>
      (await t.request('GET', `/compute/v2.1/servers/${uuid}`, { token: demo })).body.server.status === 'ACTIVE',
    'ACTIVE via nova',
  );
});

test('GET /instances/{ident}/networks → {"ports": network_info}', async () => {
  const res = await create('bm-nets');
  await waitStatus(res.body.uuid, 'active');
  const nets = await t.request('GET', `${V1}/instances/${res.body.uuid}/networks`, { token: demo });
  assert.equal(nets.status, 200);
  const ports = Object.values<{ network: string; mac_address: string; fixed_ips: unknown[] }>(nets.body.ports);
  assert.equal(ports.length, 1);
  const port = first(ports);
  assert.equal(port.network, netId);
  assert.ok(port.fixed_ips.length >= 1);
});

test('the short /v1 form at the server root serves the same instances', async () => {
  const res = await create('bm-root-alias');
  const v1 = await t.request('GET', '/v1', {});
  assert.equal(v1.status, 200);
  assert.equal(v1.body.id, 'v1');
  const show = await t.request('GET', `/v1/instances/${res.body.uuid}`, { token: demo });
  assert.equal(show.status, 200);
  assert.equal(show.body.uuid, res.body.uuid);
  assert.match(show.body.links[0].href, /\/baremetal-compute\/v1\/instances\//);
  const bookmark = await t.request('GET', `/baremetal-compute/instances/${res.body.uuid}`, { token: demo });
  assert.equal(bookmark.status, 200);
});

test('406 when the host driver cannot do a soft power change; hard targets still work', async () => {
  const hard = await startTestApp({ fakeDriver: { supportsSoftPowerOff: false, supportsSoftReboot: false } });
  try {
    const token = await hard.tokenFor('demo');
    const net = (
      await hard.rt.store.db.selectFrom('networks').select('id').where('name', '=', 'private').executeTakeFirstOrThrow()
    ).id;
    const res = await hard.request('POST', `${V1}/instances`, {
      token,
      body: { name: 'bm-hard', instance_type_uuid: flavor, image_uuid: image, networks: [{ net_id: net }] },
    });
    const uuid = res.body.uuid;
    await waitFor(
      async () => (await hard.request('GET', `${V1}/instances/${uuid}/states`, { token })).body.status === 'active',
      'active',
    );
    for (const target of ['soft_off', 'soft_reboot']) {
      const r = await hard.request('PUT', `${V1}/instances/${uuid}/states/power`, { token, body: { target } });
      assert.equal(r.status, 406, target);
      assert.equal(
        errorOf(r.body).faultstring,
        `Request not acceptable. The driver of instance ${uuid} cannot perform ${target}.`,
      );
    }
    const states = await hard.request('GET', `${V1}/instances/${uuid}/states`, { token });
    assert.equal(states.body.status, 'active', 'a refused request changes nothing');
    assert.equal(
      (await hard.request('PUT', `${V1}/instances/${uuid}/states/power`, { token, body: { target: 'reboot' } })).status,
      202,
    );
  } finally {
    await hard.close();
  }
});
