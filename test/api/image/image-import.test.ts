import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startTestApp, waitFor, type TestApp } from '../../helpers/app.js';
import { failImport, runImport } from '../../../src/services/image/image-import-service.js';
import { startProcessServices } from '../../../src/process-services.js';

const OCTET = { 'content-type': 'application/octet-stream' };
const MIB = 1024 * 1024;
const MAX = 3 * MIB;

let t: TestApp;
let admin: string;
let demo: string;
let alt: string;
let web: Server;
let webUrl: string;
/** what the loopback web server answers for each path */
const served = new Map<string, Buffer>();

before(async () => {
  t = await startTestApp({ image: { maxUploadBytes: MAX } });
  admin = await t.tokenFor('admin');
  demo = await t.tokenFor('demo');
  const res = await t.request('POST', '/identity/v3/projects', { token: admin, body: { project: { name: 'alt' } } });
  assert.equal(res.status, 201, res.text);
  const user = await t.request('POST', '/identity/v3/users', {
    token: admin,
    body: { user: { name: 'alt', password: 'pw', default_project_id: res.body.project.id } },
  });
  const member = await t.rt.store.db
    .selectFrom('roles')
    .select('id')
    .where('name', '=', 'member')
    .executeTakeFirstOrThrow();
  await t.request('PUT', `/identity/v3/projects/${res.body.project.id}/users/${user.body.user.id}/roles/${member.id}`, {
    token: admin,
  });
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
  alt = String(auth.headers['x-subject-token']);
  web = createServer((req, res) => {
    const body = served.get(req.url ?? '');
    if (!body) {
      res.writeHead(404).end('no such file');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(body);
  });
  await new Promise<void>((r) => web.listen(0, '127.0.0.1', r));
  webUrl = `http://127.0.0.1:${(web.address() as AddressInfo).port}`;
});
after(async () => {
  await t.close();
  await new Promise((r) => web.close(r));
});

async function createImage(token: string, body: Record<string, unknown> = {}): Promise<string> {
  const res = await t.request('POST', '/image/v2/images', {
    token,
    body: { name: 'imp', disk_format: 'raw', container_format: 'bare', ...body },
  });
  assert.equal(res.status, 201, res.text);
  return res.body.id as string;
}

const stage = (id: string, token: string, payload: Buffer | string, headers: Record<string, string> = OCTET) =>
  t.app.inject({
    method: 'PUT',
    url: `/image/v2/images/${id}/stage`,
    headers: { 'x-auth-token': token, ...headers },
    payload,
  });

const importImage = (id: string, token: string, body: unknown) =>
  t.request('POST', `/image/v2/images/${id}/import`, { token, body });

const show = async (id: string, token = demo) => (await t.request('GET', `/image/v2/images/${id}`, { token })).body;

const settled = (id: string, token = demo) =>
  waitFor(async () => {
    const i = await show(id, token);
    return i.status === 'active' || i.status === 'queued' ? i : null;
  }, `image ${id} import settled`);

test('GET /v2/info/import lists glance-direct and web-download; one store: /v2/info/stores is 404; usage is empty', async () => {
  const res = await t.request('GET', '/image/v2/info/import', { token: demo });
  assert.equal(res.status, 200);
  assert.deepEqual(res.body, {
    'import-methods': {
      description: 'Import methods available.',
      type: 'array',
      value: ['glance-direct', 'web-download'],
    },
  });
  const stores = await t.request('GET', '/image/v2/info/stores', { token: demo });
  assert.equal(stores.status, 404);
  assert.match(stores.text, /Multi backend is not supported at this site\./);
  const detail = await t.request('GET', '/image/v2/info/stores/detail', { token: admin });
  assert.equal(detail.status, 404);
  const usage = await t.request('GET', '/image/v2/info/usage', { token: demo });
  assert.equal(usage.status, 200);
  assert.deepEqual(usage.body, { usage: {} });
  const anon = await t.request('GET', '/image/v2/info/import');
  assert.equal(anon.status, 401);
  // the create answer names the methods too (openstacksdk's image create --import reads it there)
  const created = await t.request('POST', '/image/v2/images', { token: demo, body: { name: 'h' } });
  assert.equal(created.headers['openstack-image-import-methods'], 'glance-direct,web-download');
});

test('stage → uploading with the size; glance-direct import → 202, then active with hashes and Glance’s os_glance_* properties', async () => {
  const id = await createImage(demo);
  const data = randomBytes(MIB + 777);
  const st = await stage(id, demo, data);
  assert.equal(st.statusCode, 204, st.body);
  const staged = await show(id);
  assert.equal(staged.status, 'uploading');
  assert.equal(staged.size, data.length);
  assert.equal(staged.checksum, null);
  const imp = await importImage(id, demo, { method: { name: 'glance-direct' } });
  assert.equal(imp.status, 202, imp.text);
  assert.equal(imp.text, '');
  const done = await settled(id);
  assert.equal(done.status, 'active');
  assert.equal(done.size, data.length);
  assert.equal(done.checksum, createHash('md5').update(data).digest('hex'));
  assert.equal(done.os_hash_algo, 'sha512');
  assert.equal(done.os_hash_value, createHash('sha512').update(data).digest('hex'));
  assert.equal(done.os_glance_importing_to_stores, '');
  assert.equal(done.os_glance_failed_import, '');
  assert.equal('os_glance_import_task' in done, false);
  const dl = await t.app.inject({
    method: 'GET',
    url: `/image/v2/images/${id}/file`,
    headers: { 'x-auth-token': demo },
  });
  assert.equal(dl.statusCode, 200);
  assert.ok(dl.rawPayload.equals(data));
  // the image's task (2.12): the request id of the import call, the method, success
  const tasks = await t.request('GET', `/image/v2/images/${id}/tasks`, { token: demo });
  assert.equal(tasks.status, 200);
  assert.equal(tasks.body.tasks.length, 1);
  const task = tasks.body.tasks[0];
  assert.equal(task.type, 'api_image_import');
  assert.equal(task.status, 'success');
  assert.equal(task.request_id, imp.headers['x-openstack-request-id']);
  assert.equal(task.input.import_req.method.name, 'glance-direct');
  assert.deepEqual(task.input.backend, [null]);
  assert.deepEqual(task.result, { image_id: id });
  assert.equal(task.message, 'Copied 1 MiB');
  assert.equal(task.deleted, false);
  assert.match(task.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/);
  assert.ok(task.expires_at);
});

test('stage refusals: media type 415, unknown image 404, not queued 409, other project 404/403, over the cap 413 (image queued again)', async () => {
  const id = await createImage(demo);
  const wrongType = await stage(id, demo, '{}', { 'content-type': 'application/json' });
  assert.equal(wrongType.statusCode, 415);
  assert.match(wrongType.body, /The request media type application\/json is not supported by this server\./);
  const missing = await stage('00000000-0000-0000-0000-000000000000', demo, 'x');
  assert.equal(missing.statusCode, 404);
  assert.match(missing.body, /No image found with ID 00000000-0000-0000-0000-000000000000/);
  const hidden = await stage(id, alt, 'x');
  assert.equal(hidden.statusCode, 404);
  const pub = await createImage(admin, { visibility: 'public' });
  const notOwner = await stage(pub, demo, 'x');
  assert.equal(notOwner.statusCode, 403);
  assert.match(notOwner.body, /You are not authorized to complete modify_image action\./);
  assert.equal((await stage(id, demo, 'abc')).statusCode, 204);
  const again = await stage(id, demo, 'abc');
  assert.equal(again.statusCode, 409);
  assert.match(again.body, /Image status transition from uploading to uploading is not allowed/);
  const big = await createImage(demo);
  const tooBig = await stage(big, demo, randomBytes(MAX + 1));
  assert.equal(tooBig.statusCode, 413);
  assert.match(tooBig.body, /The incoming image is too large/);
  const after = await show(big);
  assert.equal(after.status, 'queued');
  assert.equal(after.size, null);
  const rows = await t.rt.store.db.selectFrom('image_data').select('seq').where('image_id', '=', big).execute();
  assert.equal(rows.length, 0);
});

test('import refusals follow Glance: body 400s, status and format 409s, modify_image, lock, stores options', async () => {
  const queued = await createImage(demo);
  const cases: Array<[unknown, number, RegExp]> = [
    [{}, 400, /Import request requires a 'method' field\./],
    [{ method: {} }, 400, /Import request requires a 'name' field\./],
    [{ method: { name: 'foo' } }, 400, /Unknown import method name 'foo'\./],
    [{ method: { name: 'copy-image' } }, 400, /Unknown import method name 'copy-image'\./],
    [{ method: { name: 'glance-direct' }, all_stores: 'x' }, 400, /'all_stores' must be boolean value only/],
    [
      { method: { name: 'glance-direct' }, all_stores_must_succeed: 1 },
      400,
      /'all_stores_must_succeed' must be boolean value only/,
    ],
    [{ method: { name: 'glance-direct' } }, 409, /Image needs to be staged before 'glance-direct' method can be used/],
  ];
  for (const [body, status, text] of cases) {
    const r = await importImage(queued, demo, body);
    assert.equal(r.status, status, `${JSON.stringify(body)}: ${r.text}`);
    assert.match(r.text, text);
  }
  const noFormats = await createImage(demo, { disk_format: undefined, container_format: undefined });
  const nf = await importImage(noFormats, demo, { method: { name: 'web-download', uri: `${webUrl}/x` } });
  assert.equal(nf.status, 409);
  assert.match(nf.text, /'container_format' needs to be set before import/);
  const unknown = await importImage('00000000-0000-0000-0000-000000000000', demo, {
    method: { name: 'glance-direct' },
  });
  assert.equal(unknown.status, 404);
  const mustSucceed = await importImage(queued, demo, {
    method: { name: 'web-download', uri: `${webUrl}/x` },
    all_stores_must_succeed: false,
  });
  assert.equal(mustSucceed.status, 400);
  assert.match(mustSucceed.text, /All_stores_must_succeed can only be set with enabled_backends/);
  // another project's public image: visible but not the caller's to write
  const pub = await createImage(admin, { visibility: 'public' });
  const foreign = await importImage(pub, demo, { method: { name: 'web-download', uri: `${webUrl}/x` } });
  assert.equal(foreign.status, 403);
  // an active image
  const act = await createImage(demo);
  assert.equal((await stage(act, demo, 'x')).statusCode, 204);
  assert.equal((await importImage(act, demo, { method: { name: 'glance-direct' } })).status, 202);
  await settled(act);
  const active = await importImage(act, demo, { method: { name: 'glance-direct' } });
  assert.equal(active.status, 409);
  assert.match(active.text, /Image with status active cannot be target for import/);
});

test('web-download fetches a loopback URL; other schemes and hosts are refused with Glance’s filtering 400', async () => {
  const data = randomBytes(2 * MIB + 5);
  served.set('/disk.raw', data);
  const id = await createImage(demo);
  const imp = await importImage(id, demo, { method: { name: 'web-download', uri: `${webUrl}/disk.raw` } });
  assert.equal(imp.status, 202, imp.text);
  const done = await settled(id);
  assert.equal(done.status, 'active');
  assert.equal(done.size, data.length);
  assert.equal(done.checksum, createHash('md5').update(data).digest('hex'));
  const q = await createImage(demo);
  for (const uri of ['http://example.com/x', 'ftp://127.0.0.1/x', 'file:///etc/passwd', 'http://10.0.0.1/x']) {
    const r = await importImage(q, demo, { method: { name: 'web-download', uri } });
    assert.equal(r.status, 400, uri);
    assert.match(r.text, new RegExp(`URI for web-download does not pass filtering: ${uri.replace(/[./]/g, '\\$&')}`));
  }
  const none = await importImage(q, demo, { method: { name: 'web-download' } });
  assert.equal(none.status, 400);
  assert.match(none.text, /URI for web-download does not pass filtering: None/);
  assert.equal((await show(q)).status, 'queued');
});

test('a web-download that fails leaves the image queued without data or lock, and its task failure', async () => {
  const id = await createImage(demo);
  const imp = await importImage(id, demo, { method: { name: 'web-download', uri: `${webUrl}/missing` } });
  assert.equal(imp.status, 202);
  const task = await waitFor(async () => {
    const r = await t.request('GET', `/image/v2/images/${id}/tasks`, { token: demo });
    return r.body.tasks[0]?.status === 'failure' ? r.body.tasks[0] : null;
  }, 'task failure');
  assert.match(task.message, /404/);
  const img = await show(id);
  assert.equal(img.status, 'queued');
  assert.equal(img.size, null);
  assert.equal('os_glance_import_task' in img, false);
  // the lock is free again: a new import may start
  served.set('/later', Buffer.from('later'));
  assert.equal((await importImage(id, demo, { method: { name: 'web-download', uri: `${webUrl}/later` } })).status, 202);
  assert.equal((await settled(id)).status, 'active');
});

test('concurrent imports of one staged image: exactly one 202, the others 409', async () => {
  const id = await createImage(demo);
  assert.equal((await stage(id, demo, randomBytes(1000))).statusCode, 204);
  const all = await Promise.all(
    Array.from({ length: 6 }, () => importImage(id, demo, { method: { name: 'glance-direct' } })),
  );
  assert.deepEqual(all.map((r) => r.status).sort(), [202, 409, 409, 409, 409, 409]);
  await settled(id);
  const tasks = await t.rt.store.db.selectFrom('image_tasks').selectAll().where('image_id', '=', id).execute();
  assert.equal(tasks.length, 1);
});

test('tasks API: tasks_api_access is admin only; admins list and show tasks, an unknown task is 404', async () => {
  const id = await createImage(demo);
  assert.equal((await stage(id, demo, 'hello world')).statusCode, 204);
  assert.equal((await importImage(id, demo, { method: { name: 'glance-direct' } })).status, 202);
  await settled(id);
  const denied = await t.request('GET', '/image/v2/tasks', { token: demo });
  assert.equal(denied.status, 403);
  assert.match(denied.text, /You are not authorized to complete tasks_api_access action\./);
  const list = await t.request('GET', '/image/v2/tasks', { token: admin });
  assert.equal(list.status, 200);
  assert.equal(list.body.first, '/v2/tasks');
  assert.equal(list.body.schema, '/v2/schemas/tasks');
  const entry = list.body.tasks.find((x: { id: string }) => x.id === list.body.tasks[0].id);
  assert.deepEqual(Object.keys(entry).sort(), [
    'created_at',
    'expires_at',
    'id',
    'owner',
    'schema',
    'self',
    'status',
    'type',
    'updated_at',
  ]);
  const [task] = (await t.request('GET', `/image/v2/images/${id}/tasks`, { token: demo })).body.tasks;
  const one = await t.request('GET', `/image/v2/tasks/${task.id}`, { token: admin });
  assert.equal(one.status, 200);
  assert.equal(one.body.id, task.id);
  assert.equal(one.body.status, 'success');
  assert.equal(one.body.message, 'Copied 0 MiB');
  assert.equal(one.body.self, `/v2/tasks/${task.id}`);
  assert.match(one.body.created_at, /Z$/);
  assert.equal((await t.request('GET', `/image/v2/tasks/${task.id}`, { token: demo })).status, 403);
  const nope = await t.request('GET', '/image/v2/tasks/nope', { token: admin });
  assert.equal(nope.status, 404);
  assert.match(nope.text, /Could not find task nope/);
  // another project cannot see the image, nor so its tasks
  assert.equal((await t.request('GET', `/image/v2/images/${id}/tasks`, { token: alt })).status, 404);
});

test('os_glance_* properties are reserved on create', async () => {
  for (const k of ['os_glance_import_task', 'os_glance_foo']) {
    const r = await t.request('POST', '/image/v2/images', { token: demo, body: { name: 'r', [k]: 'x' } });
    assert.equal(r.status, 403);
    assert.match(r.text, new RegExp(`Attribute '${k}' is reserved\\.`));
  }
});

test('an import whose agent died resumes: the operation is claimed again and finishes; a retry of a finished task changes nothing', async () => {
  const t2 = await startTestApp({}, { agent: false });
  try {
    const demo2 = await t2.tokenFor('demo');
    const create = await t2.request('POST', '/image/v2/images', {
      token: demo2,
      body: { name: 'r', disk_format: 'raw', container_format: 'bare' },
    });
    const id = create.body.id as string;
    const st = await t2.app.inject({
      method: 'PUT',
      url: `/image/v2/images/${id}/stage`,
      headers: { 'x-auth-token': demo2, ...OCTET },
      payload: 'resume me',
    });
    assert.equal(st.statusCode, 204);
    assert.equal(
      (
        await t2.request('POST', `/image/v2/images/${id}/import`, {
          token: demo2,
          body: { method: { name: 'glance-direct' } },
        })
      ).status,
      202,
    );
    // no agent: the import waits as a pending task with the image importing and locked
    const waiting = (await t2.request('GET', `/image/v2/images/${id}`, { token: demo2 })).body;
    assert.equal(waiting.status, 'importing');
    assert.equal(typeof waiting.os_glance_import_task, 'string');
    const task = await t2.rt.store.db
      .selectFrom('image_tasks')
      .selectAll()
      .where('image_id', '=', id)
      .executeTakeFirstOrThrow();
    assert.equal(task.status, 'pending');
    const op = await t2.rt.store.db
      .selectFrom('operations')
      .selectAll()
      .where('kind', '=', 'image_import')
      .executeTakeFirstOrThrow();
    assert.equal(op.status, 'pending');
    // a property write that raced the import's start dropped the lock: the import is still this one
    const row = await t2.rt.store.db
      .selectFrom('images')
      .select('properties')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    const { os_glance_import_task: _dropped, ...rest } = JSON.parse(row.properties) as Record<string, unknown>;
    await t2.rt.store.db
      .updateTable('images')
      .set({ properties: JSON.stringify({ ...rest, k: 'v' }) })
      .where('id', '=', id)
      .execute();
    // an agent comes up and takes the work
    const services = await startProcessServices(t2.rt, { agent: true });
    try {
      const done = await waitFor(async () => {
        const i = (await t2.request('GET', `/image/v2/images/${id}`, { token: demo2 })).body;
        return i.status === 'active' ? i : null;
      }, 'import done');
      assert.equal(done.checksum, createHash('md5').update('resume me').digest('hex'));
      assert.equal(done.k, 'v');
      // running the task again (a retried operation) leaves it as it is
      await runImport(t2.rt, task.id);
      await failImport(t2.rt, task.id, 'too late');
      const after = await t2.rt.store.db
        .selectFrom('image_tasks')
        .selectAll()
        .where('id', '=', task.id)
        .executeTakeFirstOrThrow();
      assert.equal(after.status, 'success');
      assert.equal((await t2.request('GET', `/image/v2/images/${id}`, { token: demo2 })).body.status, 'active');
    } finally {
      await services.stop();
    }
  } finally {
    await t2.close();
  }
});

test('an import abandoned (attempts exhausted) fails its task and queues the image again, without data', async () => {
  const t2 = await startTestApp({}, { agent: false });
  try {
    const demo2 = await t2.tokenFor('demo');
    const id = (
      await t2.request('POST', '/image/v2/images', {
        token: demo2,
        body: { name: 'a', disk_format: 'raw', container_format: 'bare' },
      })
    ).body.id as string;
    await t2.app.inject({
      method: 'PUT',
      url: `/image/v2/images/${id}/stage`,
      headers: { 'x-auth-token': demo2, ...OCTET },
      payload: 'abandon me',
    });
    await t2.request('POST', `/image/v2/images/${id}/import`, {
      token: demo2,
      body: { method: { name: 'glance-direct' } },
    });
    const task = await t2.rt.store.db
      .selectFrom('image_tasks')
      .selectAll()
      .where('image_id', '=', id)
      .executeTakeFirstOrThrow();
    await failImport(t2.rt, task.id, 'Operation image_import failed');
    const img = (await t2.request('GET', `/image/v2/images/${id}`, { token: demo2 })).body;
    assert.equal(img.status, 'queued');
    assert.equal('os_glance_import_task' in img, false);
    const after = await t2.rt.store.db
      .selectFrom('image_tasks')
      .selectAll()
      .where('id', '=', task.id)
      .executeTakeFirstOrThrow();
    assert.equal(after.status, 'failure');
    assert.equal(after.message, 'Operation image_import failed');
    const rows = await t2.rt.store.db.selectFrom('image_data').select('seq').where('image_id', '=', id).execute();
    assert.equal(rows.length, 0);
  } finally {
    await t2.close();
  }
});
