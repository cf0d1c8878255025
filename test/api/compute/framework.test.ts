import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { versionSample } from '../../helpers/nova-samples.js';
import { startTestApp, type TestApp } from '../../helpers/app.js';

let t: TestApp;
let demo: string;
let admin: string;
let demoProject: string;
before(async () => {
  t = await startTestApp({ bodyLimit: 4096 }, { agent: false });
  demo = await t.tokenFor('demo');
  admin = await t.tokenFor('admin');
  demoProject = (
    await t.rt.store.db.selectFrom('projects').select('id').where('name', '=', 'demo').executeTakeFirstOrThrow()
  ).id;
});
after(async () => {
  await t.close();
});

const sample = (name: string) => versionSample(name, 'http://localhost:80/compute');
const REQ_ID = /^req-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The samples come from Nova 32 (max 2.104, v2.0 DEPRECATED since df630cd1b2); stackbox advertises
 * 2.96, the Nova before that change, where v2.0 is SUPPORTED with its 2011 date.
 */
function asAdvertised(v: Record<string, unknown>): Record<string, unknown> {
  if (v.id === 'v2.1') return { ...v, version: '2.96' };
  return { ...v, status: 'SUPPORTED', updated: '2011-01-21T11:33:21Z' };
}

test('GET /compute/ → 200 versions list matching versions-get-resp.json, no token needed', async () => {
  const res = await t.request('GET', '/compute/', { headers: { 'x-openstack-nova-api-version': 'garbage' } });
  assert.equal(res.status, 200);
  const expected = sample('versions-get-resp.json');
  assert.deepEqual(res.body, { versions: expected.versions.map(asAdvertised) });
  assert.equal(res.headers['openstack-api-version'], undefined); // the root list ignores microversions
});

test('GET /compute/v2.1 and /v2.1/ → v21-version-get-resp.json; /v2/ → v2-version-get-resp.json', async () => {
  for (const path of ['/compute/v2.1', '/compute/v2.1/']) {
    const res = await t.request('GET', path);
    assert.equal(res.status, 200, path);
    assert.deepEqual(res.body, { version: asAdvertised(sample('v21-version-get-resp.json').version) });
    assert.equal(res.headers['openstack-api-version'], 'compute 2.1');
  }
  const v2 = await t.request('GET', '/compute/v2/');
  assert.equal(v2.status, 200);
  assert.deepEqual(v2.body, { version: asAdvertised(sample('v2-version-get-resp.json').version) });
  assert.equal(v2.headers['openstack-api-version'], undefined);
  const bad = await t.request('GET', '/compute/v2.1', { headers: { 'openstack-api-version': 'compute 2.01' } });
  assert.equal(bad.status, 400);
});

test('microversions: none → 2.1, latest → 2.96, standard header beats the legacy one, echoed with Vary', async () => {
  const none = await t.request('GET', '/compute/v2.1/flavors', { token: demo });
  assert.equal(none.status, 200);
  assert.equal(none.headers['openstack-api-version'], 'compute 2.1');
  assert.equal(none.headers['x-openstack-nova-api-version'], '2.1');
  assert.match(String(none.headers.vary), /OpenStack-API-Version/);
  assert.match(String(none.headers.vary), /X-OpenStack-Nova-API-Version/);
  const latest = await t.request('GET', '/compute/v2.1/flavors', {
    token: demo,
    headers: { 'openstack-api-version': 'compute latest' },
  });
  assert.equal(latest.headers['openstack-api-version'], 'compute 2.96');
  assert.ok('description' in latest.body.flavors[0]);
  const both = await t.request('GET', '/compute/v2.1/flavors', {
    token: demo,
    headers: { 'openstack-api-version': 'volume 3.5, compute 2.60', 'x-openstack-nova-api-version': '2.10' },
  });
  assert.equal(both.headers['openstack-api-version'], 'compute 2.60');
  assert.equal(both.headers['x-openstack-nova-api-version'], '2.60');
  const legacyOnly = await t.request('GET', '/compute/v2.1/flavors', {
    token: demo,
    headers: { 'openstack-api-version': 'volume 3.5', 'x-openstack-nova-api-version': '2.10' },
  });
  assert.equal(legacyOnly.headers['openstack-api-version'], 'compute 2.10');
});

