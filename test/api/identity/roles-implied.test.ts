/**
 * Role inference rules and domain-specific roles: the API (bodies, codes and texts of Keystone
 * Zed), the rows, and their effect on tokens and on effective role assignments.
 */
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
const newRole = async (name: string, domainId?: string) => {
  const res = await t.request('POST', `${V3}/roles`, {
    token: admin,
    body: { role: { name, ...(domainId ? { domain_id: domainId } : {}) } },
  });
  assert.equal(res.status, 201, res.text);
  return res.body.role as { id: string; name: string; domain_id: string | null };
};
const newProject = async (name: string, domainId = 'default') => {
  const res = await t.request('POST', `${V3}/projects`, {
    token: admin,
    body: { project: { name, domain_id: domainId } },
  });
  assert.equal(res.status, 201, res.text);
  return res.body.project as { id: string };
};
const newUser = async (name: string, domainId = 'default') => {
  const res = await t.request('POST', `${V3}/users`, {
    token: admin,
    body: { user: { name, password: 'secret', domain_id: domainId } },
  });
  assert.equal(res.status, 201, res.text);
  return res.body.user as { id: string };
};
const rules = () => t.rt.store.db.selectFrom('implied_roles').selectAll().execute();
const roleNames = (tok: { roles: Array<{ name: string }> }) => tok.roles.map((r) => r.name).sort();

test('implied role rule: create 201 with Keystone body, check 204, show, list, delete; 404/409 texts', async () => {
  const a = await newRole('imp-a');
  const b = await newRole('imp-b');
  const put = await t.request('PUT', `${V3}/roles/${a.id}/implies/${b.id}`, { token: admin });
  assert.equal(put.status, 201, put.text);
  const inference = put.body.role_inference;
  assert.deepEqual(inference.prior_role, {
    id: a.id,
    links: { self: `http://localhost:80/identity/v3/roles/${a.id}` },
    name: 'imp-a',
  });
  assert.equal(inference.implies.id, b.id);
  assert.equal(inference.implies.name, 'imp-b');
  assert.match(put.body.links.self, new RegExp(`/v3/roles/${a.id}/implies/${b.id}$`));
  assert.ok((await rules()).some((r) => r.prior_role_id === a.id && r.implied_role_id === b.id));

  const again = await t.request('PUT', `${V3}/roles/${a.id}/implies/${b.id}`, { token: admin });
  assert.equal(again.status, 409);
  assert.equal(again.body.error.message, 'Conflict occurred attempting to store implied_role - Duplicate entry.');
  const head = await t.request('HEAD', `${V3}/roles/${a.id}/implies/${b.id}`, { token: admin });
  assert.equal(head.status, 204);
  const show = await t.request('GET', `${V3}/roles/${a.id}/implies/${b.id}`, { token: admin });
  assert.equal(show.status, 200);
  assert.equal(show.body.role_inference.implies.id, b.id);
  const list = await t.request('GET', `${V3}/roles/${a.id}/implies`, { token: admin });
  assert.equal(list.status, 200);
  assert.deepEqual(
    list.body.role_inference.implies.map((r: { id: string }) => r.id),
    [b.id],
  );
  assert.match(list.body.links.self, new RegExp(`/v3/roles/${a.id}/implies$`));
  const all = await t.request('GET', `${V3}/role_inferences`, { token: admin });
  assert.equal(all.status, 200);
  const mine = all.body.role_inferences.find((r: { prior_role: { id: string } }) => r.prior_role.id === a.id);
  assert.deepEqual(
    mine.implies.map((r: { id: string }) => r.id),
    [b.id],
  );
  // the seeded rules of keystone-manage bootstrap are there too
  assert.ok(
    all.body.role_inferences.some(
      (r: { prior_role: { name: string }; implies: Array<{ name: string }> }) =>
        r.prior_role.name === 'admin' && r.implies.some((i) => i.name === 'member'),
    ),
  );

  assert.equal((await t.request('DELETE', `${V3}/roles/${a.id}/implies/${b.id}`, { token: admin })).status, 204);
  assert.ok(!(await rules()).some((r) => r.prior_role_id === a.id));
  const gone = await t.request('GET', `${V3}/roles/${a.id}/implies/${b.id}`, { token: admin });
  assert.equal(gone.status, 404);
  assert.equal(gone.body.error.message, `${a.id} does not imply ${b.id}.`);
  assert.equal((await t.request('DELETE', `${V3}/roles/${a.id}/implies/${b.id}`, { token: admin })).status, 404);
  const unknown = await t.request('PUT', `${V3}/roles/${a.id}/implies/nope`, { token: admin });
  assert.equal(unknown.status, 404);
  assert.equal(unknown.body.error.message, 'Could not find role: nope.');
  assert.equal((await t.request('GET', `${V3}/roles/nope/implies`, { token: admin })).status, 404);
});

