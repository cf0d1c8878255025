import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, waitFor, type TestApp } from '../../helpers/app.js';

let t: TestApp;
let admin: string;
let demo: string;
let demoProject: string;
const CIRROS = '6a1a3f1e-9a43-4c3f-9b7a-2b1f0f6e8c01';
const V = '/volume/v3';
const mv = (v: string) => ({ 'openstack-api-version': `volume ${v}` });

before(async () => {
  t = await startTestApp({ blockStorage: { quotas: { volumes: 5, gigabytes: 50 }, poolCapacityGb: 60 } });
  admin = await t.tokenFor('admin');
  demo = await t.tokenFor('demo');
  demoProject = (
    await t.rt.store.db.selectFrom('projects').select('id').where('name', '=', 'demo').executeTakeFirstOrThrow()
  ).id;
});
after(async () => {
  await t.close();
});

async function waitStatus(id: string, status: string, token = demo) {
  return waitFor(async () => {
    const r = await t.request('GET', `${V}/volumes/${id}`, { token });
    return r.body?.volume?.status === status ? r.body.volume : null;
  }, `volume ${id} ${status}`);
}

async function create(body: Record<string, unknown>, token = demo) {
  return t.request('POST', `${V}/volumes`, { token, body: { volume: body } });
}

test('version discovery: GET /volume/ → 300, /volume/v3/ → 200, min 3.0 max 3.70', async () => {
  const root = await t.request('GET', '/volume/');
  assert.equal(root.status, 300);
  const v = root.body.versions[0];
  assert.equal(v.id, 'v3.0');
  assert.equal(v.status, 'CURRENT');
  assert.equal(v.version, '3.70');
  assert.equal(v.min_version, '3.0');
  assert.deepEqual(v.links[1], { rel: 'self', href: 'http://localhost:80/volume/v3/' });
  const v3 = await t.request('GET', '/volume/v3/');
  assert.equal(v3.status, 200);
  assert.deepEqual(v3.body, root.body);
});

test('microversion negotiation: header echoed, 406 outside the range, 400 for a bad string', async () => {
  const ok = await t.request('GET', `${V}/volumes`, { token: demo, headers: mv('3.60') });
  assert.equal(ok.status, 200);
  assert.equal(ok.headers['openstack-api-version'], 'volume 3.60');
  assert.equal(ok.headers.vary, 'OpenStack-API-Version');
  const dflt = await t.request('GET', `${V}/volumes`, { token: demo });
  assert.equal(dflt.headers['openstack-api-version'], 'volume 3.0');
  const latest = await t.request('GET', `${V}/volumes`, { token: demo, headers: mv('latest') });
  assert.equal(latest.headers['openstack-api-version'], 'volume 3.70');
  const high = await t.request('GET', `${V}/volumes`, { token: demo, headers: mv('3.99') });
  assert.equal(high.status, 406);
  assert.deepEqual(high.body, {
    computeFault: {
      code: 406,
      message: 'Version 3.99 is not supported by the API. Minimum is 3.0 and maximum is 3.70.',
    },
  });
  const bad = await t.request('GET', `${V}/volumes`, { token: demo, headers: mv('3.x') });
  assert.equal(bad.status, 400);
  assert.match(bad.body.badRequest.message, /API Version String 3.x is of invalid format/);
});

test('the catalog advertises block-storage and volumev3 at /volume/v3', async () => {
  const r = await t.request('GET', '/identity/v3/auth/tokens', { token: demo, headers: { 'x-subject-token': demo } });
  const catalog = r.body.token.catalog as Array<{ type: string; endpoints: Array<{ url: string }> }>;
  for (const type of ['block-storage', 'volumev3']) {
    const s = catalog.find((c) => c.type === type);
    assert.ok(s, type);
    assert.equal(s.endpoints[0]?.url, 'http://localhost:80/volume/v3');
  }
});

