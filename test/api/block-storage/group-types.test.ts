import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../helpers/app.js';

let t: TestApp;
let admin: string;
let demo: string;
const V = '/volume/v3';
const mv = (v: string) => ({ 'openstack-api-version': `volume ${v}` });
const NO_SUCH = '00000000-0000-0000-0000-000000000000';

before(async () => {
  t = await startTestApp();
  admin = await t.tokenFor('admin');
  demo = await t.tokenFor('demo');
});
after(async () => {
  await t.close();
});

const create = (body: Record<string, unknown>, token = admin, v = '3.11') =>
  t.request('POST', `${V}/group_types`, { token, headers: mv(v), body: { group_type: body } });

test('group type create → 202 with its fields; show, update, list, delete; the row in the store', async () => {
  const r = await create({
    name: 'gt-a',
    description: 'd',
    group_specs: { consistent_group_snapshot_enabled: '<is> False' },
  });
  assert.equal(r.status, 202, r.text);
  const id = r.body.group_type.id as string;
  assert.deepEqual(r.body.group_type, {
    id,
    name: 'gt-a',
    description: 'd',
    is_public: true,
    group_specs: { consistent_group_snapshot_enabled: '<is> False' },
  });
  const row = await t.rt.store.db.selectFrom('group_types').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  assert.equal(row.is_public, 1);
  const u = await t.request('PUT', `${V}/group_types/${id}`, {
    token: admin,
    headers: mv('3.11'),
    body: { group_type: { name: 'gt-a2', description: 'd2' } },
  });
  assert.equal(u.status, 200, u.text);
  assert.equal(u.body.group_type.name, 'gt-a2');
  const s = await t.request('GET', `${V}/group_types/${id}`, { token: admin, headers: mv('3.11') });
  assert.equal(s.body.group_type.description, 'd2');
  // members see public types without their specs
  const m = await t.request('GET', `${V}/group_types/${id}`, { token: demo, headers: mv('3.11') });
  assert.equal(m.status, 200);
  assert.equal(m.body.group_type.group_specs, undefined);
  const d = await t.request('DELETE', `${V}/group_types/${id}`, { token: admin, headers: mv('3.11') });
  assert.equal(d.status, 202);
  const gone = await t.request('GET', `${V}/group_types/${id}`, { token: admin, headers: mv('3.11') });
  assert.equal(gone.status, 404);
  assert.equal(gone.body.itemNotFound.message, `Group type ${id} could not be found.`);
});

test('list sorts by name and filters is_public for admins; private types are hidden from members', async () => {
  const a = await create({ name: 'a-list', is_public: true });
  const b = await create({ name: 'b-list', is_public: false });
  const names = async (q: string, token = admin) =>
    (
      (await t.request('GET', `${V}/group_types?${q}`, { token, headers: mv('3.11') })).body.group_types as Array<{
        name: string;
      }>
    ).map((x) => x.name);
  const asc = await names('sort=name:asc&is_public=None');
  assert.ok(asc.indexOf('a-list') < asc.indexOf('b-list'));
  const desc = await names('sort=name:desc&is_public=None');
  assert.ok(desc.indexOf('b-list') < desc.indexOf('a-list'));
  assert.ok(!(await names('is_public=false')).includes('a-list'));
  assert.ok((await names('is_public=false')).includes('b-list'));
  assert.ok(!(await names('is_public=None', demo)).includes('b-list'));
  const priv = await t.request('GET', `${V}/group_types/${b.body.group_type.id}`, { token: demo, headers: mv('3.11') });
  assert.equal(priv.status, 404);
  assert.ok(a.body.group_type.id);
});

test('errors: 409 duplicate name, 403 for members, 404 below 3.11 and for default, 400 bad body', async () => {
  assert.equal((await create({ name: 'dup' })).status, 202);
  const dup = await create({ name: 'dup' });
  assert.equal(dup.status, 409);
  assert.equal(dup.body.conflictingRequest.message, 'Group Type dup already exists.');
  assert.equal((await create({ name: 'x' }, demo)).status, 403);
  assert.equal((await create({ name: 'y' }, admin, '3.10')).status, 404);
  const def = await t.request('GET', `${V}/group_types/default`, { token: admin, headers: mv('3.11') });
  assert.equal(def.status, 404);
  assert.equal(def.body.itemNotFound.message, 'Default group type can not be found.');
  assert.equal((await create({})).status, 400);
  const none = await t.request('PUT', `${V}/group_types/${NO_SUCH}`, {
    token: admin,
    headers: mv('3.11'),
    body: { group_type: {} },
  });
  assert.equal(none.status, 400);
});

test('two racing creates of one name: one 202, one 409 (the unique index decides)', async () => {
  const rs = await Promise.all([create({ name: 'race' }), create({ name: 'race' })]);
  assert.deepEqual(rs.map((r) => r.status).sort(), [202, 409]);
});

test('group specs: create/merge, show, update one, list, delete, 404 after', async () => {
  const id = (await create({ name: 'specs' })).body.group_type.id as string;
  const base = `${V}/group_types/${id}/group_specs`;
  const o = { token: admin, headers: mv('3.11') };
  let r = await t.request('POST', base, { ...o, body: { group_specs: { key1: 'value1', key2: 'value2' } } });
  assert.equal(r.status, 202);
  assert.deepEqual(r.body.group_specs, { key1: 'value1', key2: 'value2' });
  r = await t.request('POST', base, { ...o, body: { group_specs: { key2: 'v2', key3: 'v3' } } });
  assert.deepEqual(r.body.group_specs, { key2: 'v2', key3: 'v3' });
  r = await t.request('GET', `${base}/key2`, o);
  assert.deepEqual(r.body, { key2: 'v2' });
  r = await t.request('PUT', `${base}/key3`, { ...o, body: { key3: 'v3u' } });
  assert.equal(r.status, 200);
  assert.deepEqual(r.body, { key3: 'v3u' });
  r = await t.request('PUT', `${base}/key3`, { ...o, body: { other: 'x' } });
  assert.equal(r.status, 400);
  r = await t.request('GET', base, o);
  assert.deepEqual(r.body.group_specs, { key1: 'value1', key2: 'v2', key3: 'v3u' });
  for (const k of ['key1', 'key2', 'key3']) {
    assert.equal((await t.request('DELETE', `${base}/${k}`, o)).status, 202);
    assert.equal((await t.request('GET', `${base}/${k}`, o)).status, 404);
  }
  assert.equal((await t.request('DELETE', `${base}/key1`, o)).status, 404);
  assert.equal((await t.request('GET', base, { token: demo, headers: mv('3.11') })).status, 403);
});
