/**
 * Nova's images proxy below 2.36 (/images, /images/detail, /images/{id}) and its image metadata
 * API below 2.39, over stackbox's Glance: Nova's views (status, progress, size, server link),
 * filters and paging, Glance's visibility as 404, Glance's refusals as Nova's 403s, the
 * metadata_items quota, and the microversion cut-offs.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { DEFAULT_IMAGES } from '../../../src/store/seed.js';
import { first } from '../../../src/lib/arrays.js';

let t: TestApp;
let admin: string;
let demo: string;
let alt: string;
let demoProject: string;

const CIRROS = first(DEFAULT_IMAGES, 'DEFAULT_IMAGES');
const IMAGES = '/compute/v2.1/images';

before(async () => {
  t = await startTestApp(
    { seedUsers: [{ name: 'alt', password: 'secret', project: 'alt', roles: ['member', 'reader'] }] },
    { agent: false },
  );
  admin = await t.tokenFor('admin');
  demo = await t.tokenFor('demo');
  alt = await t.tokenFor('alt');
  demoProject =
    (await t.rt.store.db.selectFrom('projects').select('id').where('name', '=', 'demo').executeTakeFirst())?.id ?? '';
});
after(async () => {
  await t.close();
});

/** a queued image made through Glance by the token's project */
async function glanceImage(token: string, body: Record<string, unknown> = {}): Promise<string> {
  const res = await t.request('POST', '/image/v2/images', {
    token,
    body: { name: 'nova-img', disk_format: 'qcow2', container_format: 'bare', ...body },
  });
  assert.equal(res.status, 201, res.text);
  return res.body.id as string;
}

