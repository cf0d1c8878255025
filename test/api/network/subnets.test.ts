import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../helpers/app.js';

let t: TestApp;
let admin: string;
let demo: string;
let netId: string;
before(async () => {
  t = await startTestApp({}, { agent: false });
  admin = await t.tokenFor('admin');
  demo = await t.tokenFor('demo');
  netId = (await t.request('POST', '/network/v2.0/networks', { token: demo, body: { network: { name: 'sn' } } })).body
    .network.id;
});
after(async () => {
  await t.close();
});

const S = '/network/v2.0/subnets';

test('seeded subnets: private-subnet (IPv4 config.privateCidr), private-subnet-v6; public-subnet for the admin', async () => {
  const res = await t.request('GET', S, { token: demo });
  assert.equal(res.status, 200);
  const byName = Object.fromEntries(res.body.subnets.map((s: { name: string }) => [s.name, s]));
  assert.equal(byName['private-subnet'].cidr, '10.0.0.0/24');
  assert.equal(byName['private-subnet'].gateway_ip, '10.0.0.1');
  assert.deepEqual(byName['private-subnet'].allocation_pools, [{ start: '10.0.0.2', end: '10.0.0.254' }]);
  assert.equal(byName['private-subnet-v6'].ip_version, 6);
  assert.equal(byName['private-subnet-v6'].cidr, 'fd00:10::/64');
  // the external network is not shared: its subnet is the admin's to see (Neutron's get_subnet)
  assert.equal(byName['public-subnet'], undefined);
  const asAdmin = await t.request('GET', `${S}?name=public-subnet`, { token: admin });
  assert.equal(asAdmin.body.subnets[0].cidr, '172.24.4.0/24');
});

test('create IPv4 subnet with defaults → 201: gateway first host, pool without gateway/network/broadcast', async () => {
  const res = await t.request('POST', S, {
    token: demo,
    body: {
      subnet: { network_id: netId, cidr: '192.168.50.0/24', ip_version: 4, name: 'v4', dns_nameservers: ['8.8.8.8'] },
    },
  });
  assert.equal(res.status, 201);
  const s = res.body.subnet;
  for (const k of [
    'id',
    'name',
    'network_id',
    'tenant_id',
    'project_id',
    'ip_version',
    'cidr',
    'gateway_ip',
    'allocation_pools',
    'enable_dhcp',
    'dns_nameservers',
    'host_routes',
    'ipv6_ra_mode',
    'ipv6_address_mode',
    'description',
    'created_at',
    'updated_at',
  ])
    assert.ok(k in s, k);
  assert.equal(s.gateway_ip, '192.168.50.1');
  assert.deepEqual(s.allocation_pools, [{ start: '192.168.50.2', end: '192.168.50.254' }]);
  assert.equal(s.enable_dhcp, true);
  assert.deepEqual(s.dns_nameservers, ['8.8.8.8']);
  const net = await t.request('GET', `/network/v2.0/networks/${netId}`, { token: demo });
  assert.deepEqual(net.body.network.subnets, [s.id]);
});

test('create IPv6 subnet with modes, explicit pools and no gateway', async () => {
  const res = await t.request('POST', S, {
    token: demo,
    body: {
      subnet: {
        network_id: netId,
        cidr: 'fd00:abcd::/64',
        ip_version: 6,
        ipv6_ra_mode: 'slaac',
        ipv6_address_mode: 'slaac',
        gateway_ip: null,
        allocation_pools: [{ start: 'fd00:abcd::10', end: 'fd00:abcd::20' }],
      },
    },
  });
  assert.equal(res.status, 201);
  assert.equal(res.body.subnet.gateway_ip, null);
  assert.equal(res.body.subnet.ipv6_address_mode, 'slaac');
  assert.deepEqual(res.body.subnet.allocation_pools, [{ start: 'fd00:abcd::10', end: 'fd00:abcd::20' }]);
  const list = await t.request('GET', `${S}?network_id=${netId}&ip_version=6`, { token: demo });
  assert.equal(list.body.subnets.length, 1);
});

