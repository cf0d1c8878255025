/**
 * Routers (router, ext-gw-mode, extraroute): CRUD with the gateway on the external network,
 * interfaces by subnet and by port, Neutron's 400/404/409s, and the database deciding two
 * concurrent interface adds for one subnet.
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
  netId = (await t.request('POST', '/network/v2.0/networks', { token: demo, body: { network: { name: 'rnet' } } })).body
    .network.id;
  subnetId = (
    await t.request('POST', '/network/v2.0/subnets', {
      token: demo,
      body: { subnet: { network_id: netId, cidr: '10.71.0.0/24' } },
    })
  ).body.subnet.id;
});
after(async () => {
  await t.close();
});

async function newSubnet(cidr: string, token = demo): Promise<string> {
  const n = await t.request('POST', '/network/v2.0/networks', { token, body: { network: { name: `n-${cidr}` } } });
  const s = await t.request('POST', '/network/v2.0/subnets', {
    token,
    body: { subnet: { network_id: n.body.network.id, cidr } },
  });
  assert.equal(s.status, 201, JSON.stringify(s.body));
  return s.body.subnet.id;
}

async function newRouter(body: Record<string, unknown> = {}, token = demo) {
  const res = await t.request('POST', R, { token, body: { router: { name: 'r1', ...body } } });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body.router;
}

test('a router with a gateway on public: its port network:router_gateway holds an address of public', async () => {
  const r = await newRouter({ external_gateway_info: { network_id: publicId } });
  assert.equal(r.status, 'ACTIVE');
  assert.equal(r.admin_state_up, true);
  assert.equal(r.external_gateway_info.network_id, publicId);
  assert.equal(r.external_gateway_info.enable_snat, true);
  assert.equal(r.external_gateway_info.external_fixed_ips.length, 1);
  assert.deepEqual(r.routes, []);
  assert.equal('ha' in r, false, 'ha is an admin-only attribute');
  assert.equal('distributed' in r, false);
  const ip = r.external_gateway_info.external_fixed_ips[0].ip_address;
  const ports = await t.request('GET', `${P}?device_id=${r.id}`, { token: admin });
  assert.equal(ports.body.ports.length, 1);
  assert.equal(ports.body.ports[0].device_owner, 'network:router_gateway');
  assert.equal(ports.body.ports[0].network_id, publicId);
  assert.equal(ports.body.ports[0].fixed_ips[0].ip_address, ip);
  const asAdmin = await t.request('GET', `${R}/${r.id}`, { token: admin });
  assert.equal(asAdmin.body.router.ha, false);
  assert.equal(asAdmin.body.router.distributed, false);
  // a member may not set enable_snat (admin-only sub-attribute)
  const snat = await t.request('PUT', `${R}/${r.id}`, {
    token: demo,
    body: { router: { external_gateway_info: { network_id: publicId, enable_snat: false } } },
  });
  assert.equal(snat.status, 403);
  const bySnat = await t.request('PUT', `${R}/${r.id}`, {
    token: admin,
    body: { router: { external_gateway_info: { network_id: publicId, enable_snat: false } } },
  });
  assert.equal(bySnat.status, 200, JSON.stringify(bySnat.body));
  assert.equal(bySnat.body.router.external_gateway_info.enable_snat, false);
  assert.equal(bySnat.body.router.external_gateway_info.external_fixed_ips[0].ip_address, ip);
  // clearing the gateway deletes its port
  const clear = await t.request('PUT', `${R}/${r.id}`, {
    token: demo,
    body: { router: { external_gateway_info: {} } },
  });
  assert.equal(clear.status, 200);
  assert.equal(clear.body.router.external_gateway_info, null);
  assert.equal((await t.request('GET', `${P}?device_id=${r.id}`, { token: admin })).body.ports.length, 0);
  assert.equal((await t.request('DELETE', `${R}/${r.id}`, { token: demo })).status, 204);
  assert.equal((await t.request('GET', `${R}/${r.id}`, { token: demo })).status, 404);
});

test('gateway errors: unknown network 404, a non-external network 400', async () => {
  const r = await newRouter();
  const missing = await t.request('PUT', `${R}/${r.id}`, {
    token: demo,
    body: { router: { external_gateway_info: { network_id: '00000000-0000-0000-0000-000000000000' } } },
  });
  assert.equal(missing.status, 404);
  assert.equal(missing.body.NeutronError.type, 'NetworkNotFound');
  const internal = await t.request('PUT', `${R}/${r.id}`, {
    token: demo,
    body: { router: { external_gateway_info: { network_id: netId } } },
  });
  assert.equal(internal.status, 400);
  assert.equal(internal.body.NeutronError.message, `Bad router request: Network ${netId} is not an external network.`);
  await t.request('DELETE', `${R}/${r.id}`, { token: demo });
});

test('interfaces: by subnet (gateway_ip), duplicates 400, overlaps 400, RouterInUse, removal', async () => {
  const r = await newRouter();
  const add = await t.request('PUT', `${R}/${r.id}/add_router_interface`, {
    token: demo,
    body: { subnet_id: subnetId },
  });
  assert.equal(add.status, 200, JSON.stringify(add.body));
  assert.equal(add.body.id, r.id);
  assert.equal(add.body.subnet_id, subnetId);
  assert.deepEqual(add.body.subnet_ids, [subnetId]);
  assert.equal(add.body.network_id, netId);
  const port = (await t.request('GET', `${P}/${add.body.port_id}`, { token: demo })).body.port;
  assert.equal(port.device_owner, 'network:router_interface');
  assert.equal(port.device_id, r.id);
  assert.equal(port.fixed_ips[0].ip_address, '10.71.0.1');
  const again = await t.request('PUT', `${R}/${r.id}/add_router_interface`, {
    token: demo,
    body: { subnet_id: subnetId },
  });
  assert.equal(again.status, 400);
  assert.equal(again.body.NeutronError.message, `Bad router request: Router already has a port on subnet ${subnetId}.`);
  const overlap = await newSubnet('10.71.0.0/25');
  const ov = await t.request('PUT', `${R}/${r.id}/add_router_interface`, { token: demo, body: { subnet_id: overlap } });
  assert.equal(ov.status, 400);
  assert.match(
    ov.body.NeutronError.message,
    /^Bad router request: Cidr 10\.71\.0\.0\/25 of subnet .* overlaps with cidr 10\.71\.0\.0\/24/,
  );
  // the interface's port cannot be deleted through the port API
  const del = await t.request('DELETE', `${P}/${add.body.port_id}`, { token: demo });
  assert.equal(del.status, 409);
  assert.equal(del.body.NeutronError.type, 'ServicePortInUse');
  const inUse = await t.request('DELETE', `${R}/${r.id}`, { token: demo });
  assert.equal(inUse.status, 409);
  assert.equal(inUse.body.NeutronError.type, 'RouterInUse');
  assert.equal(inUse.body.NeutronError.message, `Router ${r.id} has ports still attached: ${add.body.port_id}`);
  // routes: the nexthop must be on an attached subnet
  const badRoute = await t.request('PUT', `${R}/${r.id}`, {
    token: demo,
    body: { router: { routes: [{ destination: '192.168.9.0/24', nexthop: '10.99.0.5' }] } },
  });
  assert.equal(badRoute.status, 400);
  assert.equal(badRoute.body.NeutronError.type, 'InvalidRoutes');
  const okRoute = await t.request('PUT', `${R}/${r.id}`, {
    token: demo,
    body: { router: { routes: [{ destination: '192.168.9.0/24', nexthop: '10.71.0.5' }] } },
  });
  assert.equal(okRoute.status, 200);
  assert.deepEqual(okRoute.body.router.routes, [{ destination: '192.168.9.0/24', nexthop: '10.71.0.5' }]);
  const rm = await t.request('PUT', `${R}/${r.id}/remove_router_interface`, {
    token: demo,
    body: { subnet_id: subnetId },
  });
  assert.equal(rm.status, 200);
  assert.equal(rm.body.port_id, add.body.port_id);
  assert.equal((await t.request('GET', `${P}/${add.body.port_id}`, { token: demo })).status, 404);
  const rmAgain = await t.request('PUT', `${R}/${r.id}/remove_router_interface`, {
    token: demo,
    body: { subnet_id: subnetId },
  });
  assert.equal(rmAgain.status, 404);
  assert.equal(rmAgain.body.NeutronError.message, `Router ${r.id} has no interface on subnet ${subnetId}`);
  assert.equal((await t.request('DELETE', `${R}/${r.id}`, { token: demo })).status, 204);
});

test('interfaces by port: the port becomes network:router_interface; removal by port deletes it', async () => {
  const r = await newRouter();
  const s = await newSubnet('10.72.0.0/24');
  const net = (await t.request('GET', `/network/v2.0/subnets/${s}`, { token: demo })).body.subnet.network_id;
  const p = await t.request('POST', P, { token: demo, body: { port: { network_id: net } } });
  const add = await t.request('PUT', `${R}/${r.id}/add_router_interface`, {
    token: demo,
    body: { port_id: p.body.port.id },
  });
  assert.equal(add.status, 200, JSON.stringify(add.body));
  assert.equal(add.body.subnet_id, s);
  const port = (await t.request('GET', `${P}/${p.body.port.id}`, { token: demo })).body.port;
  assert.equal(port.device_owner, 'network:router_interface');
  const both = await t.request('PUT', `${R}/${r.id}/add_router_interface`, {
    token: demo,
    body: { port_id: p.body.port.id, subnet_id: s },
  });
  assert.equal(both.status, 400);
  const none = await t.request('PUT', `${R}/${r.id}/add_router_interface`, { token: demo, body: {} });
  assert.equal(none.status, 400);
  const wrong = await t.request('PUT', `${R}/${r.id}/remove_router_interface`, {
    token: demo,
    body: { port_id: '00000000-0000-0000-0000-000000000000' },
  });
  assert.equal(wrong.status, 404);
  assert.equal(wrong.body.NeutronError.type, 'RouterInterfaceNotFound');
  const rm = await t.request('PUT', `${R}/${r.id}/remove_router_interface`, {
    token: demo,
    body: { port_id: p.body.port.id },
  });
  assert.equal(rm.status, 200);
  assert.equal((await t.request('DELETE', `${R}/${r.id}`, { token: demo })).status, 204);
});

test('two concurrent interface adds for one subnet: exactly one wins', async () => {
  const r = await newRouter();
  const s = await newSubnet('10.73.0.0/24');
  const results = await Promise.all(
    [0, 1, 2].map(() => t.request('PUT', `${R}/${r.id}/add_router_interface`, { token: demo, body: { subnet_id: s } })),
  );
  const codes = results.map((x) => x.status).sort();
  assert.deepEqual(codes, [200, 400, 400], JSON.stringify(results.map((x) => x.body)));
  const ports = await t.request('GET', `${P}?device_id=${r.id}`, { token: demo });
  assert.equal(ports.body.ports.length, 1);
  await t.request('PUT', `${R}/${r.id}/remove_router_interface`, { token: demo, body: { subnet_id: s } });
  await t.request('DELETE', `${R}/${r.id}`, { token: demo });
});

test('visibility and policy: another project sees 404; only admins set ha/distributed; If-Match', async () => {
  const r = await newRouter();
  assert.equal((await t.request('GET', `${R}/${r.id}`, { token: alt })).status, 404);
  assert.equal((await t.request('DELETE', `${R}/${r.id}`, { token: alt })).status, 404);
  const list = await t.request('GET', R, { token: alt });
  assert.equal(
    list.body.routers.some((x: { id: string }) => x.id === r.id),
    false,
  );
  const ha = await t.request('POST', R, { token: demo, body: { router: { name: 'x', ha: true } } });
  assert.equal(ha.status, 403);
  const stale = await t.request('PUT', `${R}/${r.id}`, {
    token: demo,
    headers: { 'if-match': 'revision_number=99' },
    body: { router: { name: 'y' } },
  });
  assert.equal(stale.status, 412);
  const named = await t.request('PUT', `${R}/${r.id}`, { token: demo, body: { router: { name: 'renamed' } } });
  assert.equal(named.body.router.name, 'renamed');
  assert.equal(named.body.router.revision_number, r.revision_number + 1);
  const bad = await t.request('POST', R, { token: demo, body: { router: { bogus: 1 } } });
  assert.equal(bad.status, 400);
  await t.request('DELETE', `${R}/${r.id}`, { token: demo });
});
