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

const passwordAuth = (user: string, password: string, scope?: unknown) => ({
  auth: {
    identity: { methods: ['password'], password: { user: { name: user, domain: { name: 'Default' }, password } } },
    ...(scope ? { scope } : {}),
  },
});

test('GET /identity answers 300 with the v3 version entry (keystoneauth discovery)', async () => {
  const res = await t.request('GET', '/identity');
  assert.equal(res.status, 300);
  assert.match(String(res.headers.location), /\/identity\/$/);
  assert.equal(res.body.versions.values[0].id, 'v3.14');
  assert.match(res.body.versions.values[0].links[0].href, /\/identity\/v3\/$/);
  const v3 = await t.request('GET', '/identity/v3');
  assert.equal(v3.status, 200);
  assert.equal(v3.body.version.status, 'stable');
});

test('password auth scoped to a project → 201, X-Subject-Token, token body with catalog and roles', async () => {
  const res = await t.request('POST', '/identity/v3/auth/tokens', {
    body: passwordAuth('demo', 'secret', { project: { name: 'demo', domain: { name: 'Default' } } }),
  });
  assert.equal(res.status, 201);
  assert.ok(res.headers['x-subject-token']);
  const tok = res.body.token;
  assert.deepEqual(tok.methods, ['password']);
  assert.equal(tok.user.name, 'demo');
  assert.equal(tok.user.domain.id, 'default');
  assert.equal(tok.project.name, 'demo');
  assert.deepEqual(tok.roles.map((r: { name: string }) => r.name).sort(), ['member', 'reader']);
  const types = tok.catalog.map((c: { type: string }) => c.type).sort();
  assert.deepEqual(types, [
    'baremetal-compute',
    'block-storage',
    'compute',
    'identity',
    'image',
    'network',
    'volumev3',
  ]);
  const compute = tok.catalog.find((c: { type: string }) => c.type === 'compute');
  assert.match(compute.endpoints.find((e: { interface: string }) => e.interface === 'public').url, /\/compute\/v2\.1$/);
  assert.ok(Date.parse(tok.expires_at) > Date.now());
  assert.ok(tok.issued_at);
});

test('wrong password → 401 Keystone error body with WWW-Authenticate', async () => {
  const res = await t.request('POST', '/identity/v3/auth/tokens', { body: passwordAuth('demo', 'nope') });
  assert.equal(res.status, 401);
  assert.deepEqual(Object.keys(res.body.error).sort(), ['code', 'message', 'title']);
  assert.equal(res.body.error.code, 401);
  assert.ok(res.headers['www-authenticate']);
});

test('unscoped token without default project has no catalog; token method rescopes it', async () => {
  const unscoped = await t.request('POST', '/identity/v3/auth/tokens', {
    body: passwordAuth('admin', 'secret', 'unscoped'),
  });
  assert.equal(unscoped.status, 201);
  assert.equal(unscoped.body.token.project, undefined);
  assert.equal(unscoped.body.token.catalog, undefined);
  const adminProject = await t.rt.store.db
    .selectFrom('projects')
    .select('id')
    .where('name', '=', 'admin')
    .executeTakeFirstOrThrow();
  const rescoped = await t.request('POST', '/identity/v3/auth/tokens', {
    body: {
      auth: {
        identity: { methods: ['token'], token: { id: unscoped.headers['x-subject-token'] } },
        scope: { project: { id: adminProject.id } },
      },
    },
  });
  assert.equal(rescoped.status, 201);
  assert.equal(rescoped.body.token.project.id, adminProject.id);
  assert.ok(rescoped.body.token.methods.includes('token'));
});

test('GET/HEAD validate, DELETE revokes, revoked token is refused everywhere', async () => {
  const token = (
    await t.request('POST', '/identity/v3/auth/tokens', {
      body: passwordAuth('demo', 'secret', { project: { name: 'demo', domain: { name: 'Default' } } }),
    })
  ).headers['x-subject-token'] as string;
  const admin = await t.tokenFor('admin');
  const get = await t.request('GET', '/identity/v3/auth/tokens', {
    token: admin,
    headers: { 'x-subject-token': token },
  });
  assert.equal(get.status, 200);
  assert.equal(get.body.token.user.name, 'demo');
  const head = await t.request('HEAD', '/identity/v3/auth/tokens', {
    token: admin,
    headers: { 'x-subject-token': token },
  });
  assert.equal(head.status, 200);
  const del = await t.request('DELETE', '/identity/v3/auth/tokens', {
    token: admin,
    headers: { 'x-subject-token': token },
  });
  assert.equal(del.status, 204);
  const again = await t.request('GET', '/identity/v3/auth/tokens', {
    token: admin,
    headers: { 'x-subject-token': token },
  });
  assert.equal(again.status, 404);
  const flavors = await t.request('GET', '/compute/v2.1/flavors', { token });
  assert.equal(flavors.status, 401);
  assert.equal(flavors.body.unauthorized.code, 401);
});

test('a tampered or expired-looking token → 401', async () => {
  const token = await t.tokenFor('demo');
  const res = await t.request('GET', '/compute/v2.1/flavors', { token: token.slice(0, -2) + 'xx' });
  assert.equal(res.status, 401);
  const none = await t.request('GET', '/compute/v2.1/flavors');
  assert.equal(none.status, 401);
});

test('malformed JSON and schema errors → 400 Keystone bodies', async () => {
  const bad = await t.request('POST', '/identity/v3/auth/tokens', {
    payload: '{"auth":',
    headers: { 'content-type': 'application/json' },
  });
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error.code, 400);
  const missing = await t.request('POST', '/identity/v3/auth/tokens', { body: { auth: {} } });
  assert.equal(missing.status, 400);
  assert.match(missing.body.error.message, /'identity' is a required property/);
});

test("validating a subject token: one that does not decode and a revoked one get the fernet provider's 404 texts", async () => {
  const admin = await t.tokenFor('admin', 'admin');
  const demo = await t.tokenFor('demo', 'demo');
  const garbage = await t.request('GET', '/identity/v3/auth/tokens', {
    token: admin,
    headers: { 'x-subject-token': 'garbage' },
  });
  assert.equal(garbage.status, 404);
  assert.equal(garbage.body.error.message, 'Could not recognize Fernet token');
  assert.equal(
    (await t.request('DELETE', '/identity/v3/auth/tokens', { token: admin, headers: { 'x-subject-token': demo } }))
      .status,
    204,
  );
  const revoked = await t.request('GET', '/identity/v3/auth/tokens', {
    token: admin,
    headers: { 'x-subject-token': demo },
  });
  assert.equal(revoked.status, 404);
  assert.equal(revoked.body.error.message, 'Failed to validate token');
});
