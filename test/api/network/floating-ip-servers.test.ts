/**
 * A floating IP on a server's port shows in Nova's addresses as OS-EXT-IPS:type floating (show and
 * detail), right after its fixed address; deleting the server disassociates it.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { ComputeAgent } from '../../../src/agent/agent.js';
import { FakeDriver } from '../../../src/virt/fake/fake-driver.js';
import { S, bootServer, networkId } from '../compute/os-interface-helpers.js';

let t: TestApp;
let agent: ComputeAgent;
let demo: string;
let priv: string;
let publicId: string;

before(async () => {
  t = await startTestApp({}, { agent: false });
  agent = new ComputeAgent(t.rt, { driver: new FakeDriver(t.rt) });
  await agent.start();
  demo = await t.tokenFor('demo');
  priv = await networkId(t, 'private');
  publicId = await networkId(t, 'public');
});
after(async () => {
  await agent.stop();
  await t.close();
});

test('server show and detail list the floating IP after its fixed address; server delete disassociates', async () => {
  const server = await bootServer(t, demo, [{ uuid: priv }], 'fip-vm');
  const v4 = (await t.request('GET', `/network/v2.0/subnets?network_id=${priv}&ip_version=4`, { token: demo })).body
    .subnets[0].id;
  const router = (
    await t.request('POST', '/network/v2.0/routers', {
      token: demo,
      body: { router: { name: 'vm-r', external_gateway_info: { network_id: publicId } } },
    })
  ).body.router;
  const add = await t.request('PUT', `/network/v2.0/routers/${router.id}/add_router_interface`, {
    token: demo,
    body: { subnet_id: v4 },
  });
  assert.equal(add.status, 200, JSON.stringify(add.body));
  const port = (await t.request('GET', `/network/v2.0/ports?device_id=${server}`, { token: demo })).body.ports[0];
  const fip = await t.request('POST', '/network/v2.0/floatingips', {
    token: demo,
    body: { floatingip: { floating_network_id: publicId, port_id: port.id } },
  });
  assert.equal(fip.status, 201, JSON.stringify(fip.body));
  const address = fip.body.floatingip.floating_ip_address;
  const fixed = fip.body.floatingip.fixed_ip_address;

  const shown = (await t.request('GET', `${S}/${server}`, { token: demo })).body.server;
  const entries = shown.addresses.private as Array<Record<string, unknown>>;
  const at = entries.findIndex((e) => e.addr === fixed);
  assert.deepEqual(entries[at + 1], {
    version: 4,
    addr: address,
    'OS-EXT-IPS:type': 'floating',
    'OS-EXT-IPS-MAC:mac_addr': port.mac_address,
  });
  const detail = (await t.request('GET', `${S}/detail`, { token: demo })).body.servers.find(
    (s: { id: string }) => s.id === server,
  );
  assert.deepEqual(detail.addresses, shown.addresses);

  assert.equal((await t.request('DELETE', `${S}/${server}`, { token: demo })).status, 204);
  const fipId = fip.body.floatingip.id as string;
  for (let i = 0; i < 200; i++) {
    const f = (await t.request('GET', `/network/v2.0/floatingips/${fipId}`, { token: demo })).body.floatingip;
    if (f.port_id === null) {
      assert.equal(f.status, 'DOWN');
      return;
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  assert.fail('the floating IP stayed associated after the server was deleted');
});

test("Nova's addFloatingIp/removeFloatingIp (2.1–2.43): associate the first IPv4, 409 when not on the server, 404 from 2.44", async () => {
  const server = await bootServer(t, demo, [{ uuid: priv }], 'fip-vm2');
  const v4 = (await t.request('GET', `/network/v2.0/subnets?network_id=${priv}&ip_version=4`, { token: demo })).body
    .subnets[0].id;
  const router = (
    await t.request('POST', '/network/v2.0/routers', {
      token: demo,
      body: { router: { name: 'vm-r2', external_gateway_info: { network_id: publicId } } },
    })
  ).body.router;
  // the subnet may already be on the first test's router: any router with the gateway will do
  await t.request('PUT', `/network/v2.0/routers/${router.id}/add_router_interface`, {
    token: demo,
    body: { subnet_id: v4 },
  });
  const fip = (
    await t.request('POST', '/network/v2.0/floatingips', {
      token: demo,
      body: { floatingip: { floating_network_id: publicId } },
    })
  ).body.floatingip;
  const action = (body: unknown, mv = '2.43') => t.request('POST', `${S}/${server}/action`, { token: demo, mv, body });
  const gated = await action({ addFloatingIp: { address: fip.floating_ip_address } }, '2.44');
  assert.equal(gated.status, 404);
  const bad = await action({ addFloatingIp: { address: 'nope' } });
  assert.equal(bad.status, 400);
  const missing = await action({ addFloatingIp: { address: '203.0.113.9' } });
  assert.equal(missing.status, 404);
  assert.equal(missing.body.itemNotFound.message, 'floating IP not found');
  const notOn = await action({ removeFloatingIp: { address: fip.floating_ip_address } });
  assert.equal(notOn.status, 409);
  assert.equal(
    notOn.body.conflictingRequest.message,
    `Floating IP ${fip.floating_ip_address} is not associated with instance ${server}.`,
  );
  const add = await action({ addFloatingIp: { address: fip.floating_ip_address } });
  assert.equal(add.status, 202, JSON.stringify(add.body));
  const port = (await t.request('GET', `/network/v2.0/ports?device_id=${server}`, { token: demo })).body.ports[0];
  const after = (await t.request('GET', `/network/v2.0/floatingips/${fip.id}`, { token: demo })).body.floatingip;
  assert.equal(after.port_id, port.id);
  assert.equal(after.status, 'ACTIVE');
  const rm = await action({ removeFloatingIp: { address: fip.floating_ip_address } });
  assert.equal(rm.status, 202);
  const gone = (await t.request('GET', `/network/v2.0/floatingips/${fip.id}`, { token: demo })).body.floatingip;
  assert.equal(gone.port_id, null);
});
