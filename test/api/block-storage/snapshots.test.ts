import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, waitFor, type TestApp } from '../../helpers/app.js';

let t: TestApp;
let demo: string;
let demoProject: string;
const V = '/volume/v3';
const mv = (v: string) => ({ 'openstack-api-version': `volume ${v}` });

before(async () => {
  t = await startTestApp({ blockStorage: { quotas: { volumes: 10, snapshots: 3, gigabytes: 8 } } });
  demo = await t.tokenFor('demo');
  demoProject = (
    await t.rt.store.db.selectFrom('projects').select('id').where('name', '=', 'demo').executeTakeFirstOrThrow()
  ).id;
});
after(async () => {
  await t.close();
});

const volume = async (size = 1) => {
  const r = await t.request('POST', `${V}/volumes`, { token: demo, body: { volume: { size } } });
  assert.equal(r.status, 202, r.text);
  const id = r.body.volume.id as string;
  await waitFor(
    async () => (await t.request('GET', `${V}/volumes/${id}`, { token: demo })).body.volume.status === 'available',
    'volume available',
  );
  return id;
};
const snapStatus = (id: string, status: string) =>
  waitFor(async () => {
    const r = await t.request('GET', `${V}/snapshots/${id}`, { token: demo, headers: mv('3.70') });
    return r.body?.snapshot?.status === status ? r.body.snapshot : null;
  }, `snapshot ${status}`);

test('snapshot create → creating then available; list, detail, show, update; bad input', async () => {
  const vol = await volume(1);
  const r = await t.request('POST', `${V}/snapshots`, {
    token: demo,
    body: { snapshot: { volume_id: vol, name: 's1', metadata: { a: 'b' } } },
  });
  assert.equal(r.status, 202);
  assert.deepEqual(Object.keys(r.body.snapshot).sort(), [
    'created_at',
    'description',
    'id',
    'metadata',
    'name',
    'size',
    'status',
    'updated_at',
    'volume_id',
  ]);
  assert.equal(r.body.snapshot.status, 'creating');
  assert.equal(r.body.snapshot.size, 1);
  const s = await snapStatus(r.body.snapshot.id, 'available');
  assert.equal(s['os-extended-snapshot-attributes:progress'], '100%');
  assert.equal(s['os-extended-snapshot-attributes:project_id'], demoProject);
  assert.equal(s.consumes_quota, true);
  assert.equal(s.group_snapshot_id, null);
  assert.ok(s.user_id);
  const list = await t.request('GET', `${V}/snapshots`, { token: demo });
  assert.equal(list.body.snapshots[0].id, s.id);
  assert.equal(list.body.snapshots[0]['os-extended-snapshot-attributes:progress'], undefined);
  const detail = await t.request('GET', `${V}/snapshots/detail?volume_id=${vol}`, { token: demo });
  assert.equal(detail.body.snapshots[0]['os-extended-snapshot-attributes:progress'], '100%');
  const u = await t.request('PUT', `${V}/snapshots/${s.id}`, {
    token: demo,
    body: { snapshot: { name: 'renamed', description: 'd' } },
  });
  assert.equal(u.status, 200);
  assert.equal(u.body.snapshot.name, 'renamed');
  const badUpdate = await t.request('PUT', `${V}/snapshots/${s.id}`, { token: demo, body: { snapshot: { size: 3 } } });
  assert.equal(badUpdate.status, 400);
  const noVolume = await t.request('POST', `${V}/snapshots`, { token: demo, body: { snapshot: { name: 'x' } } });
  assert.deepEqual(noVolume.body, {
    badRequest: {
      code: 400,
      message: "Invalid input for field/attribute snapshot. Value: {'name': 'x'}. 'volume_id' is a required property",
    },
  });
  const missing = await t.request('POST', `${V}/snapshots`, {
    token: demo,
    body: { snapshot: { volume_id: '00000000-0000-0000-0000-000000000000' } },
  });
  assert.equal(missing.status, 404);
  const gone = await t.request('GET', `${V}/snapshots/00000000-0000-0000-0000-000000000000`, { token: demo });
  assert.deepEqual(gone.body, {
    itemNotFound: { code: 404, message: 'Snapshot 00000000-0000-0000-0000-000000000000 could not be found.' },
  });

  // the volume cannot be deleted while it has a snapshot
  const del = await t.request('DELETE', `${V}/volumes/${vol}`, { token: demo });
  assert.equal(del.status, 400);
  assert.match(del.body.badRequest.message, /have snapshots/);

  // a volume from the snapshot: its size by default, at least the snapshot's
  const small = await t.request('POST', `${V}/volumes`, {
    token: demo,
    body: { volume: { snapshot_id: s.id, size: 0 } },
  });
  assert.equal(small.status, 400);
  const fromSnap = await t.request('POST', `${V}/volumes`, { token: demo, body: { volume: { snapshot_id: s.id } } });
  assert.equal(fromSnap.status, 202, fromSnap.text);
  assert.equal(fromSnap.body.volume.snapshot_id, s.id);
  assert.equal(fromSnap.body.volume.size, 1);

  // delete the snapshot, then the volume goes too
  assert.equal((await t.request('DELETE', `${V}/snapshots/${s.id}`, { token: demo })).status, 202);
  await waitFor(async () => (await t.request('GET', `${V}/snapshots/${s.id}`, { token: demo })).status === 404, 'gone');
  assert.equal((await t.request('DELETE', `${V}/volumes/${vol}`, { token: demo })).status, 202);
});

