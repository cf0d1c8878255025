/**
 * Nova behaviours of server create / update / rebuild that issue 15 found missing: diskConfig is
 * stored, the 2.75 rebuild view has no OS-EXT-SRV-ATTR:user_data, a private flavor without access
 * is not found at create, and the initial metadata counts against metadata_items.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { findInstance } from '../../../src/store/repositories/instance-repository.js';
import { insertServer, projectId } from './server-fixtures.js';

const CIRROS = '6a1a3f1e-9a43-4c3f-9b7a-2b1f0f6e8c01';

let t: TestApp;
let demo: string;
let admin: string;
let demoProject: string;
before(async () => {
  t = await startTestApp({}, { agent: false });
  demo = await t.tokenFor('demo');
  admin = await t.tokenFor('admin');
  demoProject = await projectId(t, 'demo');
});
after(async () => {
  await t.close();
});

const count = async () => (await t.rt.store.db.selectFrom('instances').select('uuid').execute()).length;

const create = (server: Record<string, unknown>, token = demo, mv = '2.37') =>
  t.request('POST', '/compute/v2.1/servers', {
    token,
    mv,
    body: { server: { name: 'fx', imageRef: CIRROS, flavorRef: '1', networks: 'none', ...server } },
  });

test('OS-DCF:diskConfig is stored at create and by PUT, and shown back', async () => {
  const c = await create({ 'OS-DCF:diskConfig': 'AUTO' });
  assert.equal(c.status, 202, c.text);
  assert.equal(c.body.server['OS-DCF:diskConfig'], 'AUTO');
  const id = c.body.server.id as string;
  assert.equal((await findInstance(t.rt.store.db, id))?.disk_config, 'AUTO');
  const plain = await create({});
  assert.equal(plain.body.server['OS-DCF:diskConfig'], 'MANUAL');

  const row = await insertServer(t, demoProject);
  const put = await t.request('PUT', `/compute/v2.1/servers/${row.uuid}`, {
    token: demo,
    body: { server: { 'OS-DCF:diskConfig': 'AUTO' } },
  });
  assert.equal(put.status, 200, put.text);
  assert.equal(put.body.server['OS-DCF:diskConfig'], 'AUTO');
  assert.equal((await findInstance(t.rt.store.db, row.uuid))?.disk_config, 'AUTO');
  const shown = await t.request('GET', `/compute/v2.1/servers/${row.uuid}`, { token: demo });
  assert.equal(shown.body.server['OS-DCF:diskConfig'], 'AUTO');
  const back = await t.request('PUT', `/compute/v2.1/servers/${row.uuid}`, {
    token: demo,
    mv: '2.75',
    body: { server: { 'OS-DCF:diskConfig': 'MANUAL' } },
  });
  assert.equal(back.body.server['OS-DCF:diskConfig'], 'MANUAL');
  assert.equal((await findInstance(t.rt.store.db, row.uuid))?.disk_config, 'MANUAL');
  const bad = await t.request('PUT', `/compute/v2.1/servers/${row.uuid}`, {
    token: demo,
    body: { server: { 'OS-DCF:diskConfig': 'auto' } },
  });
  assert.equal(bad.status, 400);
});

test('from 2.75 the rebuild answer has the extended attributes but not OS-EXT-SRV-ATTR:user_data', async () => {
  const row = await insertServer(t, demoProject, { user_data: 'b2xk' });
  const r = await t.request('POST', `/compute/v2.1/servers/${row.uuid}/action`, {
    token: admin,
    mv: '2.75',
    body: { rebuild: { imageRef: CIRROS, user_data: 'bmV3' } },
  });
  assert.equal(r.status, 202, r.text);
  assert.ok('OS-EXT-SRV-ATTR:host' in r.body.server);
  assert.ok('OS-EXT-SRV-ATTR:hostname' in r.body.server);
  assert.ok(!('OS-EXT-SRV-ATTR:user_data' in r.body.server));
  assert.equal(r.body.server.user_data, 'bmV3');
  // GET still shows it to admins
  const shown = await t.request('GET', `/compute/v2.1/servers/${row.uuid}`, { token: admin, mv: '2.75' });
  assert.equal(shown.body.server['OS-EXT-SRV-ATTR:user_data'], 'bmV3');
});

test('a private flavor without access is not found at create (400); with access or as admin it boots', async () => {
  const f = await t.request('POST', '/compute/v2.1/flavors', {
    token: admin,
    body: {
      flavor: { name: 'secret-tiny', ram: 512, vcpus: 1, disk: 1, id: 'secret-1', 'os-flavor-access:is_public': false },
    },
  });
  assert.equal(f.status, 200, f.text);
  const before = await count();
  const denied = await create({ flavorRef: 'secret-1' });
  assert.equal(denied.status, 400, denied.text);
  assert.deepEqual(denied.body, { badRequest: { code: 400, message: 'Flavor secret-1 could not be found.' } });
  assert.equal(await count(), before);
  assert.equal((await create({ flavorRef: 'secret-1' }, admin)).status, 202);
  const grant = await t.request('POST', '/compute/v2.1/flavors/secret-1/action', {
    token: admin,
    body: { addTenantAccess: { tenant: demoProject } },
  });
  assert.equal(grant.status, 200, grant.text);
  assert.equal((await create({ flavorRef: 'secret-1' })).status, 202);
});

test('initial metadata over metadata_items is 403 with Nova text, nothing created; at the limit it is fine', async () => {
  const max = t.rt.config.quotas.metadataItems;
  const meta = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, `v${i}`]));
  const before = await count();
  const over = await create({ metadata: meta(max + 1) });
  assert.equal(over.status, 403, over.text);
  assert.deepEqual(over.body, { forbidden: { code: 403, message: `Maximum number of metadata items exceeds ${max}` } });
  assert.equal(await count(), before);
  const ok = await create({ metadata: meta(max) });
  assert.equal(ok.status, 202, ok.text);
});

test("another project's private image cannot be booted or rebuilt onto; once shared and accepted it can", async () => {
  // an active private image owned by the admin project
  const img = await t.request('POST', '/image/v2/images', {
    token: admin,
    body: { name: 'admins-own', disk_format: 'raw', container_format: 'bare', visibility: 'private' },
  });
  assert.equal(img.status, 201, img.text);
  const imageId = img.body.id as string;
  const up = await t.app.inject({
    method: 'PUT',
    url: `/image/v2/images/${imageId}/file`,
    headers: { 'content-type': 'application/octet-stream', 'x-auth-token': admin },
    payload: 'guest bits',
  });
  assert.equal(up.statusCode, 204, up.body);

  // servers.py create: Glance answers 404 to the user's token; Nova turns ImageNotFound into this 400
  const before = await count();
  const denied = await create({ imageRef: imageId });
  assert.equal(denied.status, 400, denied.text);
  assert.deepEqual(denied.body, { badRequest: { code: 400, message: 'Can not find requested image' } });
  assert.equal(await count(), before);
  const row = await insertServer(t, demoProject);
  const rebuild = await t.request('POST', `/compute/v2.1/servers/${row.uuid}/action`, {
    token: demo,
    body: { rebuild: { imageRef: imageId } },
  });
  assert.equal(rebuild.status, 400, rebuild.text);
  assert.equal((await findInstance(t.rt.store.db, row.uuid))?.image_ref, row.image_ref);

  // shared with demo's project: a member sees it (Glance's is_image_visible) and may boot it
  const share = await t.request('PATCH', `/image/v2/images/${imageId}`, {
    token: admin,
    headers: { 'content-type': 'application/openstack-images-v2.1-json-patch' },
    body: [{ op: 'replace', path: '/visibility', value: 'shared' }],
  });
  assert.equal(share.status, 200, share.text);
  const member = await t.request('POST', `/image/v2/images/${imageId}/members`, {
    token: admin,
    body: { member: demoProject },
  });
  assert.equal(member.status, 200, member.text);
  assert.equal((await create({ imageRef: imageId })).status, 202);
  assert.equal((await create({ imageRef: imageId }, admin)).status, 202);
});
