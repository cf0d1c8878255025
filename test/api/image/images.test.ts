import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../helpers/app.js';

let t: TestApp;
let admin: string;
let demo: string;
let demoProject: string;
const CIRROS = '6a1a3f1e-9a43-4c3f-9b7a-2b1f0f6e8c01';
const JSON_ACCEPT = { accept: 'application/json' };

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

test('GET /image without a token → 300 with v2.15 CURRENT (Zed, one store) linking to /image/v2/', async () => {
  const res = await t.request('GET', '/image');
  assert.equal(res.status, 300);
  assert.deepEqual(res.body.versions[0], {
    id: 'v2.15',
    status: 'CURRENT',
    links: [{ rel: 'self', href: 'http://localhost:80/image/v2/' }],
  });
  assert.ok(res.body.versions.every((v: { status: string }, i: number) => i === 0 || v.status === 'SUPPORTED'));
  assert.equal(res.body.versions.at(-1).id, 'v2.0');
  // 2.8 and 2.10-2.13 are listed only with multiple stores
  assert.deepEqual(
    res.body.versions.slice(0, 3).map((v: { id: string }) => v.id),
    ['v2.15', 'v2.9', 'v2.7'],
  );
});

test('image show returns the Glance body with relative links and flattened properties', async () => {
  const res = await t.request('GET', `/image/v2/images/${CIRROS}`, { token: demo });
  assert.equal(res.status, 200);
  const i = res.body;
  for (const k of [
    'id',
    'name',
    'status',
    'visibility',
    'owner',
    'container_format',
    'disk_format',
    'min_disk',
    'min_ram',
    'size',
    'virtual_size',
    'checksum',
    'os_hash_algo',
    'os_hash_value',
    'protected',
    'os_hidden',
    'tags',
    'created_at',
    'updated_at',
    'self',
    'file',
    'schema',
  ]) {
    assert.ok(k in i, `missing ${k}`);
  }
  assert.equal(i.name, 'cirros-0.6.2');
  assert.equal(i.status, 'active');
  assert.equal(i.size, 21430272);
  assert.equal(i.self, `/v2/images/${CIRROS}`);
  assert.equal(i.file, `/v2/images/${CIRROS}/file`);
  assert.equal(i.schema, '/v2/schemas/image');
  assert.match(i.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
});

test('unknown image → 404 with Glance text (plain, or webob JSON when JSON is accepted); OSC falls back to ?name=', async () => {
  const plain = await t.request('GET', '/image/v2/images/cirros-0.6.2', { token: demo });
  assert.equal(plain.status, 404);
  assert.match(String(plain.headers['content-type']), /^text\/plain/);
  assert.ok(plain.text.startsWith('404 Not Found\n\nNo image found with ID cirros-0.6.2'));
  const json = await t.request('GET', '/image/v2/images/cirros-0.6.2', { token: demo, headers: JSON_ACCEPT });
  assert.equal(json.status, 404);
  assert.equal(json.body.code, '404 Not Found');
  assert.match(json.body.message, /^No image found with ID cirros-0\.6\.2/);
  const byName = await t.request('GET', '/image/v2/images?name=cirros-0.6.2', { token: demo });
  assert.equal(byName.status, 200);
  assert.equal(byName.body.images.length, 1);
  assert.equal(byName.body.images[0].id, CIRROS);
  assert.equal(byName.body.schema, '/v2/schemas/images');
});

test('missing token → 401', async () => {
  const res = await t.request('GET', '/image/v2/images');
  assert.equal(res.status, 401);
});

test('member creates a queued image with custom properties → 201; other projects cannot see it while private', async () => {
  const res = await t.request('POST', '/image/v2/images', {
    token: demo,
    body: {
      name: 'mine',
      disk_format: 'raw',
      container_format: 'bare',
      visibility: 'private',
      tags: ['a'],
      hw_disk_bus: 'scsi',
    },
  });
  assert.equal(res.status, 201, res.text);
  assert.equal(res.body.status, 'queued');
  assert.equal(res.body.owner, demoProject);
  assert.equal(res.body.size, null);
  assert.equal(res.body.hw_disk_bus, 'scsi');
  assert.deepEqual(res.body.tags, ['a']);
  assert.equal(res.headers.location, `/v2/images/${res.body.id}`);
  const row = await t.rt.store.db.selectFrom('images').selectAll().where('id', '=', res.body.id).executeTakeFirst();
  assert.equal(row?.status, 'queued');
  const mine = await t.request('GET', '/image/v2/images?visibility=private', { token: demo });
  assert.deepEqual(
    mine.body.images.map((i: { id: string }) => i.id),
    [res.body.id],
  );
  // a user of another project: only public images
  await t.request('POST', '/image/v2/images', { token: admin, body: { name: 'admins-own', visibility: 'private' } });
  const demoList = await t.request('GET', '/image/v2/images', { token: demo });
  assert.ok(!demoList.body.images.some((i: { name: string }) => i.name === 'admins-own'));
  const other = await t.request('GET', '/image/v2/images?name=admins-own', { token: demo });
  assert.equal(other.body.images.length, 0);
  const adminId = (await t.request('GET', '/image/v2/images?name=admins-own', { token: admin })).body.images[0].id;
  assert.equal((await t.request('GET', `/image/v2/images/${adminId}`, { token: demo })).status, 404);
});

test('create validation: read-only attribute 403, bad disk_format 400, public needs admin, duplicate id 409', async () => {
  const ro = await t.request('POST', '/image/v2/images', { token: demo, body: { name: 'x', status: 'active' } });
  assert.equal(ro.status, 403);
  assert.match(ro.text, /Attribute 'status' is read-only\./);
  // the os_glance namespace is Glance's own: 403 and no image
  const ns = await t.request('POST', '/image/v2/images', {
    token: demo,
    body: { name: 'reserved-ns', container_format: 'bare', disk_format: 'raw', os_glance_foo: 'bar' },
  });
  assert.equal(ns.status, 403);
  assert.match(ns.text, /Attribute 'os_glance_foo' is reserved\./);
  assert.equal((await t.request('GET', '/image/v2/images?name=reserved-ns', { token: demo })).body.images.length, 0);
  const bad = await t.request('POST', '/image/v2/images', { token: demo, body: { name: 'x', disk_format: 'floppy' } });
  assert.equal(bad.status, 400);
  const pub = await t.request('POST', '/image/v2/images', { token: demo, body: { name: 'x', visibility: 'public' } });
  assert.equal(pub.status, 403);
  assert.match(pub.text, /You are not authorized to complete publicize_image action\./);
  const id = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';
  assert.equal(
    (await t.request('POST', '/image/v2/images', { token: admin, body: { id, name: 'pub', visibility: 'public' } }))
      .status,
    201,
  );
  const dup = await t.request('POST', '/image/v2/images', { token: admin, body: { id, name: 'pub2' } });
  assert.equal(dup.status, 409);
});

test('list: limit/marker paging with a next link, sort_key/sort_dir, status filter', async () => {
  for (const n of ['p1', 'p2', 'p3']) await t.request('POST', '/image/v2/images', { token: demo, body: { name: n } });
  const page1 = await t.request('GET', '/image/v2/images?limit=2&sort_key=name&sort_dir=asc', { token: demo });
  assert.equal(page1.status, 200);
  assert.equal(page1.body.images.length, 2);
  assert.match(page1.body.next, /^\/v2\/images\?limit=2&sort_key=name&sort_dir=asc&marker=/);
  const names: string[] = page1.body.images.map((i: { name: string }) => i.name);
  let next: string | undefined = page1.body.next;
  while (next) {
    const r = await t.request('GET', `/image${next}`, { token: demo });
    names.push(...r.body.images.map((i: { name: string }) => i.name));
    next = r.body.next;
  }
  assert.deepEqual(names, [...names].sort());
  assert.ok(names.includes('p3') && names.includes('cirros-0.6.2'));
  const queued = await t.request('GET', '/image/v2/images?status=queued&name=p2', { token: demo });
  assert.equal(queued.body.images.length, 1);
  const badMarker = await t.request('GET', '/image/v2/images?marker=nope', { token: demo });
  assert.equal(badMarker.status, 400);
  const badSort = await t.request('GET', '/image/v2/images?sort_dir=up', { token: demo });
  assert.equal(badSort.status, 400);
});

test("delete: 204 and gone; protected → 403; another project's public image → 403; unknown → 404", async () => {
  const mk = await t.request('POST', '/image/v2/images', { token: demo, body: { name: 'tmp' } });
  const del = await t.request('DELETE', `/image/v2/images/${mk.body.id}`, { token: demo });
  assert.equal(del.status, 204);
  assert.equal((await t.request('GET', `/image/v2/images/${mk.body.id}`, { token: demo })).status, 404);
  const prot = await t.request('POST', '/image/v2/images', { token: demo, body: { name: 'prot', protected: true } });
  const pd = await t.request('DELETE', `/image/v2/images/${prot.body.id}`, { token: demo, headers: JSON_ACCEPT });
  assert.equal(pd.status, 403);
  assert.match(pd.body.message, new RegExp(`^Image ${prot.body.id} is protected and cannot be deleted\\.`));
  // the route table checks delete_image against the owner; the refusal keeps Glance's words
  const seeded = await t.request('DELETE', `/image/v2/images/${CIRROS}`, { token: demo, headers: JSON_ACCEPT });
  assert.equal(seeded.status, 403);
  assert.match(seeded.body.message, /^You are not authorized to complete delete_image action\./);
  assert.ok(await t.rt.store.db.selectFrom('images').select('id').where('id', '=', CIRROS).executeTakeFirst());
  assert.equal(
    (await t.request('DELETE', '/image/v2/images/00000000-0000-4000-8000-000000000000', { token: demo })).status,
    404,
  );
  const wrongMethod = await t.request('PATCH', `/image/v2/images`, { token: demo });
  assert.equal(wrongMethod.status, 405);
});

test('list filters: tag, custom property, disk_format, protected, size range; sort=key:dir syntax', async () => {
  await t.request('POST', '/image/v2/images', {
    token: demo,
    body: { name: 'f-a', disk_format: 'iso', tags: ['gold', 'x'], os_distro: 'debian' },
  });
  await t.request('POST', '/image/v2/images', {
    token: demo,
    body: { name: 'f-b', disk_format: 'iso', tags: ['gold'], protected: true },
  });
  const names = (r: { body: { images: Array<{ name: string }> } }) => r.body.images.map((i) => i.name).sort();
  assert.deepEqual(names(await t.request('GET', '/image/v2/images?tag=gold', { token: demo })), ['f-a', 'f-b']);
  assert.deepEqual(names(await t.request('GET', '/image/v2/images?tag=gold&tag=x', { token: demo })), ['f-a']);
  assert.deepEqual(names(await t.request('GET', '/image/v2/images?os_distro=debian', { token: demo })), ['f-a']);
  assert.deepEqual(names(await t.request('GET', '/image/v2/images?disk_format=iso&protected=true', { token: demo })), [
    'f-b',
  ]);
  assert.deepEqual(names(await t.request('GET', '/image/v2/images?size_min=100000000', { token: demo })), [
    'ubuntu-24.04',
  ]);
  const sorted = await t.request('GET', '/image/v2/images?sort=name:desc&limit=100', { token: demo });
  const got: string[] = sorted.body.images.map((i: { name: string }) => i.name);
  assert.deepEqual(got, [...got].sort().reverse());
  const mixed = await t.request('GET', '/image/v2/images?sort=name&sort_key=name', { token: demo });
  assert.equal(mixed.status, 400);
  const badSize = await t.request('GET', '/image/v2/images?size_min=big', { token: demo });
  assert.equal(badSize.status, 400);
});

test('Glance texts found by the parity check: reserved os_glance*, duplicate id, marker, boolean filters, 415 upload', async () => {
  const reserved = await t.request('POST', '/image/v2/images', {
    token: demo,
    headers: JSON_ACCEPT,
    body: { name: 'r', os_glance_foo: 'bar' },
  });
  assert.equal(reserved.status, 403);
  assert.match(reserved.body.message, /^Attribute 'os_glance_foo' is reserved\./);
  const made = await t.request('POST', '/image/v2/images', { token: demo, body: { name: 'dup' } });
  assert.equal(made.status, 201);
  const dup = await t.request('POST', '/image/v2/images', {
    token: demo,
    headers: JSON_ACCEPT,
    body: { id: made.body.id },
  });
  assert.equal(dup.status, 409);
  assert.match(dup.body.message, new RegExp(`^Image ID ${made.body.id} already exists!`));
  const missing = '9e6f1f9b-7c1e-4d84-a1a0-3a4c8f0d2b11';
  const marker = await t.request('GET', `/image/v2/images?marker=${missing}`, { token: demo, headers: JSON_ACCEPT });
  assert.equal(marker.status, 400);
  assert.match(marker.body.message, new RegExp(`^No image found with ID ${missing}`));
  // protected is compared as given, os_hidden lowered first
  const prot = await t.request('GET', '/image/v2/images?protected=True', { token: demo, headers: JSON_ACCEPT });
  assert.equal(prot.status, 400);
  assert.match(
    prot.body.message,
    /^Invalid value 'True' for 'protected' filter\. Valid values are 'true' or 'false'\./,
  );
  assert.equal((await t.request('GET', '/image/v2/images?os_hidden=TRUE', { token: demo })).status, 200);
  const upload = await t.request('PUT', `/image/v2/images/${made.body.id}/file`, {
    token: demo,
    headers: { ...JSON_ACCEPT, 'content-type': 'text/plain' },
    payload: 'data',
  });
  assert.equal(upload.status, 415);
});
