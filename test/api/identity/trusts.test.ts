import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../helpers/app.js';

let t: TestApp;
let admin: string;
let demo: string;
let alt: string;
let demoId: string;
let altId: string;
let demoProject: string;
before(async () => {
  t = await startTestApp(
    { seedUsers: [{ name: 'alt_demo', password: 'secret', project: 'alt_demo', roles: ['member'] }] },
    { agent: false },
  );
  admin = await t.tokenFor('admin');
  demo = await t.tokenFor('demo');
  alt = await t.tokenFor('alt_demo');
  const id = async (table: 'users' | 'projects', name: string) =>
    (await t.rt.store.db.selectFrom(table).select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;
  demoId = await id('users', 'demo');
  altId = await id('users', 'alt_demo');
  demoProject = await id('projects', 'demo');
});
after(async () => {
  await t.close();
});

const V3 = '/identity/v3';

const trustToken = (user: string, trustId: string) =>
  t.request('POST', `${V3}/auth/tokens`, {
    body: {
      auth: {
        identity: {
          methods: ['password'],
          password: { user: { name: user, domain: { id: 'default' }, password: 'secret' } },
        },
        scope: { 'OS-TRUST:trust': { id: trustId } },
      },
    },
  });

const createTrust = (token: string, trust: Record<string, unknown>) =>
  t.request('POST', `${V3}/OS-TRUST/trusts`, { token, body: { trust } });

test('create, show, list, roles: Keystone bodies and policy', async () => {
  const created = await createTrust(demo, {
    trustor_user_id: demoId,
    trustee_user_id: altId,
    project_id: demoProject,
    impersonation: false,
    roles: [{ name: 'member' }],
    remaining_uses: 2,
  });
  assert.equal(created.status, 201);
  const tr = created.body.trust;
  assert.equal(tr.trustor_user_id, demoId);
  assert.equal(tr.trustee_user_id, altId);
  assert.equal(tr.project_id, demoProject);
  assert.equal(tr.impersonation, false);
  assert.equal(tr.remaining_uses, 2);
  assert.equal(tr.expires_at, null);
  assert.deepEqual(
    tr.roles.map((r: { name: string }) => r.name),
    ['member'],
  );
  assert.match(tr.links.self, new RegExp(`/identity/v3/OS-TRUST/trusts/${tr.id}$`));
  const row = await t.rt.store.db.selectFrom('trusts').selectAll().where('id', '=', tr.id).executeTakeFirst();
  assert.equal(row?.remaining_uses, 2);

  // only the trustor creates; a role the trustor does not hold is a 404
  const forOther = await createTrust(demo, {
    trustor_user_id: altId,
    trustee_user_id: demoId,
    project_id: demoProject,
    impersonation: false,
    roles: [{ name: 'member' }],
  });
  assert.equal(forOther.status, 403);
  assert.equal(
    forOther.body.error.message,
    'You are not authorized to perform the requested action: identity:create_trust.',
  );
  const adminRole = await createTrust(demo, {
    trustor_user_id: demoId,
    trustee_user_id: altId,
    project_id: demoProject,
    impersonation: false,
    roles: [{ name: 'admin' }],
  });
  assert.equal(adminRole.status, 404);
  assert.match(adminRole.body.error.message, /^Could not find role: [0-9a-f]{32}\.$/);
  const noTrustee = await createTrust(demo, {
    trustor_user_id: demoId,
    trustee_user_id: 'nope',
    project_id: demoProject,
    impersonation: false,
    roles: [{ name: 'member' }],
  });
  assert.equal(noTrustee.body.error.message, 'Could not find user: nope.');

  // trustor and trustee may read it, others may not; listing all is admin-only
  assert.equal((await t.request('GET', `${V3}/OS-TRUST/trusts/${tr.id}`, { token: alt })).status, 200);
  assert.equal((await t.request('GET', `${V3}/OS-TRUST/trusts/${tr.id}`, { token: demo })).status, 200);
  const roles = await t.request('GET', `${V3}/OS-TRUST/trusts/${tr.id}/roles`, { token: alt });
  assert.deepEqual(
    roles.body.roles.map((r: { name: string }) => r.name),
    ['member'],
  );
  // one delegated role: GET and HEAD; a role the trust does not delegate is 404
  const memberId = roles.body.roles[0].id as string;
  const one = await t.request('GET', `${V3}/OS-TRUST/trusts/${tr.id}/roles/${memberId}`, { token: demo });
  assert.equal(one.status, 200);
  assert.equal(one.body.role.name, 'member');
  assert.match(one.body.role.links.self, new RegExp(`/v3/roles/${memberId}$`));
  assert.equal(
    (await t.request('HEAD', `${V3}/OS-TRUST/trusts/${tr.id}/roles/${memberId}`, { token: alt })).status,
    200,
  );
  const readerId = (
    await t.rt.store.db.selectFrom('roles').select('id').where('name', '=', 'reader').executeTakeFirstOrThrow()
  ).id;
  const notDelegated = await t.request('GET', `${V3}/OS-TRUST/trusts/${tr.id}/roles/${readerId}`, { token: demo });
  assert.deepEqual(notDelegated.body, {
    error: { code: 404, title: 'Not Found', message: `Could not find role: ${readerId}.` },
  });
  assert.equal(
    (await t.request('HEAD', `${V3}/OS-TRUST/trusts/${tr.id}/roles/${readerId}`, { token: demo })).status,
    404,
  );
  const all = await t.request('GET', `${V3}/OS-TRUST/trusts`, { token: demo });
  assert.equal(all.status, 403);
  assert.equal(all.body.error.message, 'You are not authorized to perform the requested action: identity:list_trusts.');
  const mine = await t.request('GET', `${V3}/OS-TRUST/trusts?trustor_user_id=${demoId}`, { token: demo });
  assert.deepEqual(
    mine.body.trusts.map((x: { id: string }) => x.id),
    [tr.id],
  );
  // with a trailing slash, as Tempest's trusts client lists (Keystone's routes are not strict)
  const slash = await t.request('GET', `${V3}/OS-TRUST/trusts/?trustor_user_id=${demoId}`, { token: demo });
  assert.equal(slash.status, 200);
  assert.deepEqual(slash.body.trusts, mine.body.trusts);
  const othersList = await t.request('GET', `${V3}/OS-TRUST/trusts?trustee_user_id=${altId}`, { token: demo });
  assert.equal(othersList.status, 403);
  assert.equal(
    othersList.body.error.message,
    'You are not authorized to perform the requested action: identity:list_trusts_for_trustee.',
  );
  assert.equal((await t.request('GET', `${V3}/OS-TRUST/trusts`, { token: admin })).body.trusts.length, 1);
  const missing = await t.request('GET', `${V3}/OS-TRUST/trusts/nope`, { token: admin });
  assert.deepEqual(missing.body, { error: { code: 404, title: 'Not Found', message: 'Could not find trust: nope.' } });
});

test('consuming a trust: trustee only, roles of the trust, remaining uses, delete stops its tokens', async () => {
  const tr = (
    await createTrust(demo, {
      trustor_user_id: demoId,
      trustee_user_id: altId,
      project_id: demoProject,
      impersonation: false,
      roles: [{ name: 'member' }],
      remaining_uses: 2,
    })
  ).body.trust;

  const notTrustee = await trustToken('demo', tr.id);
  assert.equal(notTrustee.status, 403);
  assert.equal(notTrustee.body.error.message, 'You are not authorized to perform the requested action.');

  const first = await trustToken('alt_demo', tr.id);
  assert.equal(first.status, 201);
  const body = first.body.token;
  assert.equal(body.user.id, altId);
  assert.equal(body.project.id, demoProject);
  assert.deepEqual(body['OS-TRUST:trust'], {
    id: tr.id,
    trustor_user: { id: demoId },
    trustee_user: { id: altId },
    impersonation: false,
  });
  assert.deepEqual(body.roles.map((r: { name: string }) => r.name).sort(), ['member', 'reader']);
  const token = first.headers['x-subject-token'] as string;
  // the trustee acts in the trustor's project with the trust's roles
  const servers = await t.request('GET', '/compute/v2.1/servers', { token });
  assert.equal(servers.status, 200);
  const validated = await t.request('GET', `${V3}/auth/tokens`, {
    token: admin,
    headers: { 'x-subject-token': token },
  });
  assert.equal(validated.body.token['OS-TRUST:trust'].id, tr.id);

  assert.equal((await trustToken('alt_demo', tr.id)).status, 201);
  // both uses spent (the count is the database's)
  assert.equal((await trustToken('alt_demo', tr.id)).status, 401);
  const row = await t.rt.store.db
    .selectFrom('trusts')
    .select('remaining_uses')
    .where('id', '=', tr.id)
    .executeTakeFirst();
  assert.equal(row?.remaining_uses, 0);

  // the trustee cannot delete it; the trustor can, and the trust's tokens stop
  assert.equal((await t.request('DELETE', `${V3}/OS-TRUST/trusts/${tr.id}`, { token: alt })).status, 403);
  assert.equal((await t.request('DELETE', `${V3}/OS-TRUST/trusts/${tr.id}`, { token: demo })).status, 204);
  assert.equal((await t.request('GET', '/compute/v2.1/servers', { token })).status, 401);
  assert.equal((await t.request('GET', `${V3}/OS-TRUST/trusts/${tr.id}`, { token: admin })).status, 404);
  // a deleted trust is 404 for its trustor too, before the policy check (lp#1840288), not 403
  for (const path of ['', '/roles']) {
    const gone = await t.request('GET', `${V3}/OS-TRUST/trusts/${tr.id}${path}`, { token: demo });
    assert.equal(gone.status, 404);
    assert.equal(gone.body.error.message, `Could not find trust: ${tr.id}.`);
  }
  assert.equal((await t.request('DELETE', `${V3}/OS-TRUST/trusts/${tr.id}`, { token: demo })).status, 404);
  assert.equal((await trustToken('alt_demo', tr.id)).status, 401);
});

test('impersonation gives a token for the trustor; a trustor losing the role stops the trust', async () => {
  const tr = (
    await createTrust(demo, {
      trustor_user_id: demoId,
      trustee_user_id: altId,
      project_id: demoProject,
      impersonation: true,
      roles: [{ name: 'reader' }],
    })
  ).body.trust;
  const issued = await trustToken('alt_demo', tr.id);
  assert.equal(issued.status, 201);
  assert.equal(issued.body.token.user.id, demoId);
  assert.equal(issued.body.token['OS-TRUST:trust'].impersonation, true);
  assert.deepEqual(
    issued.body.token.roles.map((r: { name: string }) => r.name),
    ['reader'],
  );
  const token = issued.headers['x-subject-token'] as string;
  assert.equal((await t.request('GET', '/compute/v2.1/servers', { token })).status, 200);

  // what a token issued through a trust may not do (Keystone's 403s)
  const again = await createTrust(token, {
    trustor_user_id: demoId,
    trustee_user_id: altId,
    project_id: demoProject,
    impersonation: false,
    roles: [{ name: 'reader' }],
  });
  assert.deepEqual(again.body, {
    error: { code: 403, title: 'Forbidden', message: 'You are not authorized to perform the requested action.' },
  });
  const cred = await t.request('POST', `${V3}/users/${demoId}/application_credentials`, {
    token,
    body: { application_credential: { name: 'via-trust' } },
  });
  assert.equal(cred.status, 403);
  assert.equal(cred.body.error.message, 'You are not authorized to perform the requested action.');
  const rescoped = await t.request('POST', `${V3}/auth/tokens`, {
    body: { auth: { identity: { methods: ['token'], token: { id: token } } } },
  });
  assert.equal(rescoped.status, 403);
  assert.equal(
    rescoped.body.error.message,
    'You are not authorized to perform the requested action: Using trust-scoped token to create another token. Create a new trust-scoped token instead.',
  );
  assert.equal((await t.rt.store.db.selectFrom('trusts').select('id').execute()).length, 2);

  // the trustor's member grant goes (member implied reader): the trust gives nothing any more
  const member = await t.rt.store.db
    .selectFrom('roles')
    .select('id')
    .where('name', '=', 'member')
    .executeTakeFirstOrThrow();
  const reader = await t.rt.store.db
    .selectFrom('roles')
    .select('id')
    .where('name', '=', 'reader')
    .executeTakeFirstOrThrow();
  for (const role of [member.id, reader.id])
    await t.request('DELETE', `${V3}/projects/${demoProject}/users/${demoId}/roles/${role}`, { token: admin });
  assert.equal((await trustToken('alt_demo', tr.id)).status, 401);
  assert.equal((await t.request('GET', '/compute/v2.1/servers', { token })).status, 401);
});

test('a trust cannot expire in the past', async () => {
  const adminId = (
    await t.rt.store.db.selectFrom('users').select('id').where('name', '=', 'admin').executeTakeFirstOrThrow()
  ).id;
  const past = await createTrust(admin, {
    trustor_user_id: adminId,
    trustee_user_id: altId,
    impersonation: false,
    expires_at: '2000-01-01T00:00:00Z',
  });
  assert.equal(past.status, 400);
  assert.match(past.body.error.message, /^The 'expires_at' must not be before now\./);
  const noUses = await createTrust(admin, {
    trustor_user_id: adminId,
    trustee_user_id: altId,
    impersonation: false,
    remaining_uses: 0,
  });
  assert.equal(noUses.status, 400);
  assert.match(noUses.body.error.message, /^Invalid input for field 'remaining_uses': 0 is less than the minimum of 1/);
  assert.equal(
    (await t.rt.store.db.selectFrom('trusts').select('id').where('trustor_user_id', '=', adminId).execute()).length,
    0,
  );
});

test('one role of a trust (GET/HEAD), an unknown trust is 404 before the policy, the list has no roles', async () => {
  // earlier tests revoke tokens (tokenFor caches them): fresh ones
  const login = async (user: string) =>
    (
      await t.request('POST', `${V3}/auth/tokens`, {
        body: {
          auth: {
            identity: {
              methods: ['password'],
              password: { user: { name: user, domain: { id: 'default' }, password: 'secret' } },
            },
            scope: { project: { name: user, domain: { id: 'default' } } },
          },
        },
      })
    ).headers['x-subject-token'] as string;
  const memberId = (
    await t.rt.store.db.selectFrom('roles').select('id').where('name', '=', 'member').executeTakeFirstOrThrow()
  ).id;
  // the impersonation test took member away from demo
  await t.request('PUT', `${V3}/projects/${demoProject}/users/${demoId}/roles/${memberId}`, { token: admin });
  demo = await login('demo');
  alt = await login('alt_demo');
  const created = await createTrust(demo, {
    trustor_user_id: demoId,
    trustee_user_id: altId,
    project_id: demoProject,
    impersonation: false,
    roles: [{ name: 'member' }],
  });
  assert.equal(created.status, 201);
  const tr = created.body.trust;
  assert.match(tr.roles_links.self, new RegExp(`/identity/v3/OS-TRUST/trusts/${tr.id}/roles$`));
  const roleId = tr.roles[0].id as string;
  const role = await t.request('GET', `${V3}/OS-TRUST/trusts/${tr.id}/roles/${roleId}`, { token: alt });
  assert.equal(role.status, 200);
  assert.equal(role.body.role.name, 'member');
  assert.equal(
    (await t.request('HEAD', `${V3}/OS-TRUST/trusts/${tr.id}/roles/${roleId}`, { token: demo })).status,
    200,
  );
  const readerId = (
    await t.rt.store.db.selectFrom('roles').select('id').where('name', '=', 'reader').executeTakeFirstOrThrow()
  ).id;
  const notInTrust = await t.request('GET', `${V3}/OS-TRUST/trusts/${tr.id}/roles/${readerId}`, { token: demo });
  assert.equal(notInTrust.status, 404);
  assert.equal(notInTrust.body.error.message, `Could not find role: ${readerId}.`);
  const missing = '0123456789abcdef0123456789abcdef';
  for (const path of [`/OS-TRUST/trusts/${missing}`, `/OS-TRUST/trusts/${missing}/roles`]) {
    const res = await t.request('GET', `${V3}${path}`, { token: demo });
    assert.equal(res.status, 404, path);
    assert.equal(res.body.error.message, `Could not find trust: ${missing}.`);
  }
  assert.equal((await t.request('DELETE', `${V3}/OS-TRUST/trusts/${missing}`, { token: demo })).status, 404);
  const list = await t.request('GET', `${V3}/OS-TRUST/trusts?trustor_user_id=${demoId}`, { token: demo });
  assert.equal(list.status, 200);
  const listed = list.body.trusts.find((x: { id: string }) => x.id === tr.id);
  assert.ok(listed);
  assert.equal(listed.roles, undefined);
  assert.equal(listed.roles_links, undefined);
});
