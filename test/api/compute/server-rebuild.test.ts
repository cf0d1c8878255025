import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, waitFor, type TestApp } from '../../helpers/app.js';
import { insertServer, projectId } from './server-fixtures.js';

const CIRROS = '6a1a3f1e-9a43-4c3f-9b7a-2b1f0f6e8c01';
const UBUNTU = '0f0ad9a2-7e93-4d38-8f6c-4c5e7a9b2d02';

let t: TestApp;
let demo: string;
let demoProject: string;
before(async () => {
  t = await startTestApp();
  demo = await t.tokenFor('demo');
  demoProject = await projectId(t, 'demo');
});
after(async () => {
  await t.close();
});

const act = (id: string) => `/compute/v2.1/servers/${id}/action`;

/** m1.small: the ubuntu image (min_disk 3 GB) does not fit m1.tiny's 1 GB */
async function bootActive(name: string, flavorRef = '2'): Promise<string> {
  const r = await t.request('POST', '/compute/v2.1/servers', {
    token: demo,
    body: { server: { name, imageRef: CIRROS, flavorRef } },
  });
  assert.equal(r.status, 202, r.text);
  await waitStatus(r.body.server.id, 'ACTIVE');
  return r.body.server.id as string;
}

async function waitStatus(id: string, status: string, mv?: string): Promise<Record<string, unknown>> {
  return waitFor(async () => {
    const s = await t.request('GET', `/compute/v2.1/servers/${id}`, { token: demo, mv });
    return s.body.server.status === status && s.body.server['OS-EXT-STS:task_state'] === null ? s.body.server : null;
  }, `${id} ${status}`);
}

test('rebuild answers 202 with the basic view and adminPass, shows REBUILD, then ACTIVE on the new image', async () => {
  const id = await bootActive('rb-1');
  const r = await t.request('POST', act(id), {
    token: demo,
    body: {
      rebuild: { imageRef: UBUNTU, name: 'rb-1-new', metadata: { k: 'v' }, accessIPv4: '1.2.3.4', adminPass: 'pw-1' },
    },
  });
  assert.equal(r.status, 202, r.text);
  const s = r.body.server;
  assert.equal(s.status, 'REBUILD');
  assert.equal(s.name, 'rb-1-new');
  assert.equal(s.image.id, UBUNTU);
  assert.deepEqual(s.metadata, { k: 'v' });
  assert.equal(s.accessIPv4, '1.2.3.4');
  assert.equal(s.adminPass, 'pw-1');
  for (const k of ['OS-EXT-STS:vm_state', 'key_name', 'security_groups', 'config_drive']) assert.ok(!(k in s), k);
  const done = await waitStatus(id, 'ACTIVE');
  assert.equal((done.image as { id: string }).id, UBUNTU);
  const row = await t.rt.store.db.selectFrom('instances').selectAll().where('uuid', '=', id).executeTakeFirstOrThrow();
  assert.equal(row.image_ref, UBUNTU);
  const actions = await t.request('GET', `/compute/v2.1/servers/${id}/os-instance-actions`, { token: demo });
  assert.ok(actions.body.instanceActions.some((a: { action: string }) => a.action === 'rebuild'));
});

test('rebuilding a stopped server ends SHUTOFF; generated adminPass; 2.54 key_name and 2.57 user_data in the answer', async () => {
  const id = await bootActive('rb-2');
  assert.equal((await t.request('POST', act(id), { token: demo, body: { 'os-stop': null } })).status, 202);
  await waitStatus(id, 'SHUTOFF');
  const r = await t.request('POST', act(id), {
    token: demo,
    mv: '2.57',
    body: { rebuild: { imageRef: CIRROS, user_data: 'aGVsbG8=' } },
  });
  assert.equal(r.status, 202, r.text);
  assert.equal(typeof r.body.server.adminPass, 'string');
  assert.equal(r.body.server.key_name, null);
  assert.equal(r.body.server.user_data, 'aGVsbG8=');
  await waitStatus(id, 'SHUTOFF');
  const row = await t.rt.store.db
    .selectFrom('instances')
    .select(['power_state', 'vm_state'])
    .where('uuid', '=', id)
    .executeTakeFirstOrThrow();
  assert.deepEqual(row, { power_state: 4, vm_state: 'stopped' });
});

