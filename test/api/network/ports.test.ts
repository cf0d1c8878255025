import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { first } from '../../helpers/elements.js';

let t: TestApp;
let admin: string;
let demo: string;
let netId: string;
let subnetId: string;
before(async () => {
  t = await startTestApp({}, { agent: false });
  admin = await t.tokenFor('admin');
  demo = await t.tokenFor('demo');
  netId = (await t.request('POST', '/network/v2.0/networks', { token: demo, body: { network: { name: 'pn' } } })).body
    .network.id;
  subnetId = (
    await t.request('POST', '/network/v2.0/subnets', {
      token: demo,
      body: { subnet: { network_id: netId, cidr: '10.50.0.0/24' } },
    })
  ).body.subnet.id;
});
after(async () => {
  await t.close();
});

const P = '/network/v2.0/ports';

test('create on the shared private network → 201 DOWN, fa:16:3e MAC, one IPv4 and one IPv6 address, default security group', async () => {
  const priv = (await t.request('GET', '/network/v2.0/networks?name=private', { token: demo })).body.networks[0];
  const res = await t.request('POST', P, { token: demo, body: { port: { network_id: priv.id, name: 'p1' } } });
  assert.equal(res.status, 201);
  const p = res.body.port;
  assert.equal(p.status, 'DOWN');
  assert.match(p.mac_address, /^fa:16:3e(:[0-9a-f]{2}){3}$/);
  assert.equal(p.fixed_ips.length, 2);
  assert.equal(p.fixed_ips[0].ip_address, '10.0.0.2');
  assert.equal(p.fixed_ips[1].ip_address, 'fd00:10::2');
  assert.equal(p.device_id, '');
  assert.equal(p['binding:vnic_type'], 'normal');
  assert.equal(p['binding:host_id'], undefined, 'binding:host_id is admin-only');
  assert.equal(p.security_groups.length, 1);
  const sgs = await t.request('GET', '/network/v2.0/security-groups', { token: demo });
  assert.equal(sgs.status, 200);
  assert.deepEqual(
    sgs.body.security_groups.map((g: { id: string }) => g.id),
    p.security_groups,
  );
  assert.equal(sgs.body.security_groups[0].name, 'default');
  const sg = await t.request('GET', `/network/v2.0/security-groups/${p.security_groups[0]}`, { token: demo });
  assert.equal(sg.status, 200);
  assert.equal(
    (await t.request('GET', '/network/v2.0/security-groups/nope', { token: demo })).body.NeutronError.type,
    'SecurityGroupNotFound',
  );
  const allocs = await t.rt.store.db.selectFrom('ip_allocations').selectAll().where('port_id', '=', p.id).execute();
  assert.equal(allocs.length, 2);
  const adminView = await t.request('GET', `${P}/${p.id}`, { token: admin });
  assert.equal(adminView.body.port['binding:vif_type'], 'unbound');
  assert.equal(adminView.body.port['binding:host_id'], '');
});

test('explicit fixed IP: 201 with that address; the same address again → 409 IpAddressAlreadyAllocated', async () => {
  const a = await t.request('POST', P, {
    token: demo,
    body: { port: { network_id: netId, fixed_ips: [{ ip_address: '10.50.0.77' }] } },
  });
  assert.equal(a.status, 201);
  assert.deepEqual(a.body.port.fixed_ips, [{ subnet_id: subnetId, ip_address: '10.50.0.77' }]);
  const b = await t.request('POST', P, {
    token: demo,
    body: { port: { network_id: netId, fixed_ips: [{ subnet_id: subnetId, ip_address: '10.50.0.77' }] } },
  });
  assert.equal(b.status, 409);
  assert.deepEqual(b.body.NeutronError, {
    type: 'IpAddressAlreadyAllocated',
    message: `IP address 10.50.0.77 already allocated in subnet ${subnetId}`,
    detail: '',
  });
  const rows = await t.rt.store.db
    .selectFrom('ip_allocations')
    .selectAll()
    .where('ip_address', '=', '10.50.0.77')
    .execute();
  assert.equal(rows.length, 1);
  const kept = first(rows);
  const ports = await t.rt.store.db.selectFrom('ports').select('id').where('network_id', '=', netId).execute();
  assert.ok(!ports.some((p) => p.id !== a.body.port.id && kept.port_id === p.id), 'the failed port was rolled back');
});

