/**
 * Application credentials: /v3/users/{user_id}/application_credentials and authentication with
 * the application_credential method. Messages are the real Keystone (Zed) answers.
 */
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { systemClock } from '../../../src/lib/time.js';

let t: TestApp;
let demo: string;
let admin: string;
let demoId: string;
let demoProject: string;
before(async () => {
  t = await startTestApp({}, { agent: false });
  demo = await t.tokenFor('demo');
  admin = await t.tokenFor('admin');
  demoId = (await t.rt.store.db.selectFrom('users').select('id').where('name', '=', 'demo').executeTakeFirstOrThrow())
    .id;
  demoProject = (
    await t.rt.store.db.selectFrom('projects').select('id').where('name', '=', 'demo').executeTakeFirstOrThrow()
  ).id;
});
afterEach(() => {
  t.rt.clock = systemClock;
});
after(async () => {
  await t.close();
});

const V3 = '/identity/v3';
const creds = () => `${V3}/users/${demoId}/application_credentials`;
const create = (body: Record<string, unknown>, token = demo) =>
  t.request('POST', creds(), { token, body: { application_credential: body } });
const authById = (id: string, secret: string, extra: Record<string, unknown> = {}) =>
  t.request('POST', `${V3}/auth/tokens`, {
    body: {
      auth: { identity: { methods: ['application_credential'], application_credential: { id, secret } }, ...extra },
    },
  });
const subject = (token: string) =>
  t.request('GET', `${V3}/auth/tokens`, { token: admin, headers: { 'x-subject-token': token } });

test('create: secret generated and shown once, stored hashed; roles default to the token roles', async () => {
  const res = await create({ name: 'ci', description: 'for CI' });
  assert.equal(res.status, 201);
  const c = res.body.application_credential;
  assert.equal(c.name, 'ci');
  assert.equal(c.description, 'for CI');
  assert.equal(c.user_id, demoId);
  assert.equal(c.project_id, demoProject);
  assert.equal(c.system, null);
  assert.equal(c.expires_at, null);
  assert.equal(c.unrestricted, null);
  assert.deepEqual(c.roles.map((r: { name: string }) => r.name).sort(), ['member', 'reader']);
  assert.deepEqual(Object.keys(c.roles[0]).sort(), ['description', 'domain_id', 'id', 'name', 'options']);
  assert.equal(c.access_rules, undefined);
  assert.ok(typeof c.secret === 'string' && c.secret.length >= 64);
  assert.match(c.links.self, new RegExp(`/identity/v3/application_credentials/${c.id}$`));
  const row = await t.rt.store.db
    .selectFrom('application_credentials')
    .selectAll()
    .where('id', '=', c.id)
    .executeTakeFirstOrThrow();
  assert.notEqual(row.secret_hash, c.secret);
  assert.ok(!row.secret_hash.includes(c.secret));
  // show and list never carry the secret
  const shown = await t.request('GET', `${creds()}/${c.id}`, { token: demo });
  assert.equal(shown.status, 200);
  assert.equal(shown.body.application_credential.secret, undefined);
  assert.equal(shown.body.application_credential.name, 'ci');
  const listed = await t.request('GET', `${creds()}?name=ci`, { token: demo });
  assert.deepEqual(
    listed.body.application_credentials.map((x: { id: string }) => x.id),
    [c.id],
  );
  assert.equal(listed.body.application_credentials[0].secret, undefined);
});

test('create: duplicate name 409, unassigned role 400, unknown role name 404, bad expiry 400', async () => {
  assert.equal((await create({ name: 'dup' })).status, 201);
  assert.deepEqual((await create({ name: 'dup' })).body, {
    error: {
      code: 409,
      title: 'Conflict',
      message: 'Conflict occurred attempting to store application_credential - Duplicate entry found with name dup.',
    },
  });
  const admRole = await create({ name: 'adm', roles: [{ name: 'admin' }] });
  assert.equal(admRole.status, 400);
  assert.equal(
    admRole.body.error.message,
    'Invalid application credential: Cannot create an application credential with unassigned role',
  );
  const unknown = await create({ name: 'x', roles: [{ name: 'nosuch' }] });
  assert.equal(unknown.status, 404);
  assert.equal(unknown.body.error.message, 'Role nosuch is not defined');
  const past = await create({ name: 'old', expires_at: '2001-01-01T00:00:00' });
  assert.equal(past.status, 400);
  assert.match(past.body.error.message, /^The 'expires_at' must not be before now\./);
  const garbage = await create({ name: 'bad', expires_at: 'garbage' });
  assert.equal(garbage.status, 400);
  assert.match(garbage.body.error.message, /^Timestamp not in expected format\./);
  const noName = await create({});
  assert.equal(noName.status, 400);
  assert.equal(
    (
      await t.rt.store.db
        .selectFrom('application_credentials')
        .select('id')
        .where('name', 'in', ['adm', 'x', 'old', 'bad'])
        .execute()
    ).length,
    0,
  );
});

