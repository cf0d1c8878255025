/**
 * /v3/credentials and /v3/users/{user_id}/credentials/OS-EC2. Bodies and messages are the real
 * Keystone (Zed) answers.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { startTestApp, type TestApp } from '../../helpers/app.js';

let t: TestApp;
let demo: string;
let admin: string;
let alt: string;
let demoId: string;
let adminId: string;
let demoProject: string;
let adminProject: string;
const idOf = async (table: 'users' | 'projects', name: string) =>
  (await t.rt.store.db.selectFrom(table).select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;
before(async () => {
  t = await startTestApp({}, { agent: false });
  demo = await t.tokenFor('demo');
  admin = await t.tokenFor('admin');
  alt = await t.tokenFor('service');
  demoId = await idOf('users', 'demo');
  adminId = await idOf('users', 'admin');
  demoProject = await idOf('projects', 'demo');
  adminProject = await idOf('projects', 'admin');
});
after(async () => {
  await t.close();
});

const V3 = '/identity/v3';
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const createCred = (body: Record<string, unknown>, token = admin) =>
  t.request('POST', `${V3}/credentials`, { token, body: { credential: body } });

test('credential create/show/update/delete; ec2 id is the sha256 of the access key; extras kept', async () => {
  const blob = JSON.stringify({ access: 'acc-1', secret: 's1' });
  const res = await createCred({ user_id: demoId, project_id: demoProject, type: 'ec2', blob, foo: 'bar' });
  assert.equal(res.status, 201);
  const c = res.body.credential;
  assert.equal(c.id, sha256('acc-1'));
  assert.deepEqual(
    { user_id: c.user_id, project_id: c.project_id, type: c.type, blob: c.blob, foo: c.foo },
    { user_id: demoId, project_id: demoProject, type: 'ec2', blob, foo: 'bar' },
  );
  assert.match(c.links.self, new RegExp(`/identity/v3/credentials/${c.id}$`));
  const row = await t.rt.store.db.selectFrom('credentials').selectAll().where('id', '=', c.id).executeTakeFirst();
  assert.equal(row?.blob, blob);

  const dup = await createCred({ user_id: demoId, project_id: demoProject, type: 'ec2', blob });
  assert.equal(dup.status, 409);
  assert.equal(
    dup.body.error.message,
    `Conflict occurred attempting to store credential - Duplicate entry found with ID ${c.id}.`,
  );

  const blob2 = JSON.stringify({ access: 'acc-1', secret: 's2' });
  const upd = await t.request('PATCH', `${V3}/credentials/${c.id}`, {
    token: admin,
    body: { credential: { blob: blob2, project_id: adminProject, type: 'ec2' } },
  });
  assert.equal(upd.status, 200);
  assert.equal(upd.body.credential.blob, blob2);
  assert.equal(upd.body.credential.project_id, adminProject);
  const shown = await t.request('GET', `${V3}/credentials/${c.id}`, { token: demo });
  assert.equal(shown.status, 200);
  assert.equal(shown.body.credential.blob, blob2);

  const badKey = await t.request('PATCH', `${V3}/credentials/${c.id}`, {
    token: admin,
    body: { credential: { blob: JSON.stringify({ access: 'acc-1', trust_id: 'x' }) } },
  });
  assert.equal(badKey.status, 400);
  assert.equal(badKey.body.error.message, 'trust_id can not be updated for credential');

  assert.equal((await t.request('DELETE', `${V3}/credentials/${c.id}`, { token: demo })).status, 204);
  const gone = await t.request('GET', `${V3}/credentials/${c.id}`, { token: admin });
  assert.equal(gone.status, 404);
  assert.equal(gone.body.error.message, `Could not find credential: ${c.id}.`);
});

test('credential create: ec2 needs project_id and a JSON blob with an access key; any user id is taken', async () => {
  const noProject = await createCred({ user_id: demoId, type: 'ec2', blob: '{"access":"a"}' });
  assert.equal(noProject.status, 400);
  const notJson = await createCred({ user_id: demoId, project_id: demoProject, type: 'ec2', blob: 'notjson' });
  assert.equal(notJson.status, 400);
  assert.equal(notJson.body.error.message, 'Invalid blob in credential');
  const noAccess = await createCred({ user_id: demoId, project_id: demoProject, type: 'ec2', blob: '{"secret":"s"}' });
  assert.equal(noAccess.status, 400);
  assert.match(noAccess.body.error.message, /^Expecting to find access in credential\./);
  const other = await createCred({ user_id: 'nouser', type: 'cert', blob: 'x' });
  assert.equal(other.status, 201);
  assert.equal(other.body.credential.project_id, null);
  assert.match(other.body.credential.id, /^[0-9a-f]{32}$/);
});

test('credential policy: members manage their own only; lists show only their own', async () => {
  const own = await createCred({ user_id: demoId, type: 'totp', blob: 'abc' }, demo);
  assert.equal(own.status, 201);
  const foreign = await createCred({ user_id: adminId, type: 'totp', blob: 'abc' }, demo);
  assert.equal(foreign.status, 403);
  assert.equal(
    foreign.body.error.message,
    'You are not authorized to perform the requested action: identity:create_credential.',
  );
  const adminCred = (await createCred({ user_id: adminId, type: 'totp', blob: 'adm' })).body.credential;
  assert.equal((await t.request('GET', `${V3}/credentials/${adminCred.id}`, { token: demo })).status, 403);
  assert.equal((await t.request('DELETE', `${V3}/credentials/${adminCred.id}`, { token: demo })).status, 403);
  // a missing credential: 403 for a member, 404 for an admin (Keystone's order)
  assert.equal((await t.request('GET', `${V3}/credentials/nope`, { token: demo })).status, 403);
  assert.equal((await t.request('GET', `${V3}/credentials/nope`, { token: admin })).status, 404);
  // handing one's credential to someone else is the update rule on the merged credential
  const give = await t.request('PATCH', `${V3}/credentials/${own.body.credential.id}`, {
    token: demo,
    body: { credential: { user_id: adminId } },
  });
  assert.equal(give.status, 403);

  const mine = await t.request('GET', `${V3}/credentials`, { token: demo });
  assert.equal(mine.status, 200);
  assert.ok(mine.body.credentials.length > 0);
  assert.ok(mine.body.credentials.every((c: { user_id: string }) => c.user_id === demoId));
  const all = await t.request('GET', `${V3}/credentials?type=totp`, { token: admin });
  const ids = all.body.credentials.map((c: { id: string }) => c.id);
  assert.ok(ids.includes(adminCred.id) && ids.includes(own.body.credential.id));
  assert.ok(all.body.credentials.every((c: { type: string }) => c.type === 'totp'));
  const byUser = await t.request('GET', `${V3}/credentials?user_id=${adminId}`, { token: admin });
  assert.ok(byUser.body.credentials.every((c: { user_id: string }) => c.user_id === adminId));
  assert.equal((await t.request('GET', `${V3}/credentials`, { token: alt })).body.credentials.length, 0);
});

test('OS-EC2: create, list, show by access key, delete', async () => {
  const base = `${V3}/users/${demoId}/credentials/OS-EC2`;
  const res = await t.request('POST', base, { token: demo, body: { tenant_id: demoProject } });
  assert.equal(res.status, 201);
  const c = res.body.credential;
  assert.deepEqual(Object.keys(c).sort(), ['access', 'links', 'secret', 'tenant_id', 'trust_id', 'user_id']);
  assert.equal(c.user_id, demoId);
  assert.equal(c.tenant_id, demoProject);
  assert.equal(c.trust_id, null);
  assert.match(c.access, /^[0-9a-f]{32}$/);
  assert.match(c.secret, /^[0-9a-f]{32}$/);
  assert.match(c.links.self, new RegExp(`/identity/v3/users/${demoId}/credentials/OS-EC2/${c.access}$`));
  // it is a credentials row of type ec2
  const v3 = await t.request('GET', `${V3}/credentials/${sha256(c.access)}`, { token: demo });
  assert.equal(v3.body.credential.type, 'ec2');
  assert.deepEqual(JSON.parse(v3.body.credential.blob), { access: c.access, secret: c.secret, trust_id: null });

  const list = await t.request('GET', base, { token: demo });
  assert.equal(list.status, 200);
  assert.ok(list.body.credentials.some((x: { access: string }) => x.access === c.access));
  const shown = await t.request('GET', `${base}/${c.access}`, { token: demo });
  assert.equal(shown.status, 200);
  assert.equal(shown.body.credential.secret, c.secret);

  assert.equal((await t.request('DELETE', `${base}/${c.access}`, { token: demo })).status, 204);
  const gone = await t.request('GET', `${base}/${c.access}`, { token: demo });
  assert.equal(gone.status, 404);
  assert.equal(gone.body.error.message, `Could not find credential: ${sha256(c.access)}.`);
});

test('OS-EC2 errors: missing project, another user, no project given', async () => {
  const base = `${V3}/users/${demoId}/credentials/OS-EC2`;
  const none = await t.request('POST', base, { token: demo, body: {} });
  assert.equal(none.status, 404);
  assert.equal(none.body.error.message, 'Could not find project: None.');
  const bad = await t.request('POST', base, { token: demo, body: { tenant_id: 'nope' } });
  assert.equal(bad.status, 404);
  assert.equal(bad.body.error.message, 'Could not find project: nope.');
  const other = await t.request('POST', `${V3}/users/${adminId}/credentials/OS-EC2`, {
    token: demo,
    body: { tenant_id: demoProject },
  });
  assert.equal(other.status, 403);
  assert.equal(
    other.body.error.message,
    'You are not authorized to perform the requested action: identity:ec2_create_credential.',
  );
  // a project the user has no role on is accepted (Keystone checks only that it exists)
  const elsewhere = await t.request('POST', base, { token: demo, body: { tenant_id: adminProject } });
  assert.equal(elsewhere.status, 201);
});