test('malformed microversions → 400 badRequest; out of range → 406 computeFault', async () => {
  for (const v of ['2.01', '2', 'Latest']) {
    const res = await t.request('GET', '/compute/v2.1/flavors', { token: demo, mv: v });
    assert.equal(res.status, 400, v);
    assert.deepEqual(res.body, {
      badRequest: {
        code: 400,
        message: `API Version String ${v} is of invalid format. Must be of format MajorNum.MinorNum.`,
      },
    });
  }
  for (const v of ['2.0', '3.0', '2.97']) {
    const res = await t.request('GET', '/compute/v2.1/flavors', {
      token: demo,
      headers: { 'openstack-api-version': `compute ${v}` },
    });
    assert.equal(res.status, 406, v);
    assert.deepEqual(res.body, {
      computeFault: {
        code: 406,
        message: `Version ${v} is not supported by the API. Minimum is 2.1 and maximum is 2.96.`,
      },
    });
  }
});

test('every response carries x-openstack-request-id and x-compute-request-id req-<uuid>', async () => {
  for (const res of [
    await t.request('GET', '/compute/'),
    await t.request('GET', '/compute/v2.1/flavors', { token: demo }),
    await t.request('GET', '/compute/v2.1/flavors'),
  ]) {
    assert.match(String(res.headers['x-openstack-request-id']), REQ_ID);
    assert.equal(res.headers['x-compute-request-id'], res.headers['x-openstack-request-id']);
  }
});

test('/v2.1/{project_id}/flavors works; a mismatching project_id → 400 Malformed request URL', async () => {
  const ok = await t.request('GET', `/compute/v2.1/${demoProject}/flavors`, { token: demo });
  assert.equal(ok.status, 200);
  assert.match(ok.body.flavors[0].links[0].href, /\/compute\/v2\.1\/flavors\//);
  const bad = await t.request('GET', '/compute/v2.1/0123456789abcdef0123456789abcdef/flavors', { token: demo });
  assert.equal(bad.status, 400);
  assert.equal(
    bad.body.badRequest.message,
    `Malformed request URL: URL's project_id '0123456789abcdef0123456789abcdef' doesn't match Context's project_id '${demoProject}'`,
  );
});

test('wrong method on a known path → 405 badMethod; unknown path → 404 itemNotFound', async () => {
  const m = await t.request('PATCH', '/compute/v2.1/flavors', { token: demo });
  assert.equal(m.status, 405);
  assert.deepEqual(m.body, {
    badMethod: { code: 405, message: 'The method specified is not allowed for this resource.' },
  });
  assert.match(String(m.headers.allow), /GET/);
  const u = await t.request('GET', '/compute/v2.1/no-such-thing', { token: demo });
  assert.equal(u.status, 404);
  assert.deepEqual(u.body, { itemNotFound: { code: 404, message: 'The resource could not be found.' } });
  const root = await t.request('GET', '/compute/foo');
  assert.equal(root.status, 300);
  assert.equal(root.body.choices[1].links[0].href, 'http://localhost:80/compute/v2.1/foo');
});

test('malformed JSON → 400 Malformed request body; unsupported content type → 415; too large → 413', async () => {
  const bad = await t.request('POST', '/compute/v2.1/flavors', {
    token: admin,
    payload: '{"flavor": ',
    headers: { 'content-type': 'application/json' },
  });
  assert.equal(bad.status, 400);
  assert.deepEqual(bad.body, { badRequest: { code: 400, message: 'Malformed request body' } });
  const media = await t.request('POST', '/compute/v2.1/flavors', {
    token: admin,
    payload: '<flavor/>',
    headers: { 'content-type': 'application/xml' },
  });
  assert.equal(media.status, 415);
  assert.deepEqual(media.body, { badMediaType: { code: 415, message: 'Unsupported Content-Type' } });
  const big = await t.request('POST', '/compute/v2.1/flavors', {
    token: admin,
    body: { flavor: { name: 'x'.repeat(5000), ram: 1, vcpus: 1, disk: 1 } },
  });
  assert.equal(big.status, 413);
  assert.equal(big.body.overLimit.code, 413);
  const empty = await t.request('POST', '/compute/v2.1/flavors', {
    token: admin,
    payload: '',
    headers: { 'content-type': 'application/json' },
  });
  assert.equal(empty.status, 400);
  assert.equal(empty.body.badRequest.message, "None is not of type 'object'");
});

test('missing or bad token → 401 unauthorized with a Keystone WWW-Authenticate', async () => {
  const res = await t.request('GET', '/compute/v2.1/flavors');
  assert.equal(res.status, 401);
  assert.equal(res.body.unauthorized.code, 401);
  assert.match(String(res.headers['www-authenticate']), /^Keystone uri=/);
  const bad = await t.request('GET', '/compute/v2.1/flavors', { token: 'not-a-token' });
  assert.equal(bad.status, 401);
  // the token is checked before routing, as keystonemiddleware does in front of Nova
  assert.equal((await t.request('GET', '/compute/v2.1/no-such-thing')).status, 401);
  assert.equal((await t.request('PATCH', '/compute/v2.1/flavors')).status, 401);
});
