import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { startTestApp, waitFor, type TestApp } from '../../helpers/app.js';

const CIRROS = '6a1a3f1e-9a43-4c3f-9b7a-2b1f0f6e8c01';
const OCTET = { 'content-type': 'application/octet-stream' };
const MIB = 1024 * 1024;
// small enough to test the cap cheaply, large enough for a multi-chunk image
const MAX = 3 * MIB;

let t: TestApp;
let admin: string;
let demo: string;
let alt: string;

before(async () => {
  t = await startTestApp({ image: { maxUploadBytes: MAX } });
  admin = await t.tokenFor('admin');
  demo = await t.tokenFor('demo');
  // a user of another project: the admin user scoped to the demo project is not that, so a new one
  const res = await t.request('POST', '/identity/v3/projects', { token: admin, body: { project: { name: 'alt' } } });
  assert.equal(res.status, 201, res.text);
  const user = await t.request('POST', '/identity/v3/users', {
    token: admin,
    body: { user: { name: 'alt', password: 'pw', default_project_id: res.body.project.id } },
  });
  assert.equal(user.status, 201, user.text);
  const member = await t.rt.store.db
    .selectFrom('roles')
    .select('id')
    .where('name', '=', 'member')
    .executeTakeFirstOrThrow();
  const grant = await t.request(
    'PUT',
    `/identity/v3/projects/${res.body.project.id}/users/${user.body.user.id}/roles/${member.id}`,
    { token: admin },
  );
  assert.equal(grant.status, 204, grant.text);
  const auth = await t.request('POST', '/identity/v3/auth/tokens', {
    body: {
      auth: {
        identity: {
          methods: ['password'],
          password: { user: { name: 'alt', domain: { id: 'default' }, password: 'pw' } },
        },
        scope: { project: { name: 'alt', domain: { id: 'default' } } },
      },
    },
  });
  assert.equal(auth.status, 201, auth.text);
  alt = String(auth.headers['x-subject-token']);
});
after(async () => {
  await t.close();
});

async function createImage(token: string, body: Record<string, unknown> = {}): Promise<string> {
  const res = await t.request('POST', '/image/v2/images', {
    token,
    body: { name: 'up', disk_format: 'qcow2', container_format: 'bare', ...body },
  });
  assert.equal(res.status, 201, res.text);
  return res.body.id as string;
}

function put(
  id: string,
  token: string,
  payload: Buffer | Readable | string | undefined,
  headers: Record<string, string> = OCTET,
) {
  return t.app.inject({
    method: 'PUT',
    url: `/image/v2/images/${id}/file`,
    headers: { 'x-auth-token': token, ...headers },
    payload,
  });
}

function get(id: string, token: string) {
  return t.app.inject({ method: 'GET', url: `/image/v2/images/${id}/file`, headers: { 'x-auth-token': token } });
}

const chunkRows = async (id: string) =>
  (await t.rt.store.db.selectFrom('image_data').select('seq').where('image_id', '=', id).execute()).length;

test('PUT file on a queued image → 204; the image is active with size, md5 checksum and sha512 hash; GET file returns the bytes', async () => {
  const id = await createImage(demo);
  const before = await t.request('GET', `/image/v2/images/${id}`, { token: demo });
  const data = randomBytes(4096);
  await new Promise((r) => setTimeout(r, 1100)); // updated_at has second precision
  const res = await put(id, demo, data);
  assert.equal(res.statusCode, 204, res.body);
  assert.equal(res.body, '');
  const show = await t.request('GET', `/image/v2/images/${id}`, { token: demo });
  assert.equal(show.body.status, 'active');
  assert.equal(show.body.size, 4096);
  assert.equal(show.body.checksum, createHash('md5').update(data).digest('hex'));
  assert.equal(show.body.os_hash_algo, 'sha512');
  assert.equal(show.body.os_hash_value, createHash('sha512').update(data).digest('hex'));
  assert.notEqual(show.body.updated_at, before.body.updated_at);
  const dl = await get(id, demo);
  assert.equal(dl.statusCode, 200);
  assert.equal(dl.headers['content-type'], 'application/octet-stream');
  assert.equal(dl.headers['content-md5'], show.body.checksum);
  assert.equal(dl.headers['content-length'], '4096');
  assert.ok(dl.rawPayload.equals(data));
});

