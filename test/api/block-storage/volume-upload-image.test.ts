/** os-volume_upload_image (contrib/volume_actions.py, volume/api.py copy_volume_to_image). */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, waitFor, type TestApp } from '../../helpers/app.js';

let t: TestApp;
let admin: string;
let demo: string;
let demoProject: string;
const V = '/volume/v3';
const mv = (v: string) => ({ 'openstack-api-version': `volume ${v}` });

before(async () => {
  t = await startTestApp();
  admin = await t.tokenFor('admin');
  demo = await t.tokenFor('demo');
  demoProject = (
    await t.rt.store.db.selectFrom('projects').select('id').where('name', '=', 'demo').executeTakeFirstOrThrow()
  ).id;
});
after(async () => {
  await t.close();
});

const volume = async (token = demo) => {
  const r = await t.request('POST', `${V}/volumes`, { token, body: { volume: { size: 1, description: 'dd' } } });
  assert.equal(r.status, 202, r.text);
  const id = r.body.volume.id as string;
  await waitFor(
    async () => (await t.request('GET', `${V}/volumes/${id}`, { token })).body.volume.status === 'available',
    'volume available',
  );
  return id;
};
const upload = (id: string, body: Record<string, unknown>, token = demo, v = '3.0') =>
  t.request('POST', `${V}/volumes/${id}/action`, { token, headers: mv(v), body: { 'os-volume_upload_image': body } });

test('upload to image: 202 with Cinder body; volume uploading → available; image active with the custom metadata', async () => {
  const id = await volume();
  await t.request('POST', `${V}/volumes/${id}/action`, {
    token: demo,
    body: { 'os-set_image_metadata': { metadata: { os_distro: 'cirros', min_ram: '64' } } },
  });
  const r = await upload(id, { image_name: 'from-volume', disk_format: 'qcow2' });
  assert.equal(r.status, 202, r.text);
  const u = r.body['os-volume_upload_image'];
  assert.deepEqual(Object.keys(u).sort(), [
    'container_format',
    'disk_format',
    'display_description',
    'id',
    'image_id',
    'image_name',
    'protected',
    'size',
    'status',
    'updated_at',
    'visibility',
    'volume_type',
  ]);
  assert.equal(u.id, id);
  assert.equal(u.status, 'uploading');
  assert.equal(u.display_description, 'dd');
  assert.equal(u.disk_format, 'qcow2');
  assert.equal(u.container_format, 'bare');
  assert.equal(u.image_name, 'from-volume');
  assert.equal(u.visibility, 'private');
  assert.equal(u.protected, false);
  assert.equal(u.volume_type.name, '__DEFAULT__');
  const image = await waitFor(async () => {
    const g = await t.request('GET', `/image/v2/images/${u.image_id}`, { token: demo });
    return g.body?.status === 'active' ? g.body : null;
  }, 'image active');
  assert.equal(image.name, 'from-volume');
  assert.equal(image.owner, demoProject);
  assert.equal(image.disk_format, 'qcow2');
  // custom Glance metadata is copied; core keys (min_ram) are not
  assert.equal(image.os_distro, 'cirros');
  assert.equal(image.min_ram, 0);
  await waitFor(
    async () => (await t.request('GET', `${V}/volumes/${id}`, { token: demo })).body.volume.status === 'available',
    'volume available again',
  );
  const row = await t.rt.store.db.selectFrom('volumes').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  assert.equal(row.previous_status, 'uploading');
});

test('upload to image: state rules, schema per microversion, public only for admins, other projects', async () => {
  const id = await volume();
  assert.equal((await upload(id, {})).status, 400);
  assert.equal((await upload(id, { image_name: 'x', disk_format: 'iso' })).status, 400);
  // visibility and protected from 3.1
  assert.equal((await upload(id, { image_name: 'x', visibility: 'shared' })).status, 400);
  const forbidden = await upload(id, { image_name: 'x', visibility: 'public' }, demo, '3.1');
  assert.equal(forbidden.status, 403);
  // force is ignored (Cinder's enable_force_upload defaults to False): in-use is refused
  await t.rt.store.db.updateTable('volumes').set({ status: 'in-use' }).where('id', '=', id).execute();
  const inUse = await upload(id, { image_name: 'x', force: true });
  assert.deepEqual(inUse.body, {
    badRequest: { code: 400, message: `Invalid volume: Volume ${id} status must be available` },
  });
  await t.rt.store.db.updateTable('volumes').set({ status: 'available' }).where('id', '=', id).execute();
  // the refused upload left no image behind
  const leftovers = await t.rt.store.db.selectFrom('images').select('id').where('name', '=', 'x').execute();
  assert.equal(leftovers.length, 0);
  const shared = await upload(id, { image_name: 'y', visibility: 'shared', protected: true }, demo, '3.1');
  assert.equal(shared.status, 202, shared.text);
  assert.equal(shared.body['os-volume_upload_image'].visibility, 'shared');
  assert.equal(shared.body['os-volume_upload_image'].protected, true);
  // another project's volume is not found
  const theirs = await volume(admin);
  assert.equal((await upload(theirs, { image_name: 'z' })).status, 404);
});
