import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { sampleKeys } from '../../helpers/nova-samples.js';
import { startTestApp, waitFor, type TestApp } from '../../helpers/app.js';
import { at, first } from '../../helpers/elements.js';
import { I, S, actionLog, bootServer, createPort, getPort, networkId, settledAction } from './os-interface-helpers.js';

let t: TestApp;
let admin: string;
let demo: string;
let priv: string;
let pub: string;
let vm: string;
before(async () => {
  t = await startTestApp();
  admin = await t.tokenFor('admin');
  demo = await t.tokenFor('demo');
  priv = await networkId(t, 'private');
  pub = await networkId(t, 'public');
  vm = await bootServer(t, demo, 'none', 'iface-vm');
});
after(async () => {
  await t.close();
});

const hostOf = async (id: string) =>
  (await t.request('GET', `${S}/${id}`, { token: admin })).body.server['OS-EXT-SRV-ATTR:host'] as string;

test('attach a user port: 200 with the attachment; the port is bound to the server and host; list, show, addresses and the action log agree', async () => {
  const p = await createPort(t, demo, priv, { name: 'p1' });
  const r = await t.request('POST', I(vm), {
    token: demo,
    mv: '2.70',
    body: { interfaceAttachment: { port_id: p.id } },
  });
  assert.equal(r.status, 200, r.text);
  const a = r.body.interfaceAttachment;
  assert.deepEqual(
    Object.keys(a).sort(),
    sampleKeys('os-attach-interfaces', 'v2.70/attach-interfaces-create-resp.json'),
  );
  assert.deepEqual([a.port_id, a.net_id, a.mac_addr, a.port_state, a.tag], [p.id, priv, p.mac_address, 'ACTIVE', null]);
  assert.deepEqual(a.fixed_ips, p.fixed_ips);

  const port = (await getPort(t, demo, p.id)).body.port;
  assert.deepEqual([port.device_id, port.device_owner, port.status], [vm, 'compute:nova', 'ACTIVE']);
  assert.equal((await getPort(t, admin, p.id)).body.port['binding:host_id'], await hostOf(vm));

  const list = await t.request('GET', I(vm), { token: demo, mv: '2.70' });
  assert.equal(list.status, 200);
  assert.deepEqual(
    list.body.interfaceAttachments.map((x: { port_id: string }) => x.port_id),
    [p.id],
  );
  assert.deepEqual(list.body.interfaceAttachments[0], a);
  const show = await t.request('GET', I(vm, p.id), { token: demo, mv: '2.70' });
  assert.deepEqual(show.body, { interfaceAttachment: a });

  const server = (await t.request('GET', `${S}/${vm}`, { token: demo })).body.server;
  const addrs = server.addresses.private.map((x: { addr: string }) => x.addr).sort();
  assert.deepEqual(addrs, p.fixed_ips.map((f: { ip_address: string }) => f.ip_address).sort());
  assert.equal(server.addresses.private[0]['OS-EXT-IPS-MAC:mac_addr'], p.mac_address);

  const latest = first(await actionLog(t, demo, vm), 'action log');
  assert.equal(latest.action, 'attach_interface');
  // the attach's own event, and its wait for network-vif-plugged (see event-waits.ts)
  assert.deepEqual(latest.events.map((e) => [e.event, e.result]).sort(), [
    ['compute_attach_interface', 'Success'],
    ['compute_wait_for_network-vif-plugged', 'Success'],
  ]);

  // detach: 202 at once; the user's port is unbound and kept
  const d = await t.request('DELETE', I(vm, p.id), { token: demo });
  assert.equal(d.status, 202);
  assert.equal(d.text, '');
  const after = await waitFor(async () => {
    const g = await getPort(t, admin, p.id);
    return g.body.port.device_id === '' ? g.body.port : null;
  }, 'port unbound');
  assert.deepEqual([after.device_owner, after.status, after['binding:host_id']], ['', 'DOWN', '']);
  assert.deepEqual((await t.request('GET', I(vm), { token: demo })).body.interfaceAttachments, []);
  assert.deepEqual((await t.request('GET', `${S}/${vm}`, { token: demo })).body.server.addresses, {});
  const det = await settledAction(t, vm, 'detach_interface');
  assert.deepEqual(
    det.events.map((e) => [e.event, e.result]),
    [['compute_detach_interface', 'Success']],
  );
  const shown = await t.request('GET', I(vm, p.id), { token: demo });
  assert.equal(shown.status, 404);
  assert.equal(shown.body.itemNotFound.message, `Instance ${vm} does not have a port with id ${p.id}`);
});

