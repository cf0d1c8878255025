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

test('GET /v3/domains lists the default domain; ?name= filters (OSC name lookup)', async () => {
  const res = await t.request('GET', `${V3}/domains`, { token: admin });
  assert.equal(res.status, 200);
  assert.equal(res.body.domains.length, 1);
  const d = res.body.domains[0];
  assert.equal(d.id, 'default');
  assert.equal(d.name, 'Default');
  assert.equal(d.enabled, true);
  assert.equal(d.description, 'The default domain');
  assert.deepEqual(d.tags, []);
  assert.deepEqual(d.options, {});
  assert.match(d.links.self, /\/identity\/v3\/domains\/default$/);
  assert.equal((await t.request('GET', `${V3}/domains?name=Default`, { token: admin })).body.domains.length, 1);
  assert.deepEqual((await t.request('GET', `${V3}/domains?name=Other`, { token: admin })).body.domains, []);
});

test('GET /v3/domains/{id} → the domain; unknown → 404; non-admin → 403', async () => {
  const res = await t.request('GET', `${V3}/domains/default`, { token: admin });
  assert.equal(res.status, 200);
  assert.equal(res.body.domain.name, 'Default');
  const missing = await t.request('GET', `${V3}/domains/Default`, { token: admin });
  assert.deepEqual(missing.body, {
    error: { code: 404, title: 'Not Found', message: 'Could not find domain: Default.' },
  });
  const forbidden = await t.request('GET', `${V3}/domains`, { token: demo });
  assert.equal(forbidden.status, 403);
  assert.equal(
    forbidden.body.error.message,
    'You are not authorized to perform the requested action: identity:list_domains.',
  );
});

test('GET /v3/auth/projects lists the enabled projects the token user can scope to; /v3/auth/domains its domains', async () => {
  const res = await t.request('GET', `${V3}/auth/projects`, { token: demo });
  assert.equal(res.status, 200);
  assert.deepEqual(
    res.body.projects.map((p: { name: string }) => p.name),
    ['demo'],
  );
  assert.equal(res.body.projects[0].is_domain, false);
  assert.match(res.body.links.self, /\/identity\/v3\/auth\/projects$/);
  const adminProjects = await t.request('GET', `${V3}/auth/projects`, { token: admin });
  assert.deepEqual(
    adminProjects.body.projects.map((p: { name: string }) => p.name),
    ['admin'],
  );
  const domains = await t.request('GET', `${V3}/auth/domains`, { token: demo });
  assert.equal(domains.status, 200);
  assert.deepEqual(domains.body.domains, []);
  assert.equal((await t.request('GET', `${V3}/auth/projects`)).status, 401);
  assert.equal((await t.request('GET', `${V3}/auth/projects`, { token: 'garbage' })).status, 401);
});

test('HEAD answers like GET without a body on identity resources (Keystone GET/HEAD)', async () => {
  for (const url of [
    `${V3}/projects`,
    `${V3}/users`,
    `${V3}/roles`,
    `${V3}/domains`,
    `${V3}/domains/default`,
    `${V3}/auth/projects`,
  ]) {
    const res = await t.request('HEAD', url, { token: admin });
    assert.equal(res.status, 200, url);
    assert.equal(res.text, '');
  }
  assert.equal((await t.request('HEAD', `${V3}/domains/nope`, { token: admin })).status, 404);
  assert.equal((await t.request('HEAD', `${V3}/projects`, { token: demo })).status, 403);
  assert.equal((await t.request('HEAD', `${V3}/projects`)).status, 401);
});
