import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../helpers/app.js';

let t: TestApp;
before(async () => {
  t = await startTestApp({}, { agent: false });
});
after(async () => {
  await t.close();
});

test('GET /network and /network/ → 200 version list without a token', async () => {
  for (const url of ['/network', '/network/']) {
    const res = await t.request('GET', url);
    assert.equal(res.status, 200, url);
    assert.equal(res.body.versions.length, 1);
    assert.equal(res.body.versions[0].id, 'v2.0');
    assert.equal(res.body.versions[0].status, 'CURRENT');
    assert.equal(res.body.versions[0].links[0].rel, 'self');
    assert.match(res.body.versions[0].links[0].href, /^http:\/\/[^/]+\/network\/v2\.0\/$/);
  }
});

test('GET /network/v2.0/ lists the resource collections', async () => {
  const token = await t.tokenFor('demo');
  const res = await t.request('GET', '/network/v2.0/', { token });
  assert.equal(res.status, 200);
  const collections = res.body.resources.map((r: { collection: string }) => r.collection).sort();
  assert.deepEqual(collections, [
    'networks',
    'ports',
    'security-group-rules',
    'security-groups',
    'subnetpools',
    'subnets',
  ]);
  assert.match(res.body.resources[0].links[0].href, /\/network\/v2\.0\/networks$/);
});

test('GET /v2.0/extensions lists implemented extensions; unknown alias → 404 NeutronError', async () => {
  const token = await t.tokenFor('demo');
  const res = await t.request('GET', '/network/v2.0/extensions', { token });
  assert.equal(res.status, 200);
  const aliases = res.body.extensions.map((e: { alias: string }) => e.alias);
  for (const a of [
    'binding',
    'external-net',
    'net-mtu',
    'port-security',
    'port-security-groups-filtering',
    'security-group',
    'security-groups-normalized-cidr',
    'stateful-security-group',
  ])
    assert.ok(aliases.includes(a), a);
  assert.deepEqual(Object.keys(res.body.extensions[0]).sort(), ['alias', 'description', 'links', 'name', 'updated']);
  const one = await t.request('GET', '/network/v2.0/extensions/binding', { token });
  assert.equal(one.status, 200);
  assert.equal(one.body.extension.name, 'Port Binding');
  const missing = await t.request('GET', '/network/v2.0/extensions/tag-ports-during-bulk-creation', { token });
  assert.equal(missing.status, 404);
  // webob's own JSON error, as Neutron's extension controller answers it
  assert.deepEqual(missing.body, {
    code: '404 Not Found',
    message:
      'The resource could not be found.<br /><br />\nExtension with alias tag-ports-during-bulk-creation does not exist\n\n',
    title: 'Not Found',
  });
});

test('no token → 401 with WWW-Authenticate; bad token → 401', async () => {
  const res = await t.request('GET', '/network/v2.0/networks');
  assert.equal(res.status, 401);
  assert.ok(res.headers['www-authenticate']);
  assert.equal(res.body.error.code, 401);
  const bad = await t.request('GET', '/network/v2.0/networks', { token: 'garbage' });
  assert.equal(bad.status, 401);
});

test('unknown path → 404 HTTPNotFound; wrong method → 405 with Allow', async () => {
  const token = await t.tokenFor('demo');
  const res = await t.request('GET', '/network/v2.0/no-such-resource', { token });
  assert.equal(res.status, 404);
  assert.equal(res.body.NeutronError.type, 'HTTPNotFound');
  const m = await t.request('PATCH', '/network/v2.0/networks', { token });
  assert.equal(m.status, 405);
  assert.match(String(m.headers.allow), /GET/);
});

test('malformed JSON → 400 HTTPBadRequest "Body contains invalid data"', async () => {
  const token = await t.tokenFor('demo');
  const res = await t.request('POST', '/network/v2.0/networks', {
    token,
    payload: '{"network": ',
    headers: { 'content-type': 'application/json' },
  });
  assert.equal(res.status, 400);
  assert.deepEqual(res.body, {
    NeutronError: { type: 'HTTPBadRequest', message: 'Body contains invalid data', detail: '' },
  });
});

test('collections answer with a trailing slash too (GET /v2.0/networks/ lists)', async () => {
  const token = await t.tokenFor('demo');
  const res = await t.request('GET', '/network/v2.0/networks/', { token });
  assert.equal(res.status, 200);
  assert.ok(Array.isArray(res.body.networks));
});
