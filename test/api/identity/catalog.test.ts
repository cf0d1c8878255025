import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../helpers/app.js';

let t: TestApp;
let admin: string;
let demo: string;
before(async () => {
  t = await startTestApp({}, { agent: false });
  admin = await t.tokenFor('admin');
  demo = await t.tokenFor('demo');
});
after(async () => {
  await t.close();
});

const V3 = '/identity/v3';

test('GET /v3/services and /v3/endpoints list exactly the token catalog', async () => {
  const token = await t.request('GET', `${V3}/auth/tokens`, { token: admin, headers: { 'x-subject-token': admin } });
  const catalog = token.body.token.catalog as Array<{
    id: string;
    type: string;
    name: string;
    endpoints: Array<{ id: string; url: string; interface: string }>;
  }>;
  const services = await t.request('GET', `${V3}/services`, { token: admin });
  assert.equal(services.status, 200);
  assert.deepEqual(services.body.services.map((s: { id: string }) => s.id).sort(), catalog.map((c) => c.id).sort());
  const compute = services.body.services.find((s: { type: string }) => s.type === 'compute');
  assert.equal(compute.name, 'nova');
  assert.equal(compute.enabled, true);
  assert.match(compute.links.self, new RegExp(`/identity/v3/services/${compute.id}$`));
  const byType = await t.request('GET', `${V3}/services?type=image`, { token: admin });
  assert.deepEqual(
    byType.body.services.map((s: { name: string }) => s.name),
    ['glance'],
  );

  const endpoints = await t.request('GET', `${V3}/endpoints`, { token: admin });
  assert.equal(
    endpoints.body.endpoints.length,
    catalog.reduce((n, c) => n + c.endpoints.length, 0),
  );
  const publicCompute = await t.request('GET', `${V3}/endpoints?service_id=${compute.id}&interface=public`, {
    token: admin,
  });
  assert.equal(publicCompute.body.endpoints.length, 1);
  const ep = publicCompute.body.endpoints[0];
  const expected = catalog.find((c) => c.type === 'compute')!.endpoints.find((e) => e.interface === 'public')!;
  assert.equal(ep.id, expected.id);
  assert.equal(ep.url, expected.url);
  assert.equal(ep.service_id, compute.id);
  assert.equal(ep.region_id, 'RegionOne');
  assert.equal(ep.enabled, true);
  assert.equal((await t.request('GET', `${V3}/endpoints/${ep.id}`, { token: admin })).body.endpoint.url, expected.url);
  assert.equal((await t.request('GET', `${V3}/services/${compute.id}`, { token: admin })).body.service.type, 'compute');
});

test('regions: anyone may read; unknown ids → 404; services/endpoints need admin', async () => {
  const regions = await t.request('GET', `${V3}/regions`, { token: demo });
  assert.equal(regions.status, 200);
  assert.deepEqual(
    regions.body.regions.map((r: { id: string }) => r.id),
    ['RegionOne'],
  );
  assert.equal(regions.body.regions[0].parent_region_id, null);
  assert.equal((await t.request('GET', `${V3}/regions/RegionOne`, { token: demo })).body.region.id, 'RegionOne');
  const missing = await t.request('GET', `${V3}/regions/Nowhere`, { token: demo });
  assert.deepEqual(missing.body, {
    error: { code: 404, title: 'Not Found', message: 'Could not find region: Nowhere.' },
  });
  assert.equal(
    (await t.request('GET', `${V3}/services/nope`, { token: admin })).body.error.message,
    'Could not find service: nope.',
  );
  assert.equal(
    (await t.request('GET', `${V3}/endpoints/nope`, { token: admin })).body.error.message,
    'Could not find endpoint: nope.',
  );
  const denied = await t.request('GET', `${V3}/endpoints`, { token: demo });
  assert.equal(denied.status, 403);
  assert.equal(
    denied.body.error.message,
    'You are not authorized to perform the requested action: identity:list_endpoints.',
  );
  // creating is admin-only (it was a 405 before the catalog became rows: catalog-crud.test.ts)
  assert.equal(
    (await t.request('POST', `${V3}/services`, { token: demo, body: { service: { type: 'x' } } })).status,
    403,
  );
});
