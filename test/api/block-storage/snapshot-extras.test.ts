import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { startTestApp, waitFor, type TestApp } from '../../helpers/app.js';

let t: TestApp;
let admin: string;
let demo: string;
let alt: string;
const V = '/volume/v3';

before(async () => {
  t = await startTestApp({
    blockStorage: { quotas: { volumes: 20, snapshots: 20, gigabytes: 100 } },
    seedUsers: [{ name: 'alt', password: 'secret', project: 'alt', roles: ['member', 'reader'] }],
  });
  admin = await t.tokenFor('admin');
  demo = await t.tokenFor('demo');
  alt = await t.tokenFor('alt');
});
after(async () => {
  await t.close();
});

async function snapshot(metadata: Record<string, string> = {}): Promise<string> {
  const v = await t.request('POST', `${V}/volumes`, { token: demo, body: { volume: { size: 1 } } });
  const vid = v.body.volume.id as string;
  await waitFor(
    async () => (await t.request('GET', `${V}/volumes/${vid}`, { token: demo })).body.volume.status === 'available',
    'volume available',
  );
  const r = await t.request('POST', `${V}/snapshots`, {
    token: demo,
    body: { snapshot: { volume_id: vid, metadata } },
  });
  assert.equal(r.status, 202, r.text);
  const id = r.body.snapshot.id as string;
  await snapStatus(id, 'available');
  return id;
}
const snapStatus = (id: string, status: string) =>
  waitFor(async () => {
    const r = await t.request('GET', `${V}/snapshots/${id}`, { token: demo });
    return r.body?.snapshot?.status === status ? r.body.snapshot : null;
  }, `snapshot ${status}`);
const action = (id: string, body: unknown, token = admin) =>
  t.request('POST', `${V}/snapshots/${id}/action`, { token, body });

test('snapshot metadata: list, merge, replace, per-key show/update/delete, as Cinder answers', async () => {
  const s = await snapshot({ a: '1' });
  const M = `${V}/snapshots/${s}/metadata`;
  assert.deepEqual((await t.request('GET', M, { token: demo })).body, { metadata: { a: '1' } });
  const merged = await t.request('POST', M, { token: demo, body: { metadata: { b: '2' } } });
  assert.equal(merged.status, 200);
  assert.deepEqual(merged.body, { metadata: { a: '1', b: '2' } });
  const replaced = await t.request('PUT', M, { token: demo, body: { metadata: { c: '3' } } });
  assert.deepEqual(replaced.body, { metadata: { c: '3' } });
  assert.deepEqual((await t.request('GET', `${M}/c`, { token: demo })).body, { meta: { c: '3' } });
  const missing = await t.request('GET', `${M}/zz`, { token: demo });
  assert.equal(missing.status, 404);
  assert.deepEqual(missing.body, {
    itemNotFound: { code: 404, message: `Snapshot ${s} has no metadata with key zz.` },
  });
  const put = await t.request('PUT', `${M}/c`, { token: demo, body: { meta: { c: '4' } } });
  assert.deepEqual([put.status, put.body], [200, { meta: { c: '4' } }]);
  const del = await t.request('DELETE', `${M}/c`, { token: demo });
  assert.equal(del.status, 200);
  assert.equal(del.text, '');
  assert.equal((await t.request('DELETE', `${M}/c`, { token: demo })).status, 404);
  // the snapshot view shows it
  assert.deepEqual((await snapStatus(s, 'available')).metadata, {});
});

test('snapshot metadata bad input: Zed controller messages; other projects 404', async () => {
  const s = await snapshot();
  const M = `${V}/snapshots/${s}/metadata`;
  const expect400 = async (method: string, url: string, body: unknown, message: string) => {
    const r = await t.request(method, url, { token: demo, body });
    assert.equal(r.status, 400, `${method} ${JSON.stringify(body)}: ${r.text}`);
    assert.deepEqual(r.body, { badRequest: { code: 400, message } });
  };
  await expect400('POST', M, { meta: { b: '2' } }, "Missing required element 'metadata' in request body.");
  await expect400('POST', M, { metadata: null }, "Missing required element 'metadata' in request body.");
  await expect400(
    'POST',
    M,
    { metadata: { b: 2 } },
    'Invalid metadata: Invalid input received: Value for metadata key: b is not a string or unicode',
  );
  await expect400(
    'POST',
    M,
    { metadata: { '': 'x' } },
    'Invalid metadata: Invalid input received: Metadata key:  has 0 characters, less than 1.',
  );
  await expect400('PUT', `${M}/c`, { meta: { d: '4' } }, 'Request body and URI mismatch');
  await expect400('PUT', `${M}/c`, { meta: {} }, 'Request body and URI mismatch');
  await expect400('PUT', `${M}/c`, { meta: { c: '4', e: '5' } }, 'Request body contains too many items');
  const big = await t.request('POST', M, { token: demo, body: { metadata: { k: 'x'.repeat(256) } } });
  assert.equal(big.status, 413);
  assert.deepEqual(big.body, {
    overLimit: {
      code: 413,
      message: 'Invalid metadata size: Metadata property key k value greater than 255 characters.',
    },
  });
  assert.equal((await t.request('GET', M, { token: alt })).status, 404);
  assert.equal((await t.request('POST', M, { token: alt, body: { metadata: { x: 'y' } } })).status, 404);
  assert.equal((await t.request('GET', `${V}/snapshots/${randomUUID()}/metadata`, { token: demo })).status, 404);
  assert.deepEqual((await t.request('GET', M, { token: demo })).body, { metadata: {} });
});