test('rebuild errors: unknown image 400, missing imageRef 400, user_data before 2.57 400, unknown server 404, busy 409', async () => {
  const row = await insertServer(t, demoProject);
  const unknownImage = await t.request('POST', act(row.uuid), {
    token: demo,
    body: { rebuild: { imageRef: 'e1f7c0a6-0000-4000-8000-000000000000' } },
  });
  assert.equal(unknownImage.status, 400);
  assert.equal(unknownImage.body.badRequest.message, 'Cannot find image for rebuild');
  assert.equal((await t.request('POST', act(row.uuid), { token: demo, body: { rebuild: {} } })).status, 400);
  assert.equal(
    (
      await t.request('POST', act(row.uuid), {
        token: demo,
        body: { rebuild: { imageRef: CIRROS, user_data: 'aGk=' } },
      })
    ).status,
    400,
  );
  const gone = await t.request('POST', act('5a8a6b0e-0000-4000-8000-000000000000'), {
    token: demo,
    body: { rebuild: { imageRef: CIRROS } },
  });
  assert.equal(gone.status, 404);
  const busy = await insertServer(t, demoProject, { task_state: 'powering-off' });
  const conflict = await t.request('POST', act(busy.uuid), { token: demo, body: { rebuild: { imageRef: CIRROS } } });
  assert.equal(conflict.status, 409);
  assert.equal(
    conflict.body.conflictingRequest.message,
    `Cannot 'rebuild' instance ${busy.uuid} while it is in task_state powering-off`,
  );
});

test('restore of a live server is 409; forceDelete deletes it; both 404 for unknown servers', async () => {
  const id = await bootActive('fd-1');
  const restore = await t.request('POST', act(id), { token: demo, body: { restore: null } });
  assert.equal(restore.status, 409);
  assert.equal(
    restore.body.conflictingRequest.message,
    `Cannot 'restore' instance ${id} while it is in vm_state active`,
  );
  const missing = '5a8a6b0e-0000-4000-8000-000000000001';
  assert.equal((await t.request('POST', act(missing), { token: demo, body: { restore: null } })).status, 404);
  assert.equal((await t.request('POST', act(missing), { token: demo, body: { forceDelete: null } })).status, 404);
  assert.equal((await t.request('POST', act(id), { token: demo, body: { forceDelete: null } })).status, 202);
  await waitFor(
    async () => (await t.request('GET', `/compute/v2.1/servers/${id}`, { token: demo })).status === 404,
    'deleted',
  );
});

test('removeSecurityGroup of the last group drops the key from the view; addSecurityGroup brings it back; errors', async () => {
  const row = await insertServer(t, demoProject);
  const rm = await t.request('POST', act(row.uuid), {
    token: demo,
    body: { removeSecurityGroup: { name: 'default' } },
  });
  assert.equal(rm.status, 202, rm.text);
  const shown = await t.request('GET', `/compute/v2.1/servers/${row.uuid}`, { token: demo });
  assert.ok(!('security_groups' in shown.body.server));
  const again = await t.request('POST', act(row.uuid), {
    token: demo,
    body: { removeSecurityGroup: { name: 'default' } },
  });
  assert.equal(again.status, 400);
  assert.equal(again.body.badRequest.message, `Security group default not associated with the instance ${row.uuid}`);
  const add = await t.request('POST', act(row.uuid), { token: demo, body: { addSecurityGroup: { name: 'default' } } });
  assert.equal(add.status, 202);
  const after = await t.request('GET', `/compute/v2.1/servers/${row.uuid}`, { token: demo });
  assert.deepEqual(after.body.server.security_groups, [{ name: 'default' }]);
  const unknown = await t.request('POST', act(row.uuid), { token: demo, body: { addSecurityGroup: { name: 'nope' } } });
  assert.equal(unknown.status, 404);
  assert.equal((await t.request('POST', act(row.uuid), { token: demo, body: { addSecurityGroup: {} } })).status, 400);
});

test('server create with an unknown security group is 400 and creates nothing', async () => {
  const r = await t.request('POST', '/compute/v2.1/servers', {
    token: demo,
    body: {
      server: { name: 'sg-bad', imageRef: CIRROS, flavorRef: '1', security_groups: [{ name: 'does_not_exist' }] },
    },
  });
  assert.equal(r.status, 400);
  assert.equal(r.body.badRequest.message, 'Security group does_not_exist not found.');
  const rows = await t.rt.store.db
    .selectFrom('instances')
    .select('uuid')
    .where('display_name', '=', 'sg-bad')
    .execute();
  assert.equal(rows.length, 0);
});

