import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, waitFor, type TestApp } from '../../helpers/app.js';

let t: TestApp;
let admin: string;
let demo: string;
const V = '/volume/v3';
const H = { 'openstack-api-version': 'volume 3.70' };
const NO_SUCH = '00000000-0000-0000-0000-000000000000';
let gtype: string;
let vtype: string;

before(async () => {
  t = await startTestApp();
  admin = await t.tokenFor('admin');
  demo = await t.tokenFor('demo');
  gtype = (
    await t.request('POST', `${V}/group_types`, { token: admin, headers: H, body: { group_type: { name: 'g' } } })
  ).body.group_type.id;
  vtype = (await t.request('POST', `${V}/types`, { token: admin, body: { volume_type: { name: 'gv' } } })).body
    .volume_type.id;
});
after(async () => {
  await t.close();
});

const status = (kind: 'groups' | 'volumes', id: string, want: string) =>
  waitFor(async () => {
    const r = await t.request('GET', `${V}/${kind}/${id}`, { token: demo, headers: H });
    const o = r.body?.[kind === 'groups' ? 'group' : 'volume'];
    return o?.status === want ? o : null;
  }, `${kind} ${want}`);
const group = async (name = 'grp') => {
  const r = await t.request('POST', `${V}/groups`, {
    token: demo,
    headers: H,
    body: { group: { name, group_type: gtype, volume_types: [vtype] } },
  });
  assert.equal(r.status, 202, r.text);
  assert.deepEqual(Object.keys(r.body.group).sort(), ['id', 'name']);
  await status('groups', r.body.group.id, 'available');
  return r.body.group.id as string;
};
const volumeIn = async (groupId: string | null) => {
  const r = await t.request('POST', `${V}/volumes`, {
    token: demo,
    headers: H,
    body: { volume: { size: 1, volume_type: vtype, ...(groupId ? { group_id: groupId } : {}) } },
  });
  assert.equal(r.status, 202, r.text);
  assert.equal(r.body.volume.group_id, groupId);
  await status('volumes', r.body.volume.id, 'available');
  return r.body.volume.id as string;
};
const update = (id: string, body: Record<string, unknown>) =>
  t.request('PUT', `${V}/groups/${id}`, { token: demo, headers: H, body: { group: body } });
const action = (id: string, body: Record<string, unknown>, token = demo) =>
  t.request('POST', `${V}/groups/${id}/action`, { token, headers: H, body });

test('group create → available; show and detail fields; a volume created in it carries group_id', async () => {
  const id = await group('g1');
  const vol = await volumeIn(id);
  const s = await t.request('GET', `${V}/groups/${id}?list_volume=true`, { token: demo, headers: H });
  assert.equal(s.status, 200);
  assert.deepEqual(Object.keys(s.body.group).sort(), [
    'availability_zone',
    'created_at',
    'description',
    'group_snapshot_id',
    'group_type',
    'id',
    'name',
    'replication_status',
    'source_group_id',
    'status',
    'volume_types',
    'volumes',
  ]);
  assert.deepEqual(s.body.group.volumes, [vol]);
  assert.equal(s.body.group.group_type, gtype);
  const row = await t.rt.store.db
    .selectFrom('volumes')
    .select('group_id')
    .where('id', '=', vol)
    .executeTakeFirstOrThrow();
  assert.equal(row.group_id, id);
  const list = await t.request('GET', `${V}/groups/detail`, { token: demo, headers: H });
  assert.ok(list.body.groups.some((g: { id: string }) => g.id === id));
  // a volume in a group is deleted only with its group
  const d = await t.request('DELETE', `${V}/volumes/${vol}`, { token: demo, headers: H });
  assert.equal(d.status, 400);
  // without delete-volumes a group with volumes stays
  const keep = await action(id, { delete: {} });
  assert.equal(keep.status, 400);
  assert.match(keep.body.badRequest.message, /still contains volumes/);
  assert.equal((await action(id, { delete: { 'delete-volumes': true } })).status, 202);
  await waitFor(
    async () => (await t.request('GET', `${V}/groups/${id}`, { token: demo, headers: H })).status === 404,
    'gone',
  );
  assert.equal((await t.request('GET', `${V}/volumes/${vol}`, { token: demo, headers: H })).status, 404);
});