test('os-reset_status (admin): any SnapshotStatus, lower-cased; bad status 400; members 403', async () => {
  const s = await snapshot();
  const bad = await action(s, { 'os-reset_status': { status: 'bogus' } });
  assert.equal(bad.status, 400);
  assert.deepEqual(bad.body, {
    badRequest: {
      code: 400,
      message:
        "Snapshot status: bogus is invalid, valid statuses are: ('error', 'available', 'creating', 'deleting', 'deleted', 'updating', 'error_deleting', 'unmanaging', 'backing-up', 'restoring').",
    },
  });
  assert.equal((await action(s, { 'os-reset_status': {} })).status, 400);
  const member = await action(s, { 'os-reset_status': { status: 'error' } }, demo);
  assert.equal(member.status, 403);
  const ok = await action(s, { 'os-reset_status': { status: 'ERROR' } });
  assert.equal(ok.status, 202);
  assert.equal(ok.text, '');
  await snapStatus(s, 'error');
  assert.equal((await action(randomUUID(), { 'os-reset_status': { status: 'error' } })).status, 404);
  const unknown = await action(s, { 'os-bogus': {} });
  assert.deepEqual(unknown.body, {
    badRequest: {
      code: 400,
      message: 'There is no such action: os-bogus. Verify the request body and Content-Type header and try again.',
    },
  });
});

test('os-update_snapshot_status: only from creating/deleting, with a progress percentage', async () => {
  const s = await snapshot();
  const from = await action(s, { 'os-update_snapshot_status': { status: 'available' } }, demo);
  assert.equal(from.status, 400);
  assert.deepEqual(from.body, {
    badRequest: { code: 400, message: 'Snapshot status available not allowed for update_snapshot_status' },
  });
  await action(s, { 'os-reset_status': { status: 'creating' } });
  const to = await action(s, { 'os-update_snapshot_status': { status: 'deleting' } }, demo);
  assert.deepEqual(to.body, {
    badRequest: {
      code: 400,
      message: 'Provided snapshot status deleting not allowed for snapshot with status creating.',
    },
  });
  const pct = await action(s, { 'os-update_snapshot_status': { status: 'available', progress: '101%' } }, demo);
  assert.deepEqual(pct.body, {
    badRequest: {
      code: 400,
      message: 'Invalid input received: progress must be an integer percentage between 0 and 100',
    },
  });
  const notInt = await action(s, { 'os-update_snapshot_status': { status: 'available', progress: 'x%' } }, demo);
  assert.equal(notInt.body.badRequest.message, 'Invalid input received: progress must be an integer percentage');
  const ok = await action(s, { 'os-update_snapshot_status': { status: 'available', progress: '50%' } }, demo);
  assert.equal(ok.status, 202);
  assert.equal(ok.headers['content-type'], 'text/html; charset=UTF-8');
  const r = await t.request('GET', `${V}/snapshots/${s}`, { token: demo });
  assert.equal(r.body.snapshot.status, 'available');
  assert.equal(r.body.snapshot['os-extended-snapshot-attributes:progress'], '50%');
  assert.equal((await action(s, { 'os-update_snapshot_status': { status: 'available' } }, alt)).status, 404);
});

test('os-force_delete (admin): from any status the snapshot goes; members 403', async () => {
  const s = await snapshot();
  await action(s, { 'os-reset_status': { status: 'creating' } });
  // a plain delete refuses a creating snapshot
  assert.equal((await t.request('DELETE', `${V}/snapshots/${s}`, { token: demo })).status, 400);
  assert.equal((await action(s, { 'os-force_delete': {} }, demo)).status, 403);
  const r = await action(s, { 'os-force_delete': {} });
  assert.equal(r.status, 202);
  await waitFor(
    async () => (await t.request('GET', `${V}/snapshots/${s}`, { token: demo })).status === 404,
    'snapshot gone',
  );
});
