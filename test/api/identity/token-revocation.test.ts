/**
 * Every way a Keystone token stops being valid, in one place: each case issues a token, does the
 * thing, then checks that the token is refused by a service (401), by GET /v3/auth/tokens (404)
 * and by the token auth method (404 'Failed to validate token', Keystone's TokenNotFound).
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../helpers/app.js';

const V3 = '/identity/v3';
let t: TestApp;
let admin: string;
let memberRoleId: string;
before(async () => {
  t = await startTestApp({}, { agent: false });
  admin = await t.tokenFor('admin');
  memberRoleId = (
    await t.rt.store.db.selectFrom('roles').select('id').where('name', '=', 'member').executeTakeFirstOrThrow()
  ).id;
});
after(async () => {
  await t.close();
});

let n = 0;
/** a user with the member role on a new project (in a new domain when asked) */
async function setup(opts: { domain?: boolean; viaGroup?: boolean } = {}) {
  const tag = `rv${++n}`;
  let domainId = 'default';
  if (opts.domain) {
    const d = await t.request('POST', `${V3}/domains`, { token: admin, body: { domain: { name: `${tag}-d` } } });
    domainId = d.body.domain.id;
  }
  const project = (
    await t.request('POST', `${V3}/projects`, { token: admin, body: { project: { name: tag, domain_id: domainId } } })
  ).body.project;
  const user = (
    await t.request('POST', `${V3}/users`, {
      token: admin,
      body: { user: { name: tag, password: 'pw-one-1', domain_id: domainId } },
    })
  ).body.user;
  let groupId: string | null = null;
  if (opts.viaGroup) {
    groupId = (
      await t.request('POST', `${V3}/groups`, { token: admin, body: { group: { name: tag, domain_id: domainId } } })
    ).body.group.id;
    assert.equal((await t.request('PUT', `${V3}/groups/${groupId}/users/${user.id}`, { token: admin })).status, 204);
    const g = await t.request('PUT', `${V3}/projects/${project.id}/groups/${groupId}/roles/${memberRoleId}`, {
      token: admin,
    });
    assert.equal(g.status, 204);
  } else {
    const g = await t.request('PUT', `${V3}/projects/${project.id}/users/${user.id}/roles/${memberRoleId}`, {
      token: admin,
    });
    assert.equal(g.status, 204);
  }
  const issued = await t.request('POST', `${V3}/auth/tokens`, {
    body: {
      auth: {
        identity: { methods: ['password'], password: { user: { id: user.id, password: 'pw-one-1' } } },
        scope: { project: { id: project.id } },
      },
    },
  });
  assert.equal(issued.status, 201, JSON.stringify(issued.body));
  const token = issued.headers['x-subject-token'] as string;
  return { token, userId: user.id as string, projectId: project.id as string, domainId, groupId };
}

async function assertWorks(token: string) {
  assert.equal((await t.request('GET', '/compute/v2.1/servers', { token })).status, 200);
}

async function assertRevoked(token: string) {
  assert.equal((await t.request('GET', '/compute/v2.1/servers', { token })).status, 401);
  const validate = await t.request('GET', `${V3}/auth/tokens`, { token: admin, headers: { 'x-subject-token': token } });
  assert.equal(validate.status, 404);
  const rescope = await t.request('POST', `${V3}/auth/tokens`, {
    body: { auth: { identity: { methods: ['token'], token: { id: token } } } },
  });
  assert.deepEqual(rescope.body, { error: { code: 404, title: 'Not Found', message: 'Failed to validate token' } });
}

test('self-service password change', async () => {
  const s = await setup();
  await assertWorks(s.token);
  const r = await t.request('POST', `${V3}/users/${s.userId}/password`, {
    token: s.token,
    body: { user: { original_password: 'pw-one-1', password: 'pw-two-2' } },
  });
  assert.equal(r.status, 204);
  await assertRevoked(s.token);
});

test('admin password reset', async () => {
  const s = await setup();
  await assertWorks(s.token);
  assert.equal(
    (await t.request('PATCH', `${V3}/users/${s.userId}`, { token: admin, body: { user: { password: 'pw-two-2' } } }))
      .status,
    200,
  );
  await assertRevoked(s.token);
});

test('user disabled', async () => {
  const s = await setup();
  await t.request('PATCH', `${V3}/users/${s.userId}`, { token: admin, body: { user: { enabled: false } } });
  await assertRevoked(s.token);
});

test('user deleted', async () => {
  const s = await setup();
  assert.equal((await t.request('DELETE', `${V3}/users/${s.userId}`, { token: admin })).status, 204);
  await assertRevoked(s.token);
});

