import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../helpers/app.js';

const OCTET = { 'content-type': 'application/octet-stream' };
const NO_ID = '00000000-0000-0000-0000-000000000000';

let t: TestApp;
let admin: string;
let demo: string;
let alt: string;
let altProject: string;
let demoProject: string;

/** a member of a new project, as Glance's second tenant in its sharing tests */
async function projectUser(name: string): Promise<{ token: string; project: string }> {
  const p = await t.request('POST', '/identity/v3/projects', { token: admin, body: { project: { name } } });
  assert.equal(p.status, 201, p.text);
  const u = await t.request('POST', '/identity/v3/users', {
    token: admin,
    body: { user: { name, password: 'secret', default_project_id: p.body.project.id } },
  });
  assert.equal(u.status, 201, u.text);
  const member = await t.rt.store.db
    .selectFrom('roles')
    .select('id')
    .where('name', '=', 'member')
    .executeTakeFirstOrThrow();
  const grant = await t.request(
    'PUT',
    `/identity/v3/projects/${p.body.project.id}/users/${u.body.user.id}/roles/${member.id}`,
    { token: admin },
  );
  assert.equal(grant.status, 204, grant.text);
  return { token: await t.tokenFor(name), project: p.body.project.id as string };
}

before(async () => {
  t = await startTestApp({}, { agent: false });
  admin = await t.tokenFor('admin');
  demo = await t.tokenFor('demo');
  const a = await projectUser('share-alt');
  alt = a.token;
  altProject = a.project;
  const d = await t.rt.store.db
    .selectFrom('projects')
    .select('id')
    .where('name', '=', 'demo')
    .executeTakeFirstOrThrow();
  demoProject = d.id;
});
after(async () => {
  await t.close();
});

async function createImage(token: string, body: Record<string, unknown> = {}): Promise<string> {
  const res = await t.request('POST', '/image/v2/images', {
    token,
    body: { name: 'sh', disk_format: 'raw', container_format: 'bare', ...body },
  });
  assert.equal(res.status, 201, res.text);
  return res.body.id as string;
}

async function upload(id: string, token: string, data: string): Promise<void> {
  const res = await t.app.inject({
    method: 'PUT',
    url: `/image/v2/images/${id}/file`,
    headers: { ...OCTET, 'x-auth-token': token },
    payload: data,
  });
  assert.equal(res.statusCode, 204, res.body);
}

const json = { accept: 'application/json' };
const msg = (r: { body: { message: string } }) => r.body.message.replace(/<br \/>[\s\S]*$/, '');

// ---- tags ----

test('PUT …/tags/{tag} adds a tag (204, idempotent); DELETE removes it, 404 when absent', async () => {
  const id = await createImage(demo, { tags: ['a'] });
  const put = await t.request('PUT', `/image/v2/images/${id}/tags/blue`, { token: demo });
  assert.equal(put.status, 204, put.text);
  assert.equal(put.text, '');
  const again = await t.request('PUT', `/image/v2/images/${id}/tags/blue`, { token: demo });
  assert.equal(again.status, 204);
  const show = await t.request('GET', `/image/v2/images/${id}`, { token: demo });
  assert.deepEqual(show.body.tags, ['a', 'blue']);
  const row = await t.rt.store.db.selectFrom('images').select('tags').where('id', '=', id).executeTakeFirstOrThrow();
  assert.deepEqual(JSON.parse(row.tags), ['a', 'blue']);
  const listed = await t.request('GET', '/image/v2/images?tag=blue', { token: demo });
  assert.deepEqual(
    listed.body.images.map((i: { id: string }) => i.id),
    [id],
  );

  const del = await t.request('DELETE', `/image/v2/images/${id}/tags/blue`, { token: demo });
  assert.equal(del.status, 204);
  const gone = await t.request('DELETE', `/image/v2/images/${id}/tags/blue`, { token: demo, headers: json });
  assert.equal(gone.status, 404);
  assert.equal(msg(gone), 'The resource could not be found.');
  assert.deepEqual((await t.request('GET', `/image/v2/images/${id}`, { token: demo })).body.tags, ['a']);
});

