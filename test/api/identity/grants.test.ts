import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { seed } from '../../../src/store/seed.js';

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
const roleId = async (name: string) =>
  (await t.rt.store.db.selectFrom('roles').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;
const domainLogin = (user: string, password: string) =>
  t.request('POST', `${V3}/auth/tokens`, {
    body: {
      auth: {
        identity: { methods: ['password'], password: { user: { name: user, domain: { id: 'default' }, password } } },
        scope: { domain: { id: 'default' } },
      },
    },
  });

test('a domain grant lets the user scope a token to the domain; /v3/auth/domains lists it; removing it refuses the token', async () => {
  const u = (
    await t.request('POST', `${V3}/users`, { token: admin, body: { user: { name: 'dom-u', password: 'pw' } } })
  ).body.user;
  const reader = await roleId('reader');
  assert.equal((await domainLogin('dom-u', 'pw')).status, 401);
  assert.equal(
    (await t.request('PUT', `${V3}/domains/default/users/${u.id}/roles/${reader}`, { token: admin })).status,
    204,
  );
  assert.equal(
    (await t.request('PUT', `${V3}/domains/default/users/${u.id}/roles/${reader}`, { token: admin })).status,
    204,
  );
  const rows = await t.rt.store.db.selectFrom('role_assignments').selectAll().where('user_id', '=', u.id).execute();
  assert.deepEqual(
    rows.map((r) => [r.domain_id, r.project_id, r.role_id]),
    [['default', null, reader]],
  );
  assert.equal(
    (await t.request('HEAD', `${V3}/domains/default/users/${u.id}/roles/${reader}`, { token: admin })).status,
    204,
  );
  const list = await t.request('GET', `${V3}/domains/default/users/${u.id}/roles`, { token: admin });
  assert.deepEqual(
    list.body.roles.map((r: { name: string }) => r.name),
    ['reader'],
  );

  const login = await domainLogin('dom-u', 'pw');
  assert.equal(login.status, 201);
  assert.deepEqual(login.body.token.domain, { id: 'default', name: 'Default' });
  const token = login.headers['x-subject-token'] as string;
  const domains = await t.request('GET', `${V3}/auth/domains`, { token });
  assert.deepEqual(
    domains.body.domains.map((d: { id: string }) => d.id),
    ['default'],
  );
  const assignments = await t.request('GET', `${V3}/role_assignments?user.id=${u.id}`, { token: admin });
  assert.deepEqual(assignments.body.role_assignments[0].scope, { domain: { id: 'default' } });
  assert.match(
    assignments.body.role_assignments[0].links.assignment,
    new RegExp(`/identity/v3/domains/default/users/${u.id}/roles/${reader}$`),
  );
  const byDomain = await t.request('GET', `${V3}/role_assignments?scope.domain.id=default&include_names=1`, {
    token: admin,
  });
  assert.deepEqual(
    byDomain.body.role_assignments.map((a: { scope: unknown }) => a.scope),
    [{ domain: { id: 'default', name: 'Default' } }],
  );

  assert.equal(
    (await t.request('DELETE', `${V3}/domains/default/users/${u.id}/roles/${reader}`, { token: admin })).status,
    204,
  );
  assert.equal((await t.request('GET', `${V3}/auth/domains`, { token })).status, 401);
  assert.equal(
    (await t.request('HEAD', `${V3}/domains/default/users/${u.id}/roles/${reader}`, { token: admin })).status,
    404,
  );
});

test('domain grants naming an unknown domain, user or role → 404; non-admin → 403', async () => {
  const demoUser = await t.rt.store.db
    .selectFrom('users')
    .select('id')
    .where('name', '=', 'demo')
    .executeTakeFirstOrThrow();
  const member = await roleId('member');
  const res = await t.request('PUT', `${V3}/domains/nope/users/${demoUser.id}/roles/${member}`, { token: admin });
  assert.equal(res.status, 404);
  assert.equal(res.body.error.message, 'Could not find domain: nope.');
  assert.equal(
    (await t.request('PUT', `${V3}/domains/default/users/nope/roles/${member}`, { token: admin })).body.error.message,
    'Could not find user: nope.',
  );
  assert.equal(
    (await t.request('PUT', `${V3}/domains/default/users/${demoUser.id}/roles/nope`, { token: admin })).body.error
      .message,
    'Could not find role: nope.',
  );
  assert.equal((await t.request('GET', `${V3}/domains/nope/users/${demoUser.id}/roles`, { token: admin })).status, 404);
  const denied = await t.request('PUT', `${V3}/domains/default/users/${demoUser.id}/roles/${member}`, { token: demo });
  assert.equal(denied.status, 403);
  assert.equal(
    denied.body.error.message,
    'You are not authorized to perform the requested action: identity:create_grant.',
  );
});

test('seeding again (a restart on a kept store) does not duplicate the seeded grants', async () => {
  const before = await t.rt.store.db.selectFrom('role_assignments').select('id').execute();
  await seed(t.rt.store.db, t.rt.config, t.rt.clock().toISOString());
  const after = await t.rt.store.db.selectFrom('role_assignments').select('id').execute();
  assert.equal(after.length, before.length);
  const demoUser = await t.rt.store.db
    .selectFrom('users')
    .select('id')
    .where('name', '=', 'demo')
    .executeTakeFirstOrThrow();
  const roles = await t.request('GET', `${V3}/role_assignments?user.id=${demoUser.id}`, { token: admin });
  assert.equal(roles.body.role_assignments.length, 2);
});