test('a multi-chunk image streamed without Content-Length round-trips byte for byte', async () => {
  const id = await createImage(demo);
  const data = randomBytes(2 * MIB + 12345);
  const res = await put(
    id,
    demo,
    Readable.from([data.subarray(0, 70000), data.subarray(70000, MIB + 5), data.subarray(MIB + 5)]),
  );
  assert.equal(res.statusCode, 204, res.body);
  assert.equal(await chunkRows(id), 3);
  const dl = await get(id, demo);
  assert.equal(dl.statusCode, 200);
  assert.equal(dl.headers['content-length'], String(data.length));
  assert.ok(dl.rawPayload.equals(data));
});

test('an empty body is a zero-byte image: active, size 0, md5 of nothing; GET file → 200 with no bytes', async () => {
  const id = await createImage(demo);
  const res = await put(id, demo, Buffer.alloc(0));
  assert.equal(res.statusCode, 204, res.body);
  const show = await t.request('GET', `/image/v2/images/${id}`, { token: demo });
  assert.equal(show.body.status, 'active');
  assert.equal(show.body.size, 0);
  assert.equal(show.body.checksum, 'd41d8cd98f00b204e9800998ecf8427e');
  const dl = await get(id, demo);
  assert.equal(dl.statusCode, 200);
  assert.equal(dl.headers['content-length'], '0');
  assert.equal(dl.headers['content-md5'], 'd41d8cd98f00b204e9800998ecf8427e');
  assert.equal(dl.rawPayload.length, 0);
});

test('PUT file on an active image → 409 with Glance status-transition message; data unchanged', async () => {
  const id = await createImage(demo);
  assert.equal((await put(id, demo, Buffer.from('first'))).statusCode, 204);
  const res = await put(id, demo, Buffer.from('second'), { ...OCTET, accept: 'application/json' });
  assert.equal(res.statusCode, 409);
  assert.match(JSON.parse(res.body).message, /^Image status transition from active to saving is not allowed/);
  assert.equal((await get(id, demo)).body, 'first');
  // the seeded CirrOS image is active too (it has no stored bytes)
  const seeded = await put(CIRROS, admin, Buffer.from('x'));
  assert.equal(seeded.statusCode, 409);
});

test('a wrong or missing Content-Type → 415 (before the image is looked up)', async () => {
  const id = await createImage(demo);
  const json = await t.app.inject({
    method: 'PUT',
    url: `/image/v2/images/${id}/file`,
    headers: { 'x-auth-token': demo, 'content-type': 'application/json', accept: 'application/json' },
    payload: '{}',
  });
  assert.equal(json.statusCode, 415);
  assert.match(JSON.parse(json.body).message, /^Invalid content type application\/json/);
  const none = await t.app.inject({
    method: 'PUT',
    url: `/image/v2/images/${id}/file`,
    headers: { 'x-auth-token': demo },
  });
  assert.equal(none.statusCode, 415);
  const unknown = await put('00000000-0000-4000-8000-000000000000', demo, Buffer.from('x'), {
    'content-type': 'text/html',
  });
  assert.equal(unknown.statusCode, 415);
  assert.equal((await t.request('GET', `/image/v2/images/${id}`, { token: demo })).body.status, 'queued');
});

test('unknown or invisible image → 404 for PUT and GET; a visible image of another project → 403 on PUT', async () => {
  const unknown = '00000000-0000-4000-8000-000000000000';
  assert.equal((await put(unknown, demo, Buffer.from('x'))).statusCode, 404);
  assert.equal((await get(unknown, demo)).statusCode, 404);
  const priv = await createImage(demo, { visibility: 'private' });
  const p = await put(priv, alt, Buffer.from('x'));
  assert.equal(p.statusCode, 404);
  assert.match(p.body, /No image found with ID/);
  assert.equal((await get(priv, alt)).statusCode, 404);
  const pub = await createImage(admin, { visibility: 'public' });
  const f = await put(pub, demo, Buffer.from('x'));
  assert.equal(f.statusCode, 403);
  assert.match(f.body, /You are not authorized to complete upload_image action\./);
  assert.equal((await t.request('GET', `/image/v2/images/${pub}`, { token: demo })).body.status, 'queued');
  // an admin may upload to any image; then everyone who sees it may download
  assert.equal((await put(pub, admin, Buffer.from('public bytes'))).statusCode, 204);
  const dl = await get(pub, alt);
  assert.equal(dl.statusCode, 200);
  assert.equal(dl.body, 'public bytes');
});

