/**
 * identity:validate_token / check_token / revoke_token as Keystone (Zed) enforces them by default:
 * the token's owner and admins may do all three, the service role may only validate (GET); any
 * other caller gets Keystone's 403 and the subject token stays valid.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../helpers/app.js';

let t: TestApp;
before(async () => {
  t = await startTestApp(
    { seedUsers: [{ name: 'alt', password: 'secret', project: 'alt', roles: ['member', 'reader'] }] },
    { agent: false },
  );
});
after(async () => {
  await t.close();
});

const forbidden = (rule: string) => ({
  error: { code: 403, title: 'Forbidden', message: `You are not authorized to perform the requested action: ${rule}.` },
});

/** A fresh project-scoped token (not the helper's cached one, so revoking it disturbs no other test). */
async function freshToken(user: string): Promise<string> {
  const res = await t.request('POST', '/identity/v3/auth/tokens', {
    body: {
      auth: {
        identity: {
          methods: ['password'],
          password: { user: { name: user, domain: { name: 'Default' }, password: 'secret' } },
        },
        scope: { project: { name: user, domain: { name: 'Default' } } },
      },
    },
  });
  assert.equal(res.status, 201);
  return res.headers['x-subject-token'] as string;
}

const on = (method: string, caller: string, subject: string) =>
  t.request(method, '/identity/v3/auth/tokens', { token: caller, headers: { 'x-subject-token': subject } });

const tokenId = (token: string) => (t.rt.tokens.decode(token) as { id: string }).id;

const revocationsOf = async (token: string) =>
  t.rt.store.db.selectFrom('token_revocations').selectAll().where('token_id', '=', tokenId(token)).execute();

test('the owner validates (200), checks (200) and revokes (204) their own token', async () => {
  const own = await freshToken('demo');
  const get = await on('GET', own, own);
  assert.equal(get.status, 200);
  assert.equal(get.body.token.user.name, 'demo');
  assert.equal(get.headers['x-subject-token'], own);
  const head = await on('HEAD', own, own);
  assert.equal(head.status, 200);
  assert.equal(head.text, '');
  const del = await on('DELETE', own, own);
  assert.equal(del.status, 204);
  assert.equal((await revocationsOf(own)).length, 1);
  const admin = await t.tokenFor('admin');
  assert.equal((await on('GET', admin, own)).status, 404);
});

test("a member may not validate, check or revoke another user's token: 403, and it stays valid", async () => {
  const member = await freshToken('demo');
  const adminToken = await freshToken('admin');
  const get = await on('GET', member, adminToken);
  assert.equal(get.status, 403);
  assert.deepEqual(get.body, forbidden('identity:validate_token'));
  const head = await on('HEAD', member, adminToken);
  assert.equal(head.status, 403);
  assert.equal(head.text, '');
  const del = await on('DELETE', member, adminToken);
  assert.equal(del.status, 403);
  assert.deepEqual(del.body, forbidden('identity:revoke_token'));
  // another member's token is just as foreign
  const alt = await freshToken('alt');
  assert.deepEqual((await on('GET', member, alt)).body, forbidden('identity:validate_token'));
  assert.equal((await on('DELETE', member, alt)).status, 403);
  // nothing was revoked: the admin's token still validates and still works elsewhere
  assert.deepEqual(await revocationsOf(adminToken), []);
  assert.deepEqual(await revocationsOf(alt), []);
  const still = await on('GET', adminToken, adminToken);
  assert.equal(still.status, 200);
  assert.equal(still.body.token.user.name, 'admin');
  assert.equal((await t.request('GET', '/identity/v3/users', { token: adminToken })).status, 200);
  assert.equal((await on('GET', alt, alt)).status, 200);
});

test('without X-Subject-Token a member gets the policy 403 and an admin the 404, as Keystone answers', async () => {
  const member = await t.tokenFor('demo');
  const res = await t.request('GET', '/identity/v3/auth/tokens', { token: member });
  assert.equal(res.status, 403);
  assert.deepEqual(res.body, forbidden('identity:validate_token'));
  const admin = await t.request('GET', '/identity/v3/auth/tokens', { token: await t.tokenFor('admin') });
  assert.equal(admin.status, 404);
  assert.equal(admin.body.error.message, 'No token in the request');
  // an invalid subject token is a 404 for anyone: Keystone validates it before the policy check
  const bogus = await on('GET', member, 'gAAAAnot-a-token');
  assert.equal(bogus.status, 404);
});

test("an admin validates (200), checks (200) and revokes (204) another user's token", async () => {
  const admin = await t.tokenFor('admin');
  const demo = await freshToken('demo');
  const get = await on('GET', admin, demo);
  assert.equal(get.status, 200);
  assert.equal(get.body.token.user.name, 'demo');
  assert.deepEqual(get.body.token.roles.map((r: { name: string }) => r.name).sort(), ['member', 'reader']);
  assert.equal((await on('HEAD', admin, demo)).status, 200);
  assert.equal((await on('DELETE', admin, demo)).status, 204);
  assert.equal((await revocationsOf(demo)).length, 1);
  assert.equal((await t.request('GET', '/compute/v2.1/flavors', { token: demo })).status, 401);
});

test('the service role may validate (GET) any token but not check (HEAD) or revoke it', async () => {
  const service = await t.tokenFor('service');
  const demo = await freshToken('demo');
  const get = await on('GET', service, demo);
  assert.equal(get.status, 200);
  assert.equal(get.body.token.user.name, 'demo');
  const head = await on('HEAD', service, demo);
  assert.equal(head.status, 403);
  const del = await on('DELETE', service, demo);
  assert.equal(del.status, 403);
  assert.deepEqual(del.body, forbidden('identity:revoke_token'));
  assert.deepEqual(await revocationsOf(demo), []);
  assert.equal((await on('GET', demo, demo)).status, 200);
});
