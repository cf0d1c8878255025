/**
 * Application credential access rules: /v3/users/{user_id}/access_rules, the rules shared between
 * a user's credentials, and their enforcement on every service (keystonemiddleware's matching).
 * Bodies and messages are the real Keystone (Zed) answers; the expiry keeps its microseconds.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { pathMatches, requestAllowed } from '../../../src/domain/identity/access-rules.js';

let t: TestApp;
let demo: string;
let admin: string;
let demoId: string;
before(async () => {
  t = await startTestApp({}, { agent: false });
  demo = await t.tokenFor('demo');
  admin = await t.tokenFor('admin');
  demoId = (await t.rt.store.db.selectFrom('users').select('id').where('name', '=', 'demo').executeTakeFirstOrThrow())
    .id;
});
after(async () => {
  await t.close();
});

const V3 = '/identity/v3';
const rulesUrl = () => `${V3}/users/${demoId}/access_rules`;
const create = (body: Record<string, unknown>, token = demo) =>
  t.request('POST', `${V3}/users/${demoId}/application_credentials`, { token, body: { application_credential: body } });
const IPS = { path: '/v2.1/servers/*/ips', method: 'GET', service: 'compute' };

test('rules are shared by content or id, listed, shown, and deletable only once unused', async () => {
  const a = (await create({ name: 'a', access_rules: [IPS, { ...IPS, path: '/v2.1/servers', id: 'myrule' }] })).body
    .application_credential;
  assert.deepEqual(
    a.access_rules.map((r: Record<string, string>) => ({ ...r, id: undefined })),
    [
      { ...IPS, id: undefined },
      { ...IPS, path: '/v2.1/servers', id: undefined },
    ],
  );
  assert.equal(a.access_rules[1].id, 'myrule');
  const ipsId = a.access_rules[0].id as string;
  // the same content again, and a rule by id alone: the existing rules
  const b = (await create({ name: 'b', access_rules: [IPS, { id: 'myrule' }] })).body.application_credential;
  assert.deepEqual(
    b.access_rules.map((r: { id: string }) => r.id),
    [ipsId, 'myrule'],
  );
  const list = await t.request('GET', rulesUrl(), { token: demo });
  assert.equal(list.status, 200);
  assert.equal(list.body.access_rules.length, 2);
  const { links, ...first } = list.body.access_rules[0];
  assert.deepEqual(first, { id: ipsId, ...IPS });
  assert.match(links.self, new RegExp(`/identity/v3/access_rules/${ipsId}$`));
  const filtered = await t.request('GET', `${rulesUrl()}?path=/v2.1/servers`, { token: demo });
  assert.deepEqual(
    filtered.body.access_rules.map((r: { id: string }) => r.id),
    ['myrule'],
  );
  const shown = await t.request('GET', `${rulesUrl()}/myrule`, { token: demo });
  assert.equal(shown.body.access_rule.path, '/v2.1/servers');
  const missing = await t.request('GET', `${rulesUrl()}/nope`, { token: demo });
  assert.equal(missing.status, 404);
  assert.equal(missing.body.error.message, 'Could not find Access Rule: nope.');
  const unknownId = await create({ name: 'c', access_rules: [{ id: 'unknownrule' }] });
  assert.equal(unknownId.status, 404);
  // a project admin is not the owner (Keystone's rule wants a system reader or the user)
  assert.equal((await t.request('GET', rulesUrl(), { token: admin })).status, 403);

  const inUse = await t.request('DELETE', `${rulesUrl()}/myrule`, { token: demo });
  assert.equal(inUse.status, 403);
  assert.equal(inUse.body.error.message, 'May not delete access rule in use');
  for (const c of [a, b])
    assert.equal(
      (await t.request('DELETE', `${V3}/users/${demoId}/application_credentials/${c.id}`, { token: demo })).status,
      204,
    );
  // the rules outlive the credentials, and now go
  assert.equal((await t.request('GET', rulesUrl(), { token: demo })).body.access_rules.length, 2);
  assert.equal((await t.request('DELETE', `${rulesUrl()}/myrule`, { token: demo })).status, 204);
  assert.equal((await t.request('DELETE', `${rulesUrl()}/${ipsId}`, { token: demo })).status, 204);
  assert.equal((await t.request('GET', rulesUrl(), { token: demo })).body.access_rules.length, 0);
});

