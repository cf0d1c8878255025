/**
 * Floating IPs: allocation from the external network's IPAM (a requested address, an exhausted
 * pool), association checked as Neutron does (a router with a gateway on the floating network
 * and an interface on the port's subnet), one floating IP per fixed IP per external network
 * decided by the database, status DOWN/ACTIVE, and a deleted port disassociating.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../helpers/app.js';

let t: TestApp;
let admin: string;
let demo: string;
let alt: string;
let publicId: string;
let netId: string;
let subnetId: string;
let routerId: string;

const F = '/network/v2.0/floatingips';
const R = '/network/v2.0/routers';
const P = '/network/v2.0/ports';

before(async () => {
  t = await startTestApp(
    { seedUsers: [{ name: 'alt', password: 'secret', project: 'alt', roles: ['member', 'reader'] }] },
    { agent: false },
  );
  admin = await t.tokenFor('admin');
  demo = await t.tokenFor('demo');
  alt = await t.tokenFor('alt');
  publicId = (await t.request('GET', '/network/v2.0/networks?name=public', { token: demo })).body.networks[0].id;
  netId = (await t.request('POST', '/network/v2.0/networks', { token: demo, body: { network: { name: 'fnet' } } })).body
    .network.id;
  subnetId = (
    await t.request('POST', '/network/v2.0/subnets', {
      token: demo,
      body: { subnet: { network_id: netId, cidr: '10.81.0.0/24' } },
    })
  ).body.subnet.id;
  const r = await t.request('POST', R, {
    token: demo,
    body: { router: { name: 'fr', external_gateway_info: { network_id: publicId } } },
  });
  routerId = r.body.router.id;
  await t.request('PUT', `${R}/${routerId}/add_router_interface`, { token: demo, body: { subnet_id: subnetId } });
});
after(async () => {
  await t.close();
});

const newPort = async (network = netId, token = demo) =>
  (await t.request('POST', P, { token, body: { port: { network_id: network } } })).body.port;

async function allocate(body: Record<string, unknown> = {}, token = demo) {
  return t.request('POST', F, { token, body: { floatingip: { floating_network_id: publicId, ...body } } });
}

test('allocate, associate, disassociate, delete: status, router_id and the address port', async () => {
  const res = await allocate({ description: 'web' });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  const fip = res.body.floatingip;
  assert.equal(fip.status, 'DOWN');
  assert.equal(fip.port_id, null);
  assert.equal(fip.router_id, null);
  assert.equal(fip.fixed_ip_address, null);
  assert.equal(fip.floating_network_id, publicId);
  assert.equal(fip.description, 'web');
  const ports = await t.request('GET', `${P}?device_id=${fip.id}`, { token: admin });
  assert.equal(ports.body.ports[0].device_owner, 'network:floatingip');
  assert.equal(ports.body.ports[0].fixed_ips[0].ip_address, fip.floating_ip_address);
  const port = await newPort();
  const assoc = await t.request('PUT', `${F}/${fip.id}`, { token: demo, body: { floatingip: { port_id: port.id } } });
  assert.equal(assoc.status, 200, JSON.stringify(assoc.body));
  assert.equal(assoc.body.floatingip.port_id, port.id);
  assert.equal(assoc.body.floatingip.fixed_ip_address, port.fixed_ips[0].ip_address);
  assert.equal(assoc.body.floatingip.router_id, routerId);
  assert.equal(assoc.body.floatingip.status, 'ACTIVE');
  const byPort = await t.request('GET', `${F}?port_id=${port.id}`, { token: demo });
  assert.deepEqual(
    byPort.body.floatingips.map((x: { id: string }) => x.id),
    [fip.id],
  );
  // the interface the floating IP needs cannot be removed, nor the gateway
  const rm = await t.request('PUT', `${R}/${routerId}/remove_router_interface`, {
    token: demo,
    body: { subnet_id: subnetId },
  });
  assert.equal(rm.status, 409);
  assert.equal(rm.body.NeutronError.type, 'RouterInterfaceInUseByFloatingIP');
  const gw = await t.request('PUT', `${R}/${routerId}`, {
    token: demo,
    body: { router: { external_gateway_info: {} } },
  });
  assert.equal(gw.status, 409);
  const dis = await t.request('PUT', `${F}/${fip.id}`, { token: demo, body: { floatingip: { port_id: null } } });
  assert.equal(dis.status, 200);
  assert.equal(dis.body.floatingip.port_id, null);
  assert.equal(dis.body.floatingip.router_id, null);
  assert.equal(dis.body.floatingip.status, 'DOWN');
  // the address port is the floating IP's own
  const direct = await t.request('DELETE', `${P}/${ports.body.ports[0].id}`, { token: admin });
  assert.equal(direct.status, 409);
  assert.equal(direct.body.NeutronError.type, 'ServicePortInUse');
  assert.equal((await t.request('DELETE', `${F}/${fip.id}`, { token: demo })).status, 204);
  assert.equal((await t.request('GET', `${F}/${fip.id}`, { token: demo })).status, 404);
  assert.equal((await t.request('GET', `${P}?device_id=${fip.id}`, { token: admin })).body.ports.length, 0);
});

test('create with port_id associates at once; a requested address is admin-only', async () => {
  const port = await newPort();
  const res = await allocate({ port_id: port.id });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  assert.equal(res.body.floatingip.status, 'ACTIVE');
  assert.equal(res.body.floatingip.router_id, routerId);
  const want = await allocate({ floating_ip_address: '172.24.4.200' });
  assert.equal(want.status, 403);
  const byAdmin = await t.request('POST', F, {
    token: admin,
    body: { floatingip: { floating_network_id: publicId, floating_ip_address: '172.24.4.200' } },
  });
  assert.equal(byAdmin.status, 201, JSON.stringify(byAdmin.body));
  assert.equal(byAdmin.body.floatingip.floating_ip_address, '172.24.4.200');
  const twice = await t.request('POST', F, {
    token: admin,
    body: { floatingip: { floating_network_id: publicId, floating_ip_address: '172.24.4.200' } },
  });
  assert.equal(twice.status, 409);
  assert.equal(twice.body.NeutronError.type, 'IpAddressAlreadyAllocated');
});

test('errors: a non-external network 400, unknown 404, unreachable port 404, a fixed IP taken 409', async () => {
  const internal = await t.request('POST', F, { token: demo, body: { floatingip: { floating_network_id: netId } } });
  assert.equal(internal.status, 400);
  assert.equal(
    internal.body.NeutronError.message,
    `Bad floatingip request: Network ${netId} is not a valid external network.`,
  );
  const missing = await t.request('POST', F, {
    token: demo,
    body: { floatingip: { floating_network_id: '00000000-0000-0000-0000-000000000000' } },
  });
  assert.equal(missing.status, 404);
  const noNet = await t.request('POST', F, { token: demo, body: { floatingip: {} } });
  assert.equal(noNet.status, 400);
  // a port on a subnet no router connects to public
  const other = (
    await t.request('POST', '/network/v2.0/networks', { token: demo, body: { network: { name: 'lone' } } })
  ).body.network.id;
  const loneSubnet = (
    await t.request('POST', '/network/v2.0/subnets', {
      token: demo,
      body: { subnet: { network_id: other, cidr: '10.82.0.0/24' } },
    })
  ).body.subnet.id;
  const lonePort = await newPort(other);
  const fip = (await allocate()).body.floatingip;
  const unreachable = await t.request('PUT', `${F}/${fip.id}`, {
    token: demo,
    body: { floatingip: { port_id: lonePort.id } },
  });
  assert.equal(unreachable.status, 404);
  assert.equal(unreachable.body.NeutronError.type, 'ExternalGatewayForFloatingIPNotFound');
  assert.equal(
    unreachable.body.NeutronError.message,
    `External network ${publicId} is not reachable from subnet ${loneSubnet}.  Therefore, cannot associate Port ${lonePort.id} with a Floating IP.`,
  );
  const wrongIp = await t.request('PUT', `${F}/${fip.id}`, {
    token: demo,
    body: { floatingip: { port_id: (await newPort()).id, fixed_ip_address: '10.81.0.250' } },
  });
  assert.equal(wrongIp.status, 400);
  // one floating IP per fixed IP per external network
  const port = await newPort();
  const first = (await allocate({ port_id: port.id })).body.floatingip;
  const second = await t.request('PUT', `${F}/${fip.id}`, { token: demo, body: { floatingip: { port_id: port.id } } });
  assert.equal(second.status, 409);
  assert.equal(second.body.NeutronError.type, 'FloatingIPPortAlreadyAssociated');
  assert.equal(
    second.body.NeutronError.message,
    `Cannot associate floating IP ${fip.floating_ip_address} (${fip.id}) with port ${port.id} using fixed IP ${port.fixed_ips[0].ip_address}, as that fixed IP already has a floating IP on external network ${publicId}.`,
  );
  // another project's floating IP is not found
  assert.equal((await t.request('GET', `${F}/${first.id}`, { token: alt })).status, 404);
  assert.equal((await t.request('DELETE', `${F}/${first.id}`, { token: alt })).status, 404);
});

test('N floating IPs associated with one fixed IP at once: exactly one wins', async () => {
  const port = await newPort();
  const fips = await Promise.all([0, 1, 2, 3].map(async () => (await allocate()).body.floatingip));
  const results = await Promise.all(
    fips.map((f) => t.request('PUT', `${F}/${f.id}`, { token: demo, body: { floatingip: { port_id: port.id } } })),
  );
  assert.deepEqual(
    results.map((r) => r.status).sort(),
    [200, 409, 409, 409],
    JSON.stringify(results.map((r) => r.body)),
  );
  const associated = await t.request('GET', `${F}?port_id=${port.id}`, { token: demo });
  assert.equal(associated.body.floatingips.length, 1);
});

test('deleting a port disassociates its floating IPs', async () => {
  const port = await newPort();
  const fip = (await allocate({ port_id: port.id })).body.floatingip;
  assert.equal(fip.port_id, port.id);
  assert.equal((await t.request('DELETE', `${P}/${port.id}`, { token: demo })).status, 204);
  const after = (await t.request('GET', `${F}/${fip.id}`, { token: demo })).body.floatingip;
  assert.equal(after.port_id, null);
  assert.equal(after.fixed_ip_address, null);
  assert.equal(after.router_id, null);
  assert.equal(after.status, 'DOWN');
});

test('an exhausted pool: 409 IpAddressGenerationFailure; parallel allocations on the last addresses', async () => {
  const ext = await t.request('POST', '/network/v2.0/networks', {
    token: admin,
    body: { network: { name: 'tiny-ext', 'router:external': true } },
  });
  assert.equal(ext.status, 201, JSON.stringify(ext.body));
  const extId = ext.body.network.id;
  const s = await t.request('POST', '/network/v2.0/subnets', {
    token: admin,
    body: {
      subnet: {
        network_id: extId,
        cidr: '198.51.100.0/29',
        allocation_pools: [{ start: '198.51.100.2', end: '198.51.100.4' }],
      },
    },
  });
  assert.equal(s.status, 201, JSON.stringify(s.body));
  const results = await Promise.all(
    [0, 1, 2, 3, 4].map(() =>
      t.request('POST', F, { token: demo, body: { floatingip: { floating_network_id: extId } } }),
    ),
  );
  const ok = results.filter((r) => r.status === 201);
  assert.equal(ok.length, 3, JSON.stringify(results.map((r) => r.body)));
  const addrs = new Set(ok.map((r) => r.body.floatingip.floating_ip_address));
  assert.equal(addrs.size, 3);
  for (const r of results.filter((x) => x.status !== 201)) {
    assert.equal(r.status, 409);
    assert.equal(r.body.NeutronError.type, 'IpAddressGenerationFailure');
  }
});

test("changing a port's fixed_ips disassociates the floating IP of the address it gave up", async () => {
  const port = await newPort();
  const fip = (await allocate({ port_id: port.id })).body.floatingip;
  const moved = await t.request('PUT', `${P}/${port.id}`, {
    token: demo,
    body: { port: { fixed_ips: [{ subnet_id: subnetId, ip_address: '10.81.0.222' }] } },
  });
  assert.equal(moved.status, 200, JSON.stringify(moved.body));
  const after = (await t.request('GET', `${F}/${fip.id}`, { token: demo })).body.floatingip;
  assert.equal(after.port_id, null);
  assert.equal(after.status, 'DOWN');
});

test("dns-integration on floating IPs: dns_name and dns_domain validated on create, shown '' as Neutron without an external DNS driver", async () => {
  const create = (extra: Record<string, unknown>) =>
    t.request('POST', F, {
      token: demo,
      body: { floatingip: { floating_network_id: publicId, ...extra } },
    });
  const ok = await create({ dns_name: 'Web', dns_domain: 'example.org.' });
  assert.equal(ok.status, 201, ok.text);
  assert.equal(ok.body.floatingip.dns_name, '');
  assert.equal(ok.body.floatingip.dns_domain, '');
  const shown = await t.request('GET', `${F}/${ok.body.floatingip.id}`, { token: demo });
  assert.deepEqual([shown.body.floatingip.dns_name, shown.body.floatingip.dns_domain], ['', '']);

  const bad = async (extra: Record<string, unknown>, message: string) => {
    const r = await create(extra);
    assert.equal(r.status, 400, r.text);
    assert.equal(r.body.NeutronError.message, message);
  };
  await bad(
    { dns_name: 'web.' },
    "Invalid input for dns_name. Reason: 'web.' is a FQDN. It should be a relative domain name.",
  );
  await bad(
    { dns_name: '-web' },
    "Invalid input for dns_name. Reason: '-web' not a valid PQDN or FQDN. Reason: Name '-web' must not start or end with a hyphen.",
  );
  await bad({ dns_domain: 'example.org' }, "Invalid input for dns_domain. Reason: 'example.org' is not a FQDN.");
  const count = await t.rt.store.db.selectFrom('floating_ips').select('id').execute();
  assert.ok(count.some((f) => f.id === ok.body.floatingip.id));
  await t.request('DELETE', `${F}/${ok.body.floatingip.id}`, { token: demo });
});
