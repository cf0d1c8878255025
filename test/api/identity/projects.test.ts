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

test('POST /v3/projects → 201 with the Keystone project body, stored in the default domain', async () => {
  const res = await t.request('POST', `${V3}/projects`, {
    token: admin,
    body: { project: { name: 'p-create', description: 'first', enabled: true } },
  });
  assert.equal(res.status, 201);
  const p = res.body.project;
  assert.match(p.id, /^[0-9a-f]{32}$/);
  assert.equal(p.name, 'p-create');
  assert.equal(p.domain_id, 'default');
  assert.equal(p.description, 'first');
  assert.equal(p.enabled, true);
  assert.equal(p.parent_id, 'default');
  assert.equal(p.is_domain, false);
  assert.deepEqual(p.tags, []);
  assert.deepEqual(p.options, {});
  assert.match(p.links.self, new RegExp(`/identity/v3/projects/${p.id}$`));
  const row = await t.rt.store.db.selectFrom('projects').selectAll().where('id', '=', p.id).executeTakeFirstOrThrow();
  assert.equal(row.name, 'p-create');
  assert.equal(row.enabled, 1);
});

test('a second project with the same name in the domain → 409 Keystone conflict', async () => {
  await t.request('POST', `${V3}/projects`, { token: admin, body: { project: { name: 'p-dup' } } });
  const res = await t.request('POST', `${V3}/projects`, { token: admin, body: { project: { name: 'p-dup' } } });
  assert.equal(res.status, 409);
  assert.equal(res.body.error.title, 'Conflict');
  // the real Keystone (Zed) rewords the store's conflict for projects, naming the id it tried
  assert.match(
    res.body.error.message,
    /^Conflict occurred attempting to store project - it is not permitted to have two projects with either the same name or same id in the same domain: name is p-dup, project id [0-9a-f]{32}\.$/,
  );
});

test('malformed project bodies → 400', async () => {
  for (const body of [
    {},
    { project: {} },
    { project: { name: '' } },
    { project: { name: 'x', enabled: 'yes' } },
    { project: 'x' },
  ]) {
    const res = await t.request('POST', `${V3}/projects`, { token: admin, body });
    assert.equal(res.status, 400, JSON.stringify(body));
    assert.equal(res.body.error.code, 400);
    assert.equal(res.body.error.title, 'Bad Request');
  }
  const bad = await t.request('POST', `${V3}/projects`, {
    token: admin,
    payload: '{"project":',
    headers: { 'content-type': 'application/json' },
  });
  assert.equal(bad.status, 400);
  const domain = await t.request('POST', `${V3}/projects`, {
    token: admin,
    body: { project: { name: 'p-nodomain', domain_id: 'nope' } },
  });
  // keystone/api/projects.py turns DomainNotFound into a 400 ValidationError at create
  assert.equal(domain.status, 400);
  assert.equal(domain.body.error.message, 'Could not find domain: nope.');
});

test('GET /v3/projects lists with links and filters by name, domain_id and enabled', async () => {
  const created = (
    await t.request('POST', `${V3}/projects`, { token: admin, body: { project: { name: 'p-list', enabled: false } } })
  ).body.project;
  const all = await t.request('GET', `${V3}/projects`, { token: admin });
  assert.equal(all.status, 200);
  const names = all.body.projects.map((p: { name: string }) => p.name);
  for (const n of ['admin', 'demo', 'service', 'p-list']) assert.ok(names.includes(n), n);
  assert.deepEqual(Object.keys(all.body.links).sort(), ['next', 'previous', 'self']);
  assert.equal(all.body.links.previous, null);
  assert.match(all.body.links.self, /\/identity\/v3\/projects$/);
  const byName = await t.request('GET', `${V3}/projects?name=p-list`, { token: admin });
  assert.deepEqual(
    byName.body.projects.map((p: { id: string }) => p.id),
    [created.id],
  );
  assert.equal(byName.body.projects[0].enabled, false);
  const disabled = await t.request('GET', `${V3}/projects?enabled=false`, { token: admin });
  assert.ok(disabled.body.projects.every((p: { enabled: boolean }) => p.enabled === false));
  assert.ok(disabled.body.projects.some((p: { id: string }) => p.id === created.id));
  // is_domain=true lists the domains (projects acting as domains), never a plain project
  const domainsAsProjects = (await t.request('GET', `${V3}/projects?is_domain=true`, { token: admin })).body.projects;
  assert.ok(domainsAsProjects.every((p: { is_domain: boolean }) => p.is_domain === true));
  const defaultDomain = domainsAsProjects.find((p: { id: string }) => p.id === 'default');
  assert.equal(defaultDomain.domain_id, null);
  assert.equal(defaultDomain.parent_id, null);
  assert.equal(defaultDomain.name, 'Default');
  assert.ok((await t.request('GET', `${V3}/projects?is_domain=false`, { token: admin })).body.projects.length >= 4);
  const otherDomain = await t.request('GET', `${V3}/projects?domain_id=elsewhere`, { token: admin });
  assert.deepEqual(otherDomain.body.projects, []);
});