test('attach by network (optionally with a fixed IP) creates a port that detach deletes', async () => {
  const sub = await t.rt.store.db
    .selectFrom('subnets')
    .select('cidr')
    .where('network_id', '=', priv)
    .where('ip_version', '=', 4)
    .executeTakeFirstOrThrow();
  const wanted = sub.cidr.replace(/\.\d+\/\d+$/, '.77');
  const r = await t.request('POST', I(vm), {
    token: demo,
    body: { interfaceAttachment: { net_id: priv, fixed_ips: [{ ip_address: wanted }] } },
  });
  assert.equal(r.status, 200, r.text);
  const a = r.body.interfaceAttachment;
  assert.deepEqual(
    a.fixed_ips.map((f: { ip_address: string }) => f.ip_address),
    [wanted],
  );
  assert.equal(a.tag, undefined, 'no tag before 2.70');
  const port = (await getPort(t, demo, a.port_id)).body.port;
  assert.deepEqual([port.device_id, port.device_owner, port.status], [vm, 'compute:nova', 'ACTIVE']);
  const ip = a.fixed_ips[0].ip_address;

  // the same address again: 409
  const dup = await t.request('POST', I(vm), {
    token: demo,
    body: { interfaceAttachment: { net_id: priv, fixed_ips: [{ ip_address: ip }] } },
  });
  assert.equal(dup.status, 409);
  assert.equal(dup.body.conflictingRequest.message, `Fixed IP ${ip} is already in use.`);

  assert.equal((await t.request('DELETE', I(vm, a.port_id), { token: demo })).status, 202);
  await waitFor(async () => (await getPort(t, demo, a.port_id)).status === 404, 'compute-created port deleted');
  assert.deepEqual((await t.request('GET', I(vm), { token: demo })).body.interfaceAttachments, []);
});

test("an empty attachment picks the project's single usable network (external ones excluded)", async () => {
  for (const body of [{}, { interfaceAttachment: {} }]) {
    const r = await t.request('POST', I(vm), { token: demo, body });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.interfaceAttachment.net_id, priv);
    assert.equal((await t.request('DELETE', I(vm, r.body.interfaceAttachment.port_id), { token: demo })).status, 202);
    await waitFor(
      async () => (await getPort(t, demo, r.body.interfaceAttachment.port_id)).status === 404,
      'port deleted',
    );
  }
});

test('tag: rejected before 2.49, accepted from 2.49, shown from 2.70 in create, list and show', async () => {
  const p1 = await createPort(t, demo, priv);
  const old = await t.request('POST', I(vm), {
    token: demo,
    mv: '2.48',
    body: { interfaceAttachment: { port_id: p1.id, tag: 'foo' } },
  });
  assert.equal(old.status, 400);
  assert.match(
    old.body.badRequest.message,
    /^Invalid input for field\/attribute interfaceAttachment\. Value: .*Additional properties are not allowed \('tag' was unexpected\)$/,
  );
  const at49 = await t.request('POST', I(vm), {
    token: demo,
    mv: '2.49',
    body: { interfaceAttachment: { port_id: p1.id, tag: 'foo' } },
  });
  assert.equal(at49.status, 200, at49.text);
  assert.deepEqual(
    Object.keys(at49.body.interfaceAttachment).sort(),
    sampleKeys('os-attach-interfaces', 'v2.49/attach-interfaces-create-resp.json'),
  );
  assert.equal(at49.body.interfaceAttachment.tag, undefined);
  const l69 = await t.request('GET', I(vm), { token: demo, mv: '2.69' });
  assert.equal(l69.body.interfaceAttachments[0].tag, undefined);
  const l70 = await t.request('GET', I(vm), { token: demo, mv: '2.70' });
  assert.equal(l70.body.interfaceAttachments[0].tag, 'foo');
  assert.equal((await t.request('GET', I(vm, p1.id), { token: demo, mv: '2.70' })).body.interfaceAttachment.tag, 'foo');
  const p2 = await createPort(t, demo, priv);
  const at70 = await t.request('POST', I(vm), {
    token: demo,
    mv: '2.70',
    body: { interfaceAttachment: { port_id: p2.id, tag: 'public' } },
  });
  assert.equal(at70.body.interfaceAttachment.tag, 'public');
  const vif = await t.rt.store.db
    .selectFrom('virtual_interfaces')
    .selectAll()
    .where('port_id', '=', p2.id)
    .executeTakeFirstOrThrow();
  assert.deepEqual([vif.instance_uuid, vif.tag, vif.created_by_compute], [vm, 'public', 0]);
  for (const p of [p1, p2]) await t.request('DELETE', I(vm, p.id), { token: demo });
  await waitFor(
    async () => (await t.request('GET', I(vm), { token: demo })).body.interfaceAttachments.length === 0,
    'both detached',
  );
});

