/**
 * /v3/policies and /v3/OS-EP-FILTER (endpoint groups, their projects, project endpoints).
 * Bodies and messages are the real Keystone (Zed) answers.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../helpers/app.js';

let t: TestApp;
let admin: string;
let demo: string;
let demoProject: string;
before(async () => {
  t = await startTestApp({}, { agent: false });
  admin = await t.tokenFor('admin');
  demo = await t.tokenFor('demo');
  demoProject = (
    await t.rt.store.db.selectFrom('projects').select('id').where('name', '=', 'demo').executeTakeFirstOrThrow()
  ).id;
});
after(async () => {
  await t.close();
});

const V3 = '/identity/v3';
const req = (method: string, url: string, body?: unknown, token = admin) => t.request(method, url, { token, body });

test('policies: create, show, list by type, update, delete; blob and extras as stored', async () => {
  const res = await req('POST', `${V3}/policies`, { policy: { blob: '{"a": 1}', type: 'application/json', x: 1 } });
  assert.equal(res.status, 201);
  const p = res.body.policy;
  assert.deepEqual({ blob: p.blob, type: p.type, x: p.x }, { blob: '{"a": 1}', type: 'application/json', x: 1 });
  assert.match(p.links.self, new RegExp(`/identity/v3/policies/${p.id}$`));
  assert.equal((await req('POST', `${V3}/policies`, { policy: { type: 't' } })).status, 400);
  assert.equal((await req('GET', `${V3}/policies/${p.id}`)).body.policy.blob, '{"a": 1}');
  assert.deepEqual((await req('GET', `${V3}/policies?type=other`)).body.policies, []);
  assert.equal((await req('GET', `${V3}/policies?type=application/json`)).body.policies.length, 1);
  const upd = await req('PATCH', `${V3}/policies/${p.id}`, { policy: { blob: 'b2', y: 2 } });
  assert.deepEqual(
    { blob: upd.body.policy.blob, x: upd.body.policy.x, y: upd.body.policy.y },
    { blob: 'b2', x: 1, y: 2 },
  );
  assert.equal((await req('PATCH', `${V3}/policies/${p.id}`, { policy: {} })).status, 400);
  assert.equal((await req('DELETE', `${V3}/policies/${p.id}`)).status, 204);
  const gone = await req('GET', `${V3}/policies/${p.id}`);
  assert.equal(gone.status, 404);
  assert.equal(gone.body.error.message, `Could not find policy: ${p.id}.`);
  const denied = await req('GET', `${V3}/policies`, undefined, demo);
  assert.equal(denied.status, 403);
  assert.equal(
    denied.body.error.message,
    'You are not authorized to perform the requested action: identity:list_policies.',
  );
});

test('endpoint groups: CRUD, filters checked, endpoints matched, project associations', async () => {
  const base = `${V3}/OS-EP-FILTER/endpoint_groups`;
  const bogus = await req('POST', base, { endpoint_group: { name: 'eg', filters: { bogus: 'x' } } });
  assert.equal(bogus.status, 400);
  assert.match(bogus.body.error.message, /^Expecting to find service_id or region_id or interface in endpoint_group\./);
  const empty = await req('POST', base, { endpoint_group: { name: 'eg', filters: {} } });
  assert.equal(empty.status, 400);
  assert.equal(empty.body.error.message, 'filters field is required and cannot be empty');
  const res = await req('POST', base, {
    endpoint_group: { name: 'eg', filters: { interface: 'public' }, description: 'd' },
  });
  assert.equal(res.status, 201);
  const g = res.body.endpoint_group;
  assert.deepEqual(
    { name: g.name, description: g.description, filters: g.filters },
    { name: 'eg', description: 'd', filters: { interface: 'public' } },
  );
  assert.match(g.links.self, new RegExp(`/identity/v3/OS-EP-FILTER/endpoint_groups/${g.id}$`));
  assert.equal((await req('GET', `${base}?name=eg`)).body.endpoint_groups.length, 1);
  const eps = await req('GET', `${base}/${g.id}/endpoints`);
  assert.equal(eps.status, 200);
  assert.ok(eps.body.endpoints.length > 0);
  assert.ok(eps.body.endpoints.every((e: { interface: string }) => e.interface === 'public'));
  const upd = await req('PATCH', `${base}/${g.id}`, { endpoint_group: { filters: { interface: 'admin' } } });
  assert.deepEqual(upd.body.endpoint_group.filters, { interface: 'admin' });

  // association with a project
  const assoc = `${base}/${g.id}/projects/${demoProject}`;
  const none = await req('GET', assoc);
  assert.equal(none.status, 404);
  assert.equal(none.body.error.message, 'Endpoint Group Project Association not found');
  assert.equal((await req('PUT', assoc)).status, 204);
  assert.equal((await req('PUT', assoc)).status, 204);
  const shown = await req('GET', assoc);
  assert.equal(shown.status, 200);
  assert.equal(shown.body.project_endpoint_group.project_id, demoProject);
  const projects = await req('GET', `${base}/${g.id}/projects`);
  assert.deepEqual(
    projects.body.projects.map((p: { id: string }) => p.id),
    [demoProject],
  );
  const forProject = await req('GET', `${V3}/OS-EP-FILTER/projects/${demoProject}/endpoint_groups`);
  assert.deepEqual(
    forProject.body.endpoint_groups.map((x: { id: string }) => x.id),
    [g.id],
  );
  // the project's endpoints come through the group
  const pe = await req('GET', `${V3}/OS-EP-FILTER/projects/${demoProject}/endpoints`);
  assert.ok(pe.body.endpoints.length > 0);
  assert.ok(pe.body.endpoints.every((e: { interface: string }) => e.interface === 'admin'));
  assert.equal((await req('PUT', `${base}/${g.id}/projects/nope`)).status, 404);
  assert.equal((await req('DELETE', assoc)).status, 204);
  assert.equal((await req('DELETE', assoc)).status, 404);
  assert.equal((await req('DELETE', `${base}/${g.id}`)).status, 204);
  const gone = await req('GET', `${base}/${g.id}`);
  assert.equal(gone.status, 404);
  assert.equal(gone.body.error.message, `Could not find Endpoint Group: ${g.id}.`);
  assert.equal((await req('GET', base, undefined, demo)).status, 403);
});

test('project endpoints: associate, check, list both ways, remove', async () => {
  const endpoint = (await req('GET', `${V3}/endpoints?interface=internal`)).body.endpoints[0].id as string;
  const url = `${V3}/OS-EP-FILTER/projects/${demoProject}/endpoints/${endpoint}`;
  const missing = await req('GET', url);
  assert.equal(missing.status, 404);
  assert.equal(missing.body.error.message, `Endpoint ${endpoint} not found in project ${demoProject}`);
  assert.equal((await req('PUT', url)).status, 204);
  assert.equal((await req('GET', url)).status, 204);
  const list = await req('GET', `${V3}/OS-EP-FILTER/projects/${demoProject}/endpoints`);
  assert.deepEqual(
    list.body.endpoints.map((e: { id: string }) => e.id),
    [endpoint],
  );
  const projects = await req('GET', `${V3}/OS-EP-FILTER/endpoints/${endpoint}/projects`);
  assert.deepEqual(
    projects.body.projects.map((p: { id: string }) => p.id),
    [demoProject],
  );
  const badEndpoint = await req('PUT', `${V3}/OS-EP-FILTER/projects/${demoProject}/endpoints/nope`);
  assert.equal(badEndpoint.status, 404);
  assert.equal(badEndpoint.body.error.message, 'Could not find endpoint: nope.');
  assert.equal((await req('PUT', `${V3}/OS-EP-FILTER/projects/nope/endpoints/${endpoint}`)).status, 404);
  assert.equal((await req('DELETE', url)).status, 204);
  assert.equal((await req('DELETE', url)).status, 404);
});