test('explicit IP outside the subnet → 400 InvalidIpForSubnet / InvalidIpForNetwork; broadcast → 400; unknown subnet → 404', async () => {
  const a = await t.request('POST', P, {
    token: demo,
    body: { port: { network_id: netId, fixed_ips: [{ subnet_id: subnetId, ip_address: '10.99.0.5' }] } },
  });
  assert.equal(a.status, 400);
  assert.equal(a.body.NeutronError.type, 'InvalidIpForSubnet');
  const b = await t.request('POST', P, {
    token: demo,
    body: { port: { network_id: netId, fixed_ips: [{ ip_address: '10.99.0.5' }] } },
  });
  assert.equal(b.status, 400);
  assert.equal(b.body.NeutronError.type, 'InvalidIpForNetwork');
  const c = await t.request('POST', P, {
    token: demo,
    body: { port: { network_id: netId, fixed_ips: [{ ip_address: '10.50.0.255' }] } },
  });
  assert.equal(c.status, 400);
  const d = await t.request('POST', P, {
    token: demo,
    body: { port: { network_id: netId, fixed_ips: [{ subnet_id: '00000000-0000-0000-0000-000000000001' }] } },
  });
  assert.equal(d.status, 404);
  assert.equal(d.body.NeutronError.type, 'SubnetNotFound');
  const e = await t.request('POST', P, {
    token: demo,
    body: { port: { network_id: netId, fixed_ips: [{ ip_address: 'not-an-ip' }] } },
  });
  assert.equal(e.status, 400);
  assert.equal(e.body.NeutronError.type, 'InvalidInput');
  const f = await t.request('POST', P, { token: demo, body: { port: { network_id: netId, fixed_ips: 'x' } } });
  assert.equal(f.status, 400);
  assert.equal(f.body.NeutronError.type, 'HTTPBadRequest');
});

test('explicit MAC: reuse on the same network → 409 MacAddressInUse; the network owner may pick one, others → 403', async () => {
  const a = await t.request('POST', P, {
    token: admin,
    body: { port: { network_id: netId, mac_address: 'FA:16:3E:00:00:01', fixed_ips: [] } },
  });
  assert.equal(a.status, 201);
  assert.equal(a.body.port.mac_address, 'fa:16:3e:00:00:01');
  assert.deepEqual(a.body.port.fixed_ips, []);
  const b = await t.request('POST', P, {
    token: admin,
    body: { port: { network_id: netId, mac_address: 'fa:16:3e:00:00:01' } },
  });
  assert.equal(b.status, 409);
  assert.deepEqual(b.body.NeutronError, {
    type: 'MacAddressInUse',
    message: `Unable to complete operation for network ${netId}. The mac address fa:16:3e:00:00:01 is in use.`,
    detail: '',
  });
  // create_port:mac_address is admin_or_network_owner: demo owns netId, not the shared private network
  const own = await t.request('POST', P, {
    token: demo,
    body: { port: { network_id: netId, mac_address: 'fa:16:3e:00:00:02', fixed_ips: [] } },
  });
  assert.equal(own.status, 201);
  assert.equal(own.body.port.mac_address, 'fa:16:3e:00:00:02');
  const priv = (await t.request('GET', '/network/v2.0/networks?name=private', { token: demo })).body.networks[0];
  const c = await t.request('POST', P, {
    token: demo,
    body: { port: { network_id: priv.id, mac_address: 'fa:16:3e:00:00:03' } },
  });
  assert.equal(c.status, 403);
  assert.deepEqual(c.body.NeutronError, {
    type: 'PolicyNotAuthorized',
    message: '(rule:create_port and rule:create_port:mac_address) is disallowed by policy',
    detail: '',
  });
  const stored = await t.rt.store.db
    .selectFrom('ports')
    .select('id')
    .where('mac_address', '=', 'fa:16:3e:00:00:03')
    .execute();
  assert.equal(stored.length, 0);
});

