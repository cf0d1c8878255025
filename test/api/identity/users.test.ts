import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { verifyPassword } from '../../../src/domain/identity/passwords.js';

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
const login = (name: string, password: string) =>
  t.request('POST', `${V3}/auth/tokens`, {
    body: {
      auth: { identity: { methods: ['password'], password: { user: { name, domain: { id: 'default' }, password } } } },
    },
  });
const tick = () => new Promise((r) => setTimeout(r, 3));

test('POST /v3/users → 201 with the Keystone user body; the password is stored hashed and never shown', async () => {
  const demoProject = await t.rt.store.db
    .selectFrom('projects')
    .select('id')
    .where('name', '=', 'demo')
    .executeTakeFirstOrThrow();
  const res = await t.request('POST', `${V3}/users`, {
    token: admin,
    body: {
      user: {
        name: 'u-create',
        password: 'pw1',
        default_project_id: demoProject.id,
        email: 'u@example.org',
        enabled: true,
      },
    },
  });
  assert.equal(res.status, 201);
  const u = res.body.user;
  assert.match(u.id, /^[0-9a-f]{32}$/);
  assert.equal(u.name, 'u-create');
  assert.equal(u.domain_id, 'default');
  assert.equal(u.enabled, true);
  assert.equal(u.default_project_id, demoProject.id);
  assert.equal(u.email, 'u@example.org');
  assert.equal(u.password_expires_at, null);
  assert.deepEqual(u.options, {});
  assert.equal(u.password, undefined);
  assert.match(u.links.self, new RegExp(`/identity/v3/users/${u.id}$`));
  const row = await t.rt.store.db.selectFrom('users').selectAll().where('id', '=', u.id).executeTakeFirstOrThrow();
  assert.notEqual(row.password_hash, 'pw1');
  assert.ok(verifyPassword('pw1', row.password_hash));
  assert.equal((await login('u-create', 'pw1')).status, 201);
});

test('a user without optional fields omits them; duplicate name → 409; bad bodies → 400', async () => {
  const res = await t.request('POST', `${V3}/users`, { token: admin, body: { user: { name: 'u-plain' } } });
  assert.equal(res.status, 201);
  assert.equal('email' in res.body.user, false);
  assert.equal('default_project_id' in res.body.user, false);
  const dup = await t.request('POST', `${V3}/users`, { token: admin, body: { user: { name: 'u-plain' } } });
  assert.equal(dup.status, 409);
  assert.equal(
    dup.body.error.message,
    'Conflict occurred attempting to store user - Duplicate entry found with name u-plain at domain ID default.',
  );
  for (const body of [{ user: {} }, { user: { name: 'x', enabled: 1 } }, { user: { name: 'x', password: 5 } }, {}]) {
    const bad = await t.request('POST', `${V3}/users`, { token: admin, body });
    assert.equal(bad.status, 400, JSON.stringify(body));
    assert.equal(bad.body.error.title, 'Bad Request');
  }
});

test('GET /v3/users lists and filters by name, domain_id and enabled', async () => {
  await t.request('POST', `${V3}/users`, { token: admin, body: { user: { name: 'u-off', enabled: false } } });
  const all = await t.request('GET', `${V3}/users`, { token: admin });
  assert.equal(all.status, 200);
  const names = all.body.users.map((u: { name: string }) => u.name);
  for (const n of ['admin', 'demo', 'service', 'u-off']) assert.ok(names.includes(n), n);
  assert.equal(all.body.links.next, null);
  const byName = await t.request('GET', `${V3}/users?name=demo`, { token: admin });
  assert.deepEqual(
    byName.body.users.map((u: { name: string }) => u.name),
    ['demo'],
  );
  const off = await t.request('GET', `${V3}/users?enabled=0`, { token: admin });
  assert.deepEqual(
    off.body.users.map((u: { name: string }) => u.name),
    ['u-off'],
  );
  assert.deepEqual((await t.request('GET', `${V3}/users?domain_id=other`, { token: admin })).body.users, []);
});

