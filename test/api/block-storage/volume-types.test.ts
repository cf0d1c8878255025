import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../helpers/app.js';

let t: TestApp;
let admin: string;
let demo: string;
const V = '/volume/v3';

before(async () => {
  t = await startTestApp();
  admin = await t.tokenFor('admin');
  demo = await t.tokenFor('demo');
});
after(async () => {
  await t.close();
});

test('the seeded __DEFAULT__ type is listed and shown (also as "default")', async () => {
  const list = await t.request('GET', `${V}/types`, { token: demo });
  assert.equal(list.status, 200);
  const d = list.body.volume_types.find((x: { name: string }) => x.name === '__DEFAULT__');
  assert.ok(d);
  assert.equal(d.description, 'Default Volume Type');
  assert.equal(d.is_public, true);
  assert.equal(d['os-volume-type-access:is_public'], true);
  // Zed: readers see the user-visible extra specs only (none here); admins every one
  assert.deepEqual(d.extra_specs, {});
  const show = await t.request('GET', `${V}/types/${d.id}`, { token: demo });
  assert.equal(show.body.volume_type.id, d.id);
  const dflt = await t.request('GET', `${V}/types/default`, { token: demo });
  assert.equal(dflt.body.volume_type.id, d.id);
  // volume_type_access.py does not extend "default" (it is not the cached type id)
  assert.equal(dflt.body.volume_type['os-volume-type-access:is_public'], undefined);
  const missing = await t.request('GET', `${V}/types/00000000-0000-0000-0000-000000000000`, { token: demo });
  assert.deepEqual(missing.body, {
    itemNotFound: { code: 404, message: 'Volume type 00000000-0000-0000-0000-000000000000 could not be found.' },
  });
});

test('admins create (200) and delete (202) types; duplicates 409; members 403', async () => {
  const c = await t.request('POST', `${V}/types`, {
    token: admin,
    body: { volume_type: { name: 'gold', extra_specs: { volume_backend_name: 'lvm' } } },
  });
  assert.equal(c.status, 200);
  assert.deepEqual(
    { ...c.body.volume_type, id: undefined },
    {
      id: undefined,
      name: 'gold',
      is_public: true,
      description: null,
      extra_specs: { volume_backend_name: 'lvm' },
      'os-volume-type-access:is_public': true,
    },
  );
  const dup = await t.request('POST', `${V}/types`, { token: admin, body: { volume_type: { name: 'gold' } } });
  assert.deepEqual(dup.body, { conflictingRequest: { code: 409, message: 'Volume Type gold already exists.' } });
  const member = await t.request('POST', `${V}/types`, { token: demo, body: { volume_type: { name: 'silver' } } });
  assert.deepEqual(member.body, {
    forbidden: { code: 403, message: "Policy doesn't allow volume_extension:type_create to be performed." },
  });
  const noName = await t.request('POST', `${V}/types`, { token: admin, body: { volume_type: {} } });
  assert.equal(noName.status, 400);

  // a volume of the type keeps it from being deleted
  const v = await t.request('POST', `${V}/volumes`, {
    token: demo,
    body: { volume: { size: 1, volume_type: 'gold' } },
  });
  assert.equal(v.status, 202);
  assert.equal(v.body.volume.volume_type, 'gold');
  const id = c.body.volume_type.id;
  const inUse = await t.request('DELETE', `${V}/types/${id}`, { token: admin });
  assert.equal(inUse.status, 400);
  assert.deepEqual(inUse.body, { badRequest: { code: 400, message: 'Target volume type is still in use.' } });
  await t.rt.store.db.deleteFrom('volumes').where('id', '=', v.body.volume.id).execute();
  const memberDel = await t.request('DELETE', `${V}/types/${id}`, { token: demo });
  assert.equal(memberDel.status, 403);
  const del = await t.request('DELETE', `${V}/types/${id}`, { token: admin });
  assert.equal(del.status, 202);
  assert.equal((await t.request('GET', `${V}/types/${id}`, { token: admin })).status, 404);
  const dflt = await t.request('GET', `${V}/types/default`, { token: admin });
  const keep = await t.request('DELETE', `${V}/types/${dflt.body.volume_type.id}`, { token: admin });
  assert.equal(
    keep.body.badRequest.message,
    `The volume type ${dflt.body.volume_type.id} is a default volume type and cannot be deleted.`,
  );
});

test('private types are listed for admins only (with is_public=None, as the clients ask)', async () => {
  const c = await t.request('POST', `${V}/types`, {
    token: admin,
    body: { volume_type: { name: 'hidden', 'os-volume-type-access:is_public': false } },
  });
  assert.equal(c.body.volume_type.is_public, false);
  const asAdmin = await t.request('GET', `${V}/types?is_public=None`, { token: admin });
  assert.ok(asAdmin.body.volume_types.some((x: { name: string }) => x.name === 'hidden'));
  const asDemo = await t.request('GET', `${V}/types`, { token: demo });
  assert.ok(!asDemo.body.volume_types.some((x: { name: string }) => x.name === 'hidden'));
});

