import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, waitFor, type TestApp } from '../../helpers/app.js';

let t: TestApp;
let demo: string;
let alt: string;
let vol: string;
const V = '/volume/v3';
const mv = (v: string) => ({ 'openstack-api-version': `volume ${v}` });
const snaps: { id: string; name: string }[] = [];

before(async () => {
  t = await startTestApp({
    blockStorage: { quotas: { volumes: 10, snapshots: 10, gigabytes: 50 } },
    seedUsers: [{ name: 'alt', password: 'secret', project: 'alt', roles: ['member', 'reader'] }],
  });
  demo = await t.tokenFor('demo');
  alt = await t.tokenFor('alt');
  const r = await t.request('POST', `${V}/volumes`, { token: demo, body: { volume: { size: 1 } } });
  assert.equal(r.status, 202, r.text);
  vol = r.body.volume.id as string;
  await waitFor(
    async () => (await t.request('GET', `${V}/volumes/${vol}`, { token: demo })).body.volume.status === 'available',
    'volume available',
  );
  for (const name of ['b-snap', 'c-snap', 'a-snap']) {
    const s = await t.request('POST', `${V}/snapshots`, { token: demo, body: { snapshot: { volume_id: vol, name } } });
    assert.equal(s.status, 202, s.text);
    snaps.push({ id: s.body.snapshot.id as string, name });
  }
});
after(async () => {
  await t.close();
});

const list = async (query: string, headers?: Record<string, string>) => {
  const r = await t.request('GET', `${V}/snapshots?${query}`, { token: demo, headers });
  assert.equal(r.status, 200, r.text);
  return r.body.snapshots as { id: string; name: string; created_at: string }[];
};

test('snapshot list sorts by sort_key/sort_dir and by sort=key:dir', async () => {
  const ids = snaps.map((s) => s.id);
  assert.deepEqual(
    (await list('sort_key=id&sort_dir=asc')).map((s) => s.id),
    [...ids].sort(),
  );
  assert.deepEqual(
    (await list('sort_key=id&sort_dir=desc')).map((s) => s.id),
    [...ids].sort().reverse(),
  );
  assert.deepEqual(
    (await list('sort_key=display_name&sort_dir=asc')).map((s) => s.name),
    ['a-snap', 'b-snap', 'c-snap'],
  );
  assert.deepEqual(
    (await list('sort=name:desc', mv('3.30'))).map((s) => s.name),
    ['c-snap', 'b-snap', 'a-snap'],
  );
  const byCreated = await list('sort_key=created_at&sort_dir=asc');
  const created = byCreated.map((s) => s.created_at);
  assert.deepEqual(created, [...created].sort());
  // the default stays newest first
  assert.deepEqual(
    (await list('')).map((s) => s.id),
    byCreated.map((s) => s.id).reverse(),
  );
});

test('snapshot list offset skips rows after sorting; limit pages with markers', async () => {
  const all = await list('sort_key=name&sort_dir=asc', mv('3.30'));
  const page = await list('offset=2&limit=3&sort_key=name&sort_dir=asc', mv('3.30'));
  assert.deepEqual(
    page.map((s) => s.id),
    [all[2]?.id],
  );
  const r = await t.request('GET', `${V}/snapshots?limit=2`, { token: demo });
  assert.equal(r.body.snapshots.length, 2);
  assert.match(r.body.snapshots_links[0].href, /marker=/);
});

test('snapshot list rejects a bad sort key, sort dir and offset with Cinder 400s', async () => {
  for (const [q, message, headers] of [
    ['sort_key=invalid', 'Invalid input received: Invalid sort key', undefined],
    ['sort=invalid:asc', 'Invalid input received: Invalid sort key', undefined],
    // "name" is only a sort alias from 3.30 on
    ['sort_key=name', 'Invalid input received: Invalid sort key', mv('3.29')],
    ['sort_key=id&sort_dir=up', "Invalid input received: Unknown sort direction, must be 'desc' or 'asc'.", undefined],
    ['offset=x', 'offset must be an integer', undefined],
    ['offset=-1', 'offset must be >= 0', undefined],
  ] as const) {
    const r = await t.request('GET', `${V}/snapshots?${q}`, { token: demo, headers });
    assert.equal(r.status, 400, q);
    assert.deepEqual(r.body, { badRequest: { code: 400, message } }, q);
  }
});

test('snapshot create with a null volume_id is a 404 like Cinder; another project’s volume too', async () => {
  const r = await t.request('POST', `${V}/snapshots`, {
    token: demo,
    body: { snapshot: { volume_id: null, display_name: 'x' } },
  });
  assert.equal(r.status, 404);
  assert.deepEqual(r.body, { itemNotFound: { code: 404, message: 'Volume None could not be found.' } });
  const other = await t.request('POST', `${V}/snapshots`, { token: alt, body: { snapshot: { volume_id: vol } } });
  assert.equal(other.status, 404);
  assert.equal((await list('')).length, 3);
});