test('concurrent credentials with the same new rule share one row', async () => {
  const rule = { path: '/v2/images', method: 'GET', service: 'image' };
  const res = await Promise.all([0, 1, 2, 3].map((i) => create({ name: `race${i}`, access_rules: [rule] })));
  assert.ok(res.every((r) => r.status === 201));
  const ids = new Set(res.map((r) => r.body.application_credential.access_rules[0].id as string));
  assert.equal(ids.size, 1);
  const rows = await t.rt.store.db.selectFrom('access_rules').selectAll().where('path', '=', '/v2/images').execute();
  assert.equal(rows.length, 1);
});

test('a token from a credential with rules may make only the requests they match', async () => {
  const c = (
    await create({
      name: 'limited',
      access_rules: [
        { service: 'identity', method: 'GET', path: '/v3/users/*' },
        { service: 'compute', method: 'GET', path: '/v2.1/flavors/**' },
      ],
    })
  ).body.application_credential;
  const auth = await t.request('POST', `${V3}/auth/tokens`, {
    body: {
      auth: {
        identity: { methods: ['application_credential'], application_credential: { id: c.id, secret: c.secret } },
      },
    },
  });
  const token = auth.headers['x-subject-token'] as string;
  assert.equal((await t.request('GET', `${V3}/users/${demoId}`, { token })).status, 200);
  assert.equal((await t.request('GET', `${V3}/users/${demoId}/projects`, { token })).status, 401);
  assert.equal((await t.request('GET', `${V3}/projects`, { token })).status, 401);
  // validating itself is always allowed
  assert.equal(
    (await t.request('GET', `${V3}/auth/tokens`, { token, headers: { 'x-subject-token': token } })).status,
    200,
  );
  assert.equal((await t.request('GET', '/compute/v2.1/flavors/detail', { token })).status, 200);
  const servers = await t.request('GET', '/compute/v2.1/servers', { token });
  assert.equal(servers.status, 401);
  assert.equal((await t.request('GET', '/network/v2.0/networks', { token })).status, 401);
  // a credential without rules is not limited
  const free = (await create({ name: 'free' })).body.application_credential;
  const freeToken = (
    await t.request('POST', `${V3}/auth/tokens`, {
      body: {
        auth: {
          identity: {
            methods: ['application_credential'],
            application_credential: { id: free.id, secret: free.secret },
          },
        },
      },
    })
  ).headers['x-subject-token'] as string;
  assert.equal((await t.request('GET', '/compute/v2.1/servers', { token: freeToken })).status, 200);
});

test('path patterns: * one segment, ** anything, {tag} one segment', () => {
  assert.ok(pathMatches('/v2.1/servers/abc/ips', '/v2.1/servers/*/ips'));
  assert.ok(!pathMatches('/v2.1/servers/a/b/ips', '/v2.1/servers/*/ips'));
  assert.ok(pathMatches('/v2.1/servers/a/b/ips', '/v2.1/servers/**'));
  assert.ok(pathMatches('/v2.1/servers/x', '/v2.1/servers/{server_id}'));
  assert.ok(!pathMatches('/v2.1/serversX', '/v2.1/servers'));
  const rules = [{ service: 'volumev3', method: 'GET', path: '/v3/volumes' }];
  assert.ok(requestAllowed(rules, 'GET', '/volume/v3/volumes?limit=1'));
  assert.ok(!requestAllowed(rules, 'POST', '/volume/v3/volumes'));
  assert.ok(requestAllowed(null, 'POST', '/anything'));
});

test('expires_at keeps the microseconds it was given (Keystone stores them)', async () => {
  const at = new Date(Date.now() + 3_600_000).toISOString().replace(/\.\d{3}Z$/, '.371889');
  const res = await create({ name: 'micro', expires_at: at });
  assert.equal(res.status, 201);
  assert.equal(res.body.application_credential.expires_at, at);
  const shown = await t.request(
    'GET',
    `${V3}/users/${demoId}/application_credentials/${res.body.application_credential.id}`,
    {
      token: demo,
    },
  );
  assert.equal(shown.body.application_credential.expires_at, at);
  const zoned = await create({ name: 'zoned', expires_at: '2099-01-01T02:00:00.123456+02:00' });
  assert.equal(zoned.body.application_credential.expires_at, '2099-01-01T00:00:00.123456');
});
