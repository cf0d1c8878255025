import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../helpers/app.js';

const PATCH21 = 'application/openstack-images-v2.1-json-patch';
const PATCH20 = 'application/openstack-images-v2.0-json-patch';
const CIRROS = '6a1a3f1e-9a43-4c3f-9b7a-2b1f0f6e8c01';

let t: TestApp;
let admin: string;
let demo: string;

before(async () => {
  t = await startTestApp({}, { agent: false });
  admin = await t.tokenFor('admin');
  demo = await t.tokenFor('demo');
});
after(async () => {
  await t.close();
});

async function createImage(token: string, body: Record<string, unknown> = {}): Promise<string> {
  const res = await t.request('POST', '/image/v2/images', {
    token,
    body: { name: 'p', disk_format: 'raw', container_format: 'bare', ...body },
  });
  assert.equal(res.status, 201, res.text);
  return res.body.id as string;
}

const patch = (id: string, token: string, ops: unknown, type = PATCH21) =>
  t.request('PATCH', `/image/v2/images/${id}`, {
    token,
    payload: JSON.stringify(ops),
    headers: { 'content-type': type, accept: 'application/json' },
  });

test('what `openstack image set --property k=v --min-disk N --name X --tag t` sends → 200 with the updated image', async () => {
  const id = await createImage(demo, { hw_disk_bus: 'scsi' });
  const before = await t.request('GET', `/image/v2/images/${id}`, { token: demo });
  await new Promise((r) => setTimeout(r, 1100)); // updated_at has second precision
  const res = await patch(id, demo, [
    { op: 'replace', path: '/name', value: 'X' },
    { op: 'add', path: '/min_disk', value: 3 },
    { op: 'add', path: '/k', value: 'v' },
    { op: 'replace', path: '/hw_disk_bus', value: 'virtio' },
    { op: 'replace', path: '/tags', value: ['t'] },
  ]);
  assert.equal(res.status, 200, res.text);
  assert.equal(res.body.name, 'X');
  assert.equal(res.body.min_disk, 3);
  assert.equal(res.body.k, 'v');
  assert.equal(res.body.hw_disk_bus, 'virtio');
  assert.deepEqual(res.body.tags, ['t']);
  assert.notEqual(res.body.updated_at, before.body.updated_at);
  const show = await t.request('GET', `/image/v2/images/${id}`, { token: demo });
  assert.deepEqual(show.body, res.body);
  const removed = await patch(id, demo, [{ op: 'remove', path: '/k' }]);
  assert.equal(removed.status, 200);
  assert.ok(!('k' in removed.body));
});

test('the v2.0 media type takes draft-4 change objects; add of an existing property there is 409', async () => {
  const id = await createImage(demo);
  const ok = await patch(
    id,
    demo,
    [
      { replace: '/name', value: 'old-style' },
      { add: '/extra', value: '1' },
    ],
    PATCH20,
  );
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.body.name, 'old-style');
  const dup = await patch(id, demo, [{ add: '/extra', value: '2' }], PATCH20);
  assert.equal(dup.status, 409);
  assert.match(dup.body.message, /^Property extra already present\./);
});

test('read-only and reserved attributes → 403', async () => {
  const id = await createImage(demo);
  for (const attr of ['status', 'size', 'checksum', 'id', 'os_hash_value', 'created_at', 'self', 'file']) {
    const res = await patch(id, demo, [{ op: 'replace', path: `/${attr}`, value: 'x' }]);
    assert.equal(res.status, 403, attr);
    assert.match(res.body.message, new RegExp(`^Attribute '${attr}' is read-only\\.`));
  }
  const reserved = await patch(id, demo, [{ op: 'add', path: '/deleted', value: 'x' }]);
  assert.equal(reserved.status, 403);
  assert.match(reserved.body.message, /^Attribute 'deleted' is reserved\./);
});