test('GET /v3/projects/{id} by a name answers 404 (OSC then lists with ?name=)', async () => {
  const res = await t.request('GET', `${V3}/projects/no-such-project`, { token: admin });
  assert.equal(res.status, 404);
  assert.deepEqual(res.body, {
    error: { code: 404, title: 'Not Found', message: 'Could not find project: no-such-project.' },
  });
});

test('PATCH /v3/projects/{id} updates name, description and enabled; DELETE removes it', async () => {
  const p = (await t.request('POST', `${V3}/projects`, { token: admin, body: { project: { name: 'p-upd' } } })).body
    .project;
  const upd = await t.request('PATCH', `${V3}/projects/${p.id}`, {
    token: admin,
    body: { project: { name: 'p-upd2', description: 'd', enabled: false } },
  });
  assert.equal(upd.status, 200);
  assert.equal(upd.body.project.name, 'p-upd2');
  assert.equal(upd.body.project.description, 'd');
  assert.equal(upd.body.project.enabled, false);
  const show = await t.request('GET', `${V3}/projects/${p.id}`, { token: admin });
  assert.equal(show.body.project.name, 'p-upd2');
  const empty = await t.request('PATCH', `${V3}/projects/${p.id}`, { token: admin, body: { project: {} } });
  assert.equal(empty.status, 400);
  const clash = await t.request('PATCH', `${V3}/projects/${p.id}`, {
    token: admin,
    body: { project: { name: 'demo' } },
  });
  assert.equal(clash.status, 409);
  const del = await t.request('DELETE', `${V3}/projects/${p.id}`, { token: admin });
  assert.equal(del.status, 204);
  assert.equal((await t.request('GET', `${V3}/projects/${p.id}`, { token: admin })).status, 404);
  assert.equal((await t.request('DELETE', `${V3}/projects/${p.id}`, { token: admin })).status, 404);
  assert.equal(
    (await t.request('PATCH', `${V3}/projects/${p.id}`, { token: admin, body: { project: { name: 'x' } } })).status,
    404,
  );
});

test('non-admin callers get Keystone 403s; members may read their own project; no token → 401', async () => {
  const list = await t.request('GET', `${V3}/projects`, { token: demo });
  assert.equal(list.status, 403);
  assert.deepEqual(list.body, {
    error: {
      code: 403,
      title: 'Forbidden',
      message: 'You are not authorized to perform the requested action: identity:list_projects.',
    },
  });
  const create = await t.request('POST', `${V3}/projects`, { token: demo, body: { project: { name: 'nope' } } });
  assert.equal(create.status, 403);
  assert.equal(
    create.body.error.message,
    'You are not authorized to perform the requested action: identity:create_project.',
  );
  const demoProject = await t.rt.store.db
    .selectFrom('projects')
    .select('id')
    .where('name', '=', 'demo')
    .executeTakeFirstOrThrow();
  const adminProject = await t.rt.store.db
    .selectFrom('projects')
    .select('id')
    .where('name', '=', 'admin')
    .executeTakeFirstOrThrow();
  assert.equal((await t.request('GET', `${V3}/projects/${demoProject.id}`, { token: demo })).status, 200);
  assert.equal((await t.request('GET', `${V3}/projects/${adminProject.id}`, { token: demo })).status, 403);
  const anon = await t.request('GET', `${V3}/projects`);
  assert.equal(anon.status, 401);
  assert.ok(anon.headers['www-authenticate']);
});

