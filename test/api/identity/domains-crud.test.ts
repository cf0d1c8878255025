/**
 * Domains CRUD (POST/PATCH/DELETE /v3/domains), the disable-before-delete rule, what a disabled
 * domain does to tokens, and two token/domain bugs: a member reading the domain of their scope,
 * and a rescoped token keeping the original's expiry. Messages are the real Keystone (Zed) answers.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../helpers/app.js';

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

const V3 = '/identity/v3';
const roleId = async (name: string) =>
  (await t.rt.store.db.selectFrom('roles').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;

/** A domain with a project and a user holding member on it; returns their ids and the user's token. */
async function populatedDomain(name: string) {
  const d = await t.request('POST', `${V3}/domains`, { token: admin, body: { domain: { name } } });
  assert.equal(d.status, 201);
  const domainId = d.body.domain.id as string;
  const p = await t.request('POST', `${V3}/projects`, {
    token: admin,
    body: { project: { name: `${name}-p`, domain_id: domainId } },
  });
  const u = await t.request('POST', `${V3}/users`, {
    token: admin,
    body: { user: { name: `${name}-u`, domain_id: domainId, password: 'secret' } },
  });
  const projectId = p.body.project.id as string;
  const userId = u.body.user.id as string;
  const put = await t.request('PUT', `${V3}/projects/${projectId}/users/${userId}/roles/${await roleId('member')}`, {
    token: admin,
  });
  assert.equal(put.status, 204);
  const auth = await t.request('POST', `${V3}/auth/tokens`, {
    body: {
      auth: {
        identity: { methods: ['password'], password: { user: { id: userId, password: 'secret' } } },
        scope: { project: { id: projectId } },
      },
    },
  });
  assert.equal(auth.status, 201);
  return { domainId, projectId, userId, token: auth.headers['x-subject-token'] as string };
}

test('POST /v3/domains creates a domain; the name is unique (409 Keystone body); a member gets 403', async () => {
  const res = await t.request('POST', `${V3}/domains`, {
    token: admin,
    body: { domain: { name: 'acme', description: 'ACME' } },
  });
  assert.equal(res.status, 201);
  const d = res.body.domain;
  assert.equal(d.name, 'acme');
  assert.equal(d.description, 'ACME');
  assert.equal(d.enabled, true);
  assert.deepEqual(d.tags, []);
  assert.match(d.links.self, new RegExp(`/identity/v3/domains/${d.id}$`));
  const row = await t.rt.store.db.selectFrom('domains').selectAll().where('id', '=', d.id).executeTakeFirstOrThrow();
  assert.equal(row.name, 'acme');
  assert.equal(row.enabled, 1);
  assert.equal((await t.request('GET', `${V3}/domains/${d.id}`, { token: admin })).body.domain.name, 'acme');
  // names differ by case only: two domains, as in Keystone
  assert.equal(
    (await t.request('POST', `${V3}/domains`, { token: admin, body: { domain: { name: 'ACME' } } })).status,
    201,
  );
  const dup = await t.request('POST', `${V3}/domains`, { token: admin, body: { domain: { name: 'acme' } } });
  assert.equal(dup.status, 409);
  assert.equal(dup.body.error.title, 'Conflict');
  assert.equal(
    dup.body.error.message,
    'Conflict occurred attempting to store project - it is not permitted to have two projects acting as domains with the same name: acme.',
  );
  const forbidden = await t.request('POST', `${V3}/domains`, { token: demo, body: { domain: { name: 'mine' } } });
  assert.equal(forbidden.status, 403);
  assert.equal(
    forbidden.body.error.message,
    'You are not authorized to perform the requested action: identity:create_domain.',
  );
  const noName = await t.request('POST', `${V3}/domains`, { token: admin, body: { domain: {} } });
  assert.equal(noName.status, 400);
  // Keystone validates the object inside {"domain": …}: a missing property has no field prefix
  assert.equal(noName.body.error.message, "'name' is a required property");
  assert.equal(
    (await t.request('PATCH', `${V3}/domains/${d.id}`, { token: demo, body: { domain: { name: 'x' } } })).status,
    403,
  );
});

test('PATCH /v3/domains/{id} renames and disables; rename onto another name is 409; unknown 404', async () => {
  const d = (await t.request('POST', `${V3}/domains`, { token: admin, body: { domain: { name: 'ren' } } })).body.domain;
  const res = await t.request('PATCH', `${V3}/domains/${d.id}`, {
    token: admin,
    body: { domain: { name: 'renamed', description: 'new', enabled: false } },
  });
  assert.equal(res.status, 200);
  assert.equal(res.body.domain.name, 'renamed');
  assert.equal(res.body.domain.description, 'new');
  assert.equal(res.body.domain.enabled, false);
  assert.equal(
    (await t.request('PATCH', `${V3}/domains/${d.id}`, { token: admin, body: { domain: { name: 'Default' } } })).status,
    409,
  );
  const missing = await t.request('PATCH', `${V3}/domains/nope`, { token: admin, body: { domain: { name: 'n' } } });
  assert.equal(missing.status, 404);
  assert.equal(missing.body.error.message, 'Could not find domain: nope.');
  assert.equal((await t.request('PATCH', `${V3}/domains/${d.id}`, { token: admin, body: { domain: {} } })).status, 400);
});