test('binding: admin sets binding:host_id with device_id → ACTIVE/ovs; clearing it → DOWN/unbound', async () => {
  const p = (await t.request('POST', P, { token: demo, body: { port: { network_id: netId } } })).body.port;
  const bound = await t.request('PUT', `${P}/${p.id}`, {
    token: admin,
    body: { port: { device_id: 'vm-1', device_owner: 'compute:nova', 'binding:host_id': 'compute-1' } },
  });
  assert.equal(bound.status, 200);
  assert.equal(bound.body.port.status, 'ACTIVE');
  assert.equal(bound.body.port['binding:vif_type'], 'ovs');
  assert.equal(bound.body.port['binding:host_id'], 'compute-1');
  assert.equal(bound.body.port.device_id, 'vm-1');
  const forbidden = await t.request('PUT', `${P}/${p.id}`, {
    token: demo,
    body: { port: { 'binding:host_id': 'compute-2' } },
  });
  assert.equal(forbidden.status, 403);
  const unbound = await t.request('PUT', `${P}/${p.id}`, { token: admin, body: { port: { 'binding:host_id': '' } } });
  assert.equal(unbound.body.port.status, 'DOWN');
  assert.equal(unbound.body.port['binding:vif_type'], 'unbound');
});

test('update fixed_ips re-allocates: old address released, new one held', async () => {
  const p = (
    await t.request('POST', P, {
      token: demo,
      body: { port: { network_id: netId, fixed_ips: [{ ip_address: '10.50.0.100' }] } },
    })
  ).body.port;
  const u = await t.request('PUT', `${P}/${p.id}`, {
    token: demo,
    body: { port: { fixed_ips: [{ ip_address: '10.50.0.101' }], name: 'moved' } },
  });
  assert.equal(u.status, 200);
  assert.deepEqual(
    u.body.port.fixed_ips.map((f: { ip_address: string }) => f.ip_address),
    ['10.50.0.101'],
  );
  assert.equal(u.body.port.name, 'moved');
  const old = await t.rt.store.db
    .selectFrom('ip_allocations')
    .selectAll()
    .where('ip_address', '=', '10.50.0.100')
    .execute();
  assert.equal(old.length, 0);
  const taken = await t.request('PUT', `${P}/${p.id}`, {
    token: demo,
    body: { port: { fixed_ips: [{ ip_address: '10.50.0.77' }] } },
  });
  assert.equal(taken.status, 409);
  const still = await t.request('GET', `${P}/${p.id}`, { token: demo });
  assert.deepEqual(
    still.body.port.fixed_ips.map((f: { ip_address: string }) => f.ip_address),
    ['10.50.0.101'],
    'failed update rolled back',
  );
});

test('list filters: network_id, device_id, device_owner, mac_address, name, id, fixed_ips=ip_address= / subnet_id=', async () => {
  const p = (
    await t.request('POST', P, {
      token: demo,
      body: {
        port: {
          network_id: netId,
          name: 'findme',
          device_id: 'dev-42',
          device_owner: 'compute:nova',
          fixed_ips: [{ ip_address: '10.50.0.150' }],
        },
      },
    })
  ).body.port;
  const q = async (qs: string) =>
    (await t.request('GET', `${P}?${qs}`, { token: demo })).body.ports.map((x: { id: string }) => x.id);
  assert.deepEqual(await q('device_id=dev-42'), [p.id]);
  assert.deepEqual(await q('name=findme'), [p.id]);
  assert.deepEqual(await q(`id=${p.id}`), [p.id]);
  assert.deepEqual(await q(`mac_address=${p.mac_address}`), [p.id]);
  assert.deepEqual(await q('fixed_ips=ip_address%3D10.50.0.150'), [p.id]);
  assert.ok((await q(`fixed_ips=subnet_id%3D${subnetId}`)).includes(p.id));
  assert.ok((await q(`network_id=${netId}`)).includes(p.id));
  assert.ok((await q('device_owner=compute:nova')).includes(p.id));
  assert.deepEqual(await q('device_id=nothing'), []);
  const fields = await t.request('GET', `${P}?device_id=dev-42&fields=id&fields=fixed_ips`, { token: demo });
  assert.deepEqual(Object.keys(fields.body.ports[0]).sort(), ['fixed_ips', 'id']);
});