test('GET /v3/users/{id}: the user themself or an admin; others 403; unknown 404', async () => {
  const demoUser = await t.rt.store.db
    .selectFrom('users')
    .select('id')
    .where('name', '=', 'demo')
    .executeTakeFirstOrThrow();
  const adminUser = await t.rt.store.db
    .selectFrom('users')
    .select('id')
    .where('name', '=', 'admin')
    .executeTakeFirstOrThrow();
  const self = await t.request('GET', `${V3}/users/${demoUser.id}`, { token: demo });
  assert.equal(self.status, 200);
  assert.equal(self.body.user.name, 'demo');
  assert.equal((await t.request('GET', `${V3}/users/${demoUser.id}`, { token: admin })).status, 200);
  const other = await t.request('GET', `${V3}/users/${adminUser.id}`, { token: demo });
  assert.equal(other.status, 403);
  assert.equal(other.body.error.message, 'You are not authorized to perform the requested action: identity:get_user.');
  const missing = await t.request('GET', `${V3}/users/nobody`, { token: admin });
  assert.deepEqual(missing.body, { error: { code: 404, title: 'Not Found', message: 'Could not find user: nobody.' } });
  assert.equal((await t.request('GET', `${V3}/users`, { token: demo })).status, 403);
  assert.equal((await t.request('POST', `${V3}/users`, { token: demo, body: { user: { name: 'x' } } })).status, 403);
});

test('GET /v3/users/{id}/projects lists the projects where the user holds a role', async () => {
  const demoUser = await t.rt.store.db
    .selectFrom('users')
    .select('id')
    .where('name', '=', 'demo')
    .executeTakeFirstOrThrow();
  const res = await t.request('GET', `${V3}/users/${demoUser.id}/projects`, { token: demo });
  assert.equal(res.status, 200);
  assert.deepEqual(
    res.body.projects.map((p: { name: string }) => p.name),
    ['demo'],
  );
  assert.equal(res.body.projects[0].domain_id, 'default');
  const adminUser = await t.rt.store.db
    .selectFrom('users')
    .select('id')
    .where('name', '=', 'admin')
    .executeTakeFirstOrThrow();
  assert.equal((await t.request('GET', `${V3}/users/${adminUser.id}/projects`, { token: demo })).status, 403);
  assert.equal((await t.request('GET', `${V3}/users/nobody/projects`, { token: admin })).status, 404);
});

test('PATCH /v3/users/{id}: a new password revokes the old tokens and replaces the old password', async () => {
  const u = (
    await t.request('POST', `${V3}/users`, { token: admin, body: { user: { name: 'u-pw', password: 'old' } } })
  ).body.user;
  const old = (await login('u-pw', 'old')).headers['x-subject-token'] as string;
  assert.equal((await t.request('GET', `${V3}/auth/projects`, { token: old })).status, 200);
  await tick();
  const upd = await t.request('PATCH', `${V3}/users/${u.id}`, {
    token: admin,
    body: { user: { password: 'new', description: 'changed' } },
  });
  assert.equal(upd.status, 200);
  assert.equal(upd.body.user.description, 'changed');
  assert.equal((await t.request('GET', `${V3}/auth/projects`, { token: old })).status, 401);
  await tick();
  assert.equal((await login('u-pw', 'old')).status, 401);
  assert.equal((await login('u-pw', 'new')).status, 201);
});

test('disabling a user refuses its tokens and its logins; renaming onto a taken name → 409', async () => {
  const u = (
    await t.request('POST', `${V3}/users`, { token: admin, body: { user: { name: 'u-dis', password: 'pw' } } })
  ).body.user;
  const tok = (await login('u-dis', 'pw')).headers['x-subject-token'] as string;
  const off = await t.request('PATCH', `${V3}/users/${u.id}`, { token: admin, body: { user: { enabled: false } } });
  assert.equal(off.body.user.enabled, false);
  assert.equal((await t.request('GET', `${V3}/auth/projects`, { token: tok })).status, 401);
  assert.equal((await login('u-dis', 'pw')).status, 401);
  const clash = await t.request('PATCH', `${V3}/users/${u.id}`, { token: admin, body: { user: { name: 'demo' } } });
  assert.equal(clash.status, 409);
  assert.equal(
    (await t.request('PATCH', `${V3}/users/nobody`, { token: admin, body: { user: { name: 'z' } } })).status,
    404,
  );
  const moved = await t.request('PATCH', `${V3}/users/${u.id}`, {
    token: admin,
    body: { user: { domain_id: 'other' } },
  });
  assert.equal(moved.status, 400);
  assert.equal(moved.body.error.message, 'Cannot change Domain ID');
  // keystone accepts an unknown default_project_id (backward compatibility, identity/core.py)
  const badProject = await t.request('POST', `${V3}/users`, {
    token: admin,
    body: { user: { name: 'u-badp', default_project_id: 'nope' } },
  });
  assert.equal(badProject.status, 201);
  assert.equal(badProject.body.user.default_project_id, 'nope');
});

