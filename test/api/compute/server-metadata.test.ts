import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { insertServer, projectId } from './server-fixtures.js';

let t: TestApp;
let admin: string;
let demo: string;
let demoProject: string;
before(async () => {
  t = await startTestApp({ quotas: { metadataItems: 5 } }, { agent: false });
  admin = await t.tokenFor('admin');
  demo = await t.tokenFor('demo');
  demoProject = await projectId(t, 'demo');
});
after(async () => {
  await t.close();
});

const S = '/compute/v2.1/servers';
const stored = async (uuid: string) =>
  JSON.parse(
    (await t.rt.store.db.selectFrom('instances').select('metadata').where('uuid', '=', uuid).executeTakeFirstOrThrow())
      .metadata,
  );

test('metadata: POST merges, PUT replaces, item GET/PUT/DELETE, stored in the instance', async () => {
  const row = await insertServer(t, demoProject, { metadata: '{"a":"1"}' });
  const M = `${S}/${row.uuid}/metadata`;
  assert.deepEqual((await t.request('GET', M, { token: demo })).body, { metadata: { a: '1' } });
  const merged = await t.request('POST', M, { token: demo, body: { metadata: { b: '2' } } });
  assert.equal(merged.status, 200);
  assert.deepEqual(merged.body, { metadata: { a: '1', b: '2' } });
  const replaced = await t.request('PUT', M, { token: demo, body: { metadata: { c: '3' } } });
  assert.deepEqual(replaced.body, { metadata: { c: '3' } });
  assert.deepEqual(await stored(row.uuid), { c: '3' });
  const item = await t.request('PUT', `${M}/d`, { token: demo, body: { meta: { d: '4' } } });
  assert.deepEqual(item.body, { meta: { d: '4' } });
  assert.deepEqual((await t.request('GET', `${M}/d`, { token: demo })).body, { meta: { d: '4' } });
  const mismatch = await t.request('PUT', `${M}/d`, { token: demo, body: { meta: { e: '4' } } });
  assert.equal(mismatch.status, 400);
  assert.equal(mismatch.body.badRequest.message, 'Request body and URI mismatch');
  assert.equal((await t.request('DELETE', `${M}/d`, { token: demo })).status, 204);
  const missing = await t.request('GET', `${M}/d`, { token: demo });
  assert.equal(missing.status, 404);
  assert.equal(missing.body.itemNotFound.message, 'Metadata item was not found');
  assert.deepEqual(await stored(row.uuid), { c: '3' });
});

test('metadata: values over 255 chars 400, too many items 403, locked 409 for members, building 409', async () => {
  const row = await insertServer(t, demoProject);
  const M = `${S}/${row.uuid}/metadata`;
  assert.equal((await t.request('POST', M, { token: demo, body: { metadata: { k: 'x'.repeat(256) } } })).status, 400);
  const many = Object.fromEntries([1, 2, 3, 4, 5, 6].map((i) => [`k${i}`, 'v']));
  assert.equal((await t.request('PUT', M, { token: demo, body: { metadata: many } })).status, 403);
  await t.rt.store.db.updateTable('instances').set({ locked: 1 }).where('uuid', '=', row.uuid).execute();
  const locked = await t.request('POST', M, { token: demo, body: { metadata: { a: 'b' } } });
  assert.equal(locked.status, 409);
  assert.equal(locked.body.conflictingRequest.message, `Instance ${row.uuid} is locked`);
  assert.equal((await t.request('POST', M, { token: admin, body: { metadata: { a: 'b' } } })).status, 200);
  const building = await insertServer(t, demoProject, { vm_state: 'building', task_state: 'spawning' });
  const b = await t.request('POST', `${S}/${building.uuid}/metadata`, { token: demo, body: { metadata: { a: 'b' } } });
  assert.equal(b.status, 409);
  assert.equal(
    b.body.conflictingRequest.message,
    `Cannot 'update_metadata' instance ${building.uuid} while it is in vm_state building`,
  );
});

test('concurrent metadata merges keep every key', async () => {
  const row = await insertServer(t, demoProject);
  await Promise.all(
    [1, 2, 3, 4].map((i) =>
      t.request('POST', `${S}/${row.uuid}/metadata`, { token: demo, body: { metadata: { [`c${i}`]: String(i) } } }),
    ),
  );
  assert.deepEqual(Object.keys(await stored(row.uuid)).sort(), ['c1', 'c2', 'c3', 'c4']);
});

test('tags (2.26): replace, add 201/204, check 204/404, delete, 404 before 2.26', async () => {
  const row = await insertServer(t, demoProject);
  const T = `${S}/${row.uuid}/tags`;
  assert.equal((await t.request('GET', T, { token: demo, mv: '2.25' })).status, 404);
  const put = await t.request('PUT', T, { token: demo, mv: '2.26', body: { tags: ['b', 'a', 'a'] } });
  assert.equal(put.status, 200);
  assert.deepEqual(put.body, { tags: ['a', 'b'] });
  const add = await t.request('PUT', `${T}/c`, { token: demo, mv: '2.26' });
  assert.equal(add.status, 201);
  assert.match(String(add.headers.location), new RegExp(`/servers/${row.uuid}/tags/c$`));
  assert.equal((await t.request('PUT', `${T}/c`, { token: demo, mv: '2.26' })).status, 204);
  assert.equal((await t.request('GET', `${T}/c`, { token: demo, mv: '2.26' })).status, 204);
  assert.equal((await t.request('GET', `${T}/zz`, { token: demo, mv: '2.26' })).status, 404);
  assert.deepEqual((await t.request('GET', T, { token: demo, mv: '2.26' })).body, { tags: ['a', 'b', 'c'] });
  assert.equal((await t.request('DELETE', `${T}/a`, { token: demo, mv: '2.26' })).status, 204);
  assert.equal((await t.request('DELETE', `${T}/a`, { token: demo, mv: '2.26' })).status, 404);
  assert.equal((await t.request('PUT', T, { token: demo, mv: '2.26', body: { tags: ['a,b'] } })).status, 400);
  assert.equal((await t.request('DELETE', T, { token: demo, mv: '2.26' })).status, 204);
  assert.deepEqual((await t.request('GET', T, { token: demo, mv: '2.26' })).body, { tags: [] });
});

test("ips: addresses by network; unknown network 404; other project's server 404", async () => {
  const row = await insertServer(t, demoProject);
  const ips = await t.request('GET', `${S}/${row.uuid}/ips`, { token: demo });
  assert.equal(ips.status, 200);
  assert.deepEqual(ips.body, { addresses: {} });
  assert.equal((await t.request('GET', `${S}/${row.uuid}/ips/private`, { token: demo })).status, 404);
  const other = await insertServer(t, await projectId(t, 'admin'));
  assert.equal((await t.request('GET', `${S}/${other.uuid}/metadata`, { token: demo })).status, 404);
});