test('from 2.75 rebuild answers the full show view; a locked server is 409 for its owner', async () => {
  const row = await insertServer(t, demoProject);
  const r = await t.request('POST', act(row.uuid), {
    token: demo,
    mv: '2.75',
    body: { rebuild: { imageRef: CIRROS } },
  });
  assert.equal(r.status, 202, r.text);
  for (const k of ['OS-EXT-STS:task_state', 'key_name', 'security_groups', 'server_groups', 'adminPass'])
    assert.ok(k in r.body.server, k);
  assert.equal(r.body.server['OS-EXT-STS:task_state'], 'rebuilding');
  const locked = await insertServer(t, demoProject, { locked: 1, locked_by: 'owner' });
  const l = await t.request('POST', act(locked.uuid), { token: demo, body: { rebuild: { imageRef: CIRROS } } });
  assert.equal(l.status, 409);
  assert.equal(l.body.conflictingRequest.message, `Instance ${locked.uuid} is locked`);
});

test('the image must fit the flavor, at create and at rebuild (min_ram, min_disk, image size; a 0 GB flavor is admin-only): 400/403, nothing written', async () => {
  const admin = await t.tokenFor('admin');
  const GiB = 1024 ** 3;
  const create = (imageRef: string, flavorRef: string, token = demo) =>
    t.request('POST', '/compute/v2.1/servers', {
      token,
      body: { server: { name: 'fit', imageRef, flavorRef, networks: 'none' } },
      mv: '2.37',
    });
  const count = async () => (await t.rt.store.db.selectFrom('instances').select('uuid').execute()).length;
  const before = await count();

  const minDisk = await create(UBUNTU, '1');
  assert.equal(minDisk.status, 400, minDisk.text);
  assert.equal(
    minDisk.body.badRequest.message,
    `Flavor's disk is smaller than the minimum size specified in image metadata. Flavor disk is ${GiB} bytes, minimum size is ${3 * GiB} bytes.`,
  );

  const flavor = async (name: string, ram: number, disk: number) => {
    const r = await t.request('POST', '/compute/v2.1/flavors', {
      token: admin,
      body: { flavor: { name, ram, vcpus: 1, disk } },
    });
    assert.equal(r.status, 200, r.text);
    return r.body.flavor.id as string;
  };
  const small = await flavor('fit-small-ram', 256, 10);
  const memory = await create(UBUNTU, small);
  assert.equal(memory.status, 400);
  assert.equal(memory.body.badRequest.message, "Flavor's memory is too small for requested image.");

  // an image larger than the flavor's root disk
  const ubuntu = await t.rt.store.db
    .selectFrom('images')
    .selectAll()
    .where('id', '=', UBUNTU)
    .executeTakeFirstOrThrow();
  const big = '5d2c7a10-0b7e-4c55-9a34-1f0e2d3c4b5a';
  await t.rt.store.db
    .insertInto('images')
    .values({ ...ubuntu, id: big, name: 'big', size: 2 * GiB, min_disk: 0, min_ram: 0 })
    .execute();
  const tooBig = await create(big, '1');
  assert.equal(tooBig.status, 400);
  assert.equal(
    tooBig.body.badRequest.message,
    `Flavor's disk is too small for requested image. Flavor disk is ${GiB} bytes, image is ${2 * GiB} bytes.`,
  );

  // a 0 GB root disk means "no size check" in Nova, so only admins may boot on it
  const zero = await flavor('fit-zero-disk', 512, 0);
  const forbidden = await create(big, zero);
  assert.equal(forbidden.status, 403, forbidden.text);
  assert.equal(forbidden.body.forbidden.message, 'Only volume-backed servers are allowed for flavors with zero disk.');
  assert.equal(await count(), before, 'no refused create wrote an instance');
  const asAdmin = await create(big, zero, admin);
  assert.equal(asAdmin.status, 202, asAdmin.text);

  // rebuild checks the new image against the flavor the server was booted with
  const tiny = await bootActive('fit-tiny', '1');
  const rb = await t.request('POST', act(tiny), { token: demo, body: { rebuild: { imageRef: UBUNTU } } });
  assert.equal(rb.status, 400, rb.text);
  assert.match(
    rb.body.badRequest.message,
    /^Flavor's disk is smaller than the minimum size specified in image metadata/,
  );
  const row = await t.rt.store.db
    .selectFrom('instances')
    .select(['image_ref', 'task_state'])
    .where('uuid', '=', tiny)
    .executeTakeFirstOrThrow();
  assert.deepEqual(row, { image_ref: CIRROS, task_state: null });
});