test('policy: only the owner creates; admin may list and read another user’s; a member not', async () => {
  const other = await t.request('POST', creds(), { token: admin, body: { application_credential: { name: 'a' } } });
  assert.equal(other.status, 403);
  assert.equal(
    other.body.error.message,
    'You are not authorized to perform the requested action: identity:create_application_credential.',
  );
  assert.equal((await t.request('GET', creds(), { token: admin })).status, 200);
  const adminId = (
    await t.rt.store.db.selectFrom('users').select('id').where('name', '=', 'admin').executeTakeFirstOrThrow()
  ).id;
  const cross = await t.request('GET', `${V3}/users/${adminId}/application_credentials`, { token: demo });
  assert.equal(cross.status, 403);
  assert.equal(
    (await t.request('GET', `${creds()}/nope`, { token: demo })).body.error.message,
    'Could not find Application Credential: nope.',
  );
});

test('auth by id + secret: token on the credential’s project with its roles and application_credential', async () => {
  const c = (
    await create({
      name: 'reader-only',
      roles: [{ name: 'reader' }],
      access_rules: [{ path: '/v2.1/servers', method: 'GET', service: 'compute' }],
    })
  ).body.application_credential;
  assert.equal(c.access_rules.length, 1);
  assert.ok(c.access_rules[0].id);
  const res = await authById(c.id, c.secret);
  assert.equal(res.status, 201);
  const tok = res.body.token;
  assert.deepEqual(tok.methods, ['application_credential']);
  assert.equal(tok.project.id, demoProject);
  assert.deepEqual(
    tok.roles.map((r: { name: string }) => r.name),
    ['reader'],
  );
  assert.deepEqual(tok.application_credential, {
    id: c.id,
    name: 'reader-only',
    restricted: true,
    access_rules: c.access_rules,
  });
  assert.ok(tok.catalog.length > 0);
  // the token works and carries the credential's roles only: reader may list, not create
  const token = res.headers['x-subject-token'] as string;
  const validated = await subject(token);
  assert.equal(validated.status, 200);
  assert.deepEqual(
    validated.body.token.roles.map((r: { name: string }) => r.name),
    ['reader'],
  );
  assert.equal(validated.body.token.application_credential.id, c.id);
  // wrong secret, a scope, a name without a user, an unknown id
  assert.equal((await authById(c.id, 'wrong')).status, 401);
  const scoped = await authById(c.id, c.secret, { scope: { project: { id: demoProject } } });
  assert.equal(scoped.status, 401);
  assert.equal(
    scoped.body.error.message,
    'Error authenticating with application credential: Application credentials cannot request a scope.',
  );
  const noUser = await t.request('POST', `${V3}/auth/tokens`, {
    body: {
      auth: {
        identity: { methods: ['application_credential'], application_credential: { name: 'x', secret: 'y' } },
      },
    },
  });
  assert.equal(noUser.status, 400);
  assert.match(noUser.body.error.message, /^Expecting to find user in application credential\./);
  const unknown = await authById('nope', 'x');
  assert.equal(unknown.status, 404);
  assert.equal(unknown.body.error.message, 'Could not find Application Credential: nope.');
});

test('auth by name + user (name and domain, or id) with a given secret', async () => {
  assert.equal((await create({ name: 'named', secret: 's3cret', unrestricted: true })).status, 201);
  for (const user of [{ name: 'demo', domain: { name: 'Default' } }, { id: demoId }]) {
    const res = await t.request('POST', `${V3}/auth/tokens`, {
      body: {
        auth: {
          identity: {
            methods: ['application_credential'],
            application_credential: { name: 'named', user, secret: 's3cret' },
          },
        },
      },
    });
    assert.equal(res.status, 201);
    assert.equal(res.body.token.application_credential.restricted, false);
  }
});

