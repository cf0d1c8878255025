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

const N = '/network/v2.0/networks';
const PROVIDER = ['provider:network_type', 'provider:physical_network', 'provider:segmentation_id'];
const create = (token: string, network: Record<string, unknown>) => t.request('POST', N, { token, body: { network } });
/** the network's one segment row (migration 0035) */
const row = (id: string) =>
  t.rt.store.db.selectFrom('network_segments').selectAll().where('network_id', '=', id).executeTakeFirstOrThrow();
const invalid = (message: string) => ({
  NeutronError: { type: 'InvalidInput', message: `Invalid input for operation: ${message}.`, detail: '' },
});

test('a tenant network is VXLAN with an allocated id: shown to admins, hidden from members', async () => {
  const c = await create(demo, { name: 'tenant' });
  assert.equal(c.status, 201);
  for (const k of PROVIDER) assert.equal(k in c.body.network, false, k);
  const shown = await t.request('GET', `${N}/${c.body.network.id}`, { token: admin });
  assert.equal(shown.body.network['provider:network_type'], 'vxlan');
  assert.equal(shown.body.network['provider:physical_network'], null);
  const vni = shown.body.network['provider:segmentation_id'];
  assert.ok(Number.isInteger(vni) && vni >= 1 && vni <= 16777215);
  const r = await row(c.body.network.id);
  assert.equal(r.segment_key, `vxlan:${vni}`);
  const mine = await t.request('GET', `${N}/${c.body.network.id}`, { token: demo });
  for (const k of PROVIDER) assert.equal(k in mine.body.network, false, k);
  // the seeded external network is flat on the public physical network
  const pub = (await t.request('GET', `${N}?name=public`, { token: admin })).body.networks[0];
  assert.equal(pub['provider:network_type'], 'flat');
  assert.equal(pub['provider:physical_network'], 'public');
  assert.equal(pub['provider:segmentation_id'], null);
});

test('admin creates vlan, flat, vxlan and geneve networks; a segment in use → 409 decided by the database', async () => {
  const v = await create(admin, {
    name: 'v1',
    'provider:network_type': 'vlan',
    'provider:physical_network': 'physnet1',
    'provider:segmentation_id': 1000,
  });
  assert.equal(v.status, 201);
  assert.equal(v.body.network['provider:segmentation_id'], 1000);
  assert.equal((await row(v.body.network.id)).segment_key, 'vlan:physnet1:1000');
  // two concurrent creates of one VLAN: exactly one wins
  const race = await Promise.all(
    [0, 1].map(() =>
      create(admin, {
        name: 'race',
        'provider:network_type': 'vlan',
        'provider:physical_network': 'physnet1',
        'provider:segmentation_id': 1001,
      }),
    ),
  );
  assert.deepEqual(race.map((r) => r.status).sort(), [201, 409]);
  const dup = await create(admin, {
    'provider:network_type': 'vlan',
    'provider:physical_network': 'physnet1',
    'provider:segmentation_id': 1000,
  });
  assert.equal(dup.status, 409);
  assert.deepEqual(dup.body, {
    NeutronError: {
      type: 'VlanIdInUse',
      message: 'Unable to create the network. The VLAN 1000 on physical network physnet1 is in use.',
      detail: '',
    },
  });
  const auto = await create(admin, { 'provider:network_type': 'vlan' });
  assert.equal(auto.status, 201);
  assert.equal(auto.body.network['provider:physical_network'], 'physnet1');
  const id = auto.body.network['provider:segmentation_id'];
  assert.ok(id >= 1000 && id <= 2999);

  const f = await create(admin, { 'provider:network_type': 'flat', 'provider:physical_network': 'datacentre' });
  assert.equal(f.status, 201);
  const f2 = await create(admin, { 'provider:network_type': 'flat', 'provider:physical_network': 'datacentre' });
  assert.equal(f2.status, 409);
  assert.equal(f2.body.NeutronError.type, 'FlatNetworkInUse');
  assert.equal(
    f2.body.NeutronError.message,
    'Unable to create the flat network. Physical network datacentre is in use.',
  );

  const x = await create(admin, { 'provider:network_type': 'vxlan', 'provider:segmentation_id': '5000' });
  assert.equal(x.status, 201);
  assert.equal(x.body.network['provider:segmentation_id'], 5000);
  const x2 = await create(admin, { 'provider:network_type': 'vxlan', 'provider:segmentation_id': 5000 });
  assert.equal(x2.status, 409);
  assert.equal(x2.body.NeutronError.message, 'Unable to create the network. The tunnel ID 5000 is in use.');
  const g = await create(admin, { 'provider:network_type': 'geneve', 'provider:segmentation_id': 5000 });
  assert.equal(g.status, 201, 'geneve ids are their own space');

  // deleting the network frees its segment
  assert.equal((await t.request('DELETE', `${N}/${f.body.network.id}`, { token: admin })).status, 204);
  const again = await create(admin, { 'provider:network_type': 'flat', 'provider:physical_network': 'datacentre' });
  assert.equal(again.status, 201);
});