test('GET /images lists id, name and links; /images/detail the full view', async () => {
  const list = await t.request('GET', IMAGES, { token: demo });
  assert.equal(list.status, 200, list.text);
  const basic = list.body.images.find((i: { id: string }) => i.id === CIRROS.id);
  assert.deepEqual(Object.keys(basic).sort(), ['id', 'links', 'name']);
  assert.equal(basic.name, CIRROS.name);
  assert.deepEqual(
    basic.links.map((l: { rel: string }) => l.rel),
    ['self', 'bookmark', 'alternate'],
  );
  assert.match(basic.links[0].href, new RegExp(`/compute/v2\\.1/images/${CIRROS.id}$`));
  assert.match(basic.links[1].href, new RegExp(`/compute/images/${CIRROS.id}$`));
  assert.match(basic.links[2].href, new RegExp(`/image/images/${CIRROS.id}$`));
  assert.equal(basic.links[2].type, 'application/vnd.openstack.image');

  const detail = await t.request('GET', `${IMAGES}/detail`, { token: demo });
  assert.equal(detail.status, 200, detail.text);
  const d = detail.body.images.find((i: { id: string }) => i.id === CIRROS.id);
  assert.equal(d.status, 'ACTIVE');
  assert.equal(d.progress, 100);
  assert.equal(d['OS-EXT-IMG-SIZE:size'], CIRROS.size);
  assert.equal(d.minDisk, 0);
  assert.equal(d.minRam, 0);
  assert.deepEqual(d.metadata, {});
  assert.match(d.created, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  assert.equal(d.server, undefined);
  assert.equal(detail.body.images_links, undefined);
});

test('GET /images/{id}: a queued snapshot is SAVING at 25% with its server and disk config', async () => {
  const server = '8d7f1c52-1b7e-4a63-9a0e-1f6f3b2a9c11';
  const id = await glanceImage(demo, { instance_uuid: server, image_type: 'snapshot', auto_disk_config: 'true' });
  const r = await t.request('GET', `${IMAGES}/${id}`, { token: demo });
  assert.equal(r.status, 200, r.text);
  const i = r.body.image;
  assert.equal(i.status, 'SAVING');
  assert.equal(i.progress, 25);
  assert.equal(i['OS-EXT-IMG-SIZE:size'], 0);
  assert.equal(i['OS-DCF:diskConfig'], 'AUTO');
  assert.deepEqual(i.metadata, { instance_uuid: server, image_type: 'snapshot', auto_disk_config: 'true' });
  assert.equal(i.server.id, server);
  assert.match(i.server.links[0].href, new RegExp(`/compute/v2\\.1/servers/${server}$`));
  assert.equal(i.server.links[1].rel, 'bookmark');

  // the server and type filters find it through its properties (server also as a URL)
  for (const q of [`server=${server}`, `server=http://x/servers/${server}`, 'type=snapshot']) {
    const l = await t.request('GET', `${IMAGES}/detail?${q}`, { token: demo });
    assert.equal(l.status, 200, l.text);
    assert.deepEqual(
      l.body.images.map((x: { id: string }) => x.id),
      [id],
      q,
    );
  }
  // another project's private image does not exist for Nova either
  const other = await t.request('GET', `${IMAGES}/${id}`, { token: alt });
  assert.equal(other.status, 404, other.text);
  assert.equal(other.body.itemNotFound.message, 'Image not found.');
  const none = await t.request('GET', `${IMAGES}/does-not-exist`, { token: demo });
  assert.equal(none.status, 404);
});

test('filters: name, status (any case), minRam, minDisk, changes-since', async () => {
  const ubuntu = DEFAULT_IMAGES[1];
  assert.ok(ubuntu);
  const ids = async (q: string): Promise<string[]> => {
    const r = await t.request('GET', `${IMAGES}?${q}`, { token: demo });
    assert.equal(r.status, 200, r.text);
    return r.body.images.map((x: { id: string }) => x.id) as string[];
  };
  assert.deepEqual(await ids(`name=${ubuntu.name}`), [ubuntu.id]);
  assert.ok((await ids('status=ACTIVE')).includes(CIRROS.id));
  assert.ok(!(await ids('status=queued')).includes(CIRROS.id));
  assert.deepEqual(await ids('minRam=512'), [ubuntu.id]);
  assert.deepEqual(await ids('minDisk=3&minRam=512'), [ubuntu.id]);
  assert.deepEqual(await ids('minDisk=abc'), []);
  assert.deepEqual(await ids('changes-since=2999-01-01T00:00:00Z'), []);
  assert.ok((await ids('changes-since=2000-01-01T00:00:00Z')).includes(CIRROS.id));
  const bad = await t.request('GET', `${IMAGES}?changes-since=yesterday`, { token: demo });
  assert.equal(bad.status, 400, bad.text);
});

test('limit and marker page newest first with an images_links next link', async () => {
  const all = await t.request('GET', IMAGES, { token: demo });
  const order = all.body.images.map((x: { id: string }) => x.id) as string[];
  assert.ok(order.length >= 3);
  const p1 = await t.request('GET', `${IMAGES}/detail?limit=2`, { token: demo });
  assert.equal(p1.status, 200, p1.text);
  assert.deepEqual(
    p1.body.images.map((x: { id: string }) => x.id),
    order.slice(0, 2),
  );
  const next = new URL(p1.body.images_links[0].href);
  assert.equal(p1.body.images_links[0].rel, 'next');
  assert.match(next.pathname, /\/compute\/v2\.1\/images\/detail$/);
  assert.equal(next.searchParams.get('marker'), order[1]);
  assert.equal(next.searchParams.get('limit'), '2');
  const p2 = await t.request('GET', `${IMAGES}/detail?limit=2&marker=${order[1]}`, { token: demo });
  assert.deepEqual(
    p2.body.images.map((x: { id: string }) => x.id),
    order.slice(2, 4),
  );
  const badLimit = await t.request('GET', `${IMAGES}?limit=abc`, { token: demo });
  assert.equal(badLimit.status, 400);
  assert.equal(badLimit.body.badRequest.message, 'Invalid input received: limit must be an integer');
  const negative = await t.request('GET', `${IMAGES}?limit=-1`, { token: demo });
  assert.equal(negative.status, 400);
  assert.equal(negative.body.badRequest.message, 'Invalid input received: limit must be >= 0');
  const badMarker = await t.request('GET', `${IMAGES}?marker=nope`, { token: demo });
  assert.equal(badMarker.status, 400, badMarker.text);
});

test('DELETE /images/{id}: Glance refusals are 403, invisible images 404, own images go', async () => {
  const publicImage = await t.request('DELETE', `${IMAGES}/${CIRROS.id}`, { token: demo });
  assert.equal(publicImage.status, 403, publicImage.text);
  assert.equal(publicImage.body.forbidden.message, 'You are not allowed to delete the image.');
  const prot = await glanceImage(demo, { protected: true });
  const protectedDel = await t.request('DELETE', `${IMAGES}/${prot}`, { token: demo });
  assert.equal(protectedDel.status, 403);
  assert.equal(protectedDel.body.forbidden.message, 'You are not allowed to delete the image.');
  const own = await glanceImage(demo);
  const hidden = await t.request('DELETE', `${IMAGES}/${own}`, { token: alt });
  assert.equal(hidden.status, 404);
  assert.equal(hidden.body.itemNotFound.message, 'Image not found.');
  const ok = await t.request('DELETE', `${IMAGES}/${own}`, { token: demo });
  assert.equal(ok.status, 204, ok.text);
  assert.equal((await t.request('GET', `/image/v2/images/${own}`, { token: demo })).status, 404);
});

test('image metadata: show, create merges, update_all replaces, item update and delete', async () => {
  const id = await glanceImage(demo, { a: '1' });
  const url = `${IMAGES}/${id}/metadata`;
  assert.deepEqual((await t.request('GET', url, { token: demo })).body, { metadata: { a: '1' } });
  const created = await t.request('POST', url, { token: demo, body: { metadata: { b: '2' } } });
  assert.equal(created.status, 200, created.text);
  assert.deepEqual(created.body, { metadata: { a: '1', b: '2' } });
  const one = await t.request('GET', `${url}/b`, { token: demo });
  assert.deepEqual(one.body, { meta: { b: '2' } });
  const missing = await t.request('GET', `${url}/zz`, { token: demo });
  assert.equal(missing.status, 404);

  const item = await t.request('PUT', `${url}/a`, { token: demo, body: { meta: { a: 'x' } } });
  assert.equal(item.status, 200, item.text);
  assert.deepEqual(item.body, { meta: { a: 'x' } });
  const mismatch = await t.request('PUT', `${url}/a`, { token: demo, body: { meta: { c: 'x' } } });
  assert.equal(mismatch.status, 400);
  assert.equal(mismatch.body.badRequest.message, 'Request body and URI mismatch');

  const all = await t.request('PUT', url, { token: demo, body: { metadata: { c: '3' } } });
  assert.equal(all.status, 200, all.text);
  assert.deepEqual(all.body, { metadata: { c: '3' } });
  const glance = await t.request('GET', `/image/v2/images/${id}`, { token: demo });
  assert.equal(glance.body.c, '3');
  assert.equal(glance.body.a, undefined);

  const del = await t.request('DELETE', `${url}/c`, { token: demo });
  assert.equal(del.status, 204, del.text);
  const gone = await t.request('DELETE', `${url}/c`, { token: demo });
  assert.equal(gone.status, 404);
  assert.equal(gone.body.itemNotFound.message, 'Invalid metadata key');
  assert.deepEqual((await t.request('GET', url, { token: demo })).body, { metadata: {} });

  const badBody = await t.request('POST', url, { token: demo, body: { metadata: { k: 1 } } });
  assert.equal(badBody.status, 400);
  const invisible = await t.request('GET', url, { token: alt });
  assert.equal(invisible.status, 404);
  assert.equal(invisible.body.itemNotFound.message, 'Image not found.');
});

test("image metadata: another project's public image is Glance's 403; metadata_items quota 403", async () => {
  const pub = `${IMAGES}/${CIRROS.id}/metadata`;
  const denied = await t.request('POST', pub, { token: demo, body: { metadata: { x: 'y' } } });
  assert.equal(denied.status, 403, denied.text);
  assert.equal(denied.body.forbidden.message, `Not authorized for image ${CIRROS.id}.`);

  const id = await glanceImage(demo, { a: '1', b: '2' });
  const q = await t.request('PUT', `/compute/v2.1/os-quota-sets/${demoProject}`, {
    token: admin,
    body: { quota_set: { metadata_items: 2 } },
  });
  assert.equal(q.status, 200, q.text);
  try {
    const over = await t.request('PUT', `${IMAGES}/${id}/metadata/c`, { token: demo, body: { meta: { c: '3' } } });
    assert.equal(over.status, 403, over.text);
    assert.equal(over.body.forbidden.message, 'Image metadata limit exceeded');
    const replace = await t.request('PUT', `${IMAGES}/${id}/metadata`, {
      token: demo,
      body: { metadata: { c: '3', d: '4' } },
    });
    assert.equal(replace.status, 200, replace.text);
  } finally {
    await t.request('DELETE', `/compute/v2.1/os-quota-sets/${demoProject}`, { token: admin });
  }
});

test('the images API is 404 from 2.36, its metadata API from 2.39', async () => {
  const id = await glanceImage(demo, { a: '1' });
  for (const url of [IMAGES, `${IMAGES}/detail`, `${IMAGES}/${id}`]) {
    assert.equal((await t.request('GET', url, { token: demo, mv: '2.35' })).status, 200, url);
    assert.equal((await t.request('GET', url, { token: demo, mv: '2.36' })).status, 404, url);
  }
  assert.equal((await t.request('DELETE', `${IMAGES}/${id}`, { token: demo, mv: '2.36' })).status, 404);
  assert.equal((await t.request('GET', `${IMAGES}/${id}/metadata`, { token: demo, mv: '2.38' })).status, 200);
  assert.equal((await t.request('GET', `${IMAGES}/${id}/metadata`, { token: demo, mv: '2.39' })).status, 404);
  assert.equal(
    (await t.request('POST', `${IMAGES}/${id}/metadata`, { token: demo, mv: '2.39', body: { metadata: {} } })).status,
    404,
  );
});
