/**
 * A Mogan PATCH of extra writes Nova's metadata column, so it obeys the metadata API's rules:
 * the metadata_items limit, the lock, the vm_state/task_state gate and compare-and-swap. name
 * and description follow PUT /servers/{id} (no lock or state gate).
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { insertServer, projectId } from '../compute/server-fixtures.js';

const LIMIT = 25;
let t: TestApp;
let demo: string;
let admin: string;
let demoProject: string;

before(async () => {
  t = await startTestApp({ quotas: { metadataItems: LIMIT } }, { agent: false });
  demo = await t.tokenFor('demo');
  admin = await t.tokenFor('admin');
  demoProject = await projectId(t, 'demo');
});
after(async () => {
  await t?.close();
});

const V1 = '/baremetal-compute/v1';
const S = '/compute/v2.1/servers';
const errorOf = (body: { error_message: string }) =>
  JSON.parse(body.error_message) as { faultcode: string; faultstring: string };
const stored = (uuid: string) =>
  t.rt.store.db
    .selectFrom('instances')
    .select(['display_name', 'display_description', 'metadata'])
    .where('uuid', '=', uuid)
    .executeTakeFirstOrThrow();
const patch = (uuid: string, ops: unknown[], token = demo) =>
  t.request('PATCH', `${V1}/instances/${uuid}`, { token, body: ops });
const keys = (n: number, prefix = 'k') =>
  Object.fromEntries(Array.from({ length: n }, (_, i) => [`${prefix}${i}`, 'v']));

test('PATCH extra over metadata_items → 403 in Mogan shape, nothing written (name included)', async () => {
  const row = await insertServer(t, demoProject, { metadata: JSON.stringify({ keep: 'me' }) });
  const r = await patch(row.uuid, [
    { op: 'replace', path: '/name', value: 'over' },
    { op: 'replace', path: '/extra', value: keys(LIMIT + 1) },
  ]);
  assert.equal(r.status, 403);
  assert.equal(errorOf(r.body).faultcode, 'Client');
  assert.equal(
    errorOf(r.body).faultstring,
    `Quota exceeded for metadata_items: Requested ${LIMIT + 1}, but already used 0 of ${LIMIT} metadata_items`,
  );
  const after = await stored(row.uuid);
  assert.equal(after.display_name, row.display_name);
  assert.deepEqual(JSON.parse(after.metadata), { keep: 'me' });
  // exactly at the limit is fine, as for Nova
  const ok = await patch(row.uuid, [{ op: 'replace', path: '/extra', value: keys(LIMIT) }]);
  assert.equal(ok.status, 200);
  assert.equal(Object.keys(JSON.parse((await stored(row.uuid)).metadata)).length, LIMIT);
});

test('PATCH extra of a locked instance: 409 for its owner with nothing written, admin passes', async () => {
  const row = await insertServer(t, demoProject, {
    metadata: JSON.stringify({ a: '1' }),
    locked: 1,
    locked_by: 'owner',
  });
  const r = await patch(row.uuid, [
    { op: 'add', path: '/extra/b', value: '2' },
    { op: 'replace', path: '/description', value: 'd' },
  ]);
  assert.equal(r.status, 409);
  assert.equal(errorOf(r.body).faultstring, `Instance ${row.uuid} is locked`);
  const after = await stored(row.uuid);
  assert.deepEqual(JSON.parse(after.metadata), { a: '1' });
  assert.equal(after.display_description, null);
  // the same answer as Nova's metadata API on the same row
  const nova = await t.request('POST', `${S}/${row.uuid}/metadata`, { token: demo, body: { metadata: { b: '2' } } });
  assert.equal(nova.status, 409);
  assert.equal(nova.body.conflictingRequest.message, errorOf(r.body).faultstring);
  const byAdmin = await patch(row.uuid, [{ op: 'add', path: '/extra/b', value: '2' }], admin);
  assert.equal(byAdmin.status, 200);
  assert.deepEqual(JSON.parse((await stored(row.uuid)).metadata), { a: '1', b: '2' });
});

test('PATCH of name or description only: no lock or state gate, as PUT /servers/{id}', async () => {
  const row = await insertServer(t, demoProject, {
    locked: 1,
    locked_by: 'owner',
    vm_state: 'active',
    task_state: 'powering-off',
  });
  const r = await patch(row.uuid, [
    { op: 'replace', path: '/name', value: 'renamed' },
    { op: 'replace', path: '/description', value: 'why' },
  ]);
  assert.equal(r.status, 200);
  assert.equal(r.body.name, 'renamed');
  const after = await stored(row.uuid);
  assert.equal(after.display_name, 'renamed');
  assert.equal(after.display_description, 'why');
  const nova = await t.request('PUT', `${S}/${row.uuid}`, { token: demo, body: { server: { name: 'nova-renamed' } } });
  assert.equal(nova.status, 200);
});

test('PATCH extra while a task runs or in a state Nova refuses: the metadata API gate, nothing written', async () => {
  const cases: Array<{ vm_state: string; task_state: string | null; attr: string }> = [
    { vm_state: 'active', task_state: 'powering-off', attr: 'task_state powering-off' },
    { vm_state: 'stopped', task_state: 'rebooting', attr: 'task_state rebooting' },
    { vm_state: 'building', task_state: 'spawning', attr: 'vm_state building' },
    { vm_state: 'error', task_state: null, attr: 'vm_state error' },
  ];
  for (const c of cases) {
    const row = await insertServer(t, demoProject, {
      vm_state: c.vm_state,
      task_state: c.task_state,
      metadata: JSON.stringify({ a: '1' }),
    });
    const r = await patch(row.uuid, [{ op: 'remove', path: '/extra/a' }]);
    assert.equal(r.status, 409, c.attr);
    const message = `Cannot 'update_metadata' instance ${row.uuid} while it is in ${c.attr}`;
    assert.equal(errorOf(r.body).faultstring, message);
    const nova = await t.request('POST', `${S}/${row.uuid}/metadata`, { token: demo, body: { metadata: { b: '2' } } });
    assert.equal(nova.status, 409);
    assert.equal(nova.body.conflictingRequest.message, message);
    assert.deepEqual(JSON.parse((await stored(row.uuid)).metadata), { a: '1' }, c.attr);
  }
  // an idle stopped instance takes the same PATCH
  const stopped = await insertServer(t, demoProject, {
    vm_state: 'stopped',
    power_state: 4,
    metadata: JSON.stringify({ a: '1' }),
  });
  assert.equal((await patch(stopped.uuid, [{ op: 'remove', path: '/extra/a' }])).status, 200);
  assert.deepEqual(JSON.parse((await stored(stopped.uuid)).metadata), {});
});

test('a normal PATCH of extra is what Nova GET /servers/{id}/metadata shows', async () => {
  const row = await insertServer(t, demoProject, { metadata: JSON.stringify({ a: '1', gone: 'x' }) });
  const r = await patch(row.uuid, [
    { op: 'replace', path: '/extra/a', value: '2' },
    { op: 'add', path: '/extra/role', value: 'db' },
    { op: 'remove', path: '/extra/gone' },
  ]);
  assert.equal(r.status, 200);
  assert.deepEqual(r.body.extra, { a: '2', role: 'db' });
  const nova = await t.request('GET', `${S}/${row.uuid}/metadata`, { token: demo });
  assert.equal(nova.status, 200);
  assert.deepEqual(nova.body, { metadata: { a: '2', role: 'db' } });
  assert.deepEqual(JSON.parse((await stored(row.uuid)).metadata), { a: '2', role: 'db' });
});

test('concurrent Mogan PATCHes and Nova metadata writes keep every key (compare-and-swap)', async () => {
  const row = await insertServer(t, demoProject);
  const n = 8;
  const writes = Array.from({ length: n }, (_, i) => [
    patch(row.uuid, [{ op: 'add', path: `/extra/mogan${i}`, value: 'v' }]),
    t.request('POST', `${S}/${row.uuid}/metadata`, { token: demo, body: { metadata: { [`nova${i}`]: 'v' } } }),
  ]).flat();
  const results = await Promise.all(writes);
  assert.deepEqual(
    results.map((r) => r.status),
    Array(2 * n).fill(200),
  );
  assert.deepEqual(JSON.parse((await stored(row.uuid)).metadata), { ...keys(n, 'mogan'), ...keys(n, 'nova') });
});