test('create → 202 creating, then available on the pool; show, list, detail', async () => {
  const r = await create({ size: 1, name: 'vol1', metadata: { a: 'b' } });
  assert.equal(r.status, 202);
  const v = r.body.volume;
  assert.equal(v.status, 'creating');
  assert.equal(v.size, 1);
  assert.equal(v.name, 'vol1');
  assert.equal(v.volume_type, '__DEFAULT__');
  assert.equal(v.availability_zone, 'nova');
  assert.equal(v.bootable, 'false');
  assert.equal(v.updated_at, null);
  assert.match(v.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?$/);
  assert.deepEqual(v.metadata, { a: 'b' });
  assert.deepEqual(v.attachments, []);
  // the contrib extensions extend show and detail only: a create answer has none of their keys
  // (tempest's create_volume schema refuses them)
  assert.equal(v['os-vol-tenant-attr:tenant_id'], undefined);
  assert.equal(v['os-vol-host-attr:host'], undefined);
  assert.equal(v.links[0].href, `http://localhost:80/volume/v3/volumes/${v.id}`);
  const ready = await waitStatus(v.id, 'available');
  assert.equal(ready.size, 1);
  assert.equal(ready['os-vol-tenant-attr:tenant_id'], demoProject);
  const row = await t.rt.store.db.selectFrom('volumes').selectAll().where('id', '=', v.id).executeTakeFirstOrThrow();
  assert.equal(row.host, 'stackbox@lvm#lvm');
  assert.equal(row.allocated_gb, 1);
  const asAdmin = await t.request('GET', `${V}/volumes/${v.id}`, { token: admin, headers: mv('3.70') });
  assert.equal(asAdmin.body.volume['os-vol-host-attr:host'], 'stackbox@lvm#lvm');
  assert.equal(asAdmin.body.volume.volume_type_id, row.volume_type_id);
  assert.equal(asAdmin.body.volume.consumes_quota, true);
  assert.equal(asAdmin.body.volume.cluster_name, null);

  const list = await t.request('GET', `${V}/volumes`, { token: demo });
  assert.equal(list.status, 200);
  assert.deepEqual(Object.keys(list.body.volumes[0]).sort(), ['id', 'links', 'name']);
  const withProject = await t.request('GET', `${V}/${demoProject}/volumes/detail`, { token: demo });
  assert.equal(withProject.status, 200);
  assert.ok(withProject.body.volumes.some((x: { id: string }) => x.id === v.id));
  assert.equal(
    withProject.body.volumes[0].links[0].href,
    `http://localhost:80/volume/v3/${demoProject}/volumes/${withProject.body.volumes[0].id}`,
  );
  const otherProject = await t.request('GET', `${V}/00000000000000000000000000000000/volumes`, { token: demo });
  assert.equal(otherProject.status, 400);
  assert.deepEqual(otherProject.body, { badRequest: { code: 400, message: 'Malformed request url' } });
});

test('bad input: Cinder 400/404 bodies, never a 500', async () => {
  const zero = await create({ size: 0 });
  assert.equal(zero.status, 400);
  assert.deepEqual(zero.body, {
    badRequest: {
      code: 400,
      message: 'Invalid input for field/attribute size. Value: 0. 0 is less than the minimum of 1',
    },
  });
  const noSize = await create({ name: 'x' });
  assert.equal(noSize.status, 400);
  assert.equal(
    noSize.body.badRequest.message,
    'The server could not comply with the request since it is either malformed or otherwise incorrect.',
  );
  const badSort = await t.request('GET', `${V}/volumes?sort=foo:asc`, { token: demo });
  assert.deepEqual(badSort.body, { badRequest: { code: 400, message: 'Invalid input received: Invalid sort key' } });
  const type = await create({ size: 1, volume_type: 'nope' });
  assert.equal(type.status, 404);
  assert.deepEqual(type.body, {
    itemNotFound: { code: 404, message: 'Volume type with name nope could not be found.' },
  });
  const missing = await t.request('GET', `${V}/volumes/00000000-0000-0000-0000-000000000000`, { token: demo });
  assert.deepEqual(missing.body, {
    itemNotFound: { code: 404, message: 'Volume 00000000-0000-0000-0000-000000000000 could not be found.' },
  });
  const notJson = await t.request('POST', `${V}/volumes`, {
    token: demo,
    payload: '{',
    headers: { 'content-type': 'application/json' },
  });
  assert.equal(notJson.status, 400);
  assert.ok(notJson.body.badRequest);
  const badAz = await create({ size: 1, availability_zone: 'mars' });
  assert.deepEqual(badAz.body, { badRequest: { code: 400, message: "Availability zone 'mars' is invalid." } });
  const badImage = await create({ size: 1, imageRef: 'nope' });
  assert.deepEqual(badImage.body, {
    badRequest: { code: 400, message: 'Invalid image identifier or unable to access requested image.' },
  });
  const badLimit = await t.request('GET', `${V}/volumes?limit=x`, { token: demo });
  assert.equal(badLimit.status, 400);
  const badMarker = await t.request('GET', `${V}/volumes?marker=nope`, { token: demo });
  assert.deepEqual(badMarker.body, { itemNotFound: { code: 404, message: 'Volume nope could not be found.' } });
  const noAuth = await t.request('GET', `${V}/volumes`);
  assert.equal(noAuth.status, 401);
});