test('DELETE: an enabled domain is refused (403); a disabled one goes with its projects and users', async () => {
  const { domainId, projectId, userId } = await populatedDomain('doomed');
  const refused = await t.request('DELETE', `${V3}/domains/${domainId}`, { token: admin });
  assert.equal(refused.status, 403);
  assert.deepEqual(refused.body, {
    error: {
      code: 403,
      title: 'Forbidden',
      message: 'Cannot delete a domain that is enabled, please disable it first.',
    },
  });
  assert.equal((await t.request('DELETE', `${V3}/domains/${domainId}`, { token: demo })).status, 403);
  assert.equal(
    (await t.request('PATCH', `${V3}/domains/${domainId}`, { token: admin, body: { domain: { enabled: false } } }))
      .status,
    200,
  );
  assert.equal((await t.request('DELETE', `${V3}/domains/${domainId}`, { token: admin })).status, 204);
  const db = t.rt.store.db;
  assert.equal(await db.selectFrom('domains').select('id').where('id', '=', domainId).executeTakeFirst(), undefined);
  assert.equal(await db.selectFrom('projects').select('id').where('id', '=', projectId).executeTakeFirst(), undefined);
  assert.equal(await db.selectFrom('users').select('id').where('id', '=', userId).executeTakeFirst(), undefined);
  assert.equal(
    (await db.selectFrom('role_assignments').select('id').where('user_id', '=', userId).execute()).length,
    0,
  );
  assert.equal((await t.request('GET', `${V3}/projects/${projectId}`, { token: admin })).status, 404);
  assert.equal((await t.request('DELETE', `${V3}/domains/${domainId}`, { token: admin })).status, 404);
});

test('disabling a domain stops the tokens of its users and projects; re-enabling restores them', async () => {
  const { domainId, projectId, userId, token } = await populatedDomain('frozen');
  assert.equal((await t.request('GET', `${V3}/users/${userId}`, { token })).status, 200);
  await t.request('PATCH', `${V3}/domains/${domainId}`, { token: admin, body: { domain: { enabled: false } } });
  assert.equal((await t.request('GET', `${V3}/users/${userId}`, { token })).status, 401);
  assert.equal(
    (await t.request('GET', `${V3}/auth/tokens`, { token: admin, headers: { 'x-subject-token': token } })).status,
    404,
  );
  // no new token either
  const again = await t.request('POST', `${V3}/auth/tokens`, {
    body: {
      auth: {
        identity: { methods: ['password'], password: { user: { id: userId, password: 'secret' } } },
        scope: { project: { id: projectId } },
      },
    },
  });
  assert.equal(again.status, 401);
  await t.request('PATCH', `${V3}/domains/${domainId}`, { token: admin, body: { domain: { enabled: true } } });
  assert.equal((await t.request('GET', `${V3}/users/${userId}`, { token })).status, 200);
});

test('a member reads the domain of their project (identity:get_domain), not another one', async () => {
  const own = await t.request('GET', `${V3}/domains/default`, { token: demo });
  assert.equal(own.status, 200);
  assert.equal(own.body.domain.name, 'Default');
  const { domainId, token } = await populatedDomain('elsewhere');
  assert.equal((await t.request('GET', `${V3}/domains/${domainId}`, { token })).status, 200);
  const other = await t.request('GET', `${V3}/domains/${domainId}`, { token: demo });
  assert.equal(other.status, 403);
  assert.equal(
    other.body.error.message,
    'You are not authorized to perform the requested action: identity:get_domain.',
  );
  // the policy check comes before the lookup: an unknown domain is 403 for a member, 404 for admin
  assert.equal((await t.request('GET', `${V3}/domains/nope`, { token: demo })).status, 403);
  assert.equal((await t.request('GET', `${V3}/domains/nope`, { token: admin })).status, 404);
});

test('rescoping a token (method token) keeps the original expires_at', async () => {
  const unscoped = await t.request('POST', `${V3}/auth/tokens`, {
    body: {
      auth: {
        identity: {
          methods: ['password'],
          password: { user: { name: 'demo', domain: { name: 'Default' }, password: 'secret' } },
        },
        scope: 'unscoped',
      },
    },
  });
  assert.equal(unscoped.status, 201);
  await new Promise((r) => setTimeout(r, 20));
  const rescoped = await t.request('POST', `${V3}/auth/tokens`, {
    body: {
      auth: {
        identity: { methods: ['token'], token: { id: unscoped.headers['x-subject-token'] } },
        scope: { project: { name: 'demo', domain: { name: 'Default' } } },
      },
    },
  });
  assert.equal(rescoped.status, 201);
  assert.equal(rescoped.body.token.expires_at, unscoped.body.token.expires_at);
  assert.notEqual(rescoped.body.token.issued_at, unscoped.body.token.issued_at);
  assert.ok(rescoped.body.token.project);
});