test("schema errors (400, Nova's wording) beat the unknown-server 404", async () => {
  const ghost = randomUUID();
  const cases: Array<[unknown, string, string?]> = [
    [
      { interfaceAttachment: { net_id: 'non_uuid' } },
      "Invalid input for field/attribute net_id. Value: non_uuid. 'non_uuid' is not a 'uuid'",
    ],
    [
      { interfaceAttachment: { port_id: 'x' } },
      "Invalid input for field/attribute port_id. Value: x. 'x' is not a 'uuid'",
    ],
    [
      { interfaceAttachment: { net_id: priv, fixed_ips: [{ ip_address: 'invalid_ip' }] } },
      "Invalid input for field/attribute ip_address. Value: invalid_ip. 'invalid_ip' is not valid under any of the given schemas",
    ],
    [
      { interfaceAttachment: { fixed_ips: 'non_array' } },
      "Invalid input for field/attribute fixed_ips. Value: non_array. 'non_array' is not of type 'array'",
    ],
    [
      { interfaceAttachment: { tag: ',' } },
      "Invalid input for field/attribute tag. Value: ,. ',' does not match '^[^,/]*$'",
      '2.49',
    ],
    [
      { interfaceAttachment: { tag: 'x'.repeat(61) } },
      `Invalid input for field/attribute tag. Value: ${'x'.repeat(61)}. '${'x'.repeat(61)}' is too long`,
      '2.49',
    ],
    [{ interface_attachment: {} }, "Additional properties are not allowed ('interface_attachment' was unexpected)"],
  ];
  for (const [body, message, mv] of cases) {
    for (const server of [vm, ghost]) {
      const r = await t.request('POST', I(server), { token: demo, body, mv });
      assert.equal(r.status, 400, JSON.stringify(body));
      assert.equal(r.body.badRequest.message, message);
    }
  }
  const none = await t.request('POST', I(ghost), { token: demo, headers: { 'content-type': 'application/json' } });
  assert.equal(none.status, 400);
  assert.equal(none.body.badRequest.message, "None is not of type 'object'");
  const extra = await t.request('POST', I(vm), {
    token: demo,
    body: {
      interfaceAttachment: { net_id: priv, fixed_ips: [{ ip_address: '10.0.0.5' }, { ip_address: '10.0.0.6' }] },
    },
  });
  assert.equal(extra.status, 400);
});

test('combination rules: both ids, or an IP without a network → 400 (after the instance lookup)', async () => {
  const both = await t.request('POST', I(vm), {
    token: demo,
    body: { interfaceAttachment: { net_id: priv, port_id: randomUUID() } },
  });
  assert.equal(both.status, 400);
  assert.equal(both.body.badRequest.message, 'Must not input both network_id and port_id');
  for (const att of [
    { fixed_ips: [{ ip_address: '10.0.0.9' }] },
    { port_id: randomUUID(), fixed_ips: [{ ip_address: '10.0.0.9' }] },
  ]) {
    const r = await t.request('POST', I(vm), { token: demo, body: { interfaceAttachment: att } });
    assert.equal(r.status, 400);
    assert.equal(r.body.badRequest.message, 'Must input network_id when request IP address');
  }
  const ghost = randomUUID();
  const gone = await t.request('POST', I(ghost), {
    token: demo,
    body: { interfaceAttachment: { net_id: priv, port_id: randomUUID() } },
  });
  assert.equal(gone.status, 404);
  assert.equal(gone.body.itemNotFound.message, `Instance ${ghost} could not be found.`);
});

