import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { startTestApp, waitFor, type TestApp } from '../../helpers/app.js';
import { S, bootServer } from './os-interface-helpers.js';

let t: TestApp;
let demo: string;
let admin: string;
const NV = '/compute/v2.1/os-volumes';

before(async () => {
  t = await startTestApp({ blockStorage: { quotas: { volumes: 20, gigabytes: 100 }, poolCapacityGb: 400 } });
  demo = await t.tokenFor('demo');
  admin = await t.tokenFor('admin');
});
after(async () => {
  await t.close();
});

async function novaVolumeStatus(id: string, status: string) {
  return waitFor(async () => {
    const s = await t.request('GET', `${NV}/${id}`, { token: demo });
    return s.body?.volume?.status === status ? s.body.volume : null;
  }, `volume ${id} ${status}`);
}

async function create(body: Record<string, unknown>, token = demo) {
  return t.request('POST', NV, { token, body: { volume: body } });
}

test('create: 200 with Nova camelCase fields and a Location; the Cinder row holds what was asked', async () => {
  const r = await create({ size: '1', display_name: 'nv1', display_description: 'd', metadata: { k: 'v' } });
  assert.equal(r.status, 200, r.text);
  const v = r.body.volume;
  assert.deepEqual(Object.keys(v).sort(), [
    'attachments',
    'availabilityZone',
    'createdAt',
    'displayDescription',
    'displayName',
    'id',
    'metadata',
    'size',
    'snapshotId',
    'status',
    'volumeType',
  ]);
  assert.equal(v.status, 'creating');
  assert.equal(v.size, 1);
  assert.equal(v.displayName, 'nv1');
  assert.equal(v.displayDescription, 'd');
  assert.deepEqual(v.metadata, { k: 'v' });
  assert.deepEqual(v.attachments, [{}]);
  assert.equal(v.snapshotId, null);
  assert.equal(v.availabilityZone, 'nova');
  assert.equal(v.volumeType, '__DEFAULT__');
  assert.match(v.createdAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?$/);
  assert.ok(String(r.headers.location).endsWith(`/compute/v2.1/os-volumes/${v.id}`), String(r.headers.location));
  const row = await t.rt.store.db.selectFrom('volumes').selectAll().where('id', '=', v.id).executeTakeFirstOrThrow();
  assert.equal(row.name, 'nv1');
  assert.equal(row.size, 1);
  assert.equal(row.status === 'creating' || row.status === 'available', true);
  assert.deepEqual(JSON.parse(row.metadata), { k: 'v' });
  const shown = await novaVolumeStatus(v.id, 'available');
  assert.equal(shown.id, v.id);
  // Cinder shows the same volume
  const c = await t.request('GET', `/volume/v3/volumes/${v.id}`, { token: demo });
  assert.equal(c.body.volume.name, 'nv1');
});

test("list and detail: the project's volumes newest first, limit/offset as common.limited; bad paging is 400", async () => {
  const ids: string[] = [];
  for (const n of ['la', 'lb', 'lc']) {
    const r = await create({ size: 1, display_name: n });
    assert.equal(r.status, 200, r.text);
    ids.push(r.body.volume.id);
  }
  // settled first, so that list and detail (two requests) see the same statuses
  for (const id of ids) await novaVolumeStatus(id, 'available');
  const all = await t.request('GET', NV, { token: demo });
  assert.equal(all.status, 200);
  const listed = (all.body.volumes as Array<{ id: string }>).map((v) => v.id);
  for (const id of ids) assert.ok(listed.includes(id));
  const detail = await t.request('GET', `${NV}/detail`, { token: demo });
  assert.deepEqual(detail.body, all.body);
  const page = await t.request('GET', `${NV}?limit=1&offset=1`, { token: demo });
  assert.deepEqual(
    (page.body.volumes as Array<{ id: string }>).map((v) => v.id),
    [listed[1]],
  );
  const bad = await t.request('GET', `${NV}?limit=x`, { token: demo });
  assert.equal(bad.status, 400);
  assert.equal(
    bad.body.badRequest.message,
    "Invalid input for query parameters limit. Value: x. 'x' does not match '^[0-9]*$'",
  );
  // Nova lists the caller's project only, an admin's too (no all_tenants through the proxy)
  const other = await t.request('GET', NV, { token: admin });
  assert.equal(other.status, 200);
  for (const id of ids) assert.ok(!(other.body.volumes as Array<{ id: string }>).some((v) => v.id === id));
});

