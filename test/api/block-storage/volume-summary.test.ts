import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../helpers/app.js';

let t: TestApp;
let admin: string;
let demo: string;
let alt: string;
const V = '/volume/v3';
const mv = (v: string) => ({ 'openstack-api-version': `volume ${v}` });

before(async () => {
  t = await startTestApp({
    blockStorage: { quotas: { volumes: 20, gigabytes: 100 } },
    seedUsers: [{ name: 'alt', password: 'secret', project: 'alt', roles: ['member', 'reader'] }],
  });
  admin = await t.tokenFor('admin');
  demo = await t.tokenFor('demo');
  alt = await t.tokenFor('alt');
});
after(async () => {
  await t.close();
});

const create = async (token: string, size: number, metadata: Record<string, string> = {}) => {
  const r = await t.request('POST', `${V}/volumes`, { token, body: { volume: { size, metadata } } });
  assert.equal(r.status, 202, r.text);
};
const summary = (token: string, version: string, query = '') =>
  t.request('GET', `${V}/volumes/summary${query}`, { token, headers: mv(version) });

test('GET /volumes/summary: 404 before 3.12; count and size; 3.36 adds distinct metadata per key', async () => {
  assert.deepEqual((await summary(demo, '3.12')).body, { 'volume-summary': { total_count: 0, total_size: 0 } });
  await create(demo, 1, { a: '1', b: '2' });
  await create(demo, 2, { a: '9' });
  await create(demo, 3, { a: '1' });
  await create(alt, 5, { z: 'alt' });

  const old = await summary(demo, '3.11');
  assert.equal(old.status, 404);
  assert.deepEqual(old.body, { itemNotFound: { code: 404, message: 'The resource could not be found.' } });

  const r = await summary(demo, '3.12');
  assert.equal(r.status, 200);
  assert.deepEqual(r.body, { 'volume-summary': { total_count: 3, total_size: 6 } });
  const m = await summary(demo, '3.36');
  assert.deepEqual(m.body, {
    'volume-summary': { total_count: 3, total_size: 6, metadata: { a: ['1', '9'], b: ['2'] } },
  });
  // filters are ignored, as in Cinder
  assert.deepEqual((await summary(demo, '3.36', '?status=error')).body, m.body);
  // all_tenants: only admins see every project; the value must be a boolean
  assert.deepEqual((await summary(alt, '3.36', '?all_tenants=1')).body, {
    'volume-summary': { total_count: 1, total_size: 5, metadata: { z: ['alt'] } },
  });
  const every = await summary(admin, '3.36', '?all_tenants=true');
  assert.equal(every.body['volume-summary'].total_count, 4);
  assert.deepEqual(every.body['volume-summary'].metadata.z, ['alt']);
  assert.equal((await summary(admin, '3.36')).body['volume-summary'].total_count, 0);
  const bad = await summary(demo, '3.12', '?all_tenants=bogus');
  assert.equal(bad.status, 400);
  assert.deepEqual(bad.body, {
    badRequest: { code: 400, message: "Value 'bogus' for 'all_tenants' is not a boolean." },
  });
});
