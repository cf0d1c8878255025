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

test('GET /v3/roles lists the seeded roles and filters by name', async () => {
  const res = await t.request('GET', `${V3}/roles`, { token: admin });
  assert.equal(res.status, 200);
  const names = res.body.roles.map((r: { name: string }) => r.name);
  for (const n of ['admin', 'member', 'reader', 'service']) assert.ok(names.includes(n), n);
  const member = await t.request('GET', `${V3}/roles?name=member`, { token: admin });
  assert.equal(member.body.roles.length, 1);
  const r = member.body.roles[0];
  assert.equal(r.name, 'member');
  assert.equal(r.domain_id, null);
  assert.deepEqual(r.options, {});
  assert.match(r.links.self, new RegExp(`/identity/v3/roles/${r.id}$`));
  assert.match(member.body.links.self, /\/identity\/v3\/roles\?name=member$/);
});

test('POST /v3/roles → 201; show, rename, 409 on a taken name, delete → 404 afterwards', async () => {
  const res = await t.request('POST', `${V3}/roles`, {
    token: admin,
    body: { role: { name: 'r-new', description: 'a role' } },
  });
  assert.equal(res.status, 201);
  const role = res.body.role;
  assert.equal(role.name, 'r-new');
  assert.equal(role.description, 'a role');
  assert.equal(role.domain_id, null);
  const show = await t.request('GET', `${V3}/roles/${role.id}`, { token: admin });
  assert.deepEqual(show.body.role, role);
  const dup = await t.request('POST', `${V3}/roles`, { token: admin, body: { role: { name: 'r-new' } } });
  assert.equal(dup.status, 409);
  assert.equal(
    dup.body.error.message,
    'Conflict occurred attempting to store role - Duplicate entry found with name r-new.',
  );
  const upd = await t.request('PATCH', `${V3}/roles/${role.id}`, {
    token: admin,
    body: { role: { name: 'r-renamed' } },
  });
  assert.equal(upd.status, 200);
  assert.equal(upd.body.role.name, 'r-renamed');
  assert.equal(
    (await t.request('PATCH', `${V3}/roles/${role.id}`, { token: admin, body: { role: { name: 'member' } } })).status,
    409,
  );
  assert.equal((await t.request('DELETE', `${V3}/roles/${role.id}`, { token: admin })).status, 204);
  const gone = await t.request('GET', `${V3}/roles/${role.id}`, { token: admin });
  assert.deepEqual(gone.body, {
    error: { code: 404, title: 'Not Found', message: `Could not find role: ${role.id}.` },
  });
  assert.equal((await t.request('GET', `${V3}/roles/member`, { token: admin })).status, 404);
});

test('malformed role bodies → 400', async () => {
  for (const body of [{}, { role: {} }, { role: { name: '' } }, { role: { name: 3 } }]) {
    assert.equal((await t.request('POST', `${V3}/roles`, { token: admin, body })).status, 400, JSON.stringify(body));
  }
});

test('role calls by a non-admin → 403 with the rule name', async () => {
  const res = await t.request('GET', `${V3}/roles`, { token: demo });
  assert.equal(res.status, 403);
  assert.equal(res.body.error.message, 'You are not authorized to perform the requested action: identity:list_roles.');
  assert.equal((await t.request('POST', `${V3}/roles`, { token: demo, body: { role: { name: 'x' } } })).status, 403);
});

test('deleting a role revokes the tokens of the users who held it', async () => {
  const role = (await t.request('POST', `${V3}/roles`, { token: admin, body: { role: { name: 'r-held' } } })).body.role;
  const project = (await t.request('POST', `${V3}/projects`, { token: admin, body: { project: { name: 'p-roles' } } }))
    .body.project;
  const user = (
    await t.request('POST', `${V3}/users`, { token: admin, body: { user: { name: 'u-roles', password: 'secret' } } })
  ).body.user;
  assert.equal(
    (await t.request('PUT', `${V3}/projects/${project.id}/users/${user.id}/roles/${role.id}`, { token: admin })).status,
    204,
  );
  const tok = await t.tokenFor('u-roles', 'p-roles');
  assert.equal((await t.request('GET', `${V3}/auth/projects`, { token: tok })).status, 200);
  assert.equal((await t.request('DELETE', `${V3}/roles/${role.id}`, { token: admin })).status, 204);
  assert.equal((await t.request('GET', `${V3}/auth/projects`, { token: tok })).status, 401);
});
