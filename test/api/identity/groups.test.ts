/**
 * Groups: CRUD, membership, role grants to a group and their effect on tokens (scoping, roles,
 * revocation when the role goes away). Messages are the real Keystone (Zed) answers.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../helpers/app.js';

let t: TestApp;
let admin: string;
let demo: string;
let demoId: string;
let adminProject: string;
before(async () => {
  t = await startTestApp({}, { agent: false });
  admin = await t.tokenFor('admin');
  demo = await t.tokenFor('demo');
  const db = t.rt.store.db;
  demoId = (await db.selectFrom('users').select('id').where('name', '=', 'demo').executeTakeFirstOrThrow()).id;
  adminProject = (await db.selectFrom('projects').select('id').where('name', '=', 'admin').executeTakeFirstOrThrow())
    .id;
});
after(async () => {
  await t.close();
});

const V3 = '/identity/v3';
const roleId = async (name: string) =>
  (await t.rt.store.db.selectFrom('roles').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;
const newGroup = async (name: string) => {
  const res = await t.request('POST', `${V3}/groups`, { token: admin, body: { group: { name } } });
  assert.equal(res.status, 201, res.text);
  return res.body.group.id as string;
};
const demoAuth = (project: string) =>
  t.request('POST', `${V3}/auth/tokens`, {
    body: {
      auth: {
        identity: {
          methods: ['password'],
          password: { user: { name: 'demo', domain: { name: 'Default' }, password: 'secret' } },
        },
        scope: { project: { id: project } },
      },
    },
  });

test('group CRUD: create (409 on a duplicate name in the domain), show, list ?name=, rename, delete', async () => {
  const res = await t.request('POST', `${V3}/groups`, {
    token: admin,
    body: { group: { name: 'ops', description: 'operators' } },
  });
  assert.equal(res.status, 201);
  const g = res.body.group;
  assert.deepEqual(Object.keys(g).sort(), ['description', 'domain_id', 'id', 'links', 'name']);
  assert.equal(g.domain_id, 'default');
  assert.equal(g.description, 'operators');
  assert.match(g.links.self, new RegExp(`/identity/v3/groups/${g.id}$`));
  const noDesc = await t.request('POST', `${V3}/groups`, { token: admin, body: { group: { name: 'plain' } } });
  assert.equal(noDesc.body.group.description, '');
  const dup = await t.request('POST', `${V3}/groups`, { token: admin, body: { group: { name: 'ops' } } });
  assert.equal(dup.status, 409);
  assert.equal(
    dup.body.error.message,
    'Conflict occurred attempting to store group - Duplicate entry found with name ops at domain ID default.',
  );
  const badDomain = await t.request('POST', `${V3}/groups`, {
    token: admin,
    body: { group: { name: 'x', domain_id: 'nope' } },
  });
  assert.equal(badDomain.status, 404);
  assert.equal(badDomain.body.error.message, 'Could not find domain: nope.');
  assert.equal((await t.request('GET', `${V3}/groups/${g.id}`, { token: admin })).body.group.name, 'ops');
  const listed = await t.request('GET', `${V3}/groups?name=ops`, { token: admin });
  assert.deepEqual(
    listed.body.groups.map((x: { id: string }) => x.id),
    [g.id],
  );
  const renamed = await t.request('PATCH', `${V3}/groups/${g.id}`, { token: admin, body: { group: { name: 'ops2' } } });
  assert.equal(renamed.body.group.name, 'ops2');
  const move = await t.request('PATCH', `${V3}/groups/${g.id}`, {
    token: admin,
    body: { group: { domain_id: 'other' } },
  });
  assert.equal(move.status, 400);
  assert.equal(move.body.error.message, 'Cannot change Domain ID');
  for (const [method, url] of [
    ['GET', `${V3}/groups`],
    ['GET', `${V3}/groups/${g.id}`],
    ['POST', `${V3}/groups`],
  ] as const) {
    const r = await t.request(method, url, {
      token: demo,
      body: method === 'POST' ? { group: { name: 'm' } } : undefined,
    });
    assert.equal(r.status, 403, `${method} ${url}`);
  }
  assert.equal((await t.request('DELETE', `${V3}/groups/${g.id}`, { token: admin })).status, 204);
  const gone = await t.request('GET', `${V3}/groups/${g.id}`, { token: admin });
  assert.equal(gone.status, 404);
  assert.equal(gone.body.error.message, `Could not find group: ${g.id}.`);
});

test('membership: add (idempotent), check, list both ways, remove; 404 texts', async () => {
  const g = await newGroup('members');
  const url = `${V3}/groups/${g}/users/${demoId}`;
  assert.equal((await t.request('PUT', url, { token: admin })).status, 204);
  assert.equal((await t.request('PUT', url, { token: admin })).status, 204);
  assert.equal((await t.request('HEAD', url, { token: admin })).status, 204);
  const users = await t.request('GET', `${V3}/groups/${g}/users`, { token: admin });
  assert.deepEqual(
    users.body.users.map((u: { name: string }) => u.name),
    ['demo'],
  );
  const mine = await t.request('GET', `${V3}/users/${demoId}/groups`, { token: demo });
  assert.equal(mine.status, 200);
  const entry = mine.body.groups.find((x: { id: string }) => x.id === g);
  assert.equal(entry.membership_expires_at, null);
  assert.equal((await t.request('GET', `${V3}/groups/${g}/users`, { token: demo })).status, 403);
  assert.equal((await t.request('DELETE', url, { token: admin })).status, 204);
  const again = await t.request('DELETE', url, { token: admin });
  assert.equal(again.status, 404);
  assert.equal(again.body.error.message, `User '${demoId}' not found in group '${g}'`);
  assert.equal((await t.request('GET', url, { token: admin })).status, 404);
  assert.equal(
    (await t.request('PUT', `${V3}/groups/${g}/users/nope`, { token: admin })).body.error.message,
    'Could not find user: nope.',
  );
});

test('a group grant gives its members the role: scoping, token roles, projects; removal revokes', async () => {
  const g = await newGroup('readers');
  const reader = await roleId('reader');
  // not a member yet, no role on the admin project
  assert.equal((await demoAuth(adminProject)).status, 401);
  assert.equal((await t.request('PUT', `${V3}/groups/${g}/users/${demoId}`, { token: admin })).status, 204);
  const grant = `${V3}/projects/${adminProject}/groups/${g}/roles/${reader}`;
  assert.equal((await t.request('PUT', grant, { token: admin })).status, 204);
  assert.equal((await t.request('HEAD', grant, { token: admin })).status, 204);
  const roles = await t.request('GET', `${V3}/projects/${adminProject}/groups/${g}/roles`, { token: admin });
  assert.deepEqual(
    roles.body.roles.map((r: { name: string }) => r.name),
    ['reader'],
  );
  const row = await t.rt.store.db
    .selectFrom('group_role_assignments')
    .selectAll()
    .where('group_id', '=', g)
    .executeTakeFirstOrThrow();
  assert.equal(row.project_id, adminProject);

  const scoped = await demoAuth(adminProject);
  assert.equal(scoped.status, 201);
  assert.deepEqual(
    scoped.body.token.roles.map((r: { name: string }) => r.name),
    ['reader'],
  );
  const token = scoped.headers['x-subject-token'] as string;
  const projects = await t.request('GET', `${V3}/auth/projects`, { token: await freshDemo() });
  assert.equal(projects.status, 200, projects.text);
  assert.ok(projects.body.projects.some((p: { id: string }) => p.id === adminProject));
  assert.equal((await t.request('GET', `${V3}/users/${demoId}`, { token })).status, 200);

  // leaving the group takes the role away: the token stops, no new one
  assert.equal((await t.request('DELETE', `${V3}/groups/${g}/users/${demoId}`, { token: admin })).status, 204);
  assert.equal((await t.request('GET', `${V3}/users/${demoId}`, { token })).status, 401);
  assert.equal((await demoAuth(adminProject)).status, 401);

  // back in; then the grant removed: same
  await t.request('PUT', `${V3}/groups/${g}/users/${demoId}`, { token: admin });
  const token2 = (await demoAuth(adminProject)).headers['x-subject-token'] as string;
  assert.equal((await t.request('GET', `${V3}/users/${demoId}`, { token: token2 })).status, 200);
  assert.equal((await t.request('DELETE', grant, { token: admin })).status, 204);
  assert.equal((await t.request('GET', `${V3}/users/${demoId}`, { token: token2 })).status, 401);
  const missing = await t.request('DELETE', grant, { token: admin });
  assert.equal(missing.status, 404);
  assert.equal(
    missing.body.error.message,
    `Could not find role assignment with role: ${reader}, user or group: ${g}, project, domain, or system: ${adminProject}.`,
  );

  // granted again, then the group deleted: same
  await t.request('PUT', grant, { token: admin });
  const token3 = (await demoAuth(adminProject)).headers['x-subject-token'] as string;
  assert.equal((await t.request('DELETE', `${V3}/groups/${g}`, { token: admin })).status, 204);
  assert.equal((await t.request('GET', `${V3}/users/${demoId}`, { token: token3 })).status, 401);
  assert.equal(
    (await t.rt.store.db.selectFrom('group_role_assignments').select('id').where('group_id', '=', g).execute()).length,
    0,
  );
  // demo's own project is untouched
  assert.equal((await t.request('GET', `${V3}/users/${demoId}`, { token: await freshDemo() })).status, 200);
});

async function freshDemo(): Promise<string> {
  const project = (
    await t.rt.store.db.selectFrom('projects').select('id').where('name', '=', 'demo').executeTakeFirstOrThrow()
  ).id;
  const res = await demoAuth(project);
  assert.equal(res.status, 201);
  return res.headers['x-subject-token'] as string;
}

test('role_assignments lists a group grant; effective=true lists it per member with a membership link', async () => {
  const g = await newGroup('listed');
  const reader = await roleId('reader');
  await t.request('PUT', `${V3}/groups/${g}/users/${demoId}`, { token: admin });
  await t.request('PUT', `${V3}/projects/${adminProject}/groups/${g}/roles/${reader}`, { token: admin });
  const direct = await t.request('GET', `${V3}/role_assignments?group.id=${g}&include_names`, { token: admin });
  assert.equal(direct.status, 200);
  assert.equal(direct.body.role_assignments.length, 1);
  const entry = direct.body.role_assignments[0];
  assert.deepEqual(entry.group, { id: g, name: 'listed', domain: { id: 'default', name: 'Default' } });
  assert.equal(entry.user, undefined);
  assert.deepEqual(entry.scope.project.id, adminProject);
  assert.match(entry.links.assignment, new RegExp(`/v3/projects/${adminProject}/groups/${g}/roles/${reader}$`));
  // a user filter without effective shows the user's own grants only
  const own = await t.request('GET', `${V3}/role_assignments?user.id=${demoId}&scope.project.id=${adminProject}`, {
    token: admin,
  });
  assert.deepEqual(own.body.role_assignments, []);
  const effective = await t.request(
    'GET',
    `${V3}/role_assignments?user.id=${demoId}&scope.project.id=${adminProject}&effective`,
    { token: admin },
  );
  assert.equal(effective.body.role_assignments.length, 1);
  const e = effective.body.role_assignments[0];
  assert.deepEqual(e.user, { id: demoId });
  assert.deepEqual(e.role, { id: reader });
  assert.match(e.links.membership, new RegExp(`/v3/groups/${g}/users/${demoId}$`));
  await t.request('DELETE', `${V3}/groups/${g}`, { token: admin });
});
