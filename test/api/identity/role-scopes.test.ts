/**
 * System grants with system-scoped tokens, and OS-INHERIT grants (domain → its projects,
 * project → its subtree): the API, the rows, role_assignments and their effect on tokens.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../helpers/app.js';

let t: TestApp;
let admin: string;
let demo: string;
let member: string;
let reader: string;
before(async () => {
  t = await startTestApp({}, { agent: false });
  admin = await t.tokenFor('admin');
  demo = await t.tokenFor('demo');
  const roles = (await t.request('GET', `${V3}/roles`, { token: admin })).body.roles as Array<{
    id: string;
    name: string;
  }>;
  member = roles.find((r) => r.name === 'member')?.id as string;
  reader = roles.find((r) => r.name === 'reader')?.id as string;
});
after(async () => {
  await t.close();
});

const V3 = '/identity/v3';
const newUser = async (name: string) => {
  const res = await t.request('POST', `${V3}/users`, { token: admin, body: { user: { name, password: 'secret' } } });
  assert.equal(res.status, 201, res.text);
  return res.body.user.id as string;
};
const newProject = async (name: string, extra: Record<string, unknown> = {}) => {
  const res = await t.request('POST', `${V3}/projects`, { token: admin, body: { project: { name, ...extra } } });
  assert.equal(res.status, 201, res.text);
  return res.body.project as { id: string; domain_id: string };
};
const login = (userId: string, scope: unknown) =>
  t.request('POST', `${V3}/auth/tokens`, {
    body: {
      auth: { identity: { methods: ['password'], password: { user: { id: userId, password: 'secret' } } }, scope },
    },
  });

test('system grants: PUT/HEAD/GET/list/DELETE for a user; role_assignments shows scope system', async () => {
  const u = await newUser('sys-u');
  const url = `${V3}/system/users/${u}/roles/${member}`;
  assert.equal((await t.request('HEAD', url, { token: admin })).status, 404);
  assert.equal((await t.request('PUT', url, { token: admin })).status, 204);
  assert.equal((await t.request('PUT', url, { token: admin })).status, 204);
  const rows = await t.rt.store.db.selectFrom('system_role_assignments').selectAll().where('user_id', '=', u).execute();
  assert.equal(rows.length, 1);
  assert.equal((await t.request('HEAD', url, { token: admin })).status, 204);
  assert.equal((await t.request('GET', url, { token: admin })).status, 204);
  const list = await t.request('GET', `${V3}/system/users/${u}/roles`, { token: admin });
  assert.deepEqual(
    list.body.roles.map((r: { id: string }) => r.id),
    [member],
  );
  const ra = await t.request('GET', `${V3}/role_assignments?scope.system=all&user.id=${u}`, { token: admin });
  assert.equal(ra.body.role_assignments.length, 1);
  const [entry] = ra.body.role_assignments;
  assert.deepEqual(entry.scope, { system: { all: true } });
  assert.match(entry.links.assignment, new RegExp(`/v3/system/users/${u}/roles/${member}$`));
  const bad = await t.request('GET', `${V3}/role_assignments?scope.system=all&scope.project.id=x`, { token: admin });
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error.message, 'Specify system or project, not both');
  assert.equal((await t.request('DELETE', url, { token: admin })).status, 204);
  const again = await t.request('DELETE', url, { token: admin });
  assert.equal(again.status, 404);
  assert.equal(
    again.body.error.message,
    `Could not find role assignment with role: ${member}, user or group: ${u}, project, domain, or system: system.`,
  );
  assert.equal((await t.request('PUT', `${V3}/system/users/nope/roles/${member}`, { token: admin })).status, 404);
});

test('a system-scoped token: system {all: true}, roles and catalog from system grants; admin works, revoked on removal', async () => {
  const u = await newUser('sys-admin');
  const refused = await login(u, { system: { all: true } });
  assert.equal(refused.status, 401);
  const adminRole = (await t.request('GET', `${V3}/roles?name=admin`, { token: admin })).body.roles[0].id;
  assert.equal((await t.request('PUT', `${V3}/system/users/${u}/roles/${adminRole}`, { token: admin })).status, 204);
  const res = await login(u, { system: { all: true } });
  assert.equal(res.status, 201, res.text);
  const tok = res.body.token;
  assert.deepEqual(tok.system, { all: true });
  assert.equal(tok.project, undefined);
  assert.deepEqual(tok.roles.map((r: { name: string }) => r.name).sort(), ['admin', 'member', 'reader']);
  assert.ok(Array.isArray(tok.catalog) && tok.catalog.length > 0);
  const token = res.headers['x-subject-token'] as string;
  // Keystone's system admin: the admin operations of stackbox accept it
  assert.equal((await t.request('GET', `${V3}/users`, { token })).status, 200);
  const validated = await t.request('GET', `${V3}/auth/tokens`, {
    token: admin,
    headers: { 'x-subject-token': token },
  });
  assert.equal(validated.status, 200);
  assert.deepEqual(validated.body.token.system, { all: true });
  assert.equal((await t.request('DELETE', `${V3}/system/users/${u}/roles/${adminRole}`, { token: admin })).status, 204);
  assert.equal((await t.request('GET', `${V3}/users`, { token })).status, 401);
});

test('a group’s system grant gives its members a system token', async () => {
  const u = await newUser('sys-member');
  const g = (await t.request('POST', `${V3}/groups`, { token: admin, body: { group: { name: 'sys-g' } } })).body.group
    .id;
  await t.request('PUT', `${V3}/groups/${g}/users/${u}`, { token: admin });
  assert.equal((await t.request('PUT', `${V3}/system/groups/${g}/roles/${reader}`, { token: admin })).status, 204);
  const list = await t.request('GET', `${V3}/system/groups/${g}/roles`, { token: admin });
  assert.deepEqual(
    list.body.roles.map((r: { id: string }) => r.id),
    [reader],
  );
  const res = await login(u, { system: { all: true } });
  assert.equal(res.status, 201, res.text);
  assert.deepEqual(
    res.body.token.roles.map((r: { name: string }) => r.name),
    ['reader'],
  );
  const ra = await t.request('GET', `${V3}/role_assignments?group.id=${g}`, { token: admin });
  assert.ok(ra.body.role_assignments.some((e: { scope: { system?: unknown } }) => e.scope.system));
});

test('OS-INHERIT on a domain: the grant lists and checks, its projects inherit it, the domain itself does not', async () => {
  const u = await newUser('inh-u');
  const p = await newProject('inh-p');
  const url = `${V3}/OS-INHERIT/domains/default/users/${u}/roles/${member}/inherited_to_projects`;
  assert.equal((await t.request('PUT', url, { token: admin })).status, 204);
  assert.equal((await t.request('HEAD', url, { token: admin })).status, 204);
  assert.equal((await t.request('GET', url, { token: admin })).status, 204);
  const list = await t.request('GET', `${V3}/OS-INHERIT/domains/default/users/${u}/roles/inherited_to_projects`, {
    token: admin,
  });
  assert.deepEqual(
    list.body.roles.map((r: { id: string }) => r.id),
    [member],
  );
  // the plain domain grant list does not show it
  assert.deepEqual((await t.request('GET', `${V3}/domains/default/users/${u}/roles`, { token: admin })).body.roles, []);
  const direct = await t.request('GET', `${V3}/role_assignments?user.id=${u}`, { token: admin });
  assert.equal(direct.body.role_assignments.length, 1);
  assert.deepEqual(direct.body.role_assignments[0].scope, {
    domain: { id: 'default' },
    'OS-INHERIT:inherited_to': 'projects',
  });
  assert.match(
    direct.body.role_assignments[0].links.assignment,
    new RegExp(`/v3/OS-INHERIT/domains/default/users/${u}/roles/${member}/inherited_to_projects$`),
  );
  const eff = await t.request('GET', `${V3}/role_assignments?effective&user.id=${u}&scope.project.id=${p.id}`, {
    token: admin,
  });
  assert.deepEqual(
    eff.body.role_assignments.map((e: { role: { id: string } }) => e.role.id).sort(),
    [member, reader].sort(),
  );
  const e = eff.body.role_assignments.find((x: { role: { id: string } }) => x.role.id === member);
  assert.deepEqual(e.scope, { project: { id: p.id }, 'OS-INHERIT:inherited_to': 'projects' });
  const onlyInherited = await t.request(
    'GET',
    `${V3}/role_assignments?scope.OS-INHERIT:inherited_to=projects&user.id=${u}`,
    {
      token: admin,
    },
  );
  assert.ok(
    onlyInherited.body.role_assignments.every(
      (x: { scope: Record<string, unknown> }) => x.scope['OS-INHERIT:inherited_to'] === 'projects',
    ),
  );

  const res = await login(u, { project: { id: p.id } });
  assert.equal(res.status, 201, res.text);
  assert.deepEqual(res.body.token.roles.map((r: { name: string }) => r.name).sort(), ['member', 'reader']);
  assert.equal((await login(u, { domain: { id: 'default' } })).status, 401);
  const token = res.headers['x-subject-token'] as string;
  assert.equal((await t.request('DELETE', url, { token: admin })).status, 204);
  assert.equal((await t.request('GET', `${V3}/auth/projects`, { token })).status, 401);
  assert.equal((await t.request('HEAD', url, { token: admin })).status, 404);
});

test('OS-INHERIT on a project: its subtree inherits, the project itself does not; include_subtree lists it', async () => {
  const g = (await t.request('POST', `${V3}/groups`, { token: admin, body: { group: { name: 'inh-g' } } })).body.group
    .id;
  const u = await newUser('inh-tree-u');
  await t.request('PUT', `${V3}/groups/${g}/users/${u}`, { token: admin });
  const parent = await newProject('inh-parent');
  const child = await newProject('inh-child', { parent_id: parent.id });
  const grand = await newProject('inh-grand', { parent_id: child.id });
  const url = `${V3}/OS-INHERIT/projects/${parent.id}/groups/${g}/roles/${member}/inherited_to_projects`;
  assert.equal((await t.request('PUT', url, { token: admin })).status, 204);
  assert.equal((await t.request('HEAD', url, { token: admin })).status, 204);
  assert.equal((await login(u, { project: { id: parent.id } })).status, 401);
  for (const p of [child, grand]) {
    const res = await login(u, { project: { id: p.id } });
    assert.equal(res.status, 201, res.text);
    assert.deepEqual(res.body.token.roles.map((r: { name: string }) => r.name).sort(), ['member', 'reader']);
  }
  const tree = await t.request(
    'GET',
    `${V3}/role_assignments?effective&include_subtree&scope.project.id=${parent.id}&role.id=${member}`,
    { token: admin },
  );
  assert.deepEqual(
    tree.body.role_assignments.map((e: { scope: { project: { id: string } } }) => e.scope.project.id).sort(),
    [child.id, grand.id].sort(),
  );
  const e = tree.body.role_assignments[0];
  assert.equal(e.user.id, u);
  assert.match(e.links.membership, new RegExp(`/v3/groups/${g}/users/${u}$`));
  assert.match(
    e.links.assignment,
    new RegExp(`/v3/OS-INHERIT/projects/${parent.id}/groups/${g}/roles/${member}/inherited_to_projects$`),
  );
  const noProject = await t.request('GET', `${V3}/role_assignments?include_subtree`, { token: admin });
  assert.equal(noProject.status, 400);
  assert.equal(noProject.body.error.message, 'scope.project.id must be specified if include_subtree is also specified');
  assert.equal((await t.request('DELETE', url, { token: admin })).status, 204);
  assert.equal((await login(u, { project: { id: child.id } })).status, 401);
});

test('a member cannot grant on the system or to inherit (403); nothing is stored', async () => {
  const u = await newUser('sec-sys');
  const sys = await t.request('PUT', `${V3}/system/users/${u}/roles/${member}`, { token: demo });
  assert.equal(sys.status, 403);
  assert.equal(
    sys.body.error.message,
    'You are not authorized to perform the requested action: identity:create_system_grant_for_user.',
  );
  const inh = await t.request(
    'PUT',
    `${V3}/OS-INHERIT/domains/default/users/${u}/roles/${member}/inherited_to_projects`,
    {
      token: demo,
    },
  );
  assert.equal(inh.status, 403);
  const db = t.rt.store.db;
  assert.equal(
    (await db.selectFrom('system_role_assignments').selectAll().where('user_id', '=', u).execute()).length,
    0,
  );
  assert.equal(
    (await db.selectFrom('inherited_role_assignments').selectAll().where('user_id', '=', u).execute()).length,
    0,
  );
});

test('concurrent identical system grants: one row', async () => {
  const u = await newUser('sys-race');
  const results = await Promise.all(
    Array.from({ length: 6 }, () => t.request('PUT', `${V3}/system/users/${u}/roles/${member}`, { token: admin })),
  );
  assert.ok(results.every((r) => r.status === 204));
  const rows = await t.rt.store.db.selectFrom('system_role_assignments').selectAll().where('user_id', '=', u).execute();
  assert.equal(rows.length, 1);
});