test('from an image: bootable, volume_image_metadata copied from the Glance row', async () => {
  const r = await create({ imageRef: CIRROS, name: 'boot' });
  assert.equal(r.status, 202, r.text);
  const v = await waitStatus(r.body.volume.id, 'available');
  assert.equal(v.bootable, 'true');
  assert.equal(v.volume_image_metadata.image_id, CIRROS);
  const image = await t.rt.store.db.selectFrom('images').selectAll().where('id', '=', CIRROS).executeTakeFirstOrThrow();
  assert.equal(v.volume_image_metadata.image_name, image.name);
  assert.equal(v.volume_image_metadata.disk_format, image.disk_format);
  assert.ok(v.size >= 1);
  // and a clone of it keeps both
  const clone = await create({ source_volid: v.id, size: v.size + 1 });
  assert.equal(clone.status, 202);
  const c = await waitStatus(clone.body.volume.id, 'available');
  assert.equal(c.source_volid, v.id);
  assert.equal(c.bootable, 'true');
  for (const id of [c.id, v.id])
    assert.equal((await t.request('DELETE', `${V}/volumes/${id}`, { token: demo })).status, 202);
});

test('from an image with min_disk larger than the size: Cinder 400, nothing created', async () => {
  const before = await t.rt.store.db.selectFrom('volumes').select('id').execute();
  const image = await t.rt.store.db.selectFrom('images').selectAll().where('id', '=', CIRROS).executeTakeFirstOrThrow();
  await t.rt.store.db.updateTable('images').set({ min_disk: 3 }).where('id', '=', CIRROS).execute();
  try {
    const r = await create({ imageRef: CIRROS, size: 2 });
    assert.equal(r.status, 400);
    assert.deepEqual(r.body, {
      badRequest: {
        code: 400,
        message: 'Invalid input received: Volume size 2GB cannot be smaller than the image minDisk size 3GB.',
      },
    });
    assert.equal((await t.rt.store.db.selectFrom('volumes').select('id').execute()).length, before.length);
    // without a size the volume takes min_disk
    const ok = await create({ imageRef: CIRROS });
    assert.equal(ok.status, 202, ok.text);
    assert.equal(ok.body.volume.size, 3);
    await waitStatus(ok.body.volume.id, 'available');
    assert.equal((await t.request('DELETE', `${V}/volumes/${ok.body.volume.id}`, { token: demo })).status, 202);
  } finally {
    await t.rt.store.db.updateTable('images').set({ min_disk: image.min_disk }).where('id', '=', CIRROS).execute();
  }
});

test('update name, description, metadata; other projects cannot see it', async () => {
  const r = await create({ size: 1, name: 'before' });
  const id = r.body.volume.id;
  const u = await t.request('PUT', `${V}/volumes/${id}`, {
    token: demo,
    body: { volume: { name: 'after', description: 'd', metadata: { k: 'v' } } },
  });
  assert.equal(u.status, 200);
  assert.equal(u.body.volume.name, 'after');
  assert.equal(u.body.volume.description, 'd');
  assert.deepEqual(u.body.volume.metadata, { k: 'v' });
  assert.notEqual(u.body.volume.updated_at, null);
  const bad = await t.request('PUT', `${V}/volumes/${id}`, { token: demo, body: { volume: { size: 3 } } });
  assert.equal(bad.status, 400);
  const byName = await t.request('GET', `${V}/volumes/detail?name=after`, { token: demo });
  assert.deepEqual(
    byName.body.volumes.map((x: { id: string }) => x.id),
    [id],
  );
  const byMeta = await t.request('GET', `${V}/volumes/detail?metadata=${encodeURIComponent('{"k":"v"}')}`, {
    token: demo,
  });
  assert.deepEqual(
    byMeta.body.volumes.map((x: { id: string }) => x.id),
    [id],
  );
  const svcToken = await t.tokenFor('admin');
  const all = await t.request('GET', `${V}/volumes?all_tenants=1`, { token: svcToken });
  assert.ok(all.body.volumes.some((x: { id: string }) => x.id === id));
  const own = await t.request('GET', `${V}/volumes`, { token: svcToken });
  assert.ok(!own.body.volumes.some((x: { id: string }) => x.id === id), 'admin without all_tenants: own project');
  await waitStatus(id, 'available');
  assert.equal((await t.request('DELETE', `${V}/volumes/${id}`, { token: demo })).status, 202);
});