test('update: name/description, remove then add a volume (the operation moves group_id)', async () => {
  const id = await group();
  const v1 = await volumeIn(id);
  const v2 = await volumeIn(id);
  assert.equal((await update(id, { name: 'new', description: 'desc', remove_volumes: v2 })).status, 202);
  await status('groups', id, 'available');
  const members = async () =>
    (await t.rt.store.db.selectFrom('volumes').select('id').where('group_id', '=', id).execute()).map((r) => r.id);
  assert.deepEqual(await members(), [v1]);
  const g = (await t.request('GET', `${V}/groups/${id}`, { token: demo, headers: H })).body.group;
  assert.equal(g.name, 'new');
  assert.equal(g.description, 'desc');
  assert.equal((await update(id, { add_volumes: v2 })).status, 202);
  await status('groups', id, 'available');
  assert.deepEqual((await members()).sort(), [v1, v2].sort());
  const both = await update(id, { add_volumes: v1, remove_volumes: v1 });
  assert.equal(both.status, 400);
  const missing = await update(id, { add_volumes: NO_SUCH });
  assert.equal(missing.status, 400);
  assert.match(missing.body.badRequest.message, /because volume cannot be found/);
  const loose = await volumeIn(null);
  const notIn = await update(id, { remove_volumes: loose });
  assert.match(notIn.body.badRequest.message, /because it is not in the group/);
});

test('create from a source group; reset status (3.20, admins); errors 404/400/403', async () => {
  const id = await group();
  await volumeIn(id);
  const r = await t.request('POST', `${V}/groups/action`, {
    token: demo,
    headers: H,
    body: { 'create-from-src': { source_group_id: id, name: 'copy' } },
  });
  assert.equal(r.status, 202, r.text);
  assert.equal(r.body.group.name, 'copy');
  const copy = await status('groups', r.body.group.id, 'available');
  assert.equal(copy.source_group_id, id);
  const vols = await t.rt.store.db.selectFrom('volumes').selectAll().where('group_id', '=', copy.id).execute();
  assert.equal(vols.length, 1);
  for (const s of ['creating', 'available', 'error']) {
    assert.equal((await action(id, { reset_status: { status: s } }, admin)).status, 202);
    assert.equal((await t.request('GET', `${V}/groups/${id}`, { token: demo, headers: H })).body.group.status, s);
  }
  assert.equal((await action(id, { reset_status: { status: 'bogus' } }, admin)).status, 400);
  assert.equal((await action(id, { reset_status: { status: 'available' } })).status, 403);
  assert.equal((await t.request('GET', `${V}/groups/${NO_SUCH}`, { token: demo, headers: H })).status, 404);
  const rep = await action(id, { enable_replication: {} });
  assert.equal(rep.status, 400);
  assert.match(rep.body.badRequest.message, /is not a replication group type/);
  const bad = await t.request('POST', `${V}/groups`, {
    token: demo,
    headers: H,
    body: { group: { group_type: NO_SUCH, volume_types: [vtype] } },
  });
  assert.equal(bad.status, 404);
  const old = await t.request('GET', `${V}/groups`, {
    token: demo,
    headers: { 'openstack-api-version': 'volume 3.12' },
  });
  assert.equal(old.status, 404);
  const wrongType = await t.request('POST', `${V}/volumes`, {
    token: demo,
    headers: H,
    body: { volume: { size: 1, group_id: id } },
  });
  assert.equal(wrongType.status, 400);
  // the groups quota counts every group of the project
  const q = await t.request(
    'GET',
    `${V}/os-quota-sets/${(await t.rt.store.db.selectFrom('projects').select('id').where('name', '=', 'demo').executeTakeFirstOrThrow()).id}?usage=true`,
    { token: admin, headers: H },
  );
  assert.ok(q.body.quota_set.groups.in_use >= 2);
});

test('an update that moves volumes needs an available group (conditional on the status)', async () => {
  const id = await group();
  const a = await volumeIn(null);
  assert.equal((await action(id, { reset_status: { status: 'updating' } }, admin)).status, 202);
  const r = await update(id, { add_volumes: a });
  assert.equal(r.status, 400);
  assert.equal(r.body.badRequest.message, 'Invalid Group: Group status must be available.');
  const row = await t.rt.store.db
    .selectFrom('volumes')
    .select('group_id')
    .where('id', '=', a)
    .executeTakeFirstOrThrow();
  assert.equal(row.group_id, null);
});