test('rules Keystone refuses: implying admin, a global role implying a domain role (403); domain → global is fine', async () => {
  const g = await newRole('imp-global');
  const d1 = await newRole('imp-dom1', 'default');
  const d2 = await newRole('imp-dom2', 'default');
  const adminRole = (await t.request('GET', `${V3}/roles?name=admin`, { token: admin })).body.roles[0];
  const toAdmin = await t.request('PUT', `${V3}/roles/${g.id}/implies/${adminRole.id}`, { token: admin });
  assert.equal(toAdmin.status, 403);
  assert.equal(toAdmin.body.error.message, `${adminRole.id} cannot be an implied roles.`);
  assert.equal((await t.request('PUT', `${V3}/roles/${g.id}/implies/${d1.id}`, { token: admin })).status, 403);
  assert.equal((await t.request('PUT', `${V3}/roles/${d1.id}/implies/${d2.id}`, { token: admin })).status, 201);
  assert.equal((await t.request('PUT', `${V3}/roles/${d1.id}/implies/${g.id}`, { token: admin })).status, 201);
});

test('a token carries the implied roles, transitively and through a cycle; removing a rule drops them', async () => {
  const [a, b, c] = [await newRole('chain-a'), await newRole('chain-b'), await newRole('chain-c')];
  const p = await newProject('chain-p');
  const u = await newUser('chain-u');
  await t.request('PUT', `${V3}/projects/${p.id}/users/${u.id}/roles/${a.id}`, { token: admin });
  for (const [x, y] of [
    [a, b],
    [b, c],
    [c, a],
  ] as const)
    assert.equal((await t.request('PUT', `${V3}/roles/${x.id}/implies/${y.id}`, { token: admin })).status, 201);
  const login = await t.request('POST', `${V3}/auth/tokens`, {
    body: {
      auth: {
        identity: { methods: ['password'], password: { user: { id: u.id, password: 'secret' } } },
        scope: { project: { id: p.id } },
      },
    },
  });
  assert.equal(login.status, 201, login.text);
  assert.deepEqual(roleNames(login.body.token), ['chain-a', 'chain-b', 'chain-c']);
  const tok = login.headers['x-subject-token'] as string;
  const eff = await t.request('GET', `${V3}/role_assignments?effective&user.id=${u.id}&scope.project.id=${p.id}`, {
    token: admin,
  });
  assert.deepEqual(
    eff.body.role_assignments.map((e: { role: { id: string } }) => e.role.id).sort(),
    [a.id, b.id, c.id].sort(),
  );
  const fromB = eff.body.role_assignments.find((e: { role: { id: string } }) => e.role.id === c.id);
  assert.match(fromB.links.assignment, new RegExp(`/projects/${p.id}/users/${u.id}/roles/${b.id}$`));

  assert.equal((await t.request('DELETE', `${V3}/roles/${a.id}/implies/${b.id}`, { token: admin })).status, 204);
  const after = await t.request('GET', `${V3}/auth/tokens`, { token: admin, headers: { 'x-subject-token': tok } });
  assert.equal(after.status, 200);
  assert.deepEqual(roleNames(after.body.token), ['chain-a']);
});

test('concurrent identical rules: exactly one 201, the others 409', async () => {
  const [a, b] = [await newRole('race-a'), await newRole('race-b')];
  const results = await Promise.all(
    Array.from({ length: 6 }, () => t.request('PUT', `${V3}/roles/${a.id}/implies/${b.id}`, { token: admin })),
  );
  assert.deepEqual(results.map((r) => r.status).sort(), [201, 409, 409, 409, 409, 409]);
  assert.equal((await rules()).filter((r) => r.prior_role_id === a.id).length, 1);
});