test("unknown port or network → 404; another server's port → 409; external network → 403 for members, allowed for admins", async () => {
  const port = randomUUID();
  const r1 = await t.request('POST', I(vm), { token: demo, body: { interfaceAttachment: { port_id: port } } });
  assert.equal(r1.status, 404);
  assert.equal(r1.body.itemNotFound.message, `Port id ${port} could not be found.`);
  const net = randomUUID();
  const r2 = await t.request('POST', I(vm), { token: demo, body: { interfaceAttachment: { net_id: net } } });
  assert.equal(r2.status, 404);
  assert.equal(r2.body.itemNotFound.message, `Network ${net} could not be found.`);

  const other = await bootServer(t, demo, 'none', 'other');
  const p = await createPort(t, demo, priv);
  assert.equal(
    (await t.request('POST', I(other), { token: demo, body: { interfaceAttachment: { port_id: p.id } } })).status,
    200,
  );
  const r3 = await t.request('POST', I(vm), { token: demo, body: { interfaceAttachment: { port_id: p.id } } });
  assert.equal(r3.status, 409);
  assert.equal(r3.body.conflictingRequest.message, `Port ${p.id} is still in use.`);
  const again = await t.request('POST', I(other), { token: demo, body: { interfaceAttachment: { port_id: p.id } } });
  assert.equal(again.status, 409, 'attaching an attached port to its own server is also in use');

  const r4 = await t.request('POST', I(vm), { token: demo, body: { interfaceAttachment: { net_id: pub } } });
  assert.equal(r4.status, 403);
  assert.equal(r4.body.forbidden.message, `It is not allowed to create an interface on external network ${pub}`);
  const r5 = await t.request('POST', I(vm), { token: admin, body: { interfaceAttachment: { net_id: pub } } });
  assert.equal(r5.status, 200, r5.text);
  assert.equal(r5.body.interfaceAttachment.net_id, pub);
  await t.request('DELETE', I(vm, r5.body.interfaceAttachment.port_id), { token: admin });
  await waitFor(
    async () => (await getPort(t, admin, r5.body.interfaceAttachment.port_id)).status === 404,
    'external port released',
  );

  // an admin-owned port is not visible to the member (404), and not usable by the member's server even for the admin (400)
  const adminPort = await createPort(t, admin, priv);
  const r6 = await t.request('POST', I(vm), { token: demo, body: { interfaceAttachment: { port_id: adminPort.id } } });
  assert.equal(r6.status, 404);
  const r7 = await t.request('POST', I(vm), { token: admin, body: { interfaceAttachment: { port_id: adminPort.id } } });
  assert.equal(r7.status, 400);
  assert.equal(r7.body.badRequest.message, `Port ${adminPort.id} not usable for instance ${vm}.`);
});

test('show: unknown port → 404 "Port id … could not be found."; list/show of an unknown server → 404', async () => {
  const port = randomUUID();
  const r = await t.request('GET', I(vm, port), { token: demo });
  assert.equal(r.status, 404);
  assert.equal(r.body.itemNotFound.message, `Port id ${port} could not be found.`);
  const ghost = randomUUID();
  for (const url of [I(ghost), I(ghost, port)]) {
    const g = await t.request('GET', url, { token: demo });
    assert.equal(g.status, 404);
    assert.equal(g.body.itemNotFound.message, `Instance ${ghost} could not be found.`);
  }
  assert.equal((await t.request('DELETE', I(ghost, port), { token: demo })).status, 404);
  assert.equal((await t.request('PUT', I(vm, port), { token: demo, body: {} })).status, 405);
});

test("another project's server is 404; a reader may list but not attach or detach (403 with the rule name)", async () => {
  const mine = await bootServer(t, admin, 'none', 'admins');
  assert.equal((await t.request('GET', I(mine), { token: demo })).status, 404);
  assert.equal((await t.request('POST', I(mine), { token: demo, body: {} })).status, 404);

  const u = (
    await t.request('POST', '/identity/v3/users', {
      token: admin,
      body: { user: { name: 'iface-reader', password: 'secret' } },
    })
  ).body.user;
  const readerRole = (
    await t.rt.store.db.selectFrom('roles').select('id').where('name', '=', 'reader').executeTakeFirstOrThrow()
  ).id;
  const demoProject = (
    await t.rt.store.db.selectFrom('projects').select('id').where('name', '=', 'demo').executeTakeFirstOrThrow()
  ).id;
  assert.equal(
    (await t.request('PUT', `/identity/v3/projects/${demoProject}/users/${u.id}/roles/${readerRole}`, { token: admin }))
      .status,
    204,
  );
  const reader = await t.tokenFor('iface-reader', 'demo');
  assert.equal((await t.request('GET', I(vm), { token: reader })).status, 200);
  const c = await t.request('POST', I(vm), { token: reader, body: {} });
  assert.equal(c.status, 403);
  assert.equal(
    c.body.forbidden.message,
    "Policy doesn't allow os_compute_api:os-attach-interfaces:create to be performed.",
  );
  const d = await t.request('DELETE', I(vm, randomUUID()), { token: reader });
  assert.equal(d.status, 403);
  assert.equal(
    d.body.forbidden.message,
    "Policy doesn't allow os_compute_api:os-attach-interfaces:delete to be performed.",
  );
});