test('paging: limit, marker and volumes_links next', async () => {
  const ids: string[] = [];
  for (let i = 0; i < 3; i++) ids.push((await create({ size: 1, name: `page${i}` })).body.volume.id);
  const p1 = await t.request('GET', `${V}/volumes?limit=2&sort=name:asc&name=page1`, { token: demo });
  assert.equal(p1.body.volumes.length, 1);
  const a = await t.request('GET', `${V}/volumes?limit=2&sort_key=name&sort_dir=asc`, { token: demo });
  assert.equal(a.body.volumes.length, 2);
  assert.match(a.body.volumes_links[0].href, /marker=/);
  const next = new URL(a.body.volumes_links[0].href);
  const b = await t.request('GET', `${next.pathname}${next.search}`, { token: demo });
  const seen = [...a.body.volumes, ...b.body.volumes].map((x: { name: string }) => x.name);
  assert.deepEqual(seen.slice(0, 3), ['page0', 'page1', 'page2']);
  for (const id of ids) await waitStatus(id, 'available');
  for (const id of ids) await t.request('DELETE', `${V}/volumes/${id}`, { token: demo });
});

test('delete: 400 from a non-deletable status, 202 then gone, capacity back in the pool', async () => {
  const r = await create({ size: 2 });
  const id = r.body.volume.id;
  await waitStatus(id, 'available');
  const pool = async () =>
    (await t.rt.store.db.selectFrom('volume_pools').select('allocated_gb').executeTakeFirstOrThrow()).allocated_gb;
  const held = await pool();
  await t.rt.store.db.updateTable('volumes').set({ status: 'extending' }).where('id', '=', id).execute();
  const refused = await t.request('DELETE', `${V}/volumes/${id}`, { token: demo });
  assert.equal(refused.status, 400);
  assert.match(refused.body.badRequest.message, /^Invalid volume: Volume status must be available or error/);
  await t.rt.store.db.updateTable('volumes').set({ status: 'available' }).where('id', '=', id).execute();
  const d = await t.request('DELETE', `${V}/volumes/${id}`, { token: demo });
  assert.equal(d.status, 202);
  assert.equal(d.text, '');
  await waitFor(async () => (await t.request('GET', `${V}/volumes/${id}`, { token: demo })).status === 404, 'gone');
  assert.equal(await pool(), held - 2);
  const again = await t.request('DELETE', `${V}/volumes/${id}`, { token: demo });
  assert.equal(again.status, 404);
});

test('os-extend: 202 then the new size; smaller → 400; capacity held in the pool', async () => {
  const r = await create({ size: 1 });
  const id = r.body.volume.id;
  await waitStatus(id, 'available');
  const ext = await t.request('POST', `${V}/volumes/${id}/action`, {
    token: demo,
    body: { 'os-extend': { new_size: 2 } },
  });
  assert.equal(ext.status, 202);
  const v = await waitStatus(id, 'available');
  assert.equal(v.size, 2);
  const row = await t.rt.store.db.selectFrom('volumes').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  assert.equal(row.allocated_gb, 2);
  assert.equal(row.extend_to, null);
  const smaller = await t.request('POST', `${V}/volumes/${id}/action`, {
    token: demo,
    body: { 'os-extend': { new_size: 1 } },
  });
  assert.deepEqual(smaller.body, {
    badRequest: {
      code: 400,
      message:
        'Invalid input received: New size for extend must be greater than current size. (current: 2, extended: 1).',
    },
  });
  const unknown = await t.request('POST', `${V}/volumes/${id}/action`, { token: demo, body: { 'os-frobnicate': {} } });
  assert.equal(
    unknown.body.badRequest.message,
    'There is no such action: os-frobnicate. Verify the request body and Content-Type header and try again.',
  );
  await t.rt.store.db.updateTable('volumes').set({ status: 'error' }).where('id', '=', id).execute();
  const wrongState = await t.request('POST', `${V}/volumes/${id}/action`, {
    token: demo,
    body: { 'os-extend': { new_size: 5 } },
  });
  assert.equal(
    wrongState.body.badRequest.message,
    `Invalid volume: Volume ${id} status must be '{'status': 'available'}' to extend, currently error.`,
  );
  await t.request('DELETE', `${V}/volumes/${id}`, { token: demo });
});

