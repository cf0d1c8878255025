/**
 * /v3/domains/{id}/config[/{group}[/{option}]] and /v3/domains/config/.../default. Bodies and
 * messages are the real Keystone (Zed) answers.
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
let n = 0;
const newDomain = async (): Promise<string> =>
  (await t.request('POST', `${V3}/domains`, { token: admin, body: { domain: { name: `cfg${n++}` } } })).body.domain.id;
const cfg = (d: string, rest = '') => `${V3}/domains/${d}/config${rest}`;
const req = (method: string, url: string, body?: unknown, token = admin) => t.request(method, url, { token, body });
const CUSTOM = {
  identity: { driver: 'ldap' },
  ldap: { url: 'ldap://myldap.com:389/', user_tree_dn: 'ou=Users,dc=my_new_root,dc=org' },
};

test('PUT creates (201), replaces (200); the sensitive password is stored, never shown', async () => {
  const d = await newDomain();
  const missing = await req('GET', cfg(d));
  assert.equal(missing.status, 404);
  assert.equal(missing.body.error.message, `Could not find any options in domain configuration for domain ${d}.`);
  const created = await req('PUT', cfg(d), { config: { ...CUSTOM, ldap: { ...CUSTOM.ldap, password: 'pw' } } });
  assert.equal(created.status, 201);
  assert.deepEqual(created.body.config, CUSTOM);
  const rows = await t.rt.store.db.selectFrom('domain_configs').selectAll().where('domain_id', '=', d).execute();
  assert.equal(rows.length, 4);
  assert.equal(rows.find((r) => r.option_name === 'password')?.sensitive, 1);
  assert.deepEqual((await req('GET', cfg(d, '/ldap'))).body.config, { ldap: CUSTOM.ldap });
  assert.deepEqual((await req('GET', cfg(d, '/ldap/url'))).body.config, { url: CUSTOM.ldap.url });
  const pw = await req('GET', cfg(d, '/ldap/password'));
  assert.equal(pw.status, 404);
  assert.equal(
    pw.body.error.message,
    `Could not find option password in group ldap in domain configuration for domain ${d}.`,
  );
  const replaced = await req('PUT', cfg(d), { config: { identity: { driver: 'sql' } } });
  assert.equal(replaced.status, 200);
  assert.deepEqual(replaced.body.config, { identity: { driver: 'sql' } });
  assert.deepEqual((await req('GET', cfg(d))).body.config, { identity: { driver: 'sql' } });
});

test('config errors are 403 InvalidDomainConfig; a missing domain 404', async () => {
  const d = await newDomain();
  const cases: Array<[unknown, string]> = [
    [{}, 'No options specified.'],
    [{ config: {} }, 'No options specified.'],
    [{ config: { foo: { driver: 'x' } } }, 'Group foo is not supported for domain specific configurations.'],
    [{ config: { ldap: { bad: 1 } } }, 'Option bad in group ldap is not supported for domain specific configurations.'],
    [{ config: { ldap: 'x' } }, 'The value of group ldap specified in the config should be a dictionary of options.'],
    [{ config: { ldap: {} } }, 'The value of group ldap specified in the config should be a dictionary of options.'],
  ];
  for (const [body, message] of cases) {
    const r = await req('PUT', cfg(d), body);
    assert.equal(r.status, 403, JSON.stringify(body));
    assert.equal(r.body.error.message, `Invalid domain specific configuration: ${message}`);
  }
  const nope = await req('PUT', cfg('nope'), { config: CUSTOM });
  assert.equal(nope.status, 404);
  assert.equal(nope.body.error.message, 'Could not find domain: nope.');
  const group = await req('GET', cfg(d, '/identity/url'));
  assert.equal(group.status, 403);
  assert.equal(
    group.body.error.message,
    'Invalid domain specific configuration: Option url in group identity is not supported for domain specific configurations.',
  );
  assert.equal((await req('GET', cfg(d), undefined, demo)).status, 403);
  assert.equal((await req('PUT', cfg(d), { config: CUSTOM }, demo)).status, 403);
});

test('PATCH merges; a group or option in the URL must be the only one and must exist', async () => {
  const d = await newDomain();
  await req('PUT', cfg(d), { config: CUSTOM });
  const whole = await req('PATCH', cfg(d), { config: { ldap: { url: 'ldap://y' } } });
  assert.equal(whole.status, 200);
  assert.deepEqual(whole.body.config, { ...CUSTOM, ldap: { ...CUSTOM.ldap, url: 'ldap://y' } });
  const grp = await req('PATCH', cfg(d, '/identity'), { config: { identity: { driver: 'd2', list_limit: 5 } } });
  assert.deepEqual(grp.body.config.identity, { driver: 'd2', list_limit: 5 });
  const opt = await req('PATCH', cfg(d, '/ldap/url'), { config: { url: 'ldap://w' } });
  assert.equal(opt.body.config.ldap.url, 'ldap://w');
  const errs: Array<[string, unknown, number, string]> = [
    [
      '/ldap',
      { config: { identity: { driver: 'sql' } } },
      403,
      'Invalid domain specific configuration: request to update group ldap, but config provided contains group identity instead.',
    ],
    [
      '/ldap',
      { config: { ldap: { url: 'a' }, identity: { driver: 'x' } } },
      403,
      'Invalid domain specific configuration: Trying to update group ldap, so that, and only that, group must be specified in the config.',
    ],
    [
      '/ldap/url',
      { config: { user: 'w' } },
      403,
      'Invalid domain specific configuration: Trying to update option url in group ldap, but config provided contains option user instead.',
    ],
    [
      '/ldap/use_tls',
      { config: { use_tls: true } },
      404,
      `Could not find option use_tls in group ldap in domain configuration for domain ${d}.`,
    ],
  ];
  for (const [path, body, status, message] of errs) {
    const r = await req('PATCH', cfg(d, path), body);
    assert.equal(r.status, status, path);
    assert.equal(r.body.error.message, message);
  }
});

test('DELETE an option, a group, everything', async () => {
  const d = await newDomain();
  await req('PUT', cfg(d), { config: CUSTOM });
  assert.equal((await req('DELETE', cfg(d, '/identity/driver'))).status, 204);
  assert.equal((await req('GET', cfg(d, '/identity/driver'))).status, 404);
  const gone = await req('DELETE', cfg(d, '/identity'));
  assert.equal(gone.status, 404);
  assert.equal(gone.body.error.message, `Could not find group identity in domain configuration for domain ${d}.`);
  assert.equal((await req('DELETE', cfg(d, '/ldap/url'))).status, 204);
  assert.deepEqual((await req('GET', cfg(d))).body.config, { ldap: { user_tree_dn: CUSTOM.ldap.user_tree_dn } });
  assert.equal((await req('DELETE', cfg(d))).status, 204);
  assert.equal((await req('DELETE', cfg(d))).status, 204);
  assert.equal((await req('GET', cfg(d, '/ldap'))).status, 404);
});

test('defaults and the default domain security_compliance group', async () => {
  const all = await req('GET', `${V3}/domains/config/default`);
  assert.equal(all.status, 200);
  assert.deepEqual(all.body.config.identity, { driver: 'sql', list_limit: null });
  assert.equal(all.body.config.ldap.url, 'ldap://localhost');
  assert.ok(!('password' in all.body.config.ldap));
  assert.deepEqual(Object.keys((await req('GET', `${V3}/domains/config/ldap/default`)).body.config), ['ldap']);
  assert.deepEqual((await req('GET', `${V3}/domains/config/ldap/url/default`)).body.config, {
    url: 'ldap://localhost',
  });
  const pw = await req('GET', `${V3}/domains/config/ldap/password/default`);
  assert.equal(pw.status, 403);
  assert.equal(
    pw.body.error.message,
    'Invalid domain specific configuration: Reading the default for option password in group ldap is not supported.',
  );
  assert.equal((await req('GET', `${V3}/domains/config/default`, undefined, demo)).status, 403);
  const sc = await req('GET', cfg('default', '/security_compliance'), undefined, demo);
  assert.equal(sc.status, 200);
  assert.deepEqual(sc.body.config, { security_compliance: { password_regex: null, password_regex_description: null } });
  const other = await req('GET', cfg(await newDomain(), '/security_compliance'));
  assert.equal(other.status, 403);
  const lockout = await req('GET', cfg('default', '/security_compliance/lockout_duration'));
  assert.equal(
    lockout.body.error.message,
    'Invalid domain specific configuration: Reading security compliance values other than password_regex and password_regex_description is not allowed..',
  );
});

test('a deleted domain takes its config with it', async () => {
  const d = await newDomain();
  await req('PUT', cfg(d), { config: CUSTOM });
  await req('PATCH', `${V3}/domains/${d}`, { domain: { enabled: false } });
  assert.equal((await req('DELETE', `${V3}/domains/${d}`)).status, 204);
  const rows = await t.rt.store.db.selectFrom('domain_configs').selectAll().where('domain_id', '=', d).execute();
  assert.equal(rows.length, 0);
});