test("project isolation: demo cannot see, update or delete admin ports (404 PortNotFound); cannot use another project's network", async () => {
  const net = (await t.request('POST', '/network/v2.0/networks', { token: admin, body: { network: { name: 'adm' } } }))
    .body.network;
  await t.request('POST', '/network/v2.0/subnets', {
    token: admin,
    body: { subnet: { network_id: net.id, cidr: '10.60.0.0/24' } },
  });
  const p = (await t.request('POST', P, { token: admin, body: { port: { network_id: net.id } } })).body.port;
  const show = await t.request('GET', `${P}/${p.id}`, { token: demo });
  assert.equal(show.status, 404);
  assert.deepEqual(show.body.NeutronError, {
    type: 'PortNotFound',
    message: `Port ${p.id} could not be found.`,
    detail: '',
  });
  assert.equal((await t.request('PUT', `${P}/${p.id}`, { token: demo, body: { port: { name: 'x' } } })).status, 404);
  assert.equal((await t.request('DELETE', `${P}/${p.id}`, { token: demo })).status, 404);
  assert.ok(!(await t.request('GET', P, { token: demo })).body.ports.some((x: { id: string }) => x.id === p.id));
  const onHidden = await t.request('POST', P, { token: demo, body: { port: { network_id: net.id } } });
  assert.equal(onHidden.status, 404);
  assert.equal(onHidden.body.NeutronError.type, 'NetworkNotFound');
  const pub = (await t.request('GET', '/network/v2.0/networks?name=public', { token: demo })).body.networks[0];
  const onExternal = await t.request('POST', P, { token: demo, body: { port: { network_id: pub.id } } });
  assert.equal(onExternal.status, 403);
  assert.ok((await t.request('GET', P, { token: admin })).body.ports.some((x: { id: string }) => x.id === p.id));
});

test("delete releases the port's addresses; second delete → 404", async () => {
  const p = (
    await t.request('POST', P, {
      token: demo,
      body: { port: { network_id: netId, fixed_ips: [{ ip_address: '10.50.0.200' }] } },
    })
  ).body.port;
  assert.equal((await t.request('DELETE', `${P}/${p.id}`, { token: demo })).status, 204);
  const rows = await t.rt.store.db.selectFrom('ip_allocations').selectAll().where('port_id', '=', p.id).execute();
  assert.equal(rows.length, 0);
  assert.equal((await t.request('DELETE', `${P}/${p.id}`, { token: demo })).status, 404);
  const again = await t.request('POST', P, {
    token: demo,
    body: { port: { network_id: netId, fixed_ips: [{ ip_address: '10.50.0.200' }] } },
  });
  assert.equal(again.status, 201);
});

test('bad port bodies → 400: missing network_id, unknown attribute, bad vnic type', async () => {
  const a = await t.request('POST', P, { token: demo, body: { port: {} } });
  assert.equal(a.status, 400);
  const b = await t.request('POST', P, { token: demo, body: { port: { network_id: netId, bogus: 1 } } });
  assert.equal(b.body.NeutronError.message, "Unrecognized attribute(s) 'bogus'");
  const c = await t.request('POST', P, {
    token: demo,
    body: { port: { network_id: netId, 'binding:vnic_type': 'warp' } },
  });
  assert.equal(c.status, 400);
});