test('view fields by microversion and role match Cinder (member vs admin, 3.0 vs 3.70)', async () => {
  const r = await create({ size: 1 });
  const id = r.body.volume.id;
  await waitStatus(id, 'available');
  const keys = async (token: string, v: string) =>
    Object.keys((await t.request('GET', `${V}/volumes/${id}`, { token, headers: mv(v) })).body.volume).sort();
  const base = [
    'attachments',
    'availability_zone',
    'bootable',
    'consistencygroup_id',
    'created_at',
    'description',
    'encrypted',
    'id',
    'links',
    'metadata',
    'multiattach',
    'name',
    'os-vol-tenant-attr:tenant_id',
    'replication_status',
    'size',
    'snapshot_id',
    'source_volid',
    'status',
    'updated_at',
    'user_id',
    'volume_type',
  ];
  const at370 = ['consumes_quota', 'group_id', 'service_uuid', 'shared_targets', 'volume_type_id'];
  const adminOnly = [
    'migration_status',
    'os-vol-host-attr:host',
    'os-vol-mig-status-attr:migstat',
    'os-vol-mig-status-attr:name_id',
  ];
  assert.deepEqual(await keys(demo, '3.0'), [...base].sort());
  assert.deepEqual(await keys(demo, '3.70'), [...base, ...at370].sort());
  assert.deepEqual(await keys(admin, '3.0'), [...base, ...adminOnly].sort());
  assert.deepEqual(await keys(admin, '3.70'), [...base, ...at370, ...adminOnly, 'cluster_name', 'provider_id'].sort());
  await t.request('DELETE', `${V}/volumes/${id}`, { token: demo });
});

test('volume metadata routes: merge, replace, show key, update key, delete key', async () => {
  const r = await create({ size: 1, metadata: { x: '0' } });
  const id = r.body.volume.id;
  const base = `${V}/volumes/${id}/metadata`;
  const merged = await t.request('POST', base, { token: demo, body: { metadata: { a: '1', b: '2' } } });
  assert.deepEqual(merged.body, { metadata: { x: '0', a: '1', b: '2' } });
  const replaced = await t.request('PUT', base, { token: demo, body: { metadata: { c: '3' } } });
  assert.deepEqual(replaced.body, { metadata: { c: '3' } });
  assert.deepEqual((await t.request('GET', base, { token: demo })).body, { metadata: { c: '3' } });
  assert.deepEqual((await t.request('GET', `${base}/c`, { token: demo })).body, { meta: { c: '3' } });
  const put = await t.request('PUT', `${base}/c`, { token: demo, body: { meta: { c: '4' } } });
  assert.deepEqual(put.body, { meta: { c: '4' } });
  const mismatch = await t.request('PUT', `${base}/c`, { token: demo, body: { meta: { d: '4' } } });
  assert.deepEqual(mismatch.body, { badRequest: { code: 400, message: 'Request body and URI mismatch' } });
  const del = await t.request('DELETE', `${base}/c`, { token: demo });
  assert.equal(del.status, 200);
  const missing = await t.request('DELETE', `${base}/c`, { token: demo });
  assert.deepEqual(missing.body, { itemNotFound: { code: 404, message: `Volume ${id} has no metadata with key c.` } });
  const row = await t.rt.store.db
    .selectFrom('volumes')
    .select('metadata')
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  assert.deepEqual(JSON.parse(row.metadata), {});
  await waitStatus(id, 'available');
  await t.request('DELETE', `${V}/volumes/${id}`, { token: demo });
});

test('admin actions: os-reset_status and os-force_delete (403 for members)', async () => {
  const r = await create({ size: 1 });
  const id = r.body.volume.id;
  await waitStatus(id, 'available');
  const act = (token: string, body: unknown) => t.request('POST', `${V}/volumes/${id}/action`, { token, body });
  const member = await act(demo, { 'os-reset_status': { status: 'error' } });
  assert.deepEqual(member.body, {
    forbidden: {
      code: 403,
      message: "Policy doesn't allow volume_extension:volume_admin_actions:reset_status to be performed.",
    },
  });
  const bogus = await act(admin, { 'os-reset_status': { status: 'bogus' } });
  assert.match(bogus.body.badRequest.message, /^Volume status: bogus is invalid, valid statuses are: \('creating', /);
  const empty = await act(admin, { 'os-reset_status': {} });
  assert.equal(
    empty.body.badRequest.message,
    "Must specify 'status', 'attach_status' or 'migration_status' for update.",
  );
  assert.equal((await act(admin, { 'os-reset_status': { status: 'error_deleting' } })).status, 202);
  assert.equal((await t.request('GET', `${V}/volumes/${id}`, { token: demo })).body.volume.status, 'error_deleting');
  // error_deleting is not deletable by a member; an admin forces it
  assert.equal((await t.request('DELETE', `${V}/volumes/${id}`, { token: demo })).status, 400);
  assert.equal((await act(demo, { 'os-force_delete': {} })).status, 403);
  assert.equal((await act(admin, { 'os-force_delete': {} })).status, 202);
  await waitFor(async () => (await t.request('GET', `${V}/volumes/${id}`, { token: demo })).status === 404, 'gone');
});
