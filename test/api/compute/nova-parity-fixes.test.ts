/**
 * Behaviours the parity check against the real Nova (test/parity) found missing: the values
 * behind the shapes it compares.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, waitFor, type TestApp } from '../../helpers/app.js';

const CIRROS = '6a1a3f1e-9a43-4c3f-9b7a-2b1f0f6e8c01';
const S = '/compute/v2.1/servers';

let t: TestApp;
let demo: string;
let admin: string;
before(async () => {
  t = await startTestApp();
  demo = await t.tokenFor('demo');
  admin = await t.tokenFor('admin');
});
after(async () => {
  await t.close();
});

async function boot(name: string, mv?: string, extra: Record<string, unknown> = {}): Promise<string> {
  const r = await t.request('POST', S, {
    token: demo,
    mv,
    body: { server: { name, imageRef: CIRROS, flavorRef: '1', ...extra } },
  });
  assert.equal(r.status, 202, r.text);
  const id = r.body.server.id as string;
  await waitFor(
    async () => (await t.request('GET', `${S}/${id}`, { token: demo })).body.server.status === 'ACTIVE',
    `${id} ACTIVE`,
  );
  return id;
}

test('a server created before 2.19 has its name as description; from 2.19 only what was given', async () => {
  const old = await boot('pf-desc-old');
  assert.equal(
    (await t.request('GET', `${S}/${old}`, { token: demo, mv: '2.19' })).body.server.description,
    'pf-desc-old',
  );
  const modern = await boot('pf-desc-new', '2.19');
  assert.equal((await t.request('GET', `${S}/${modern}`, { token: demo, mv: '2.19' })).body.server.description, null);
});

test('PUT /servers/{id} answers the full GET view from 2.75 and the basic view before', async () => {
  const id = await boot('pf-put');
  const show = await t.request('GET', `${S}/${id}`, { token: demo, mv: '2.75' });
  const put = await t.request('PUT', `${S}/${id}`, { token: demo, mv: '2.75', body: { server: { name: 'pf-put' } } });
  assert.equal(put.status, 200);
  const keys = (o: Record<string, unknown>) => Object.keys(o).sort();
  assert.deepEqual(keys(put.body.server), keys(show.body.server));
  assert.equal(put.body.server['OS-EXT-STS:vm_state'], 'active');
  const basic = await t.request('PUT', `${S}/${id}`, { token: demo, mv: '2.74', body: { server: { name: 'pf-put' } } });
  assert.equal(basic.body.server['OS-EXT-STS:vm_state'], undefined);
});

test('rebuild answers with the server as Location and, from 2.57, user_data in the full 2.75 view too', async () => {
  const id = await boot('pf-rebuild');
  const r = await t.request('POST', `${S}/${id}/action`, {
    token: demo,
    mv: '2.75',
    body: { rebuild: { imageRef: CIRROS, user_data: 'aGVsbG8=' } },
  });
  assert.equal(r.status, 202, r.text);
  assert.equal(r.headers.location, r.body.server.links.find((l: { rel: string }) => l.rel === 'self').href);
  assert.equal(r.body.server.user_data, 'aGVsbG8=');
});

test('hypervisor cpu_info is a string before 2.28 and an object from 2.28; a missing one is quoted in the 404', async () => {
  const at = async (mv: string) =>
    (await t.request('GET', '/compute/v2.1/os-hypervisors/detail', { token: admin, mv })).body.hypervisors[0].cpu_info;
  assert.equal(typeof (await at('2.27')), 'string');
  assert.equal((await at('2.28')).arch, 'x86_64');
  const missing = await t.request('GET', '/compute/v2.1/os-hypervisors/9999', { token: admin });
  assert.equal(missing.status, 404);
  assert.equal(missing.body.itemNotFound.message, "Hypervisor with ID '9999' could not be found.");
});

test('a missing tag is "Server X has no tag" on show and "Instance X has no tag" on delete', async () => {
  const id = await boot('pf-tags');
  const show = await t.request('GET', `${S}/${id}/tags/nope`, { token: demo, mv: '2.26' });
  assert.equal(show.body.itemNotFound.message, `Server ${id} has no tag 'nope'`);
  const del = await t.request('DELETE', `${S}/${id}/tags/nope`, { token: demo, mv: '2.26' });
  assert.equal(del.body.itemNotFound.message, `Instance ${id} has no tag 'nope'`);
});

test('a body that is not JSON and an unsupported microversion still echo the version headers; a 401 does not', async () => {
  const bad = await t.request('POST', S, {
    token: demo,
    payload: '{"server": ',
    headers: { 'content-type': 'application/json' },
  });
  assert.equal(bad.status, 400);
  assert.equal(bad.headers['openstack-api-version'], 'compute 2.1');
  const tooNew = await t.request('GET', '/compute/v2.1/flavors', { token: demo, mv: '3.0' });
  assert.equal(tooNew.status, 406);
  assert.equal(tooNew.headers['openstack-api-version'], 'compute 3.0');
  assert.equal(tooNew.headers['x-openstack-nova-api-version'], '3.0');
  const malformed = await t.request('GET', '/compute/v2.1/flavors', { token: demo, mv: '2.a' });
  assert.equal(malformed.headers['openstack-api-version'], undefined);
  const anon = await t.request('GET', '/compute/v2.1/flavors');
  assert.equal(anon.status, 401);
  assert.equal(anon.headers['openstack-api-version'], undefined);
});

test('lock and unlock record api_lock/api_unlock events; the owner re-locking a locked server records nothing', async () => {
  const id = await boot('pf-lock');
  const act = (body: unknown) => t.request('POST', `${S}/${id}/action`, { token: demo, body });
  assert.equal((await act({ lock: null })).status, 202);
  assert.equal((await act({ lock: null })).status, 202);
  assert.equal((await act({ unlock: null })).status, 202);
  const list = await t.request('GET', `${S}/${id}/os-instance-actions`, { token: demo });
  assert.deepEqual(
    list.body.instanceActions.map((a: { action: string }) => a.action),
    ['unlock', 'lock', 'create'],
  );
  for (const a of list.body.instanceActions.slice(0, 2)) {
    const show = await t.request('GET', `${S}/${id}/os-instance-actions/${a.request_id}`, { token: admin, mv: '2.51' });
    assert.deepEqual(
      show.body.instanceAction.events.map((e: { event: string; result: string }) => [e.event, e.result]),
      [[`api_${a.action}`, 'Success']],
    );
  }
});

test('os-start/os-stop on an id that never existed is "has no mapping to a cell"; on a deleted server "could not be found"', async () => {
  const never = '9e6f1f9b-7c1e-4d84-a1a0-3a4c8f0d2b11';
  const r = await t.request('POST', `${S}/${never}/action`, { token: demo, body: { 'os-stop': null } });
  assert.equal(r.status, 404);
  assert.equal(r.body.itemNotFound.message, `Instance ${never} has no mapping to a cell.`);
  const id = await boot('pf-gone');
  assert.equal((await t.request('DELETE', `${S}/${id}`, { token: demo })).status, 204);
  await waitFor(async () => (await t.request('GET', `${S}/${id}`, { token: demo })).status === 404, `${id} gone`);
  const gone = await t.request('POST', `${S}/${id}/action`, { token: demo, body: { 'os-start': null } });
  assert.equal(gone.body.itemNotFound.message, `Instance ${id} could not be found.`);
});

test('create with an image that does not exist says "Can not find requested image"', async () => {
  const r = await t.request('POST', S, {
    token: demo,
    body: { server: { name: 'pf-noimage', imageRef: '9e6f1f9b-7c1e-4d84-a1a0-3a4c8f0d2b11', flavorRef: '1' } },
  });
  assert.equal(r.status, 400);
  assert.equal(r.body.badRequest.message, 'Can not find requested image');
  const none = await t.request('POST', S, { token: demo, body: { server: { name: 'pf-noimage', flavorRef: '1' } } });
  assert.equal(none.status, 400);
  assert.equal(none.body.badRequest.message, 'Missing imageRef attribute');
});

test("keypair names are checked by format: Nova's InvalidName text with the allowed characters (2.92 adds @ and .)", async () => {
  const key = (
    await t.request('POST', '/compute/v2.1/os-keypairs', { token: demo, body: { keypair: { name: 'pf-gen' } } })
  ).body.keypair.public_key as string;
  const bad = await t.request('POST', '/compute/v2.1/os-keypairs', {
    token: demo,
    body: { keypair: { name: 'bad/name', public_key: key } },
  });
  assert.equal(bad.status, 400);
  assert.equal(
    bad.body.badRequest.message,
    "An invalid 'name' value was provided. The name must be: Only expected characters: [_- 0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ]",
  );
  const at = await t.request('POST', '/compute/v2.1/os-keypairs', {
    token: demo,
    mv: '2.92',
    body: { keypair: { name: 'me@pf.example', public_key: key } },
  });
  assert.equal(at.status, 201);
  const bad292 = await t.request('POST', '/compute/v2.1/os-keypairs', {
    token: demo,
    mv: '2.92',
    body: { keypair: { name: 'bad/name', public_key: key } },
  });
  assert.match(bad292.body.badRequest.message, /Only expected characters: \[@\._- 0123/);
});

test('a metadata item body with two keys "has too many properties"; an unknown instance-action marker is "Marker None"', async () => {
  const id = await boot('pf-meta');
  const two = await t.request('PUT', `${S}/${id}/metadata/a`, { token: demo, body: { meta: { a: '1', b: '2' } } });
  assert.equal(two.status, 400);
  assert.equal(
    two.body.badRequest.message,
    "Invalid input for field/attribute meta. Value: {'a': '1', 'b': '2'}. {'a': '1', 'b': '2'} has too many properties",
  );
  const marker = await t.request('GET', `${S}/${id}/os-instance-actions?marker=req-nope`, { token: demo, mv: '2.58' });
  assert.equal(marker.status, 400);
  assert.equal(marker.body.badRequest.message, 'Marker None could not be found.');
});

test("a bad single tag quotes jsonschema inside Nova's sentence; a public flavor refuses access entries only from 2.7", async () => {
  const id = await boot('pf-tag-bad');
  const bad = await t.request('PUT', `${S}/${id}/tags/a,b`, { token: demo, mv: '2.26' });
  assert.equal(bad.status, 400);
  assert.equal(
    bad.body.badRequest.message,
    "Tag 'a,b' is invalid. It must be a non empty string without characters '/' and ','. Validation error message: 'a,b' does not match '^[^,/]*$'",
  );
  const project = (await t.request('GET', '/compute/v2.1/servers/detail', { token: demo })).body.servers[0]
    .tenant_id as string;
  const add = (mv: string) =>
    t.request('POST', '/compute/v2.1/flavors/1/action', {
      token: admin,
      mv,
      body: { addTenantAccess: { tenant: project } },
    });
  assert.equal((await add('2.7')).status, 409);
  const old = await add('2.1');
  assert.equal(old.status, 200);
  assert.deepEqual(old.body.flavor_access, [{ flavor_id: '1', tenant_id: project }]);
});

test("flavor list sort_key, sort_dir and limit are checked like Nova's query schema", async () => {
  const get = async (q: string) =>
    (await t.request('GET', `/compute/v2.1/flavors?${q}`, { token: demo })).body.badRequest?.message;
  assert.equal(
    await get('sort_key=ram'),
    "Invalid input for query parameters sort_key. Value: ram. 'ram' is not one of ['created_at', 'description', 'disabled', 'ephemeral_gb', 'flavorid', 'id', 'is_public', 'memory_mb', 'name', 'root_gb', 'rxtx_factor', 'swap', 'updated_at', 'vcpu_weight', 'vcpus']",
  );
  assert.equal(
    await get('sort_dir=DESC'),
    "Invalid input for query parameters sort_dir. Value: DESC. 'DESC' is not one of ['asc', 'desc']",
  );
  assert.equal(
    await get('limit=abc'),
    "Invalid input for query parameters limit. Value: abc. 'abc' does not match '^[0-9]*$'",
  );
  // the two 16 GiB flavors (m1.xlarge, baremetal.small) come first
  const byRam = await t.request('GET', '/compute/v2.1/flavors?sort_key=memory_mb&sort_dir=desc&limit=2', {
    token: demo,
  });
  assert.deepEqual(byRam.body.flavors.map((f: { name: string }) => f.name).sort(), ['baremetal.small', 'm1.xlarge']);
});

test('2.90 PUT renames the hostname (one DNS label)', async () => {
  const r = await t.request('POST', S, {
    token: demo,
    mv: '2.90',
    body: { server: { name: 'pf-host', imageRef: CIRROS, flavorRef: '1', networks: 'none' } },
  });
  const id = r.body.server.id as string;
  await waitFor(
    async () => (await t.request('GET', `${S}/${id}`, { token: demo })).body.server.status === 'ACTIVE',
    `${id} ACTIVE`,
  );
  const put = await t.request('PUT', `${S}/${id}`, {
    token: demo,
    mv: '2.90',
    body: { server: { hostname: 'pf-renamed' } },
  });
  assert.equal(put.status, 200);
  assert.equal(put.body.server['OS-EXT-SRV-ATTR:hostname'], 'pf-renamed');
  const bad = await t.request('PUT', `${S}/${id}`, {
    token: demo,
    mv: '2.90',
    body: { server: { hostname: 'bad_host!' } },
  });
  assert.equal(
    bad.body.badRequest.message,
    "Invalid input for field/attribute hostname. Value: bad_host!. 'bad_host!' does not match '^[a-zA-Z0-9]+[a-zA-Z0-9-]*[a-zA-Z0-9]+$'",
  );
  const early = await t.request('PUT', `${S}/${id}`, {
    token: demo,
    mv: '2.89',
    body: { server: { hostname: 'pf-renamed' } },
  });
  assert.equal(early.status, 400);
});

const storedHostname = async (id: string) =>
  (await t.rt.store.db.selectFrom('instances').select('hostname').where('uuid', '=', id).executeTakeFirstOrThrow())
    .hostname;

test('2.94 PUT takes an FQDN hostname (update_v294 is parameter_types.fqdn); 2.93 still one label', async () => {
  const id = await boot('pf-fqdn', '2.90', { networks: 'none' });
  const early = await t.request('PUT', `${S}/${id}`, {
    token: demo,
    mv: '2.93',
    body: { server: { hostname: 'vm1.example.org' } },
  });
  assert.equal(early.status, 400);
  assert.equal(
    early.body.badRequest.message,
    "Invalid input for field/attribute hostname. Value: vm1.example.org. 'vm1.example.org' does not match '^[a-zA-Z0-9]+[a-zA-Z0-9-]*[a-zA-Z0-9]+$'",
  );
  assert.equal(await storedHostname(id), 'pf-fqdn');
  const put = await t.request('PUT', `${S}/${id}`, {
    token: demo,
    mv: '2.94',
    body: { server: { hostname: 'vm1.example.org' } },
  });
  assert.equal(put.status, 200, put.text);
  assert.equal(put.body.server['OS-EXT-SRV-ATTR:hostname'], 'vm1.example.org');
  assert.equal(await storedHostname(id), 'vm1.example.org');
  const shown = await t.request('GET', `${S}/${id}`, { token: demo, mv: '2.94' });
  assert.equal(shown.body.server['OS-EXT-SRV-ATTR:hostname'], 'vm1.example.org');
  const bad = await t.request('PUT', `${S}/${id}`, {
    token: demo,
    mv: '2.94',
    body: { server: { hostname: 'bad host!' } },
  });
  assert.equal(bad.status, 400);
  assert.equal(
    bad.body.badRequest.message,
    "Invalid input for field/attribute hostname. Value: bad host!. 'bad host!' does not match '^[a-zA-Z0-9-._]*$'",
  );
  assert.equal(await storedHostname(id), 'vm1.example.org');
});

test('create takes a label hostname at 2.90 and an FQDN from 2.94, kept as given; never for several servers', async () => {
  const body = (mv: string, hostname: string, extra: Record<string, unknown> = {}) => ({
    token: demo,
    mv,
    body: {
      server: { name: 'pf-create-fqdn', imageRef: CIRROS, flavorRef: '1', networks: 'none', hostname, ...extra },
    },
  });
  const early = await t.request('POST', S, body('2.93', 'web.example.org'));
  assert.equal(early.status, 400);
  assert.match(early.body.badRequest.message, /does not match/);
  const r = await t.request('POST', S, body('2.94', 'Web_1.example.org'));
  assert.equal(r.status, 202, r.text);
  assert.equal(await storedHostname(r.body.server.id as string), 'Web_1.example.org');
  const many = await t.request('POST', S, body('2.94', 'web.example.org', { min_count: 2 }));
  assert.equal(many.status, 400);
  assert.equal(many.body.badRequest.message, 'Unable to allocate a single hostname to multiple instances');
});

test('os-getConsoleOutput length is one schema for integer, string and null: a bad string fails its pattern', async () => {
  const id = await boot('pf-console');
  const bad = await t.request('POST', `${S}/${id}/action`, {
    token: demo,
    body: { 'os-getConsoleOutput': { length: 'abc' } },
  });
  assert.equal(
    bad.body.badRequest.message,
    "Invalid input for field/attribute length. Value: abc. 'abc' does not match '^-?[0-9]+$'",
  );
  const low = await t.request('POST', `${S}/${id}/action`, {
    token: demo,
    body: { 'os-getConsoleOutput': { length: -2 } },
  });
  assert.equal(
    low.body.badRequest.message,
    'Invalid input for field/attribute length. Value: -2. -2 is less than the minimum of -1',
  );
});