test('DELETE /v3/users/{id} → 204, its tokens are refused and its grants are gone', async () => {
  const u = (
    await t.request('POST', `${V3}/users`, { token: admin, body: { user: { name: 'u-del', password: 'pw' } } })
  ).body.user;
  const tok = (await login('u-del', 'pw')).headers['x-subject-token'] as string;
  const del = await t.request('DELETE', `${V3}/users/${u.id}`, { token: admin });
  assert.equal(del.status, 204);
  assert.equal((await t.request('GET', `${V3}/auth/projects`, { token: tok })).status, 401);
  assert.equal((await t.request('GET', `${V3}/users/${u.id}`, { token: admin })).status, 404);
  assert.equal((await t.request('DELETE', `${V3}/users/${u.id}`, { token: admin })).status, 404);
  assert.equal((await t.request('DELETE', `${V3}/users/${u.id}`, { token: demo })).status, 403);
});

test('POST /v3/users/{id}/password changes the password with the original one; a wrong original or unknown user → 401', async () => {
  const u = (
    await t.request('POST', `${V3}/users`, { token: admin, body: { user: { name: 'u-self', password: 'first' } } })
  ).body.user;
  const old = (await login('u-self', 'first')).headers['x-subject-token'] as string;
  const wrong = await t.request('POST', `${V3}/users/${u.id}/password`, {
    token: old,
    body: { user: { original_password: 'nope', password: 'second' } },
  });
  assert.equal(wrong.status, 401);
  assert.equal(wrong.body.error.code, 401);
  const bad = await t.request('POST', `${V3}/users/${u.id}/password`, {
    token: old,
    body: { user: { password: 'second' } },
  });
  assert.equal(bad.status, 400);
  const extra = await t.request('POST', `${V3}/users/${u.id}/password`, {
    token: old,
    body: { user: { original_password: 'first', password: 'x', name: 'y' } },
  });
  assert.equal(extra.status, 400);
  await tick();
  const ok = await t.request('POST', `${V3}/users/${u.id}/password`, {
    token: old,
    body: { user: { original_password: 'first', password: 'second' } },
  });
  assert.equal(ok.status, 204);
  assert.equal((await t.request('GET', `${V3}/auth/projects`, { token: old })).status, 401);
  await tick();
  assert.equal((await login('u-self', 'first')).status, 401);
  assert.equal((await login('u-self', 'second')).status, 201);
  assert.equal(
    (
      await t.request('POST', `${V3}/users/nobody/password`, {
        body: { user: { original_password: 'a', password: 'b' } },
      })
    ).status,
    401,
  );
});

test('extra user properties are kept and returned top-level; PATCH merges them', async () => {
  const res = await t.request('POST', `${V3}/users`, {
    token: admin,
    body: { user: { name: 'u-extra', team: 'blue', level: 3 } },
  });
  assert.equal(res.status, 201);
  assert.equal(res.body.user.team, 'blue');
  assert.equal(res.body.user.level, 3);
  const upd = await t.request('PATCH', `${V3}/users/${res.body.user.id}`, {
    token: admin,
    body: { user: { level: 4, site: 'x' } },
  });
  assert.equal(upd.body.user.team, 'blue');
  assert.equal(upd.body.user.level, 4);
  assert.equal(upd.body.user.site, 'x');
  const listed = (await t.request('GET', `${V3}/users?name=u-extra`, { token: admin })).body.users[0];
  assert.equal(listed.site, 'x');
});