test('Glance change rules: remove of a core attribute 403, replace/remove of a missing property 409, owner by non-admin 403, formats after upload 403', async () => {
  const id = await createImage(demo);
  const core = await patch(id, demo, [{ op: 'remove', path: '/name' }]);
  assert.equal(core.status, 403);
  assert.match(core.body.message, /^Property name may not be removed\./);
  const missing = await patch(id, demo, [{ op: 'replace', path: '/nope', value: 'x' }]);
  assert.equal(missing.status, 409);
  assert.match(missing.body.message, /^Property nope does not exist\./);
  assert.equal((await patch(id, demo, [{ op: 'remove', path: '/nope' }])).status, 409);
  const owner = await patch(id, demo, [{ op: 'replace', path: '/owner', value: 'someone' }]);
  assert.equal(owner.status, 403);
  assert.match(owner.body.message, /^Owner can't be updated by non admin\./);
  const pub = await patch(id, demo, [{ op: 'replace', path: '/visibility', value: 'public' }]);
  assert.equal(pub.status, 403);
  assert.match(pub.body.message, /^You are not authorized to complete publicize_image action\./);
  // a failing change leaves the earlier ones of the same request unapplied
  const half = await patch(id, demo, [
    { op: 'replace', path: '/name', value: 'half' },
    { op: 'remove', path: '/nope' },
  ]);
  assert.equal(half.status, 409);
  assert.equal((await t.request('GET', `/image/v2/images/${id}`, { token: demo })).body.name, 'p');
  const up = await t.app.inject({
    method: 'PUT',
    url: `/image/v2/images/${id}/file`,
    headers: { 'x-auth-token': demo, 'content-type': 'application/octet-stream' },
    payload: Buffer.from('data'),
  });
  assert.equal(up.statusCode, 204);
  const fmt = await patch(id, demo, [{ op: 'replace', path: '/disk_format', value: 'qcow2' }]);
  assert.equal(fmt.status, 403);
  assert.match(fmt.body.message, /^Attribute disk_format can be only replaced for a queued image\./);
  // admins may publish and change the owner
  const adm = await patch(id, admin, [
    { op: 'replace', path: '/visibility', value: 'public' },
    { op: 'replace', path: '/protected', value: true },
  ]);
  assert.equal(adm.status, 200, adm.text);
  assert.equal(adm.body.visibility, 'public');
  assert.equal(adm.body.protected, true);
});

test('malformed patches → 400 with Glance messages; values are checked against the image schema', async () => {
  const id = await createImage(demo);
  const cases: Array<[unknown, RegExp]> = [
    [{ op: 'replace' }, /^Request body must be a JSON array of operation objects\./],
    [['x'], /^Operations must be JSON objects\./],
    [
      [{ path: '/name', value: 'x' }],
      /^Unable to find `op` in JSON Schema change\. It must be one of the following: add, remove, replace\./,
    ],
    [[{ op: 'move', path: '/name', value: 'x' }], /^Invalid operation: `move`\./],
    [[{ op: 'replace', path: 'name', value: 'x' }], /^Pointer `name` does not start with "\/"\./],
    [[{ op: 'replace', path: '/tags/-', value: 'x' }], /^Invalid JSON pointer for this resource: '\/tags\/-'/],
    [[{ op: 'replace', path: '/name' }], /^Operation "replace" requires a member named "value"\./],
    [[{ op: 'replace', path: '/min_disk', value: 'big' }], /^Provided object does not match schema 'image': /],
    [[{ op: 'add', path: '/custom', value: 5 }], /^Provided object does not match schema 'image': /],
    [[{ op: 'replace', path: '/disk_format', value: 'floppy' }], /^Provided object does not match schema 'image': /],
  ];
  for (const [body, message] of cases) {
    const res = await patch(id, demo, body);
    assert.equal(res.status, 400, JSON.stringify(body));
    assert.match(res.body.message, message, JSON.stringify(body));
  }
});

test("a JSON content type → 415 with Accept-Patch; unknown/invisible image → 404; another project's public image → 403", async () => {
  const id = await createImage(demo, { visibility: 'private' });
  const json = await patch(id, demo, [], 'application/json');
  assert.equal(json.status, 415);
  assert.equal(json.headers['accept-patch'], `${PATCH20}, ${PATCH21}`);
  assert.match(json.body.message, /^Image PATCH expects Content-Type one of/);
  assert.equal((await patch('00000000-0000-4000-8000-000000000000', demo, [])).status, 404);
  const adminsPrivate = await createImage(admin, { visibility: 'private' });
  assert.equal((await patch(adminsPrivate, demo, [{ op: 'replace', path: '/name', value: 'x' }])).status, 404);
  const res = await patch(CIRROS, demo, [{ op: 'replace', path: '/name', value: 'mine' }]);
  assert.equal(res.status, 403);
  assert.match(res.body.message, /^You are not authorized to complete modify_image action\./);
  // an empty change list answers the image unchanged
  const empty = await patch(id, demo, []);
  assert.equal(empty.status, 200);
  assert.equal(empty.body.id, id);
});