test('domain-specific roles: name unique per domain, listed with ?domain_id=, domain_id immutable', async () => {
  const dom = (await t.request('POST', `${V3}/domains`, { token: admin, body: { domain: { name: 'dr-dom' } } })).body
    .domain;
  const inDefault = await newRole('same-name', 'default');
  assert.equal(inDefault.domain_id, 'default');
  const elsewhere = await newRole('same-name', dom.id);
  const global = await newRole('same-name');
  assert.equal(global.domain_id, null);
  const dup = await t.request('POST', `${V3}/roles`, {
    token: admin,
    body: { role: { name: 'same-name', domain_id: dom.id } },
  });
  assert.equal(dup.status, 409);
  assert.equal(
    dup.body.error.message,
    `Conflict occurred attempting to store role - Duplicate entry found with name same-name at domain ID ${dom.id}.`,
  );
  const listed = await t.request('GET', `${V3}/roles?domain_id=${dom.id}`, { token: admin });
  assert.deepEqual(
    listed.body.roles.map((r: { id: string }) => r.id),
    [elsewhere.id],
  );
  const globals = await t.request('GET', `${V3}/roles?name=same-name`, { token: admin });
  assert.deepEqual(
    globals.body.roles.map((r: { id: string }) => r.id),
    [global.id],
  );
  const move = await t.request('PATCH', `${V3}/roles/${inDefault.id}`, {
    token: admin,
    body: { role: { domain_id: dom.id } },
  });
  assert.equal(move.status, 400);
  assert.equal(move.body.error.message, 'Update of `domain_id` is not allowed.');
  assert.equal(
    (await t.request('PATCH', `${V3}/roles/${inDefault.id}`, { token: admin, body: { role: { name: 'renamed' } } }))
      .status,
    200,
  );
});

test('a domain role is granted on its domain’s projects only; tokens carry what it implies, never itself', async () => {
  const dom = (await t.request('POST', `${V3}/domains`, { token: admin, body: { domain: { name: 'dr-grant' } } })).body
    .domain;
  const dRole = await newRole('dr-role', 'default');
  const otherProject = await newProject('dr-other', dom.id);
  const p = await newProject('dr-p');
  const u = await newUser('dr-u');
  const mismatch = await t.request('PUT', `${V3}/projects/${otherProject.id}/users/${u.id}/roles/${dRole.id}`, {
    token: admin,
  });
  assert.equal(mismatch.status, 403);
  assert.equal(
    mismatch.body.error.message,
    `Project ${otherProject.id} must be in the same domain as the role ${dRole.id} being assigned.`,
  );
  assert.equal(
    (await t.request('PUT', `${V3}/projects/${p.id}/users/${u.id}/roles/${dRole.id}`, { token: admin })).status,
    204,
  );
  const auth = () =>
    t.request('POST', `${V3}/auth/tokens`, {
      body: {
        auth: {
          identity: { methods: ['password'], password: { user: { id: u.id, password: 'secret' } } },
          scope: { project: { id: p.id } },
        },
      },
    });
  // the domain role alone gives no role in a token
  assert.equal((await auth()).status, 401);
  const eff = await t.request('GET', `${V3}/role_assignments?effective&user.id=${u.id}`, { token: admin });
  assert.deepEqual(eff.body.role_assignments, []);
  const direct = await t.request('GET', `${V3}/role_assignments?user.id=${u.id}&include_names`, { token: admin });
  assert.deepEqual(direct.body.role_assignments[0].role, {
    id: dRole.id,
    name: 'dr-role',
    domain: { id: 'default', name: 'Default' },
  });
  const member = (await t.request('GET', `${V3}/roles?name=member`, { token: admin })).body.roles[0];
  assert.equal((await t.request('PUT', `${V3}/roles/${dRole.id}/implies/${member.id}`, { token: admin })).status, 201);
  const login = await auth();
  assert.equal(login.status, 201, login.text);
  assert.deepEqual(roleNames(login.body.token), ['member', 'reader']);
});

test('a member cannot create roles, rules or grants (403 with the rule name)', async () => {
  const [a, b] = [await newRole('sec-a'), await newRole('sec-b')];
  const rule = await t.request('PUT', `${V3}/roles/${a.id}/implies/${b.id}`, { token: demo });
  assert.equal(rule.status, 403);
  assert.equal(
    rule.body.error.message,
    'You are not authorized to perform the requested action: identity:create_implied_role.',
  );
  assert.equal((await t.request('GET', `${V3}/role_inferences`, { token: demo })).status, 403);
  assert.equal(
    (await t.request('POST', `${V3}/roles`, { token: demo, body: { role: { name: 'x', domain_id: 'default' } } }))
      .status,
    403,
  );
  assert.equal((await rules()).filter((r) => r.prior_role_id === a.id).length, 0);
});