test('errors: size required and positive (schema), unknown volume 404, unknown snapshot 404, gone from 2.36', async () => {
  const noSize = await create({ display_name: 'x' });
  assert.equal(noSize.status, 400);
  assert.match(noSize.body.badRequest.message, /'size' is a required property/);
  const zero = await create({ size: 0 });
  assert.equal(zero.status, 400);
  const extra = await create({ size: 1, name: 'x' });
  assert.equal(extra.status, 400);
  assert.match(extra.body.badRequest.message, /Additional properties are not allowed/);
  const id = randomUUID();
  const missing = await t.request('GET', `${NV}/${id}`, { token: demo });
  assert.equal(missing.status, 404);
  assert.deepEqual(missing.body, { itemNotFound: { code: 404, message: `Volume ${id} could not be found.` } });
  const del = await t.request('DELETE', `${NV}/${id}`, { token: demo });
  assert.equal(del.status, 404);
  assert.equal(del.body.itemNotFound.message, `Volume ${id} could not be found.`);
  const snap = await create({ size: 1, snapshot_id: id });
  assert.equal(snap.status, 404);
  assert.equal(snap.body.itemNotFound.message, `Snapshot ${id} could not be found.`);
  const badType = await create({ size: 1, volume_type: 'nope' });
  assert.equal(badType.status, 404);
  assert.match(badType.body.itemNotFound.message, /nope/);
  for (const [method, url] of [
    ['GET', NV],
    ['GET', `${NV}/detail`],
    ['GET', `${NV}/${id}`],
    ['DELETE', `${NV}/${id}`],
  ] as const) {
    const r = await t.request(method, url, { token: demo, mv: '2.36' });
    assert.equal(r.status, 404, `${method} ${url}`);
  }
  const post = await t.request('POST', NV, { token: demo, mv: '2.36', body: { volume: { size: 1 } } });
  assert.equal(post.status, 404);
  const ok = await t.request('GET', NV, { token: demo, mv: '2.35' });
  assert.equal(ok.status, 200);
});

test("an attached volume shows its server; deleting it is Cinder's 400 as InvalidInput; delete removes the row", async () => {
  const vm = await bootServer(t, demo, 'none', 'nv-vm');
  const r = await create({ size: 1 });
  const id = r.body.volume.id as string;
  await novaVolumeStatus(id, 'available');
  const att = await t.request('POST', `${S}/${vm}/os-volume_attachments`, {
    token: demo,
    body: { volumeAttachment: { volumeId: id } },
  });
  assert.equal(att.status, 200, att.text);
  const inUse = await novaVolumeStatus(id, 'in-use');
  assert.deepEqual(inUse.attachments, [{ id, volumeId: id, serverId: vm, device: '/dev/vdb' }]);
  const busy = await t.request('DELETE', `${NV}/${id}`, { token: demo });
  assert.equal(busy.status, 400);
  assert.match(
    busy.body.badRequest.message,
    /^Invalid input received: Invalid volume: .* \(HTTP 400\) \(Request-ID: req-/,
  );
  const det = await t.request('DELETE', `${S}/${vm}/os-volume_attachments/${id}`, { token: demo });
  assert.equal(det.status, 202);
  await novaVolumeStatus(id, 'available');
  const gone = await t.request('DELETE', `${NV}/${id}`, { token: admin });
  assert.equal(gone.status, 202);
  await waitFor(async () => {
    const row = await t.rt.store.db.selectFrom('volumes').select('id').where('id', '=', id).executeTakeFirst();
    return row === undefined ? true : null;
  }, 'volume row gone');
});