test('tags: too long a tag is 400 before the image is looked up; unknown image 404; another project 403; 129th tag 413', async () => {
  const long = await t.request('PUT', `/image/v2/images/${NO_ID}/tags/${'x'.repeat(256)}`, {
    token: demo,
    headers: json,
  });
  assert.equal(long.status, 400);
  const x = 'x'.repeat(256);
  // recorded from the real Glance: python-jsonschema's whole error
  assert.equal(
    msg(long),
    `Provided object does not match schema 'image': '${x}' is too long\n\nFailed validating 'maxLength' in schema['properties']['tags']['items']:\n    {'maxLength': 255, 'type': 'string'}\n\nOn instance['tags'][0]:\n    '${x}'`,
  );
  const exact = await t.request('PUT', `/image/v2/images/${NO_ID}/tags/${'y'.repeat(255)}`, {
    token: demo,
    headers: json,
  });
  assert.equal(exact.status, 404);
  const missing = await t.request('PUT', `/image/v2/images/${NO_ID}/tags/a`, { token: demo, headers: json });
  assert.equal(missing.status, 404);
  assert.equal(msg(missing), `Image ${NO_ID} not found.`);

  const pub = await createImage(admin, { visibility: 'public' });
  const notMine = await t.request('PUT', `/image/v2/images/${pub}/tags/a`, { token: demo, headers: json });
  assert.equal(notMine.status, 403);
  assert.equal(msg(notMine), `Not allowed to update tags for image ${pub}.`);
  const notMineDel = await t.request('DELETE', `/image/v2/images/${pub}/tags/a`, { token: demo, headers: json });
  assert.equal(notMineDel.status, 403);
  assert.equal(msg(notMineDel), `Not allowed to delete tags for image ${pub}.`);

  const full = await createImage(demo, { tags: Array.from({ length: 128 }, (_, i) => `t${i}`) });
  const over = await t.request('PUT', `/image/v2/images/${full}/tags/one-more`, { token: demo, headers: json });
  assert.equal(over.status, 413);
  assert.equal(
    msg(over),
    `Image tag limit exceeded for image ${full}: The limit has been exceeded on the number of allowed image tags. Attempted: 129, Maximum: 128:`,
  );
  // an existing tag is still fine at the limit
  assert.equal((await t.request('PUT', `/image/v2/images/${full}/tags/t5`, { token: demo })).status, 204);
});

test('concurrent tag adds all land (each write is conditional on the list it read)', async () => {
  const id = await createImage(demo);
  const tags = Array.from({ length: 8 }, (_, i) => `c${i}`);
  const res = await Promise.all(
    tags.map((tag) => t.request('PUT', `/image/v2/images/${id}/tags/${tag}`, { token: demo })),
  );
  assert.deepEqual(
    res.map((r) => r.status),
    tags.map(() => 204),
  );
  const show = await t.request('GET', `/image/v2/images/${id}`, { token: demo });
  assert.deepEqual([...show.body.tags].sort(), tags);
});

// ---- deactivate / reactivate ----

test('deactivate/reactivate: active ⇄ deactivated (204, no-op when already there); non-admin download of a deactivated image is 403', async () => {
  const id = await createImage(demo);
  await upload(id, demo, 'hello glance');
  const de = await t.request('POST', `/image/v2/images/${id}/actions/deactivate`, { token: admin });
  assert.equal(de.status, 204, de.text);
  const row = await t.rt.store.db.selectFrom('images').select('status').where('id', '=', id).executeTakeFirstOrThrow();
  assert.equal(row.status, 'deactivated');
  assert.equal((await t.request('GET', `/image/v2/images/${id}`, { token: demo })).body.status, 'deactivated');
  assert.equal((await t.request('POST', `/image/v2/images/${id}/actions/deactivate`, { token: admin })).status, 204);

  const dl = await t.request('GET', `/image/v2/images/${id}/file`, { token: demo, headers: json });
  assert.equal(dl.status, 403);
  assert.equal(msg(dl), 'The requested image has been deactivated. Image data download is forbidden.');
  const adminDl = await t.request('GET', `/image/v2/images/${id}/file`, { token: admin });
  assert.equal(adminDl.status, 200);
  assert.equal(adminDl.text, 'hello glance');

  // the owning project's member may reactivate (Glance's default: admin or project member)
  const re = await t.request('POST', `/image/v2/images/${id}/actions/reactivate`, { token: demo });
  assert.equal(re.status, 204);
  assert.equal((await t.request('GET', `/image/v2/images/${id}`, { token: demo })).body.status, 'active');
  assert.equal((await t.request('GET', `/image/v2/images/${id}/file`, { token: demo })).text, 'hello glance');
  assert.equal((await t.request('POST', `/image/v2/images/${id}/actions/reactivate`, { token: demo })).status, 204);
});