test('a restricted credential’s token cannot manage credentials nor be rescoped; an unrestricted one can', async () => {
  const restricted = (await create({ name: 'r1' })).body.application_credential;
  const rt = (await authById(restricted.id, restricted.secret)).headers['x-subject-token'] as string;
  const refused = await t.request('POST', creds(), { token: rt, body: { application_credential: { name: 'r2' } } });
  assert.equal(refused.status, 403);
  assert.equal(
    refused.body.error.message,
    "You are not authorized to perform the requested action: Using method 'application_credential' is not allowed for managing additional application credentials..",
  );
  assert.equal((await t.request('DELETE', `${creds()}/${restricted.id}`, { token: rt })).status, 403);
  assert.equal((await t.request('GET', creds(), { token: rt })).status, 200);
  const rescope = await t.request('POST', `${V3}/auth/tokens`, {
    body: { auth: { identity: { methods: ['token'], token: { id: rt } } } },
  });
  assert.equal(rescope.status, 404);
  assert.equal(rescope.body.error.message, 'Failed to validate token');

  const free = (await create({ name: 'u1', unrestricted: true })).body.application_credential;
  const ut = (await authById(free.id, free.secret)).headers['x-subject-token'] as string;
  const made = await t.request('POST', creds(), { token: ut, body: { application_credential: { name: 'u2' } } });
  assert.equal(made.status, 201);
});

test('deleting the credential stops its tokens; the deleted one is 404', async () => {
  const c = (await create({ name: 'gone' })).body.application_credential;
  const token = (await authById(c.id, c.secret)).headers['x-subject-token'] as string;
  assert.equal((await t.request('GET', `${V3}/users/${demoId}`, { token })).status, 200);
  assert.equal((await t.request('DELETE', `${creds()}/${c.id}`, { token: demo })).status, 204);
  assert.equal(
    await t.rt.store.db.selectFrom('application_credentials').select('id').where('id', '=', c.id).executeTakeFirst(),
    undefined,
  );
  assert.equal((await t.request('GET', `${V3}/users/${demoId}`, { token })).status, 401);
  assert.equal((await subject(token)).status, 404);
  assert.equal((await t.request('DELETE', `${creds()}/${c.id}`, { token: demo })).status, 404);
  assert.equal((await authById(c.id, c.secret)).status, 404);
});

test('an expired credential mints no token and its tokens stop validating', async () => {
  const soon = new Date(Date.now() + 60_000).toISOString();
  const c = (await create({ name: 'short', expires_at: soon })).body.application_credential;
  assert.match(c.expires_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/);
  const token = (await authById(c.id, c.secret)).headers['x-subject-token'] as string;
  assert.equal((await t.request('GET', `${V3}/users/${demoId}`, { token })).status, 200);
  t.rt.clock = () => new Date(Date.now() + 120_000);
  assert.equal((await t.request('GET', `${V3}/users/${demoId}`, { token })).status, 401);
  assert.equal((await authById(c.id, c.secret)).status, 401);
});

test('expires_at keeps the microseconds it was given, as Keystone (show and list too)', async () => {
  const at = new Date(Date.now() + 3_600_000).toISOString().slice(0, 19);
  const c = (await create({ name: 'micro', expires_at: `${at}.115930` })).body.application_credential;
  assert.equal(c.expires_at, `${at}.115930`);
  const shown = await t.request('GET', `${creds()}/${c.id}`, { token: demo });
  assert.equal(shown.body.application_credential.expires_at, `${at}.115930`);
  const withZone = (await create({ name: 'micro-z', expires_at: `${at}.5+00:00` })).body.application_credential;
  assert.equal(withZone.expires_at, `${at}.500000`);
});

test('a credential whose roles the user lost cannot mint tokens; its tokens lose those roles', async () => {
  // a user of its own, with member and reader on the demo project
  const u = await t.request('POST', `${V3}/users`, {
    token: admin,
    body: { user: { name: 'ac-loser', password: 'secret' } },
  });
  const uid = u.body.user.id as string;
  const roleId = async (name: string) =>
    (await t.rt.store.db.selectFrom('roles').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;
  const member = await roleId('member');
  const reader = await roleId('reader');
  for (const r of [member, reader])
    assert.equal(
      (await t.request('PUT', `${V3}/projects/${demoProject}/users/${uid}/roles/${r}`, { token: admin })).status,
      204,
    );
  const ut = await t.tokenFor('ac-loser', 'demo');
  const made = await t.request('POST', `${V3}/users/${uid}/application_credentials`, {
    token: ut,
    body: { application_credential: { name: 'm', roles: [{ name: 'member' }] } },
  });
  assert.equal(made.status, 201);
  const c = made.body.application_credential;
  const before = await authById(c.id, c.secret);
  assert.equal(before.status, 201);
  const token = before.headers['x-subject-token'] as string;
  assert.equal(
    (await t.request('DELETE', `${V3}/projects/${demoProject}/users/${uid}/roles/${member}`, { token: admin })).status,
    204,
  );
  assert.equal((await authById(c.id, c.secret)).status, 401);
  // the credential itself stays (Keystone keeps it while the user holds a role on the project)
  assert.ok(
    await t.rt.store.db.selectFrom('application_credentials').select('id').where('id', '=', c.id).executeTakeFirst(),
  );
  assert.equal((await t.request('GET', `${V3}/users/${uid}`, { token })).status, 401);
});
