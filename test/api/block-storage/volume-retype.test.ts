/** os-retype (contrib/volume_actions.py, volume/api.py retype): retyping → back, with the new type. */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, waitFor, type TestApp } from '../../helpers/app.js';

let t: TestApp;
let admin: string;
let demo: string;
const V = '/volume/v3';
const mv = { 'openstack-api-version': 'volume 3.70' };

before(async () => {
  t = await startTestApp();
  admin = await t.tokenFor('admin');
  demo = await t.tokenFor('demo');
});
after(async () => {
  await t.close();
});

const volume = async (token = demo) => {
  const r = await t.request('POST', `${V}/volumes`, { token, body: { volume: { size: 1 } } });
  assert.equal(r.status, 202, r.text);
  const id = r.body.volume.id as string;
  await waitFor(
    async () => (await t.request('GET', `${V}/volumes/${id}`, { token })).body.volume.status === 'available',
    'volume available',
  );
  return id;
};
const type = async (name: string, extraSpecs: Record<string, string> = {}) => {
  const r = await t.request('POST', `${V}/types`, {
    token: admin,
    body: { volume_type: { name, extra_specs: extraSpecs } },
  });
  assert.equal(r.status, 200, r.text);
  return r.body.volume_type.id as string;
};
const act = (id: string, body: unknown, token = demo) =>
  t.request('POST', `${V}/volumes/${id}/action`, { token, body });
const row = (id: string) =>
  t.rt.store.db.selectFrom('volumes').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

test('os-retype by name or id: 202, retyping then back with the new type', async () => {
  const gold = await type('gold');
  const id = await volume();
  const r = await act(id, { 'os-retype': { new_type: 'gold', migration_policy: 'never' } });
  assert.equal(r.status, 202, r.text);
  const v = await waitFor(async () => {
    const s = await t.request('GET', `${V}/volumes/${id}`, { token: demo, headers: mv });
    return s.body.volume.status === 'available' && s.body.volume.volume_type === 'gold' ? s.body.volume : null;
  }, 'retyped');
  assert.equal(v.volume_type_id, gold);
  assert.equal((await row(id)).previous_status, 'retyping');
  // the same type again: Cinder's InvalidVolume
  const same = await act(id, { 'os-retype': { new_type: gold } });
  assert.equal(same.status, 400);
  assert.match(same.body.badRequest.message, /^Invalid volume: Retype needs volume to be in available or in-use state/);
  // in-use is fine when multiattach does not change
  await t.rt.store.db.updateTable('volumes').set({ status: 'in-use' }).where('id', '=', id).execute();
  assert.equal((await act(id, { 'os-retype': { new_type: '__DEFAULT__' } })).status, 202);
  await waitFor(async () => (await row(id)).status === 'in-use' && (await row(id)).volume_type_id !== gold, 'back');
});

test('os-retype: bad input, unknown types, multiattach only from available, state rules', async () => {
  await type('multi', { multiattach: '<is> True' });
  const id = await volume();
  assert.equal((await act(id, { 'os-retype': {} })).status, 400);
  assert.equal((await act(id, { 'os-retype': { new_type: 'gold', migration_policy: 'sometimes' } })).status, 400);
  assert.deepEqual((await act(id, { 'os-retype': { new_type: 'nope' } })).body, {
    itemNotFound: { code: 404, message: 'Volume type with name nope could not be found.' },
  });
  await t.rt.store.db.updateTable('volumes').set({ status: 'in-use' }).where('id', '=', id).execute();
  assert.deepEqual((await act(id, { 'os-retype': { new_type: 'multi' } })).body, {
    badRequest: {
      code: 400,
      message:
        'Invalid input received: Invalid volume_type passed, retypes affecting multiattach are only allowed on available volumes, the specified volume however currently has a status of: in-use.',
    },
  });
  await t.rt.store.db.updateTable('volumes').set({ status: 'error' }).where('id', '=', id).execute();
  assert.equal((await act(id, { 'os-retype': { new_type: 'gold' } })).status, 400);
  await t.rt.store.db.updateTable('volumes').set({ status: 'available' }).where('id', '=', id).execute();
  assert.equal((await act(id, { 'os-retype': { new_type: 'multi' } })).status, 202);
  const v = await waitFor(async () => {
    const s = await t.request('GET', `${V}/volumes/${id}`, { token: demo });
    return s.body.volume.status === 'available' && s.body.volume.volume_type === 'multi' ? s.body.volume : null;
  }, 'retyped to multiattach');
  assert.equal(v.multiattach, true);
  // another project's volume is not found
  const theirs = await volume(admin);
  assert.equal((await act(theirs, { 'os-retype': { new_type: 'gold' } })).status, 404);
});

test('two retypes of one volume at once: one is accepted', async () => {
  const id = await volume();
  const [a, b] = await Promise.all([
    act(id, { 'os-retype': { new_type: 'gold' } }),
    act(id, { 'os-retype': { new_type: 'gold' } }),
  ]);
  assert.deepEqual([a.status, b.status].sort(), [202, 400]);
});