test('extra specs: set, show, update one key, delete; members 403; unknown key 404', async () => {
  const c = await t.request('POST', `${V}/types`, { token: admin, body: { volume_type: { name: 'specs' } } });
  const id = c.body.volume_type.id;
  const set = await t.request('POST', `${V}/types/${id}/extra_specs`, {
    token: admin,
    body: { extra_specs: { volume_backend_name: 'lvm', multiattach: '<is> True' } },
  });
  assert.equal(set.status, 200);
  assert.deepEqual(set.body, { extra_specs: { volume_backend_name: 'lvm', multiattach: '<is> True' } });
  const put = await t.request('PUT', `${V}/types/${id}/extra_specs/volume_backend_name`, {
    token: admin,
    body: { volume_backend_name: 'other' },
  });
  assert.deepEqual(put.body, { volume_backend_name: 'other' });
  const mismatch = await t.request('PUT', `${V}/types/${id}/extra_specs/a`, { token: admin, body: { b: 'x' } });
  assert.deepEqual(mismatch.body, { badRequest: { code: 400, message: 'Request body and URI mismatch' } });
  const two = await t.request('PUT', `${V}/types/${id}/extra_specs/a`, { token: admin, body: { a: 'x', c: 'y' } });
  assert.deepEqual(two.body, { badRequest: { code: 400, message: "{'a': 'x', 'c': 'y'} has too many properties" } });
  const one = await t.request('GET', `${V}/types/${id}/extra_specs/volume_backend_name`, { token: admin });
  assert.deepEqual(one.body, { volume_backend_name: 'other' });
  const del = await t.request('DELETE', `${V}/types/${id}/extra_specs/multiattach`, { token: admin });
  assert.equal(del.status, 202);
  const all = await t.request('GET', `${V}/types/${id}/extra_specs`, { token: admin });
  assert.deepEqual(all.body, { extra_specs: { volume_backend_name: 'other' } });
  const row = await t.rt.store.db.selectFrom('volume_types').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  assert.deepEqual(JSON.parse(row.extra_specs), { volume_backend_name: 'other' });
  const gone = await t.request('GET', `${V}/types/${id}/extra_specs/multiattach`, { token: admin });
  assert.deepEqual(gone.body, {
    itemNotFound: { code: 404, message: `Volume Type ${id} has no extra specs with key multiattach.` },
  });
  const member = await t.request('GET', `${V}/types/${id}/extra_specs`, { token: demo });
  assert.equal(member.status, 403);
});

test('GET /os-availability-zone lists the backend zone', async () => {
  const r = await t.request('GET', `${V}/os-availability-zone`, { token: demo });
  assert.deepEqual(r.body, { availabilityZoneInfo: [{ zoneName: 'nova', zoneState: { available: true } }] });
});

test('PUT /types/{id} changes only the given fields and answers the contrib view', async () => {
  const c = await t.request('POST', `${V}/types`, { token: admin, body: { volume_type: { name: 'upd-a' } } });
  const id = c.body.volume_type.id as string;
  await t.request('POST', `${V}/types`, { token: admin, body: { volume_type: { name: 'upd-b' } } });
  const u = await t.request('PUT', `${V}/types/${id}`, {
    token: admin,
    body: { volume_type: { name: 'upd-c', description: 'now described', is_public: 'false' } },
  });
  assert.equal(u.status, 200);
  assert.deepEqual(u.body, {
    volume_type: { id, name: 'upd-c', is_public: false, extra_specs: {}, description: 'now described' },
  });
  const only = await t.request('PUT', `${V}/types/${id}`, { token: admin, body: { volume_type: { is_public: true } } });
  assert.equal(only.body.volume_type.name, 'upd-c');
  assert.equal(only.body.volume_type.description, 'now described');
  const shown = await t.request('GET', `${V}/types/${id}`, { token: admin });
  assert.equal(shown.body.volume_type.name, 'upd-c');
  assert.equal(shown.body.volume_type.is_public, true);

  const dup = await t.request('PUT', `${V}/types/${id}`, { token: admin, body: { volume_type: { name: 'upd-b' } } });
  assert.deepEqual(dup.body, { conflictingRequest: { code: 409, message: 'Volume Type upd-b already exists.' } });
  const same = await t.request('PUT', `${V}/types/${id}`, { token: admin, body: { volume_type: { name: 'upd-c' } } });
  assert.equal(same.status, 200, 'its own name is no conflict');
  const none = await t.request('PUT', `${V}/types/${id}`, { token: admin, body: { volume_type: {} } });
  assert.deepEqual(none.body, {
    badRequest: { code: 400, message: 'Specify volume type name, description, is_public or a combination thereof.' },
  });
  const blank = await t.request('PUT', `${V}/types/${id}`, { token: admin, body: { volume_type: { name: '   ' } } });
  assert.deepEqual(blank.body, { badRequest: { code: 400, message: 'Volume type name can not be empty.' } });
  const extra = await t.request('PUT', `${V}/types/${id}`, { token: admin, body: { volume_type: { foo: 1 } } });
  assert.equal(extra.status, 400);
  const missing = await t.request('PUT', `${V}/types/00000000-0000-0000-0000-000000000000`, {
    token: admin,
    body: { volume_type: { description: 'x' } },
  });
  assert.equal(missing.status, 404);
  const member = await t.request('PUT', `${V}/types/${id}`, {
    token: demo,
    body: { volume_type: { description: 'x' } },
  });
  assert.equal(member.status, 403);
});
