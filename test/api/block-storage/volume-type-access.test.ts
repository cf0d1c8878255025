import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../helpers/app.js';

let t: TestApp;
let admin: string;
let demo: string;
let demoProject: string;
const V = '/volume/v3';

before(async () => {
  t = await startTestApp();
  admin = await t.tokenFor('admin');
  demo = await t.tokenFor('demo');
  const p = await t.rt.store.db
    .selectFrom('projects')
    .select('id')
    .where('name', '=', 'demo')
    .executeTakeFirstOrThrow();
  demoProject = p.id;
});
after(async () => {
  await t.close();
});

const names = (r: { body: { volume_types: Array<{ name: string }> } }) => r.body.volume_types.map((x) => x.name);

async function privateType(name: string): Promise<string> {
  const c = await t.request('POST', `${V}/types`, {
    token: admin,
    body: { volume_type: { name, 'os-volume-type-access:is_public': false } },
  });
  assert.equal(c.status, 200);
  return c.body.volume_type.id as string;
}

test('a private type: hidden from members until shared, then listed, shown and usable', async () => {
  const id = await privateType('shared');
  assert.ok(!names(await t.request('GET', `${V}/types`, { token: demo })).includes('shared'));
  const hidden = await t.request('GET', `${V}/types/${id}`, { token: demo });
  assert.deepEqual(hidden.body, { itemNotFound: { code: 404, message: `Volume type ${id} could not be found.` } });
  const noVolume = await t.request('POST', `${V}/volumes`, {
    token: demo,
    body: { volume: { size: 1, volume_type: 'shared' } },
  });
  assert.deepEqual(noVolume.body, {
    itemNotFound: { code: 404, message: 'Volume type with name shared could not be found.' },
  });
  const byId = await t.request('POST', `${V}/volumes`, { token: demo, body: { volume: { size: 1, volume_type: id } } });
  assert.equal(byId.status, 404);

  const add = await t.request('POST', `${V}/types/${id}/action`, {
    token: admin,
    body: { addProjectAccess: { project: demoProject } },
  });
  assert.equal(add.status, 202, add.text);
  assert.equal(add.text, '');
  const list = await t.request('GET', `${V}/types/${id}/os-volume-type-access`, { token: admin });
  assert.deepEqual(list.body, { volume_type_access: [{ volume_type_id: id, project_id: demoProject }] });
  assert.ok(names(await t.request('GET', `${V}/types`, { token: demo })).includes('shared'));
  const shown = await t.request('GET', `${V}/types/${id}`, { token: demo });
  assert.equal(shown.body.volume_type['os-volume-type-access:is_public'], false);
  const memberList = await t.request('GET', `${V}/types/${id}/os-volume-type-access`, { token: demo });
  assert.equal(memberList.status, 200);
  const v = await t.request('POST', `${V}/volumes`, {
    token: demo,
    body: { volume: { size: 1, volume_type: 'shared' } },
  });
  assert.equal(v.status, 202);
  assert.equal(v.body.volume.volume_type, 'shared');

  const again = await t.request('POST', `${V}/types/${id}/action`, {
    token: admin,
    body: { addProjectAccess: { project: demoProject } },
  });
  assert.deepEqual(again.body, {
    conflictingRequest: {
      code: 409,
      message: `Volume type access for ${id} / ${demoProject} combination already exists.`,
    },
  });

  const rm = await t.request('POST', `${V}/types/${id}/action`, {
    token: admin,
    body: { removeProjectAccess: { project: demoProject } },
  });
  assert.equal(rm.status, 202);
  const rows = await t.rt.store.db
    .selectFrom('volume_type_projects')
    .selectAll()
    .where('volume_type_id', '=', id)
    .execute();
  assert.equal(rows.length, 0);
  assert.equal((await t.request('GET', `${V}/types/${id}`, { token: demo })).status, 404);
  const rmAgain = await t.request('POST', `${V}/types/${id}/action`, {
    token: admin,
    body: { removeProjectAccess: { project: demoProject } },
  });
  assert.deepEqual(rmAgain.body, {
    itemNotFound: { code: 404, message: `Volume type access not found for ${id} / ${demoProject} combination.` },
  });
});

