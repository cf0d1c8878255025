import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { first } from '../../helpers/elements.js';

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
const userId = async (name: string) =>
  (await t.rt.store.db.selectFrom('users').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;
const projectId = async (name: string) =>
  (await t.rt.store.db.selectFrom('projects').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;
const scopedLogin = (user: string, password: string, project: string) =>
  t.request('POST', `${V3}/auth/tokens`, {
    body: {
      auth: {
        identity: { methods: ['password'], password: { user: { name: user, domain: { name: 'Default' }, password } } },
        scope: { project: { name: project, domain: { id: 'default' } } },
      },
    },
  });

test('admin creates project + user + grant → the user logs in to the project; revoking the grant refuses the old token', async () => {
  const project = (
    await t.request('POST', `${V3}/projects`, {
      token: admin,
      body: { project: { name: 'flow-p', domain_id: 'default', enabled: true } },
    })
  ).body.project;
  const user = (
    await t.request('POST', `${V3}/users`, {
      token: admin,
      body: { user: { name: 'flow-u', password: 'flow-pw', default_project_id: project.id, enabled: true } },
    })
  ).body.user;
  const member = await roleId('member');
  const before = await scopedLogin('flow-u', 'flow-pw', 'flow-p');
  assert.equal(before.status, 401);
  assert.equal(
    (await t.request('PUT', `${V3}/projects/${project.id}/users/${user.id}/roles/${member}`, { token: admin })).status,
    204,
  );
  // PUT is idempotent
  assert.equal(
    (await t.request('PUT', `${V3}/projects/${project.id}/users/${user.id}/roles/${member}`, { token: admin })).status,
    204,
  );
  const rows = await t.rt.store.db.selectFrom('role_assignments').selectAll().where('user_id', '=', user.id).execute();
  assert.equal(rows.length, 1);
  assert.equal(first(rows).project_id, project.id);

  const login = await scopedLogin('flow-u', 'flow-pw', 'flow-p');
  assert.equal(login.status, 201);
  const tok = login.body.token;
  assert.equal(tok.project.id, project.id);
  assert.equal(tok.project.name, 'flow-p');
  assert.equal(tok.user.id, user.id);
  assert.deepEqual(tok.roles.map((r: { name: string }) => r.name).sort(), ['member', 'reader']);
  assert.ok(tok.catalog.length > 0);
  const token = login.headers['x-subject-token'] as string;
  const mine = await t.request('GET', `${V3}/auth/projects`, { token });
  assert.deepEqual(
    mine.body.projects.map((p: { id: string }) => p.id),
    [project.id],
  );
  // the default project makes an unscoped-by-request login land in it
  const dflt = await t.request('POST', `${V3}/auth/tokens`, {
    body: { auth: { identity: { methods: ['password'], password: { user: { id: user.id, password: 'flow-pw' } } } } },
  });
  assert.equal(dflt.body.token.project.id, project.id);

  assert.equal(
    (await t.request('DELETE', `${V3}/projects/${project.id}/users/${user.id}/roles/${member}`, { token: admin }))
      .status,
    204,
  );
  assert.equal((await t.request('GET', `${V3}/auth/projects`, { token })).status, 401);
  const check = await t.request('GET', `${V3}/auth/tokens`, { token: admin, headers: { 'x-subject-token': token } });
  assert.equal(check.status, 404);
  assert.equal((await scopedLogin('flow-u', 'flow-pw', 'flow-p')).status, 401);
  assert.equal(
    (await t.request('DELETE', `${V3}/projects/${project.id}/users/${user.id}/roles/${member}`, { token: admin }))
      .status,
    404,
  );
});

test('HEAD/GET on a grant → 204 when held, 404 when not; GET …/roles lists the held roles', async () => {
  const [p, u, member, adminRole] = [
    await projectId('demo'),
    await userId('demo'),
    await roleId('member'),
    await roleId('admin'),
  ];
  const head = await t.request('HEAD', `${V3}/projects/${p}/users/${u}/roles/${member}`, { token: admin });
  assert.equal(head.status, 204);
  assert.equal(head.text, '');
  assert.equal(
    (await t.request('GET', `${V3}/projects/${p}/users/${u}/roles/${member}`, { token: admin })).status,
    204,
  );
  const missing = await t.request('GET', `${V3}/projects/${p}/users/${u}/roles/${adminRole}`, { token: admin });
  assert.equal(missing.status, 404);
  assert.match(missing.body.error.message, /^Could not find role assignment with role: /);
  const list = await t.request('GET', `${V3}/projects/${p}/users/${u}/roles`, { token: admin });
  assert.equal(list.status, 200);
  assert.deepEqual(list.body.roles.map((r: { name: string }) => r.name).sort(), ['member', 'reader']);
  assert.equal(list.body.roles[0].domain_id, null);
});

test('grants naming an unknown project, user or role → 404; a non-admin → 403', async () => {
  const [p, u, member] = [await projectId('demo'), await userId('demo'), await roleId('member')];
  const cases: Array<[string, string]> = [
    [`${V3}/projects/nope/users/${u}/roles/${member}`, 'Could not find project: nope.'],
    [`${V3}/projects/${p}/users/nope/roles/${member}`, 'Could not find user: nope.'],
    [`${V3}/projects/${p}/users/${u}/roles/nope`, 'Could not find role: nope.'],
  ];
  for (const [url, message] of cases) {
    const res = await t.request('PUT', url, { token: admin });
    assert.equal(res.status, 404, url);
    assert.equal(res.body.error.message, message);
    assert.equal((await t.request('DELETE', url, { token: admin })).status, 404);
  }
  assert.equal((await t.request('GET', `${V3}/projects/nope/users/${u}/roles`, { token: admin })).status, 404);
  const denied = await t.request('PUT', `${V3}/projects/${p}/users/${u}/roles/${member}`, { token: demo });
  assert.equal(denied.status, 403);
  assert.equal(
    denied.body.error.message,
    'You are not authorized to perform the requested action: identity:create_grant.',
  );
});

test('GET /v3/role_assignments filters by user, project and role, with names and links', async () => {
  const [p, u, member] = [await projectId('demo'), await userId('demo'), await roleId('member')];
  const res = await t.request('GET', `${V3}/role_assignments?user.id=${u}&scope.project.id=${p}`, { token: admin });
  assert.equal(res.status, 200);
  assert.equal(res.body.role_assignments.length, 2);
  const m = res.body.role_assignments.find((a: { role: { id: string } }) => a.role.id === member);
  assert.deepEqual(m.user, { id: u });
  assert.deepEqual(m.scope, { project: { id: p } });
  assert.match(m.links.assignment, new RegExp(`/identity/v3/projects/${p}/users/${u}/roles/${member}$`));
  const byRole = await t.request('GET', `${V3}/role_assignments?role.id=${member}`, { token: admin });
  assert.ok(byRole.body.role_assignments.every((a: { role: { id: string } }) => a.role.id === member));
  assert.ok(byRole.body.role_assignments.length >= 2);
  const named = await t.request('GET', `${V3}/role_assignments?user.id=${u}&role.id=${member}&include_names`, {
    token: admin,
  });
  assert.deepEqual(named.body.role_assignments, [
    {
      role: { id: member, name: 'member' },
      user: { id: u, name: 'demo', domain: { id: 'default', name: 'Default' } },
      scope: { project: { id: p, name: 'demo', domain: { id: 'default', name: 'Default' } } },
      links: { assignment: m.links.assignment },
    },
  ]);
  assert.match(named.body.links.self, /\/identity\/v3\/role_assignments\?/);
});

test('role_assignments effective=true adds implied roles with their prior role; bad combinations → 400; non-admin → 403', async () => {
  const [u, adminRole, reader] = [await userId('admin'), await roleId('admin'), await roleId('reader')];
  const direct = await t.request('GET', `${V3}/role_assignments?user.id=${u}&role.id=${reader}`, { token: admin });
  assert.equal(direct.body.role_assignments.length, 1);
  const eff = await t.request('GET', `${V3}/role_assignments?user.id=${u}&effective`, { token: admin });
  assert.deepEqual(
    eff.body.role_assignments.map((a: { role: { id: string } }) => a.role.id).filter((id: string) => id === adminRole)
      .length,
    1,
  );
  const none = await t.request(
    'GET',
    `${V3}/role_assignments?user.id=${await userId('demo')}&effective&role.id=${adminRole}`,
    { token: admin },
  );
  assert.deepEqual(none.body.role_assignments, []);
  assert.equal(
    (await t.request('GET', `${V3}/role_assignments?scope.project.id=a&scope.domain.id=b`, { token: admin })).status,
    400,
  );
  assert.equal((await t.request('GET', `${V3}/role_assignments?user.id=a&group.id=b`, { token: admin })).status, 400);
  const denied = await t.request('GET', `${V3}/role_assignments`, { token: demo });
  assert.equal(denied.status, 403);
  assert.equal(
    denied.body.error.message,
    'You are not authorized to perform the requested action: identity:list_role_assignments.',
  );
});

test('an implied role granted directly does not duplicate in effective listings', async () => {
  const p = (await t.request('POST', `${V3}/projects`, { token: admin, body: { project: { name: 'eff-p' } } })).body
    .project;
  const u = (await t.request('POST', `${V3}/users`, { token: admin, body: { user: { name: 'eff-u' } } })).body.user;
  const [adminRole, member, reader] = [await roleId('admin'), await roleId('member'), await roleId('reader')];
  await t.request('PUT', `${V3}/projects/${p.id}/users/${u.id}/roles/${adminRole}`, { token: admin });
  const eff = await t.request('GET', `${V3}/role_assignments?user.id=${u.id}&effective`, { token: admin });
  const ids = eff.body.role_assignments.map((a: { role: { id: string } }) => a.role.id).sort();
  assert.deepEqual(ids, [adminRole, member, reader].sort());
  // reader comes from member, itself implied by the admin grant: Keystone links the grant of the
  // role it was reached from, and names the rule as /prior_role/{implied}/implies/{prior}
  const implied = eff.body.role_assignments.find((a: { role: { id: string } }) => a.role.id === reader);
  assert.match(implied.links.prior_role, new RegExp(`/v3/prior_role/${reader}/implies/${member}$`));
  assert.match(implied.links.assignment, new RegExp(`/projects/${p.id}/users/${u.id}/roles/${member}$`));
});

test('a new grant takes effect on the user’s existing token (roles are recomputed, as Keystone does)', async () => {
  const p = (await t.request('POST', `${V3}/projects`, { token: admin, body: { project: { name: 'late-p' } } })).body
    .project;
  const u = (
    await t.request('POST', `${V3}/users`, { token: admin, body: { user: { name: 'late-u', password: 'secret' } } })
  ).body.user;
  await t.request('PUT', `${V3}/projects/${p.id}/users/${u.id}/roles/${await roleId('member')}`, { token: admin });
  const tok = await t.tokenFor('late-u', 'late-p');
  assert.equal((await t.request('GET', `${V3}/projects`, { token: tok })).status, 403);
  assert.equal(
    (await t.request('PUT', `${V3}/projects/${p.id}/users/${u.id}/roles/${await roleId('admin')}`, { token: admin }))
      .status,
    204,
  );
  assert.equal((await t.request('GET', `${V3}/projects`, { token: tok })).status, 200);
  const validated = await t.request('GET', `${V3}/auth/tokens`, { token: admin, headers: { 'x-subject-token': tok } });
  assert.deepEqual(validated.body.token.roles.map((r: { name: string }) => r.name).sort(), [
    'admin',
    'member',
    'reader',
  ]);
});