test('GET file of an image without data → 204 (queued, or seeded without bytes)', async () => {
  const id = await createImage(demo);
  const res = await get(id, demo);
  assert.equal(res.statusCode, 204);
  assert.equal(res.body, '');
  assert.equal((await get(CIRROS, demo)).statusCode, 204);
});

test('an upload over image.maxUploadBytes → 413 with Glance message; the image is queued again without data, and can then be uploaded', async () => {
  const id = await createImage(demo);
  // declared too large: refused before reading
  const declared = await put(id, demo, randomBytes(MAX + 1), { ...OCTET, accept: 'application/json' });
  assert.equal(declared.statusCode, 413);
  assert.equal(
    JSON.parse(declared.body).message.split('<br')[0],
    'The incoming image is too large: The provided image is too large.',
  );
  // streamed without a length: refused once the running total passes the cap, after chunks were written
  const streamed = await put(id, demo, Readable.from([randomBytes(2 * MIB), randomBytes(2 * MIB)]));
  assert.equal(streamed.statusCode, 413);
  const show = await t.request('GET', `/image/v2/images/${id}`, { token: demo });
  assert.equal(show.body.status, 'queued');
  assert.equal(show.body.size, null);
  assert.equal(await chunkRows(id), 0);
  assert.equal((await put(id, demo, randomBytes(MAX))).statusCode, 204);
});

test('deleting an image deletes its data', async () => {
  const id = await createImage(demo);
  assert.equal((await put(id, demo, randomBytes(MIB + 1))).statusCode, 204);
  assert.equal(await chunkRows(id), 2);
  const del = await t.request('DELETE', `/image/v2/images/${id}`, { token: demo });
  assert.equal(del.status, 204);
  assert.equal(await chunkRows(id), 0);
  assert.equal((await get(id, demo)).statusCode, 404);
});

test('a server boots from an uploaded image; a queued image is refused', async () => {
  const queued = await createImage(demo, { name: 'not-yet' });
  const refused = await t.request('POST', '/compute/v2.1/servers', {
    token: demo,
    body: { server: { name: 'q', imageRef: queued, flavorRef: '1' } },
  });
  assert.equal(refused.status, 400);
  assert.equal(refused.body.badRequest.message, `Image ${queued} is not active.`);
  assert.equal((await put(queued, demo, randomBytes(64 * 1024))).statusCode, 204);
  const r = await t.request('POST', '/compute/v2.1/servers', {
    token: demo,
    body: { server: { name: 'from-upload', imageRef: queued, flavorRef: '1' } },
  });
  assert.equal(r.status, 202, r.text);
  const server = await waitFor(async () => {
    const s = await t.request('GET', `/compute/v2.1/servers/${r.body.server.id}`, { token: demo });
    return s.body.server.status === 'ACTIVE' ? s.body.server : null;
  }, 'server ACTIVE');
  assert.equal(server.image.id, queued);
});

test('an image deleted during its upload → 410 Gone, and no chunks are left behind', async () => {
  const id = await createImage(demo);
  let release!: () => void;
  const gate = new Promise<void>((r) => {
    release = r;
  });
  async function* slow(): AsyncGenerator<Buffer> {
    yield randomBytes(MIB + 10); // one full chunk is written while the image is 'saving'
    await gate;
    yield randomBytes(MIB + 10);
  }
  const upload = put(id, demo, Readable.from(slow()));
  await waitFor(async () => (await chunkRows(id)) > 0, 'first chunk stored');
  assert.equal((await t.request('GET', `/image/v2/images/${id}`, { token: demo })).body.status, 'saving');
  const del = await t.request('DELETE', `/image/v2/images/${id}`, { token: demo });
  assert.equal(del.status, 204);
  release();
  const res = await upload;
  assert.equal(res.statusCode, 410, res.body);
  assert.match(res.body, new RegExp(`Image ${id} could not be found after upload`));
  assert.equal(await chunkRows(id), 0);
});