test('state gating: stopped is allowed; locked → 409 for members, admins pass; other vm/task states and never-launched → 409', async () => {
  const s = await bootServer(t, demo, 'none', 'gated');
  assert.equal((await t.request('POST', `${S}/${s}/action`, { token: demo, body: { 'os-stop': null } })).status, 202);
  await waitFor(async () => {
    const g = (await t.request('GET', `${S}/${s}`, { token: demo })).body.server;
    return g.status === 'SHUTOFF' && g['OS-EXT-STS:task_state'] === null;
  }, 'SHUTOFF');
  const ok = await t.request('POST', I(s), { token: demo, body: {} });
  assert.equal(ok.status, 200, ok.text);
  const portId = ok.body.interfaceAttachment.port_id;

  assert.equal((await t.request('POST', `${S}/${s}/action`, { token: demo, body: { lock: null } })).status, 202);
  for (const [method, url, body] of [
    ['POST', I(s), {}],
    ['DELETE', I(s, portId), undefined],
  ] as const) {
    const r = await t.request(method, url, { token: demo, body });
    assert.equal(r.status, 409);
    assert.equal(r.body.conflictingRequest.message, `Instance ${s} is locked`);
  }
  const adminAttach = await t.request('POST', I(s), { token: admin, body: { interfaceAttachment: { net_id: priv } } });
  assert.equal(adminAttach.status, 200, adminAttach.text);
  assert.equal(
    (await t.request('DELETE', I(s, adminAttach.body.interfaceAttachment.port_id), { token: admin })).status,
    202,
  );
  assert.equal((await t.request('POST', `${S}/${s}/action`, { token: admin, body: { unlock: null } })).status, 202);

  const db = t.rt.store.db;
  const set = (patch: Record<string, unknown>) =>
    db.updateTable('instances').set(patch).where('uuid', '=', s).execute();
  await set({ vm_state: 'suspended' });
  for (const [method, url, op] of [
    ['POST', I(s), 'attach_interface'],
    ['DELETE', I(s, portId), 'detach_interface'],
  ] as const) {
    const r = await t.request(method, url, { token: demo, body: method === 'POST' ? {} : undefined });
    assert.equal(r.status, 409);
    assert.equal(r.body.conflictingRequest.message, `Cannot '${op}' instance ${s} while it is in vm_state suspended`);
  }
  await set({ vm_state: 'active', task_state: 'rebooting' });
  const tr = await t.request('POST', I(s), { token: demo, body: {} });
  assert.equal(tr.status, 409);
  assert.equal(
    tr.body.conflictingRequest.message,
    `Cannot 'attach_interface' instance ${s} while it is in task_state rebooting`,
  );
  await set({ task_state: null, launched_at: null });
  const nl = await t.request('POST', I(s), { token: demo, body: {} });
  assert.equal(nl.status, 409);
  assert.equal(nl.body.conflictingRequest.message, `Instance ${s} is in an invalid state for 'attach_interface'`);
  await set({ launched_at: new Date().toISOString(), vm_state: 'stopped' });
  assert.equal((await t.request('DELETE', I(s, portId), { token: demo })).status, 202);
  await waitFor(async () => (await getPort(t, demo, portId)).status === 404, 'detached while stopped');
});

test('detaching a port that is not attached answers 202; the failure shows as an Error event', async () => {
  const port = randomUUID();
  const r = await t.request('DELETE', I(vm, port), { token: demo });
  assert.equal(r.status, 202);
  const a = await settledAction(t, vm, 'detach_interface');
  assert.deepEqual(
    a.events.map((e) => [e.event, e.result]),
    [['compute_detach_interface', 'Error']],
  );
  assert.match(first(a.events).traceback ?? '', new RegExp(`Port ${port} is not attached`));
});

