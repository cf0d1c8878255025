/**
 * Behaviours Tempest's tempest.api.network run found missing (scripts/tempest.sh,
 * TEMPEST_SUITE=network), each as Neutron Zed answers it.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../helpers/app.js';

let t: TestApp;
let admin: string;
let demo: string;

const N = '/network/v2.0/networks';
const F = '/network/v2.0/floatingips';

before(async () => {
  t = await startTestApp({}, { agent: false });
  admin = await t.tokenFor('admin');
  demo = await t.tokenFor('demo');
});
after(async () => {
  await t.close();
});

test('deleting an external network deletes its unassociated floating IPs and their ports', async () => {
  const net = (await t.request('POST', N, { token: admin, body: { network: { 'router:external': true } } })).body
    .network;
  const sub = await t.request('POST', '/network/v2.0/subnets', {
    token: admin,
    body: { subnet: { network_id: net.id, cidr: '10.97.0.0/24', enable_dhcp: false } },
  });
  assert.equal(sub.status, 201);
  const fip = await t.request('POST', F, { token: admin, body: { floatingip: { floating_network_id: net.id } } });
  assert.equal(fip.status, 201);
  const del = await t.request('DELETE', `${N}/${net.id}`, { token: admin });
  assert.equal(del.status, 204);
  assert.equal((await t.request('GET', `${F}/${fip.body.floatingip.id}`, { token: admin })).status, 404);
  const ports = await t.request('GET', `/network/v2.0/ports?network_id=${net.id}`, { token: admin });
  assert.deepEqual(ports.body.ports, []);
});

test('a .json extension on a path is the JSON format, as pecan routes it', async () => {
  const project = (
    await t.request('GET', '/identity/v3/auth/tokens', { token: demo, headers: { 'x-subject-token': demo } })
  ).body.token.project.id;
  const details = await t.request('GET', `/network/v2.0/quotas/${project}/details.json`, { token: demo });
  assert.equal(details.status, 200);
  assert.equal(typeof details.body.quota.network.limit, 'number');
  assert.equal(details.body.quota.network.used, 0);
  const nets = await t.request('GET', `${N}.json?name=public`, { token: demo });
  assert.equal(nets.status, 200);
  assert.equal(nets.body.networks.length, 1);
  assert.equal(nets.body.networks[0].name, 'public');
});

test('IPv6 modes: different ra/address modes, modes without DHCP and modes on IPv4 are 400', async () => {
  const net = (await t.request('POST', N, { token: demo, body: { network: { name: 'v6modes' } } })).body.network;
  const cases: Array<[Record<string, unknown>, string]> = [
    [
      { ip_version: 6, cidr: '2001:db8:7::/64', ipv6_ra_mode: 'slaac', ipv6_address_mode: 'dhcpv6-stateful' },
      "Invalid input for operation: ipv6_ra_mode set to 'slaac' with ipv6_address_mode set to 'dhcpv6-stateful' is not valid. If both attributes are set, they must be the same value.",
    ],
    [
      { ip_version: 6, cidr: '2001:db8:7::/64', ipv6_address_mode: 'slaac', enable_dhcp: false },
      'Invalid input for operation: ipv6_ra_mode or ipv6_address_mode cannot be set when enable_dhcp is set to False.',
    ],
    [
      { ip_version: 4, cidr: '10.98.0.0/24', ipv6_ra_mode: 'slaac' },
      'Invalid input for operation: ipv6_ra_mode is not valid when ip_version is 4.',
    ],
  ];
  for (const [body, message] of cases) {
    const res = await t.request('POST', '/network/v2.0/subnets', {
      token: demo,
      body: { subnet: { network_id: net.id, ...body } },
    });
    assert.equal(res.status, 400, JSON.stringify(body));
    assert.deepEqual(res.body, { NeutronError: { type: 'InvalidInput', message, detail: '' } });
  }
  const subnets = await t.request('GET', `/network/v2.0/subnets?network_id=${net.id}`, { token: demo });
  assert.deepEqual(subnets.body.subnets, []);
  const same = await t.request('POST', '/network/v2.0/subnets', {
    token: demo,
    body: {
      subnet: {
        network_id: net.id,
        ip_version: 6,
        cidr: '2001:db8:7::/64',
        ipv6_ra_mode: 'dhcpv6-stateless',
        ipv6_address_mode: 'dhcpv6-stateless',
      },
    },
  });
  assert.equal(same.status, 201);
});

test('a port without an address keeps its security groups; create and show agree', async () => {
  const net = (await t.request('POST', N, { token: demo, body: { network: { name: 'nosubnet' } } })).body.network;
  const sg = (await t.request('GET', '/network/v2.0/security-groups?name=default', { token: demo })).body
    .security_groups[0];
  const created = await t.request('POST', '/network/v2.0/ports', {
    token: demo,
    body: { port: { network_id: net.id } },
  });
  assert.equal(created.status, 201);
  assert.deepEqual(created.body.port.fixed_ips, []);
  assert.deepEqual(created.body.port.security_groups, [sg.id]);
  const shown = await t.request('GET', `/network/v2.0/ports/${created.body.port.id}`, { token: demo });
  assert.equal(shown.body.port.revision_number, created.body.port.revision_number);
  assert.deepEqual(shown.body.port.security_groups, [sg.id]);
  const explicit = await t.request('POST', '/network/v2.0/ports', {
    token: demo,
    body: { port: { network_id: net.id, fixed_ips: [], security_groups: [sg.id] } },
  });
  assert.equal(explicit.status, 201);
  assert.deepEqual(explicit.body.port.security_groups, [sg.id]);
});

test('bulk create of networks, subnets and ports: 201 with the list, all or nothing', async () => {
  const nets = await t.request('POST', N, {
    token: demo,
    body: { networks: [{ name: 'bulk-a' }, { name: 'bulk-b', admin_state_up: false }] },
  });
  assert.equal(nets.status, 201, JSON.stringify(nets.body));
  assert.deepEqual(
    nets.body.networks.map((n: { name: string; admin_state_up: boolean }) => [n.name, n.admin_state_up]),
    [
      ['bulk-a', true],
      ['bulk-b', false],
    ],
  );
  const [a, b] = nets.body.networks;
  const subs = await t.request('POST', '/network/v2.0/subnets', {
    token: demo,
    body: {
      subnets: [
        { network_id: a.id, cidr: '10.91.0.0/24', ip_version: 4, name: 'bulk-sa' },
        { network_id: b.id, cidr: '10.92.0.0/24', ip_version: 4, name: 'bulk-sb' },
      ],
    },
  });
  assert.equal(subs.status, 201, JSON.stringify(subs.body));
  assert.deepEqual(
    subs.body.subnets.map((s: { network_id: string; cidr: string }) => [s.network_id, s.cidr]),
    [
      [a.id, '10.91.0.0/24'],
      [b.id, '10.92.0.0/24'],
    ],
  );
  const ports = await t.request('POST', '/network/v2.0/ports', {
    token: demo,
    body: { ports: [{ network_id: a.id, name: 'bulk-pa' }, { network_id: b.id }] },
  });
  assert.equal(ports.status, 201, JSON.stringify(ports.body));
  assert.equal(ports.body.ports.length, 2);
  assert.equal(ports.body.ports[0].fixed_ips[0].subnet_id, subs.body.subnets[0].id);
  assert.equal(ports.body.ports[1].network_id, b.id);

  // the second item fails (overlapping cidr): nothing of the request is created
  const bad = await t.request('POST', '/network/v2.0/subnets', {
    token: demo,
    body: {
      subnets: [
        { network_id: a.id, cidr: '10.93.0.0/24', ip_version: 4 },
        { network_id: b.id, cidr: '10.92.0.0/25', ip_version: 4 },
      ],
    },
  });
  assert.equal(bad.status, 400);
  const left = await t.request('GET', `/network/v2.0/subnets?network_id=${a.id}`, { token: demo });
  assert.deepEqual(
    left.body.subnets.map((s: { cidr: string }) => s.cidr),
    ['10.91.0.0/24'],
  );
  const badPorts = await t.request('POST', '/network/v2.0/ports', {
    token: demo,
    body: {
      ports: [{ network_id: a.id, name: 'rolled-back' }, { network_id: '00000000-0000-0000-0000-000000000000' }],
    },
  });
  assert.equal(badPorts.status, 404);
  const named = await t.request('GET', '/network/v2.0/ports?name=rolled-back', { token: demo });
  assert.deepEqual(named.body.ports, []);
  assert.equal((await t.request('POST', N, { token: demo, body: { networks: [] } })).status, 400);
});