test('snapshot of a volume not available → 400; deleting a creating snapshot → 400', async () => {
  const vol = await volume(1);
  await t.rt.store.db.updateTable('volumes').set({ status: 'error' }).where('id', '=', vol).execute();
  const r = await t.request('POST', `${V}/snapshots`, { token: demo, body: { snapshot: { volume_id: vol } } });
  assert.deepEqual(r.body, {
    badRequest: {
      code: 400,
      message: 'Invalid volume: The snapshot cannot be created when the volume is in error status.',
    },
  });
  await t.rt.store.db.updateTable('volumes').set({ status: 'available' }).where('id', '=', vol).execute();
  const s = await t.request('POST', `${V}/snapshots`, { token: demo, body: { snapshot: { volume_id: vol } } });
  const id = s.body.snapshot.id;
  await snapStatus(id, 'available');
  await t.rt.store.db.updateTable('volume_snapshots').set({ status: 'creating' }).where('id', '=', id).execute();
  const d = await t.request('DELETE', `${V}/snapshots/${id}`, { token: demo });
  assert.deepEqual(d.body, {
    badRequest: {
      code: 400,
      message: 'Invalid snapshot: Snapshot status must be available or error and must not be part of a group.',
    },
  });
  const fromCreating = await t.request('POST', `${V}/volumes`, { token: demo, body: { volume: { snapshot_id: id } } });
  assert.deepEqual(fromCreating.body, {
    badRequest: {
      code: 400,
      message: "Invalid snapshot: Originating snapshot status must be one of 'available' values",
    },
  });
  await t.rt.store.db.updateTable('volume_snapshots').set({ status: 'available' }).where('id', '=', id).execute();
  await t.request('DELETE', `${V}/snapshots/${id}`, { token: demo });
  await waitFor(async () => (await t.request('GET', `${V}/snapshots/${id}`, { token: demo })).status === 404, 'gone');
  await t.request('DELETE', `${V}/volumes/${vol}`, { token: demo });
});

test('snapshots count against the snapshots and gigabytes quotas', async () => {
  const vol = await volume(2);
  const results = await Promise.all(
    Array.from({ length: 6 }, () =>
      t.request('POST', `${V}/snapshots`, { token: demo, body: { snapshot: { volume_id: vol } } }),
    ),
  );
  const ok = results.filter((r) => r.status === 202).length;
  const refused = results.filter((r) => r.status === 413);
  // 8 GB quota: the volume's 2 plus each 2 GB snapshot; snapshots quota 3
  const used = await t.rt.store.db.selectFrom('volumes').select('size').execute();
  const volGb = used.reduce((n, r) => n + r.size, 0);
  assert.equal(ok, Math.min(3, Math.floor((8 - volGb) / 2)));
  assert.equal(refused.length, 6 - ok);
  assert.equal(refused[0]!.body.overLimit.retryAfter, '0');
});

test('delete ?cascade=true takes the snapshots along; not while one is busy; strict boolean', async () => {
  // the quota test above used up the project's quota: start from an empty project
  await t.rt.store.db.deleteFrom('volume_snapshots').execute();
  await t.rt.store.db.deleteFrom('volumes').execute();
  const vol = await volume(1);
  const s = await t.request('POST', `${V}/snapshots`, { token: demo, body: { snapshot: { volume_id: vol } } });
  const sid = s.body.snapshot.id;
  await snapStatus(sid, 'available');
  const bad = await t.request('DELETE', `${V}/volumes/${vol}?cascade=maybe`, { token: demo });
  assert.deepEqual(bad.body, { badRequest: { code: 400, message: "Value 'maybe' for 'cascade' is not a boolean." } });
  await t.rt.store.db.updateTable('volume_snapshots').set({ status: 'creating' }).where('id', '=', sid).execute();
  const busy = await t.request('DELETE', `${V}/volumes/${vol}?cascade=true`, { token: demo });
  assert.equal(busy.status, 400);
  assert.match(busy.body.badRequest.message, /have snapshots/);
  await t.rt.store.db.updateTable('volume_snapshots').set({ status: 'available' }).where('id', '=', sid).execute();
  const ok = await t.request('DELETE', `${V}/volumes/${vol}?cascade=true`, { token: demo });
  assert.equal(ok.status, 202);
  await waitFor(async () => (await t.request('GET', `${V}/volumes/${vol}`, { token: demo })).status === 404, 'gone');
  assert.equal((await t.request('GET', `${V}/snapshots/${sid}`, { token: demo })).status, 404);
});