test('deactivate: queued image 403 with its status; unknown image 404; another project 403', async () => {
  const queued = await createImage(demo);
  const q = await t.request('POST', `/image/v2/images/${queued}/actions/deactivate`, { token: demo, headers: json });
  assert.equal(q.status, 403);
  assert.equal(msg(q), "Not allowed to deactivate image in status 'queued'");
  const r = await t.request('POST', `/image/v2/images/${queued}/actions/reactivate`, { token: demo, headers: json });
  assert.equal(r.status, 403);
  assert.equal(msg(r), "Not allowed to reactivate image in status 'queued'");
  const none = await t.request('POST', `/image/v2/images/${NO_ID}/actions/deactivate`, { token: demo, headers: json });
  assert.equal(none.status, 404);
  assert.equal(msg(none), `No image found with ID ${NO_ID}`);

  const pub = await createImage(admin, { visibility: 'public' });
  await upload(pub, admin, 'x');
  const other = await t.request('POST', `/image/v2/images/${pub}/actions/deactivate`, { token: demo, headers: json });
  assert.equal(other.status, 403);
  assert.equal(msg(other), 'You do not own this image');
  const row = await t.rt.store.db.selectFrom('images').select('status').where('id', '=', pub).executeTakeFirstOrThrow();
  assert.equal(row.status, 'active');
});

// ---- members ----

