/**
 * The volume actions that change a volume's flags and Glance metadata: os-set_bootable,
 * os-update_readonly_flag, os-show/set/unset_image_metadata (contrib/volume_actions.py,
 * volume_image_metadata.py), with Cinder's status codes, messages and state rules.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, waitFor, type TestApp } from '../../helpers/app.js';

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
const act = (id: string, body: unknown, token = demo) =>
  t.request('POST', `${V}/volumes/${id}/action`, { token, body });
const show = async (id: string) => (await t.request('GET', `${V}/volumes/${id}`, { token: demo })).body.volume;
const setStatus = (id: string, status: string) =>
  t.rt.store.db.updateTable('volumes').set({ status }).where('id', '=', id).execute();

test('os-set_bootable: 200 with no body, the flag shows; bad values are 400; maintenance refuses', async () => {
  const id = await volume();
  const r = await act(id, { 'os-set_bootable': { bootable: 'true' } });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.text, '');
  assert.equal((await show(id)).bootable, 'true');
  assert.equal((await act(id, { 'os-set_bootable': { bootable: false } })).status, 200);
  assert.equal((await show(id)).bootable, 'false');
  assert.equal((await act(id, { 'os-set_bootable': { bootable: 'maybe' } })).status, 400);
  assert.equal((await act(id, { 'os-set_bootable': {} })).status, 400);
  await setStatus(id, 'maintenance');
  assert.deepEqual((await act(id, { 'os-set_bootable': { bootable: true } })).body, {
    badRequest: { code: 400, message: 'Invalid volume: The volume cannot be updated during maintenance.' },
  });
  await setStatus(id, 'available');
  // another project's volume is not found
  const theirs = await volume(admin);
  assert.equal((await act(theirs, { 'os-set_bootable': { bootable: true } })).status, 404);
});

test('os-update_readonly_flag: 202, shown as metadata "readonly"; only from available', async () => {
  const id = await volume();
  const r = await act(id, { 'os-update_readonly_flag': { readonly: true } });
  assert.equal(r.status, 202, r.text);
  assert.deepEqual((await show(id)).metadata, { readonly: 'True' });
  assert.equal((await act(id, { 'os-update_readonly_flag': { readonly: 'no' } })).status, 202);
  assert.deepEqual((await show(id)).metadata, { readonly: 'False' });
  assert.equal((await act(id, { 'os-update_readonly_flag': { readonly: 'x' } })).status, 400);
  await setStatus(id, 'in-use');
  assert.deepEqual((await act(id, { 'os-update_readonly_flag': { readonly: true } })).body, {
    badRequest: {
      code: 400,
      message: `Invalid volume: Volume ${id} status must be available to update readonly flag, but current status is: in-use.`,
    },
  });
  await setStatus(id, 'available');
});

test('image metadata: show, set (merge, 200 with all), unset (200, 404 for a missing key), status rules', async () => {
  const id = await volume();
  // none at all: Cinder's 404, as the real Zed Cinder answers
  const empty = await act(id, { 'os-show_image_metadata': null });
  assert.deepEqual(empty.body, {
    itemNotFound: { code: 404, message: `Glance metadata for volume/snapshot ${id} cannot be found.` },
  });
  const set = await act(id, {
    'os-set_image_metadata': { metadata: { os_distro: 'cirros', hw_qemu_guest_agent: 'yes' } },
  });
  assert.equal(set.status, 200, set.text);
  assert.deepEqual(set.body, { metadata: { os_distro: 'cirros', hw_qemu_guest_agent: 'yes' } });
  const more = await act(id, { 'os-set_image_metadata': { metadata: { os_distro: 'ubuntu' } } });
  assert.deepEqual(more.body, { metadata: { os_distro: 'ubuntu', hw_qemu_guest_agent: 'yes' } });
  assert.deepEqual((await show(id)).volume_image_metadata, { os_distro: 'ubuntu', hw_qemu_guest_agent: 'yes' });
  const unset = await act(id, { 'os-unset_image_metadata': { key: 'hw_qemu_guest_agent' } });
  assert.equal(unset.status, 200);
  assert.equal(unset.text, '');
  assert.deepEqual((await act(id, { 'os-show_image_metadata': {} })).body, { metadata: { os_distro: 'ubuntu' } });
  assert.deepEqual((await act(id, { 'os-unset_image_metadata': { key: 'nope' } })).body, {
    itemNotFound: { code: 404, message: `Glance metadata for volume/snapshot ${id} cannot be found.` },
  });
  // bad bodies
  assert.equal((await act(id, { 'os-set_image_metadata': { metadata: { k: 1 } } })).status, 400);
  assert.equal((await act(id, { 'os-set_image_metadata': {} })).status, 400);
  assert.equal((await act(id, { 'os-unset_image_metadata': { key: '' } })).status, 400);
  // not while uploading or in maintenance
  await setStatus(id, 'uploading');
  assert.deepEqual((await act(id, { 'os-set_image_metadata': { metadata: { a: 'b' } } })).body, {
    badRequest: {
      code: 400,
      message: 'Invalid volume: Updating volume metadata is not allowed for volumes in uploading status.',
    },
  });
  assert.deepEqual((await act(id, { 'os-unset_image_metadata': { key: 'os_distro' } })).body, {
    badRequest: {
      code: 400,
      message: 'Invalid volume: Deleting volume metadata is not allowed for volumes in uploading status.',
    },
  });
  await setStatus(id, 'available');
  // another project's volume is not found
  const theirs = await volume(admin);
  assert.equal((await act(theirs, { 'os-show_image_metadata': null })).status, 404);
});