test("provider validation → 400 InvalidInput with ML2's messages; members → 403", async () => {
  const cases: Array<[Record<string, unknown>, string]> = [
    [{ 'provider:network_type': 'bogus' }, "network_type value 'bogus' not supported"],
    [{ 'provider:network_type': 'local' }, "network_type value 'local' not supported"],
    [{ 'provider:physical_network': 'physnet1' }, 'network_type required'],
    [{ 'provider:segmentation_id': 9 }, 'network_type required'],
    [{ 'provider:network_type': 'flat' }, 'physical_network required for flat provider network'],
    [
      { 'provider:network_type': 'flat', 'provider:physical_network': 'p', 'provider:segmentation_id': 3 },
      'segmentation_id prohibited for flat provider network',
    ],
    [
      { 'provider:network_type': 'vlan', 'provider:physical_network': 'physnet1', 'provider:segmentation_id': 5000 },
      'segmentation_id out of range (1 through 4094)',
    ],
    [
      { 'provider:network_type': 'vlan', 'provider:physical_network': 'physnet1', 'provider:segmentation_id': 0 },
      'segmentation_id out of range (1 through 4094)',
    ],
    [
      { 'provider:network_type': 'vlan', 'provider:physical_network': 'physnet9', 'provider:segmentation_id': 7 },
      "physical_network 'physnet9' unknown for VLAN provider network",
    ],
    [
      { 'provider:network_type': 'vlan', 'provider:segmentation_id': 7 },
      'segmentation_id requires physical_network for VLAN provider network',
    ],
    [
      { 'provider:network_type': 'vxlan', 'provider:physical_network': 'p' },
      'provider:physical_network specified for vxlan network',
    ],
    [{ 'provider:network_type': 'vxlan', 'provider:segmentation_id': 'abc' }, "'abc' is not an integer"],
  ];
  const before = await t.rt.store.db.selectFrom('networks').select('id').execute();
  for (const [body, message] of cases) {
    const r = await create(admin, body);
    assert.equal(r.status, 400, JSON.stringify(body));
    assert.deepEqual(r.body, invalid(message));
  }
  assert.equal((await t.rt.store.db.selectFrom('networks').select('id').execute()).length, before.length);
  const member = await create(demo, { 'provider:network_type': 'vxlan' });
  assert.equal(member.status, 403);
  assert.equal(
    member.body.NeutronError.message,
    '(rule:create_network and rule:create_network:provider:network_type) is disallowed by policy',
  );
});

test("update: only a VLAN network's segmentation id moves, checked like a create", async () => {
  const vlan = (
    await create(admin, {
      'provider:network_type': 'vlan',
      'provider:physical_network': 'physnet1',
      'provider:segmentation_id': 2000,
    })
  ).body.network;
  await create(admin, {
    'provider:network_type': 'vlan',
    'provider:physical_network': 'physnet1',
    'provider:segmentation_id': 2001,
  });
  const put = (id: string, network: Record<string, unknown>, token = admin) =>
    t.request('PUT', `${N}/${id}`, { token, body: { network } });
  const moved = await put(vlan.id, { 'provider:segmentation_id': 2002 });
  assert.equal(moved.status, 200);
  assert.equal(moved.body.network['provider:segmentation_id'], 2002);
  assert.equal((await row(vlan.id)).segment_key, 'vlan:physnet1:2002');
  const taken = await put(vlan.id, { 'provider:segmentation_id': 2001 });
  assert.equal(taken.status, 409);
  assert.equal(taken.body.NeutronError.type, 'VlanIdInUse');
  assert.equal((await row(vlan.id)).segmentation_id, 2002);
  assert.deepEqual(
    (await put(vlan.id, { 'provider:segmentation_id': 9999 })).body,
    invalid('segmentation_id out of range (1 through 4094)'),
  );
  assert.deepEqual(
    (await put(vlan.id, { 'provider:network_type': 'vxlan' })).body,
    invalid(
      'Plugin does not support updating the following provider network attributes: provider:network_type, provider:physical_network',
    ),
  );
  // the same value is no change
  assert.equal((await put(vlan.id, { 'provider:network_type': 'vlan' })).status, 200);
  const tenant = (await create(demo, { name: 'tn' })).body.network;
  assert.deepEqual(
    (await put(tenant.id, { 'provider:segmentation_id': 77 })).body,
    invalid('Only VLAN type networks can be updated.'),
  );
  const member = await put(tenant.id, { 'provider:segmentation_id': 77 }, demo);
  assert.equal(member.status, 403);
  // a bound port keeps the segment where it is
  const port = await t.request('POST', '/network/v2.0/ports', {
    token: admin,
    body: { port: { network_id: vlan.id, 'binding:host_id': 'compute1' } },
  });
  assert.equal(port.status, 201);
  const bound = await put(vlan.id, { 'provider:segmentation_id': 2003 });
  assert.equal(bound.status, 400);
  assert.match(bound.body.NeutronError.message, /cannot be updated if any port in the network/);
});

test('mtu stays writable; the extensions are listed', async () => {
  const n = (await create(demo, { name: 'm' })).body.network;
  const u = await t.request('PUT', `${N}/${n.id}`, { token: demo, body: { network: { mtu: 1400 } } });
  assert.equal(u.status, 200);
  assert.equal(u.body.network.mtu, 1400);
  const stored = await t.rt.store.db.selectFrom('networks').select('mtu').where('id', '=', n.id).executeTakeFirst();
  assert.equal(stored?.mtu, 1400);
  for (const alias of ['provider', 'net-mtu-writable']) {
    const e = await t.request('GET', `/network/v2.0/extensions/${alias}`, { token: demo });
    assert.equal(e.status, 200, alias);
  }
});