test('admins list public and shared types by default, all with is_public=None, private with false', async () => {
  await privateType('adminonly');
  const dflt = names(await t.request('GET', `${V}/types`, { token: admin }));
  assert.ok(!dflt.includes('adminonly'));
  assert.ok(dflt.includes('__DEFAULT__'));
  const all = names(await t.request('GET', `${V}/types?is_public=None`, { token: admin }));
  assert.ok(all.includes('adminonly') && all.includes('__DEFAULT__'));
  const priv = names(await t.request('GET', `${V}/types?is_public=false`, { token: admin }));
  assert.ok(priv.includes('adminonly') && !priv.includes('__DEFAULT__'));
  // a member's is_public is ignored: still public plus shared
  const member = names(await t.request('GET', `${V}/types?is_public=None`, { token: demo }));
  assert.ok(!member.includes('adminonly'));
  const bad = await t.request('GET', `${V}/types?is_public=maybe`, { token: admin });
  assert.deepEqual(bad.body, { badRequest: { code: 400, message: 'Invalid is_public filter [maybe]' } });
});

test('public types have no access list; bad bodies, unknown actions and members are refused', async () => {
  const dflt = await t.request('GET', `${V}/types/default`, { token: admin });
  const pub = dflt.body.volume_type.id as string;
  const list = await t.request('GET', `${V}/types/${pub}/os-volume-type-access`, { token: admin });
  assert.deepEqual(list.body, {
    itemNotFound: { code: 404, message: 'Access list not available for public volume types.' },
  });
  const add = await t.request('POST', `${V}/types/${pub}/action`, {
    token: admin,
    body: { addProjectAccess: { project: demoProject } },
  });
  assert.deepEqual(add.body, {
    badRequest: {
      code: 400,
      message: 'Invalid volume type: Type access modification is not applicable to public volume type.',
    },
  });
  const id = await privateType('guarded');
  const member = await t.request('POST', `${V}/types/${id}/action`, {
    token: demo,
    body: { addProjectAccess: { project: demoProject } },
  });
  assert.equal(member.status, 403);
  assert.equal(
    member.body.forbidden.message,
    "Policy doesn't allow volume_extension:volume_type_access:addProjectAccess to be performed.",
  );
  const noProject = await t.request('POST', `${V}/types/${id}/action`, {
    token: admin,
    body: { addProjectAccess: {} },
  });
  assert.deepEqual(noProject.body, {
    badRequest: {
      code: 400,
      message: "Invalid input for field/attribute addProjectAccess. Value: {}. 'project' is a required property",
    },
  });
  const unknown = await t.request('POST', `${V}/types/${id}/action`, { token: admin, body: { frobnicate: {} } });
  assert.equal(unknown.status, 400);
  assert.match(unknown.body.badRequest.message, /^There is no such action: frobnicate/);
  const missing = await t.request('POST', `${V}/types/00000000-0000-0000-0000-000000000000/action`, {
    token: admin,
    body: { addProjectAccess: { project: demoProject } },
  });
  assert.equal(missing.status, 404);
  // deleting a shared type takes its access rows with it
  const notUuid = await t.request('POST', `${V}/types/${id}/action`, {
    token: admin,
    body: { addProjectAccess: { project: 'p1' } },
  });
  assert.deepEqual(notUuid.body, {
    badRequest: { code: 400, message: "Invalid input for field/attribute project. Value: p1. 'p1' is not a 'uuid'" },
  });
  const other = '6f70656e737461636b20342065766572';
  const added = await t.request('POST', `${V}/types/${id}/action`, {
    token: admin,
    body: { addProjectAccess: { project: other } },
  });
  assert.equal(added.status, 202);
  const del = await t.request('DELETE', `${V}/types/${id}`, { token: admin });
  assert.equal(del.status, 202);
  const rows = await t.rt.store.db
    .selectFrom('volume_type_projects')
    .selectAll()
    .where('volume_type_id', '=', id)
    .execute();
  assert.equal(rows.length, 0);
});