test('deleting a project refuses the tokens scoped to it', async () => {
  const p = (await t.request('POST', `${V3}/projects`, { token: admin, body: { project: { name: 'p-gone' } } })).body
    .project;
  const adminUser = await t.rt.store.db
    .selectFrom('users')
    .select('id')
    .where('name', '=', 'admin')
    .executeTakeFirstOrThrow();
  const member = await t.rt.store.db
    .selectFrom('roles')
    .select('id')
    .where('name', '=', 'member')
    .executeTakeFirstOrThrow();
  assert.equal(
    (await t.request('PUT', `${V3}/projects/${p.id}/users/${adminUser.id}/roles/${member.id}`, { token: admin }))
      .status,
    204,
  );
  const scoped = await t.tokenFor('admin', 'p-gone');
  assert.equal((await t.request('GET', `${V3}/auth/projects`, { token: scoped })).status, 200);
  assert.equal((await t.request('DELETE', `${V3}/projects/${p.id}`, { token: admin })).status, 204);
  assert.equal((await t.request('GET', `${V3}/auth/projects`, { token: scoped })).status, 401);
  const left = await t.rt.store.db.selectFrom('role_assignments').select('id').where('project_id', '=', p.id).execute();
  assert.deepEqual(left, []);
});

test('PATCH cannot move a project to another domain or parent; a project with children cannot be deleted', async () => {
  const parent = (await t.request('POST', `${V3}/projects`, { token: admin, body: { project: { name: 'p-parent' } } }))
    .body.project;
  const child = await t.request('POST', `${V3}/projects`, {
    token: admin,
    body: { project: { name: 'p-child', parent_id: parent.id } },
  });
  assert.equal(child.status, 201);
  assert.equal(child.body.project.parent_id, parent.id);
  assert.equal(child.body.project.domain_id, 'default');
  const moved = await t.request('PATCH', `${V3}/projects/${parent.id}`, {
    token: admin,
    body: { project: { domain_id: 'other' } },
  });
  assert.equal(moved.status, 400);
  assert.equal(moved.body.error.message, 'Update of `domain_id` is not allowed.');
  const reparent = await t.request('PATCH', `${V3}/projects/${child.body.project.id}`, {
    token: admin,
    body: { project: { parent_id: 'default' } },
  });
  assert.equal(reparent.body.error.message, 'Update of `parent_id` is not allowed.');
  const same = await t.request('PATCH', `${V3}/projects/${parent.id}`, {
    token: admin,
    body: { project: { domain_id: 'default', description: 'ok' } },
  });
  assert.equal(same.status, 200);
  const del = await t.request('DELETE', `${V3}/projects/${parent.id}`, { token: admin });
  assert.equal(del.status, 403);
  assert.match(del.body.error.message, /since it is not a leaf in the hierarchy/);
  assert.equal((await t.request('DELETE', `${V3}/projects/${child.body.project.id}`, { token: admin })).status, 204);
  assert.equal((await t.request('DELETE', `${V3}/projects/${parent.id}`, { token: admin })).status, 204);
  const orphan = await t.request('POST', `${V3}/projects`, {
    token: admin,
    body: { project: { name: 'p-orphan', parent_id: 'nope' } },
  });
  assert.equal(orphan.status, 400);
  assert.equal(orphan.body.error.message, 'Could not find project: nope.');
});

test('disabling a project refuses the tokens scoped to it and new logins to it', async () => {
  const p = (await t.request('POST', `${V3}/projects`, { token: admin, body: { project: { name: 'p-off' } } })).body
    .project;
  const adminUser = await t.rt.store.db
    .selectFrom('users')
    .select('id')
    .where('name', '=', 'admin')
    .executeTakeFirstOrThrow();
  const member = await t.rt.store.db
    .selectFrom('roles')
    .select('id')
    .where('name', '=', 'member')
    .executeTakeFirstOrThrow();
  await t.request('PUT', `${V3}/projects/${p.id}/users/${adminUser.id}/roles/${member.id}`, { token: admin });
  const scoped = await t.tokenFor('admin', 'p-off');
  assert.equal((await t.request('GET', `${V3}/auth/projects`, { token: scoped })).status, 200);
  assert.equal(
    (await t.request('PATCH', `${V3}/projects/${p.id}`, { token: admin, body: { project: { enabled: false } } }))
      .status,
    200,
  );
  assert.equal((await t.request('GET', `${V3}/auth/projects`, { token: scoped })).status, 401);
  const login = await t.request('POST', `${V3}/auth/tokens`, {
    body: {
      auth: {
        identity: {
          methods: ['password'],
          password: { user: { name: 'admin', domain: { id: 'default' }, password: 'secret' } },
        },
        scope: { project: { id: p.id } },
      },
    },
  });
  assert.equal(login.status, 401);
  // the admin's own token still works, and the disabled project is not offered for scoping
  const offered = await t.request('GET', `${V3}/auth/projects`, { token: admin });
  assert.ok(!offered.body.projects.some((x: { id: string }) => x.id === p.id));
});