test('security_groups: unknown id → 404 SecurityGroupNotFound; explicit default id accepted; update bumps revision_number', async () => {
  const bad = await t.request('POST', P, {
    token: demo,
    body: { port: { network_id: netId, security_groups: ['00000000-0000-0000-0000-00000000beef'] } },
  });
  assert.equal(bad.status, 404);
  assert.deepEqual(bad.body.NeutronError, {
    type: 'SecurityGroupNotFound',
    message: 'Security group 00000000-0000-0000-0000-00000000beef does not exist',
    detail: '',
  });
  const sg = (await t.request('GET', '/network/v2.0/security-groups?name=default', { token: demo })).body
    .security_groups[0];
  const p = await t.request('POST', P, {
    token: demo,
    body: { port: { network_id: netId, security_groups: [sg.id] } },
  });
  assert.equal(p.status, 201);
  assert.deepEqual(p.body.port.security_groups, [sg.id]);
  assert.equal(p.body.port.revision_number, 0);
  const none = await t.request('PUT', `${P}/${p.body.port.id}`, {
    token: demo,
    body: { port: { security_groups: [] } },
  });
  assert.deepEqual(none.body.port.security_groups, []);
  assert.equal(none.body.port.revision_number, 1);
  const again = await t.request('PUT', `${P}/${p.body.port.id}`, {
    token: demo,
    body: { port: { security_groups: ['nope'] } },
  });
  assert.equal(again.status, 404);
});

test('SLAAC subnet: the port gets its EUI-64 address from its MAC; an explicit address there → 400 AllocationOnAutoAddressSubnet', async () => {
  const net = (await t.request('POST', '/network/v2.0/networks', { token: demo, body: { network: { name: 'slaac' } } }))
    .body.network;
  const v4 = (
    await t.request('POST', '/network/v2.0/subnets', {
      token: demo,
      body: { subnet: { network_id: net.id, cidr: '10.70.0.0/24' } },
    })
  ).body.subnet;
  const v6 = (
    await t.request('POST', '/network/v2.0/subnets', {
      token: demo,
      body: {
        subnet: {
          network_id: net.id,
          cidr: 'fd00:70::/64',
          ip_version: 6,
          ipv6_ra_mode: 'slaac',
          ipv6_address_mode: 'slaac',
        },
      },
    })
  ).body.subnet;
  const p = await t.request('POST', P, {
    token: admin,
    body: { port: { network_id: net.id, mac_address: 'fa:16:3e:12:34:56' } },
  });
  assert.equal(p.status, 201);
  assert.deepEqual(p.body.port.fixed_ips, [
    { subnet_id: v4.id, ip_address: '10.70.0.2' },
    { subnet_id: v6.id, ip_address: 'fd00:70::f816:3eff:fe12:3456' },
  ]);
  const bad = await t.request('POST', P, {
    token: demo,
    body: { port: { network_id: net.id, fixed_ips: [{ subnet_id: v6.id, ip_address: 'fd00:70::5' }] } },
  });
  assert.equal(bad.status, 400);
  assert.equal(bad.body.NeutronError.type, 'AllocationOnAutoAddressSubnet');
});

test('the owner of a network sees (and may delete) ports other projects put on it', async () => {
  const shared = (
    await t.request('POST', '/network/v2.0/networks', { token: demo, body: { network: { name: 'demo-net' } } })
  ).body.network;
  await t.request('POST', '/network/v2.0/subnets', {
    token: demo,
    body: { subnet: { network_id: shared.id, cidr: '10.71.0.0/24' } },
  });
  const p = (await t.request('POST', P, { token: admin, body: { port: { network_id: shared.id } } })).body.port;
  const list = await t.request('GET', `${P}?network_id=${shared.id}`, { token: demo });
  assert.deepEqual(
    list.body.ports.map((x: { id: string }) => x.id),
    [p.id],
  );
  assert.equal((await t.request('GET', `${P}/${p.id}`, { token: demo })).status, 200);
  assert.equal((await t.request('DELETE', `${P}/${p.id}`, { token: demo })).status, 204);
});