test('invalid subnets → 400: bad CIDR, version mismatch, pool outside CIDR, overlap; unknown network → 404', async () => {
  const bad = await t.request('POST', S, {
    token: demo,
    body: { subnet: { network_id: netId, cidr: '10.1.2/24', ip_version: 4 } },
  });
  assert.equal(bad.status, 400);
  assert.equal(bad.body.NeutronError.type, 'InvalidInput');
  const mismatch = await t.request('POST', S, {
    token: demo,
    body: { subnet: { network_id: netId, cidr: '10.1.2.0/24', ip_version: 6 } },
  });
  assert.equal(mismatch.status, 400);
  const pool = await t.request('POST', S, {
    token: demo,
    body: {
      subnet: { network_id: netId, cidr: '10.1.3.0/24', allocation_pools: [{ start: '10.1.3.5', end: '10.1.4.5' }] },
    },
  });
  assert.equal(pool.status, 400);
  assert.match(pool.body.NeutronError.message, /spans beyond the subnet cidr/);
  const overlap = await t.request('POST', S, {
    token: demo,
    body: { subnet: { network_id: netId, cidr: '192.168.50.128/25', ip_version: 4 } },
  });
  assert.equal(overlap.status, 400);
  assert.match(overlap.body.NeutronError.message, /overlaps with another subnet/);
  const nonet = await t.request('POST', S, {
    token: demo,
    body: { subnet: { network_id: '00000000-0000-0000-0000-000000000000', cidr: '10.1.5.0/24' } },
  });
  assert.equal(nonet.status, 404);
  assert.equal(nonet.body.NeutronError.type, 'NetworkNotFound');
  const unknown = await t.request('POST', S, {
    token: demo,
    body: { subnet: { network_id: netId, cidr: '10.1.6.0/24', foo: 1 } },
  });
  assert.equal(unknown.status, 400);
  assert.equal(unknown.body.NeutronError.message, "Unrecognized attribute(s) 'foo'");
});

test('subnets on a shared network owned by another project: visible, but demo cannot add one (403)', async () => {
  const priv = (await t.request('GET', '/network/v2.0/networks?name=private', { token: demo })).body.networks[0];
  const res = await t.request('POST', S, {
    token: demo,
    body: { subnet: { network_id: priv.id, cidr: '10.77.0.0/24' } },
  });
  assert.equal(res.status, 403);
  assert.equal(res.body.NeutronError.type, 'PolicyNotAuthorized');
});

test('hidden project network: its subnet → 404 SubnetNotFound for demo, listed for admin', async () => {
  const net = (
    await t.request('POST', '/network/v2.0/networks', { token: admin, body: { network: { name: 'hidden' } } })
  ).body.network;
  const s = (
    await t.request('POST', S, { token: admin, body: { subnet: { network_id: net.id, cidr: '10.88.0.0/24' } } })
  ).body.subnet;
  const res = await t.request('GET', `${S}/${s.id}`, { token: demo });
  assert.equal(res.status, 404);
  assert.deepEqual(res.body.NeutronError, {
    type: 'SubnetNotFound',
    message: `Subnet ${s.id} could not be found.`,
    detail: '',
  });
  assert.ok(!(await t.request('GET', S, { token: demo })).body.subnets.some((x: { id: string }) => x.id === s.id));
  assert.equal((await t.request('GET', `${S}/${s.id}`, { token: admin })).status, 200);
});

test('update name/dns; delete → 204; delete while an IP is allocated → 409 SubnetInUse', async () => {
  const s = (await t.request('POST', S, { token: demo, body: { subnet: { network_id: netId, cidr: '10.66.0.0/28' } } }))
    .body.subnet;
  const u = await t.request('PUT', `${S}/${s.id}`, {
    token: demo,
    body: { subnet: { name: 'renamed', dns_nameservers: ['1.1.1.1'], enable_dhcp: false } },
  });
  assert.equal(u.status, 200);
  assert.equal(u.body.subnet.name, 'renamed');
  assert.deepEqual(u.body.subnet.dns_nameservers, ['1.1.1.1']);
  assert.equal(u.body.subnet.enable_dhcp, false);
  const p = await t.request('POST', '/network/v2.0/ports', {
    token: demo,
    body: { port: { network_id: netId, fixed_ips: [{ subnet_id: s.id }] } },
  });
  assert.equal(p.status, 201);
  const busy = await t.request('DELETE', `${S}/${s.id}`, { token: demo });
  assert.equal(busy.status, 409);
  assert.equal(busy.body.NeutronError.type, 'SubnetInUse');
  await t.request('DELETE', `/network/v2.0/ports/${p.body.port.id}`, { token: demo });
  assert.equal((await t.request('DELETE', `${S}/${s.id}`, { token: demo })).status, 204);
  assert.equal((await t.request('GET', `${S}/${s.id}`, { token: demo })).status, 404);
});

test('seedNetworks is idempotent by name: a second run adds no network or subnet', async () => {
  const { seedNetworks } = await import('../../../src/store/seed-network.js');
  const count = async (table: 'networks' | 'subnets') =>
    (await t.rt.store.db.selectFrom(table).select('id').execute()).length;
  const before = [await count('networks'), await count('subnets')];
  await seedNetworks(t.rt.store.db, t.rt.config, t.rt.clock().toISOString());
  assert.deepEqual([await count('networks'), await count('subnets')], before);
});
