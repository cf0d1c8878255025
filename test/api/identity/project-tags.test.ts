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

test('tags and extra properties given at create are stored and shown; PATCH replaces tags and merges extras', async () => {
  const res = await t.request('POST', `${V3}/projects`, {
    token: admin,
    body: { project: { name: 'tag-p', tags: ['blue', 'prod'], owner_team: 'infra' } },
  });
  assert.equal(res.status, 201);
  assert.deepEqual(res.body.project.tags, ['blue', 'prod']);
  assert.equal(res.body.project.owner_team, 'infra');
  const id = res.body.project.id;
  const rows = await t.rt.store.db
    .selectFrom('project_tags')
    .select('name')
    .where('project_id', '=', id)
    .orderBy('name')
    .execute();
  assert.deepEqual(
    rows.map((r) => r.name),
    ['blue', 'prod'],
  );
  const upd = await t.request('PATCH', `${V3}/projects/${id}`, {
    token: admin,
    body: { project: { tags: ['green'], cost_center: 7 } },
  });
  assert.deepEqual(upd.body.project.tags, ['green']);
  assert.equal(upd.body.project.owner_team, 'infra');
  assert.equal(upd.body.project.cost_center, 7);
  const shown = await t.request('GET', `${V3}/projects/${id}`, { token: admin });
  assert.deepEqual(shown.body.project.tags, ['green']);
  const bad = await t.request('POST', `${V3}/projects`, {
    token: admin,
    body: { project: { name: 'tag-bad', tags: ['a,b'] } },
  });
  assert.equal(bad.status, 400);
});

test('the tag sub-resource: list, replace, add (201 + Location), check, delete one, delete all', async () => {
  const id = (await t.request('POST', `${V3}/projects`, { token: admin, body: { project: { name: 'tag-sub' } } })).body
    .project.id;
  const empty = await t.request('GET', `${V3}/projects/${id}/tags`, { token: admin });
  assert.equal(empty.status, 200);
  assert.deepEqual(empty.body.tags, []);
  assert.match(empty.body.links.self, new RegExp(`/identity/v3/projects/${id}/tags$`));
  const put = await t.request('PUT', `${V3}/projects/${id}/tags`, { token: admin, body: { tags: ['a', 'b'] } });
  assert.equal(put.status, 200);
  assert.deepEqual(put.body.tags, ['a', 'b']);
  const add = await t.request('PUT', `${V3}/projects/${id}/tags/c`, { token: admin });
  assert.equal(add.status, 201);
  assert.match(String(add.headers.location), new RegExp(`/identity/v3/projects/${id}/tags/c$`));
  assert.equal((await t.request('GET', `${V3}/projects/${id}/tags/c`, { token: admin })).status, 204);
  const missing = await t.request('GET', `${V3}/projects/${id}/tags/zzz`, { token: admin });
  assert.equal(missing.status, 404);
  assert.equal(missing.body.error.message, 'Could not find project tag: zzz.');
  assert.equal((await t.request('PUT', `${V3}/projects/${id}/tags/x,y`, { token: admin })).status, 400);
  assert.equal(
    (await t.request('PUT', `${V3}/projects/${id}/tags`, { token: admin, body: { tags: 'a' } })).status,
    400,
  );
  assert.equal((await t.request('DELETE', `${V3}/projects/${id}/tags/a`, { token: admin })).status, 204);
  assert.equal((await t.request('DELETE', `${V3}/projects/${id}/tags/a`, { token: admin })).status, 404);
  assert.deepEqual((await t.request('GET', `${V3}/projects/${id}/tags`, { token: admin })).body.tags, ['b', 'c']);
  assert.equal((await t.request('DELETE', `${V3}/projects/${id}/tags`, { token: admin })).status, 204);
  assert.deepEqual((await t.request('GET', `${V3}/projects/${id}/tags`, { token: admin })).body.tags, []);
  assert.equal((await t.request('GET', `${V3}/projects/nope/tags`, { token: admin })).status, 404);
});

test('GET /v3/projects filters by tags, tags-any, not-tags and not-tags-any', async () => {
  await t.request('POST', `${V3}/projects`, { token: admin, body: { project: { name: 'f-ab', tags: ['fa', 'fb'] } } });
  await t.request('POST', `${V3}/projects`, { token: admin, body: { project: { name: 'f-a', tags: ['fa'] } } });
  await t.request('POST', `${V3}/projects`, { token: admin, body: { project: { name: 'f-c', tags: ['fc'] } } });
  const names = async (q: string) =>
    (await t.request('GET', `${V3}/projects?${q}`, { token: admin })).body.projects
      .map((p: { name: string }) => p.name)
      .filter((n: string) => n.startsWith('f-'))
      .sort();
  assert.deepEqual(await names('tags=fa,fb'), ['f-ab']);
  assert.deepEqual(await names('tags-any=fb,fc'), ['f-ab', 'f-c']);
  assert.deepEqual(await names('not-tags=fa,fb'), ['f-a', 'f-c']);
  assert.deepEqual(await names('not-tags-any=fa'), ['f-c']);
});

test('project members may read their project tags but not change them', async () => {
  const demoId = (
    await t.rt.store.db.selectFrom('projects').select('id').where('name', '=', 'demo').executeTakeFirstOrThrow()
  ).id;
  assert.equal((await t.request('GET', `${V3}/projects/${demoId}/tags`, { token: demo })).status, 200);
  const denied = await t.request('PUT', `${V3}/projects/${demoId}/tags/x`, { token: demo });
  assert.equal(denied.status, 403);
  assert.equal(
    denied.body.error.message,
    'You are not authorized to perform the requested action: identity:create_project_tag.',
  );
  const adminId = (
    await t.rt.store.db.selectFrom('projects').select('id').where('name', '=', 'admin').executeTakeFirstOrThrow()
  ).id;
  assert.equal((await t.request('GET', `${V3}/projects/${adminId}/tags`, { token: demo })).status, 403);
});
