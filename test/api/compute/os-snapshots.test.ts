import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { startTestApp, waitFor, type TestApp } from '../../helpers/app.js';

let t: TestApp;
let demo: string;
const NV = '/compute/v2.1/os-volumes';
const NS = '/compute/v2.1/os-snapshots';

before(async () => {
  t = await startTestApp({
    blockStorage: { quotas: { volumes: 20, gigabytes: 100, snapshots: 3 }, poolCapacityGb: 400 },
  });
  demo = await t.tokenFor('demo');
});
after(async () => {
  await t.close();
});

async function status(url: string, key: 'volume' | 'snapshot', want: string) {
  return waitFor(async () => {
    const s = await t.request('GET', url, { token: demo });
    return s.body?.[key]?.status === want ? s.body[key] : null;
  }, `${url} ${want}`);
}

async function volume(): Promise<string> {
  const r = await t.request('POST', NV, { token: demo, body: { volume: { size: 1 } } });
  assert.equal(r.status, 200, r.text);
  const id = r.body.volume.id as string;
  await status(`${NV}/${id}`, 'volume', 'available');
  return id;
}

test("create, show, list, detail, delete: Nova's fields over Cinder's snapshot; the row follows", async () => {
  const vol = await volume();
  const r = await t.request('POST', NS, {
    token: demo,
    body: { snapshot: { volume_id: vol, display_name: 's1', display_description: 'd', force: 'false' } },
  });
  assert.equal(r.status, 200, r.text);
  const s = r.body.snapshot;
  assert.deepEqual(Object.keys(s).sort(), [
    'createdAt',
    'displayDescription',
    'displayName',
    'id',
    'size',
    'status',
    'volumeId',
  ]);
  assert.equal(s.volumeId, vol);
  assert.equal(s.size, 1);
  assert.equal(s.displayName, 's1');
  assert.equal(s.displayDescription, 'd');
  assert.equal(s.status, 'creating');
  const row = await t.rt.store.db
    .selectFrom('volume_snapshots')
    .selectAll()
    .where('id', '=', s.id)
    .executeTakeFirstOrThrow();
  assert.equal(row.volume_id, vol);
  assert.equal(row.name, 's1');
  const shown = await status(`${NS}/${s.id}`, 'snapshot', 'available');
  assert.equal(shown.id, s.id);
  const list = await t.request('GET', NS, { token: demo });
  assert.equal(list.status, 200);
  assert.ok((list.body.snapshots as Array<{ id: string }>).some((x) => x.id === s.id));
  const detail = await t.request('GET', `${NS}/detail?limit=1`, { token: demo });
  assert.equal(detail.body.snapshots.length, 1);
  // a volume with a snapshot cannot be deleted: Cinder's 400, as Nova's InvalidInput
  const busy = await t.request('DELETE', `${NV}/${vol}`, { token: demo });
  assert.equal(busy.status, 400);
  const del = await t.request('DELETE', `${NS}/${s.id}`, { token: demo });
  assert.equal(del.status, 202);
  await waitFor(async () => {
    const g = await t.request('GET', `${NS}/${s.id}`, { token: demo });
    return g.status === 404 ? g : null;
  }, 'snapshot gone');
  const gone = await t.request('GET', `${NS}/${s.id}`, { token: demo });
  assert.deepEqual(gone.body, { itemNotFound: { code: 404, message: `Snapshot ${s.id} could not be found.` } });
});

test('errors: schema, unknown volume 404, unknown snapshot 404, an in-use volume without force 400, 404 from 2.36', async () => {
  const none = await t.request('POST', NS, { token: demo, body: { snapshot: { display_name: 'x' } } });
  assert.equal(none.status, 400);
  assert.match(none.body.badRequest.message, /'volume_id' is a required property/);
  const badForce = await t.request('POST', NS, { token: demo, body: { snapshot: { volume_id: 'x', force: 'maybe' } } });
  assert.equal(badForce.status, 400);
  const id = randomUUID();
  const noVol = await t.request('POST', NS, { token: demo, body: { snapshot: { volume_id: id } } });
  assert.equal(noVol.status, 404);
  assert.equal(noVol.body.itemNotFound.message, `Volume ${id} could not be found.`);
  const show = await t.request('GET', `${NS}/${id}`, { token: demo });
  assert.equal(show.status, 404);
  const del = await t.request('DELETE', `${NS}/${id}`, { token: demo });
  assert.equal(del.status, 404);
  assert.equal(del.body.itemNotFound.message, `Snapshot ${id} could not be found.`);
  // a volume still creating is not snapshotted (Cinder's InvalidVolume)
  const r = await t.request('POST', NV, { token: demo, body: { volume: { size: 1 } } });
  const creating = await t.request('POST', NS, { token: demo, body: { snapshot: { volume_id: r.body.volume.id } } });
  assert.ok([200, 400].includes(creating.status), creating.text);
  if (creating.status === 400) assert.match(creating.body.badRequest.message, /^Invalid input received: /);
  for (const url of [NS, `${NS}/detail`, `${NS}/${id}`]) {
    const g = await t.request('GET', url, { token: demo, mv: '2.36' });
    assert.equal(g.status, 404, url);
  }
  const post = await t.request('POST', NS, { token: demo, mv: '2.36', body: { snapshot: { volume_id: id } } });
  assert.equal(post.status, 404);
});

test('over the snapshots quota: 403 "Quota exceeded for resources: snapshots"', async () => {
  const vol = await volume();
  let last = null;
  for (let i = 0; i < 4; i++) {
    last = await t.request('POST', NS, { token: demo, body: { snapshot: { volume_id: vol } } });
    if (last.status !== 200) break;
  }
  assert.ok(last);
  assert.equal(last.status, 403, last.text);
  assert.deepEqual(last.body, { forbidden: { code: 403, message: 'Quota exceeded for resources: snapshots' } });
});