test('project disabled', async () => {
  const s = await setup();
  await t.request('PATCH', `${V3}/projects/${s.projectId}`, { token: admin, body: { project: { enabled: false } } });
  await assertRevoked(s.token);
});

test('project deleted', async () => {
  const s = await setup();
  assert.equal((await t.request('DELETE', `${V3}/projects/${s.projectId}`, { token: admin })).status, 204);
  await assertRevoked(s.token);
});

test('domain disabled (through the domain API and through /v3/projects)', async () => {
  const s = await setup({ domain: true });
  await assertWorks(s.token);
  await t.request('PATCH', `${V3}/domains/${s.domainId}`, { token: admin, body: { domain: { enabled: false } } });
  await assertRevoked(s.token);
  const s2 = await setup({ domain: true });
  await t.request('PATCH', `${V3}/projects/${s2.domainId}`, { token: admin, body: { project: { enabled: false } } });
  await assertRevoked(s2.token);
});

test('role grant removed', async () => {
  const s = await setup();
  const r = await t.request('DELETE', `${V3}/projects/${s.projectId}/users/${s.userId}/roles/${memberRoleId}`, {
    token: admin,
  });
  assert.equal(r.status, 204);
  await assertRevoked(s.token);
});

test('group membership removed, and group deleted', async () => {
  const s = await setup({ viaGroup: true });
  await assertWorks(s.token);
  assert.equal(
    (await t.request('DELETE', `${V3}/groups/${s.groupId}/users/${s.userId}`, { token: admin })).status,
    204,
  );
  await assertRevoked(s.token);
  const s2 = await setup({ viaGroup: true });
  await assertWorks(s2.token);
  assert.equal((await t.request('DELETE', `${V3}/groups/${s2.groupId}`, { token: admin })).status, 204);
  await assertRevoked(s2.token);
});

test('application credential deleted', async () => {
  const s = await setup();
  const cred = await t.request('POST', `${V3}/users/${s.userId}/application_credentials`, {
    token: s.token,
    body: { application_credential: { name: 'rv-cred' } },
  });
  assert.equal(cred.status, 201);
  const issued = await t.request('POST', `${V3}/auth/tokens`, {
    body: {
      auth: {
        identity: {
          methods: ['application_credential'],
          application_credential: {
            id: cred.body.application_credential.id,
            secret: cred.body.application_credential.secret,
          },
        },
      },
    },
  });
  assert.equal(issued.status, 201);
  const token = issued.headers['x-subject-token'] as string;
  await assertWorks(token);
  const del = await t.request(
    'DELETE',
    `${V3}/users/${s.userId}/application_credentials/${cred.body.application_credential.id}`,
    {
      token: s.token,
    },
  );
  assert.equal(del.status, 204);
  assert.equal((await t.request('GET', '/compute/v2.1/servers', { token })).status, 401);
  const validate = await t.request('GET', `${V3}/auth/tokens`, { token: admin, headers: { 'x-subject-token': token } });
  assert.equal(validate.status, 404);
});

test('trust deleted', async () => {
  const trustor = await setup();
  const trustee = await setup();
  const trust = await t.request('POST', `${V3}/OS-TRUST/trusts`, {
    token: trustor.token,
    body: {
      trust: {
        trustor_user_id: trustor.userId,
        trustee_user_id: trustee.userId,
        project_id: trustor.projectId,
        impersonation: false,
        roles: [{ name: 'member' }],
      },
    },
  });
  assert.equal(trust.status, 201, JSON.stringify(trust.body));
  const issued = await t.request('POST', `${V3}/auth/tokens`, {
    body: {
      auth: {
        identity: { methods: ['password'], password: { user: { id: trustee.userId, password: 'pw-one-1' } } },
        scope: { 'OS-TRUST:trust': { id: trust.body.trust.id } },
      },
    },
  });
  assert.equal(issued.status, 201);
  const token = issued.headers['x-subject-token'] as string;
  await assertWorks(token);
  assert.equal(
    (await t.request('DELETE', `${V3}/OS-TRUST/trusts/${trust.body.trust.id}`, { token: trustor.token })).status,
    204,
  );
  await assertRevoked(token);
});

test('DELETE /v3/auth/tokens', async () => {
  const s = await setup();
  assert.equal(
    (await t.request('DELETE', `${V3}/auth/tokens`, { token: s.token, headers: { 'x-subject-token': s.token } }))
      .status,
    204,
  );
  await assertRevoked(s.token);
});