test('the /{project_id} prefix serves the same routes; another project id in the URL → 400', async () => {
  const demoProject = (
    await t.rt.store.db.selectFrom('projects').select('id').where('name', '=', 'demo').executeTakeFirstOrThrow()
  ).id;
  const ok = await t.request('GET', `/compute/v2.1/${demoProject}/servers/${vm}/os-interface`, { token: demo });
  assert.equal(ok.status, 200);
  const p = await createPort(t, demo, priv);
  const at = await t.request('POST', `/compute/v2.1/${demoProject}/servers/${vm}/os-interface`, {
    token: demo,
    body: { interfaceAttachment: { port_id: p.id } },
  });
  assert.equal(at.status, 200, at.text);
  assert.equal(
    (await t.request('GET', `/compute/v2.1/${demoProject}/servers/${vm}/os-interface/${p.id}`, { token: demo })).status,
    200,
  );
  assert.equal(
    (await t.request('DELETE', `/compute/v2.1/${demoProject}/servers/${vm}/os-interface/${p.id}`, { token: demo }))
      .status,
    202,
  );
  await waitFor(async () => (await getPort(t, demo, p.id)).body.port.device_id === '', 'detached');
  const bad = await t.request('GET', `/compute/v2.1/not-mine/servers/${vm}/os-interface`, { token: demo });
  assert.equal(bad.status, 400);
  assert.match(
    bad.body.badRequest.message,
    /^Malformed request URL: URL's project_id 'not-mine' doesn't match Context's project_id/,
  );
});

test('50 parallel attaches of one port to one server and to 25 servers: exactly one 200 each time, the rest 409', async () => {
  const p = await createPort(t, demo, priv);
  const one = await Promise.all(
    Array.from({ length: 50 }, () =>
      t.request('POST', I(vm), { token: demo, body: { interfaceAttachment: { port_id: p.id } } }),
    ),
  );
  assert.deepEqual(one.map((r) => r.status).sort(), [200, ...Array(49).fill(409)]);
  for (const r of one.filter((x) => x.status === 409))
    assert.equal(r.body.conflictingRequest.message, `Port ${p.id} is still in use.`);
  assert.equal(
    (await t.rt.store.db.selectFrom('virtual_interfaces').select('id').where('port_id', '=', p.id).execute()).length,
    1,
  );

  const servers = await Promise.all(Array.from({ length: 25 }, (_, i) => bootServer(t, demo, 'none', `race-${i}`)));
  const q = await createPort(t, demo, priv);
  const many = await Promise.all(
    Array.from({ length: 50 }, (_, i) =>
      t.request('POST', I(at(servers, i % 25, 'servers')), {
        token: demo,
        body: { interfaceAttachment: { port_id: q.id } },
      }),
    ),
  );
  assert.deepEqual(many.map((r) => r.status).sort(), [200, ...Array(49).fill(409)]);
  const winner = servers[many.findIndex((r) => r.status === 200) % 25];
  assert.equal((await getPort(t, demo, q.id)).body.port.device_id, winner);
  const vifs = await t.rt.store.db
    .selectFrom('virtual_interfaces')
    .select('instance_uuid')
    .where('port_id', '=', q.id)
    .execute();
  assert.deepEqual(
    vifs.map((v) => v.instance_uuid),
    [winner],
  );
});

test('concurrent detaches of one port: all 202, one Success and Errors for the rest; the port is free for another server', async () => {
  const p = await createPort(t, demo, priv);
  assert.equal(
    (await t.request('POST', I(vm), { token: demo, body: { interfaceAttachment: { port_id: p.id } } })).status,
    200,
  );
  const rs = await Promise.all(Array.from({ length: 5 }, () => t.request('DELETE', I(vm, p.id), { token: demo })));
  assert.deepEqual(
    rs.map((r) => r.status),
    [202, 202, 202, 202, 202],
  );
  const results = await waitFor(async () => {
    const log = (await actionLog(t, demo, vm)).filter((a) => a.action === 'detach_interface').slice(0, 5);
    const evs = log.flatMap((a) => a.events);
    return evs.length === 5 && evs.every((e) => e.result) ? evs.map((e) => e.result).sort() : null;
  }, 'five detach events');
  assert.deepEqual(results, ['Error', 'Error', 'Error', 'Error', 'Success']);
  assert.equal((await getPort(t, demo, p.id)).body.port.device_id, '');
  const other = await bootServer(t, demo, 'none', 'next-owner');
  assert.equal(
    (await t.request('POST', I(other), { token: demo, body: { interfaceAttachment: { port_id: p.id } } })).status,
    200,
  );
  assert.equal((await getPort(t, demo, p.id)).body.port.device_id, other);
});