test('a project acting as a domain: create, show, list, update, delete through /v3/projects', async () => {
  const created = await t.request('POST', `${V3}/projects`, {
    token: admin,
    body: { project: { name: 'pad-1', description: 'as a domain', domain_id: null, is_domain: true } },
  });
  assert.equal(created.status, 201);
  const p = created.body.project;
  assert.equal(p.is_domain, true);
  assert.equal(p.domain_id, null);
  assert.equal(p.parent_id, null);
  assert.equal(p.enabled, true);
  assert.match(p.links.self, new RegExp(`/v3/projects/${p.id}$`));
  // it is a domain: the domain API shows it, and the store holds it as one
  const asDomain = await t.request('GET', `${V3}/domains/${p.id}`, { token: admin });
  assert.equal(asDomain.status, 200);
  assert.equal(asDomain.body.domain.name, 'pad-1');
  assert.equal(asDomain.body.domain.description, 'as a domain');
  assert.ok(
    (await t.request('GET', `${V3}/domains`, { token: admin })).body.domains.some((d: { id: string }) => d.id === p.id),
  );
  assert.equal((await t.rt.store.db.selectFrom('projects').select('id').where('id', '=', p.id).execute()).length, 0);
  const shown = await t.request('GET', `${V3}/projects/${p.id}`, { token: admin });
  assert.deepEqual(shown.body.project, p);
  const listed = await t.request('GET', `${V3}/projects?is_domain=true&name=pad-1`, { token: admin });
  assert.deepEqual(listed.body.projects, [p]);
  const plain = await t.request('GET', `${V3}/projects`, { token: admin });
  assert.ok(!plain.body.projects.some((x: { id: string }) => x.id === p.id));
  // a domain's name is unique among domains; a project acting as a domain must be a root
  const dup = await t.request('POST', `${V3}/projects`, {
    token: admin,
    body: { project: { name: 'pad-1', is_domain: true } },
  });
  assert.equal(dup.status, 409);
  const child = await t.request('POST', `${V3}/projects`, {
    token: admin,
    body: { project: { name: 'pad-2', is_domain: true, parent_id: p.id } },
  });
  assert.deepEqual(child.body.error, {
    code: 400,
    title: 'Bad Request',
    message: 'only root projects are allowed to act as domains.',
  });
  // a project in it
  const inner = await t.request('POST', `${V3}/projects`, {
    token: admin,
    body: { project: { name: 'pad-in', domain_id: p.id } },
  });
  assert.equal(inner.status, 201);
  assert.equal(inner.body.project.parent_id, p.id);
  // update: is_domain cannot change; enabled/name/description go to the domain
  const flip = await t.request('PATCH', `${V3}/projects/${p.id}`, {
    token: admin,
    body: { project: { is_domain: false } },
  });
  assert.equal(flip.status, 400);
  assert.equal(flip.body.error.message, 'Update of `is_domain` is not allowed.');
  const enabledDelete = await t.request('DELETE', `${V3}/projects/${p.id}`, { token: admin });
  assert.equal(enabledDelete.status, 403);
  assert.equal(enabledDelete.body.error.message, 'Cannot delete a domain that is enabled, please disable it first.');
  const disabled = await t.request('PATCH', `${V3}/projects/${p.id}`, {
    token: admin,
    body: { project: { enabled: false, description: 'off' } },
  });
  assert.equal(disabled.status, 200);
  assert.equal(disabled.body.project.enabled, false);
  assert.equal(disabled.body.project.is_domain, true);
  assert.equal((await t.request('GET', `${V3}/domains/${p.id}`, { token: admin })).body.domain.enabled, false);
  assert.equal((await t.request('DELETE', `${V3}/projects/${p.id}`, { token: admin })).status, 204);
  assert.equal((await t.request('GET', `${V3}/domains/${p.id}`, { token: admin })).status, 404);
  assert.equal((await t.request('GET', `${V3}/projects/${inner.body.project.id}`, { token: admin })).status, 404);
  assert.equal((await t.request('GET', `${V3}/projects/${p.id}`, { token: admin })).status, 404);
});
