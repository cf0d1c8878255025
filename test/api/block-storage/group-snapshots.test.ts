import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, waitFor, type TestApp } from '../../helpers/app.js';

let t: TestApp;
let admin: string;
let demo: string;
const V = '/volume/v3';
const H = { 'openstack-api-version': 'volume 3.70' };
const NO_SUCH = '00000000-0000-0000-0000-000000000000';
let groupId: string;
let vol: string;

before(async () => {
  t = await startTestApp();
  admin = await t.tokenFor('admin');
  demo = await t.tokenFor('demo');
  const gt = (
    await t.request('POST', `${V}/group_types`, { token: admin, headers: H, body: { group_type: { name: 'g' } } })
  ).body.group_type.id;
  const vt = (await t.request('POST', `${V}/types`, { token: admin, body: { volume_type: { name: 'gv' } } })).body
    .volume_type.id;
  groupId = (
    await t.request('POST', `${V}/groups`, {
      token: demo,
      headers: H,
      body: { group: { group_type: gt, volume_types: [vt] } },
    })
  ).body.group.id;
  await get('groups', groupId, 'available');
  vol = (
    await t.request('POST', `${V}/volumes`, {
      token: demo,
      headers: H,
      body: { volume: { size: 1, volume_type: vt, group_id: groupId } },
    })
  ).body.volume.id;
  await get('volumes', vol, 'available');
});
after(async () => {
  await t.close();
});

function get(kind: string, id: string, want: string) {
  return waitFor(async () => {
    const r = await t.request('GET', `${V}/${kind}/${id}`, { token: demo, headers: H });
    const o = (Object.values(r.body ?? {})[0] ?? {}) as { status?: string };
    return o.status === want ? o : null;
  }, `${kind} ${want}`);
}

test('group snapshot create → available with one snapshot per volume; list, show, from it a group; delete', async () => {
  const r = await t.request('POST', `${V}/group_snapshots`, {
    token: demo,
    headers: H,
    body: { group_snapshot: { group_id: groupId, name: 'gs' } },
  });
  assert.equal(r.status, 202, r.text);
  assert.deepEqual(Object.keys(r.body.group_snapshot).sort(), ['group_type_id', 'id', 'name']);
  const id = r.body.group_snapshot.id as string;
  await get('group_snapshots', id, 'available');
  const snaps = await t.rt.store.db
    .selectFrom('volume_snapshots')
    .selectAll()
    .where('group_snapshot_id', '=', id)
    .execute();
  assert.equal(snaps.length, 1);
  assert.equal(snaps[0]!.volume_id, vol);
  assert.equal(snaps[0]!.status, 'available');
  const s = await t.request('GET', `${V}/group_snapshots/${id}`, { token: demo, headers: H });
  assert.deepEqual(Object.keys(s.body.group_snapshot).sort(), [
    'created_at',
    'description',
    'group_id',
    'group_type_id',
    'id',
    'name',
    'status',
  ]);
  const l = await t.request('GET', `${V}/group_snapshots`, { token: demo, headers: H });
  assert.deepEqual(l.body.group_snapshots, [{ id, name: 'gs' }]);
  // a snapshot of a group snapshot is not deleted on its own; the group keeps its snapshots
  assert.equal((await t.request('DELETE', `${V}/snapshots/${snaps[0]!.id}`, { token: demo, headers: H })).status, 400);
  const del = await t.request('POST', `${V}/groups/${groupId}/action`, {
    token: demo,
    headers: H,
    body: { delete: { 'delete-volumes': true } },
  });
  assert.equal(del.body.badRequest.message, 'Invalid Group: Group has existing snapshots.');
  const g2 = await t.request('POST', `${V}/groups/action`, {
    token: demo,
    headers: H,
    body: { 'create-from-src': { group_snapshot_id: id, name: 'from-snap' } },
  });
  assert.equal(g2.status, 202, g2.text);
  const copy = (await get('groups', g2.body.group.id, 'available')) as { group_snapshot_id?: string };
  assert.equal(copy.group_snapshot_id, id);
  for (const st of ['creating', 'available', 'error']) {
    const rs = await t.request('POST', `${V}/group_snapshots/${id}/action`, {
      token: admin,
      headers: H,
      body: { reset_status: { status: st } },
    });
    assert.equal(rs.status, 202);
    await get('group_snapshots', id, st);
  }
  const bad = await t.request('POST', `${V}/group_snapshots/${id}/action`, {
    token: admin,
    headers: H,
    body: { reset_status: { status: 'nope' } },
  });
  assert.equal(bad.status, 400);
  assert.equal((await t.request('DELETE', `${V}/group_snapshots/${id}`, { token: demo, headers: H })).status, 202);
  await waitFor(
    async () => (await t.request('GET', `${V}/group_snapshots/${id}`, { token: demo, headers: H })).status === 404,
    'gone',
  );
  const left = await t.rt.store.db
    .selectFrom('volume_snapshots')
    .select('id')
    .where('group_snapshot_id', '=', id)
    .execute();
  assert.equal(left.length, 0);
});

test('errors: 404 unknown group or group snapshot, 404 below 3.14, 400 bad body, 403 reset by a member', async () => {
  const r = await t.request('POST', `${V}/group_snapshots`, {
    token: demo,
    headers: H,
    body: { group_snapshot: { group_id: NO_SUCH } },
  });
  assert.equal(r.status, 404);
  assert.equal(r.body.itemNotFound.message, `Group ${NO_SUCH} could not be found.`);
  const s = await t.request('GET', `${V}/group_snapshots/${NO_SUCH}`, { token: demo, headers: H });
  assert.equal(s.body.itemNotFound.message, `GroupSnapshot ${NO_SUCH} could not be found.`);
  const old = await t.request('GET', `${V}/group_snapshots`, {
    token: demo,
    headers: { 'openstack-api-version': 'volume 3.13' },
  });
  assert.equal(old.status, 404);
  const bad = await t.request('POST', `${V}/group_snapshots`, {
    token: demo,
    headers: H,
    body: { group_snapshot: {} },
  });
  assert.equal(bad.status, 400);
  const gs = await t.request('POST', `${V}/group_snapshots`, {
    token: demo,
    headers: H,
    body: { group_snapshot: { group_id: groupId } },
  });
  await get('group_snapshots', gs.body.group_snapshot.id, 'available');
  const m = await t.request('POST', `${V}/group_snapshots/${gs.body.group_snapshot.id}/action`, {
    token: demo,
    headers: H,
    body: { reset_status: { status: 'error' } },
  });
  assert.equal(m.status, 403);
});