test('members: share, see pending, accept, listed to the member; duplicate 409; owner-only and member-only steps', async () => {
  const id = await createImage(demo, { visibility: 'shared', name: 'to-share' });
  // before sharing, another project does not see it
  assert.equal((await t.request('GET', `/image/v2/images/${id}`, { token: alt })).status, 404);

  const add = await t.request('POST', `/image/v2/images/${id}/members`, { token: demo, body: { member: altProject } });
  assert.equal(add.status, 200, add.text);
  assert.equal(add.body.member_id, altProject);
  assert.equal(add.body.image_id, id);
  assert.equal(add.body.status, 'pending');
  assert.equal(add.body.schema, '/v2/schemas/member');
  assert.match(add.body.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  const stored = await t.rt.store.db.selectFrom('image_members').selectAll().where('image_id', '=', id).execute();
  assert.deepEqual(
    stored.map((m) => [m.member_id, m.status]),
    [[altProject, 'pending']],
  );

  const dup = await t.request('POST', `/image/v2/images/${id}/members`, {
    token: demo,
    body: { member: altProject },
    headers: json,
  });
  assert.equal(dup.status, 409);
  assert.equal(msg(dup), `Member ${altProject} is duplicated for image ${id}`);

  // a pending member sees the image but it is not in its default list
  assert.equal((await t.request('GET', `/image/v2/images/${id}`, { token: alt })).status, 200);
  const ids = async (q: string) =>
    (await t.request('GET', `/image/v2/images${q}`, { token: alt })).body.images.map((i: { id: string }) => i.id);
  assert.ok(!(await ids('')).includes(id));
  assert.ok((await ids('?member_status=pending')).includes(id));
  assert.ok((await ids('?member_status=all&visibility=shared')).includes(id));

  // only the member sets its status
  const byOwner = await t.request('PUT', `/image/v2/images/${id}/members/${altProject}`, {
    token: demo,
    body: { status: 'accepted' },
    headers: json,
  });
  assert.equal(byOwner.status, 403);
  assert.equal(msg(byOwner), `Not allowed to update members for image ${id}.`);
  const bad = await t.request('PUT', `/image/v2/images/${id}/members/${altProject}`, {
    token: alt,
    body: { status: 'maybe' },
    headers: json,
  });
  assert.equal(bad.status, 400);
  assert.equal(msg(bad), 'Incorrect request: Status must be "pending", "accepted" or "rejected".');
  const accept = await t.request('PUT', `/image/v2/images/${id}/members/${altProject}`, {
    token: alt,
    body: { status: 'accepted' },
  });
  assert.equal(accept.status, 200, accept.text);
  assert.equal(accept.body.status, 'accepted');
  assert.ok((await ids('')).includes(id));
  assert.ok((await ids('?visibility=shared')).includes(id));
  assert.ok(!(await ids('?member_status=pending')).includes(id));

  // the member sees only its own membership; the owner all
  const mine = await t.request('GET', `/image/v2/images/${id}/members`, { token: alt });
  assert.equal(mine.status, 200);
  assert.equal(mine.body.schema, '/v2/schemas/members');
  assert.deepEqual(
    mine.body.members.map((m: { member_id: string; status: string }) => [m.member_id, m.status]),
    [[altProject, 'accepted']],
  );
  await t.request('POST', `/image/v2/images/${id}/members`, { token: demo, body: { member: 'third-project' } });
  const all = await t.request('GET', `/image/v2/images/${id}/members`, { token: demo });
  assert.deepEqual(
    all.body.members.map((m: { member_id: string }) => m.member_id).sort(),
    [altProject, 'third-project'].sort(),
  );
  assert.equal((await t.request('GET', `/image/v2/images/${id}/members`, { token: alt })).body.members.length, 1);
  const otherMember = await t.request('GET', `/image/v2/images/${id}/members/third-project`, {
    token: alt,
    headers: json,
  });
  assert.equal(otherMember.status, 404);
  assert.equal(msg(otherMember), `third-project not found in the member list of the image ${id}.`);
  const show = await t.request('GET', `/image/v2/images/${id}/members/${altProject}`, { token: alt });
  assert.equal(show.status, 200);
  assert.equal(show.body.status, 'accepted');

  // only the owner removes members; then the image is gone for the former member
  const byMember = await t.request('DELETE', `/image/v2/images/${id}/members/${altProject}`, {
    token: alt,
    headers: json,
  });
  assert.equal(byMember.status, 403);
  assert.equal(msg(byMember), `Not allowed to delete members for image ${id}.`);
  const del = await t.request('DELETE', `/image/v2/images/${id}/members/${altProject}`, { token: demo });
  assert.equal(del.status, 204);
  assert.equal((await t.request('GET', `/image/v2/images/${id}`, { token: alt })).status, 404);
  const again = await t.request('DELETE', `/image/v2/images/${id}/members/${altProject}`, {
    token: demo,
    headers: json,
  });
  assert.equal(again.status, 404);
  assert.equal(msg(again), `${altProject} not found in the member list of the image ${id}.`);
});

test('members: only shared images have members (Glance texts per verb); bodies; unknown image', async () => {
  const priv = await createImage(demo, { visibility: 'private' });
  const create = await t.request('POST', `/image/v2/images/${priv}/members`, {
    token: demo,
    body: { member: altProject },
    headers: json,
  });
  assert.equal(create.status, 403);
  assert.equal(msg(create), `Not allowed to create members for image ${priv}.`);
  const list = await t.request('GET', `/image/v2/images/${priv}/members`, { token: demo, headers: json });
  assert.equal(list.status, 403);
  assert.equal(msg(list), `Not allowed to list members for image ${priv}: Only shared images have members.`);
  const show = await t.request('GET', `/image/v2/images/${priv}/members/${altProject}`, { token: demo, headers: json });
  assert.equal(show.status, 404);
  assert.equal(msg(show), 'Only shared images have members.');
  const none = await t.request('GET', `/image/v2/images/${NO_ID}/members`, { token: demo, headers: json });
  assert.equal(none.status, 404);
  assert.equal(msg(none), `Image ${NO_ID} not found.`);

  const shared = await createImage(demo, { visibility: 'shared' });
  const cases: Array<[unknown, string]> = [
    [{}, 'Member to be added not specified'],
    [{ member: '' }, "Member can't be empty"],
    [[], 'Expected a member in the form: {"member": "image_id"}'],
  ];
  for (const [body, text] of cases) {
    const r = await t.request('POST', `/image/v2/images/${shared}/members`, { token: demo, body, headers: json });
    assert.equal(r.status, 400, JSON.stringify(body));
    assert.equal(msg(r), text);
  }
  const noBody = await t.request('POST', `/image/v2/images/${shared}/members`, { token: demo, headers: json });
  assert.equal(noBody.status, 400);
  assert.equal(msg(noBody), 'Body expected in request.');
  const noStatus = await t.request('PUT', `/image/v2/images/${shared}/members/${demoProject}`, {
    token: demo,
    body: {},
    headers: json,
  });
  assert.equal(noStatus.status, 400);
  assert.equal(msg(noStatus), 'Status not specified');

  // another project cannot share an image that is not its own (it does not even see it)
  const notMine = await t.request('POST', `/image/v2/images/${shared}/members`, {
    token: alt,
    body: { member: altProject },
    headers: json,
  });
  assert.equal(notMine.status, 404);
  // deleting the image deletes its memberships (foreign key)
  await t.request('POST', `/image/v2/images/${shared}/members`, { token: demo, body: { member: altProject } });
  assert.equal((await t.request('DELETE', `/image/v2/images/${shared}`, { token: demo })).status, 204);
  const left = await t.rt.store.db.selectFrom('image_members').selectAll().where('image_id', '=', shared).execute();
  assert.equal(left.length, 0);
});

test('members: concurrent adds of the same member: one 200, the rest 409 (primary key)', async () => {
  const id = await createImage(demo, { visibility: 'shared' });
  const res = await Promise.all(
    Array.from({ length: 5 }, () =>
      t.request('POST', `/image/v2/images/${id}/members`, { token: demo, body: { member: 'racer' } }),
    ),
  );
  assert.deepEqual(res.map((r) => r.status).sort(), [200, 409, 409, 409, 409]);
});

// ---- list filters ----

test('?size=N is an exact-size filter (Glance filters by any image column), not a custom property', async () => {
  const id = await createImage(demo, { name: 'sized' });
  await upload(id, demo, 'x'.repeat(2636));
  const names = async (q: string) =>
    (await t.request('GET', `/image/v2/images${q}`, { token: demo })).body.images.map((i: { id: string }) => i.id);
  assert.deepEqual(await names('?size=2636'), [id]);
  assert.deepEqual(await names('?size=2637'), []);
  assert.deepEqual(await names('?size=abc'), []);
  assert.deepEqual(await names('?size_min=2636&size_max=2636'), [id]);
  const checksum = (await t.request('GET', `/image/v2/images/${id}`, { token: demo })).body.checksum as string;
  assert.deepEqual(await names(`?checksum=${checksum}`), [id]);
  assert.ok((await names('?min_disk=0')).includes(id));
  const bad = await t.request('GET', '/image/v2/images?size_min=abc', { token: demo, headers: json });
  assert.equal(bad.status, 400);
  assert.equal(msg(bad), 'Unable to filter on a range with a non-numeric value.');
  const badStatus = await t.request('GET', '/image/v2/images?member_status=foo', { token: demo, headers: json });
  assert.equal(badStatus.status, 400);
  assert.equal(msg(badStatus), 'Invalid status: foo');
});

test('a member downloads the shared image data but may not change the image; a stranger does not see it', async () => {
  const id = await createImage(demo, { visibility: 'shared' });
  await upload(id, demo, 'shared bytes');
  await t.request('POST', `/image/v2/images/${id}/members`, { token: demo, body: { member: altProject } });
  const dl = await t.request('GET', `/image/v2/images/${id}/file`, { token: alt });
  assert.equal(dl.status, 200);
  assert.equal(dl.text, 'shared bytes');
  const patch = await t.request('PATCH', `/image/v2/images/${id}`, {
    token: alt,
    payload: JSON.stringify([{ op: 'replace', path: '/name', value: 'mine' }]),
    headers: { 'content-type': 'application/openstack-images-v2.1-json-patch', ...json },
  });
  assert.equal(patch.status, 403);
  const stranger = await projectUser('share-stranger');
  assert.equal((await t.request('GET', `/image/v2/images/${id}`, { token: stranger.token })).status, 404);
  assert.equal((await t.request('GET', `/image/v2/images/${id}/file`, { token: stranger.token })).status, 404);
  assert.equal((await t.request('GET', `/image/v2/images/${id}/members`, { token: stranger.token })).status, 404);
  // an admin sees every membership
  const all = await t.request('GET', `/image/v2/images/${id}/members`, { token: admin });
  assert.deepEqual(
    all.body.members.map((m: { member_id: string }) => m.member_id),
    [altProject],
  );
});
