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
  netId = (await t.request('POST', '/network/v2.0/networks', { token: demo, body: { network: { name: 'xn' } } })).body
    .network.id;
  await t.request('POST', '/network/v2.0/subnets', {
    token: demo,
    body: { subnet: { network_id: netId, cidr: '10.61.0.0/24' } },
  });
});
after(async () => {
  await t.close();
});

const P = '/network/v2.0/ports';
const storedOpts = async (id: string) =>
  JSON.parse(
    (await t.rt.store.db.selectFrom('ports').select('extra_dhcp_opts').where('id', '=', id).executeTakeFirstOrThrow())
      .extra_dhcp_opts,
  ) as unknown;

test('extra_dhcp_opts: created sorted with ip_version 4 by default; an update merges, a null value removes', async () => {
  const c = await t.request('POST', P, {
    token: demo,
    body: {
      port: {
        network_id: netId,
        extra_dhcp_opts: [
          { opt_name: 'tftp-server', opt_value: '1.2.3.4', ip_version: 4 },
          { opt_name: 'bootfile-name', opt_value: 'pxelinux.0' },
          { opt_name: 'ignored', opt_value: null },
        ],
      },
    },
  });
  assert.equal(c.status, 201);
  const id = c.body.port.id;
  assert.deepEqual(c.body.port.extra_dhcp_opts, [
    { opt_name: 'bootfile-name', opt_value: 'pxelinux.0', ip_version: 4 },
    { opt_name: 'tftp-server', opt_value: '1.2.3.4', ip_version: 4 },
  ]);
  const u = await t.request('PUT', `${P}/${id}`, {
    token: demo,
    body: {
      port: {
        extra_dhcp_opts: [
          { opt_name: 'bootfile-name', opt_value: null },
          { opt_name: 'tftp-server', opt_value: '9.9.9.9' },
          { opt_name: 'tftp-server', opt_value: '2001:db8::1', ip_version: '6' },
        ],
      },
    },
  });
  assert.equal(u.status, 200);
  const expected = [
    { opt_name: 'tftp-server', opt_value: '9.9.9.9', ip_version: 4 },
    { opt_name: 'tftp-server', opt_value: '2001:db8::1', ip_version: 6 },
  ];
  assert.deepEqual(u.body.port.extra_dhcp_opts, expected);
  assert.equal(u.body.port.revision_number, c.body.port.revision_number + 1);
  assert.deepEqual(await storedOpts(id), expected);
  // an empty or null list changes nothing
  for (const v of [[], null]) {
    const same = await t.request('PUT', `${P}/${id}`, { token: demo, body: { port: { extra_dhcp_opts: v } } });
    assert.equal(same.status, 200);
    assert.deepEqual(same.body.port.extra_dhcp_opts, expected);
  }
  const shown = await t.request('GET', `${P}/${id}`, { token: demo });
  assert.deepEqual(shown.body.port.extra_dhcp_opts, expected);
  // router may be blank
  const blank = await t.request('PUT', `${P}/${id}`, {
    token: demo,
    body: { port: { extra_dhcp_opts: [{ opt_name: 'router', opt_value: '' }] } },
  });
  assert.equal(blank.status, 200);
  assert.deepEqual(blank.body.port.extra_dhcp_opts[0], { opt_name: 'router', opt_value: '', ip_version: 4 });
});

test("extra_dhcp_opts: Neutron's InvalidInput for a bad list or option, nothing stored", async () => {
  const p = (await t.request('POST', P, { token: demo, body: { port: { network_id: netId } } })).body.port;
  const cases: Array<[unknown, string]> = [
    ['x', "Invalid input for operation: 'x' is not a list."],
    [{}, "Invalid input for operation: '{}' is not a list."],
    [['x'], 'Invalid input for operation: No valid key specs matched for: x.'],
    [[{ opt_value: '1' }], "Invalid input for operation: No valid key specs matched for: {'opt_value': '1'}."],
    [
      [{ opt_name: 'a', opt_value: '1', bogus: 1 }],
      "Invalid input for operation: No valid key specs matched for: {'opt_name': 'a', 'opt_value': '1', 'bogus': 1}.",
    ],
    [
      [{ opt_name: 'a', opt_value: '1', ip_version: 5 }],
      "Invalid input for operation: No valid key specs matched for: {'opt_name': 'a', 'opt_value': '1', 'ip_version': 5}.",
    ],
    [
      [{ opt_name: '', opt_value: '1' }],
      "Invalid input for operation: No valid key specs matched for: {'opt_name': '', 'opt_value': '1'}.",
    ],
    [
      [{ opt_name: 'a', opt_value: '' }],
      "Invalid input for operation: No valid key specs matched for: {'opt_name': 'a', 'opt_value': ''}.",
    ],
    [
      [{ opt_name: 'a', opt_value: 'x\ny' }],
      "Invalid input for operation: No valid key specs matched for: {'opt_name': 'a', 'opt_value': 'x\\ny'}.",
    ],
    [
      [{ opt_name: 'a', opt_value: 5 }],
      "Invalid input for operation: No valid key specs matched for: {'opt_name': 'a', 'opt_value': 5}.",
    ],
  ];
  for (const [value, message] of cases) {
    const r = await t.request('PUT', `${P}/${p.id}`, { token: demo, body: { port: { extra_dhcp_opts: value } } });
    assert.equal(r.status, 400, JSON.stringify(value));
    assert.deepEqual(r.body, { NeutronError: { type: 'InvalidInput', message, detail: '' } });
  }
  const c = await t.request('POST', P, {
    token: demo,
    body: { port: { network_id: netId, extra_dhcp_opts: [{ opt_name: 'a', opt_value: '' }] } },
  });
  assert.equal(c.status, 400);
  assert.deepEqual(await storedOpts(p.id), []);
});

test('binding: vnic_type for everyone, host_id/profile/vif_* for admins; binding a host makes vif_type ovs', async () => {
  const p = (
    await t.request('POST', P, {
      token: demo,
      body: { port: { network_id: netId, 'binding:vnic_type': 'direct' } },
    })
  ).body.port;
  assert.equal(p['binding:vnic_type'], 'direct');
  for (const k of ['binding:host_id', 'binding:profile', 'binding:vif_type', 'binding:vif_details'])
    assert.equal(k in p, false, k);
  const denied = await t.request('PUT', `${P}/${p.id}`, {
    token: demo,
    body: { port: { 'binding:host_id': 'compute1' } },
  });
  assert.equal(denied.status, 403);
  assert.equal(denied.body.NeutronError.type, 'PolicyNotAuthorized');
  const bad = await t.request('PUT', `${P}/${p.id}`, { token: demo, body: { port: { 'binding:vnic_type': 'x' } } });
  assert.equal(bad.status, 400);
  const bound = await t.request('PUT', `${P}/${p.id}`, {
    token: admin,
    body: { port: { 'binding:host_id': 'compute1', 'binding:profile': { pci_slot: '0000:0a:00.1' } } },
  });
  assert.equal(bound.status, 200);
  assert.equal(bound.body.port['binding:host_id'], 'compute1');
  assert.equal(bound.body.port['binding:vif_type'], 'ovs');
  assert.deepEqual(bound.body.port['binding:profile'], { pci_slot: '0000:0a:00.1' });
  const row = await t.rt.store.db.selectFrom('ports').selectAll().where('id', '=', p.id).executeTakeFirstOrThrow();
  assert.equal(row.binding_host_id, 'compute1');
  assert.equal(row.binding_vif_type, 'ovs');
  const unbound = await t.request('PUT', `${P}/${p.id}`, { token: admin, body: { port: { 'binding:host_id': '' } } });
  assert.equal(unbound.body.port['binding:vif_type'], 'unbound');
  assert.deepEqual(unbound.body.port['binding:vif_details'], {});
});

test('fixed_ips=ip_address_substr= lists the ports with an address containing every substring', async () => {
  const net = (await t.request('POST', '/network/v2.0/networks', { token: demo, body: { network: { name: 'sub' } } }))
    .body.network.id;
  await t.request('POST', '/network/v2.0/subnets', {
    token: demo,
    body: { subnet: { network_id: net, cidr: '10.62.0.0/24' } },
  });
  const mk = async (ip: string) =>
    (
      await t.request('POST', P, {
        token: demo,
        body: { port: { network_id: net, fixed_ips: [{ ip_address: ip }] } },
      })
    ).body.port.id as string;
  const a = await mk('10.62.0.17');
  const b = await mk('10.62.0.170');
  await mk('10.62.0.5');
  const q = async (s: string) =>
    (await t.request('GET', `${P}?network_id=${net}&${s}`, { token: demo })).body.ports
      .map((p: { id: string }) => p.id)
      .sort() as string[];
  assert.deepEqual(await q('fixed_ips=ip_address_substr=0.17'), [a, b].sort());
  assert.deepEqual(await q('fixed_ips=ip_address_substr=170'), [b]);
  assert.deepEqual(await q('fixed_ips=ip_address=10.62.0.17'), [a]);
  assert.deepEqual(await q('fixed_ips=ip_address_substr=99'), []);
  const ext = await t.request('GET', '/network/v2.0/extensions/ip-substring-filtering', { token: demo });
  assert.equal(ext.status, 200);
  const dhcp = await t.request('GET', '/network/v2.0/extensions/extra_dhcp_opt', { token: demo });
  assert.equal(dhcp.status, 200);
});

test("dns: dns_assignment names each address under openstacklocal; dns_name is validated, not assigned; a network's dns_domain is kept", async () => {
  const net = (await t.request('POST', '/network/v2.0/networks', { token: demo, body: { network: { name: 'dn' } } }))
    .body.network;
  assert.equal(net.dns_domain, '');
  await t.request('POST', '/network/v2.0/subnets', {
    token: demo,
    body: { subnet: { network_id: net.id, cidr: '10.63.0.0/24' } },
  });
  const c = await t.request('POST', P, {
    token: demo,
    body: { port: { network_id: net.id, dns_name: 'MyHost', fixed_ips: [{ ip_address: '10.63.0.9' }] } },
  });
  assert.equal(c.status, 201);
  assert.equal(c.body.port.dns_name, '');
  assert.deepEqual(c.body.port.dns_assignment, [
    { ip_address: '10.63.0.9', hostname: 'host-10-63-0-9', fqdn: 'host-10-63-0-9.openstacklocal.' },
  ]);
  const bad = await t.request('PUT', `${P}/${c.body.port.id}`, { token: demo, body: { port: { dns_name: '-bad' } } });
  assert.equal(bad.status, 400);
  assert.deepEqual(bad.body, {
    NeutronError: {
      type: 'HTTPBadRequest',
      message:
        "Invalid input for dns_name. Reason: '-bad' not a valid PQDN or FQDN. Reason: Name '-bad' must not start or end with a hyphen.",
      detail: '',
    },
  });
  const notString = await t.request('PUT', `${P}/${c.body.port.id}`, { token: demo, body: { port: { dns_name: 5 } } });
  assert.deepEqual(notString.body, {
    NeutronError: {
      type: 'InvalidInput',
      message: 'Invalid input for operation: Input value 5 must be string type.',
      detail: '',
    },
  });
  const N = `/network/v2.0/networks/${net.id}`;
  const set = await t.request('PUT', N, { token: demo, body: { network: { dns_domain: 'Example.COM.' } } });
  assert.equal(set.status, 200);
  assert.equal(set.body.network.dns_domain, 'example.com.');
  const stored = await t.rt.store.db
    .selectFrom('networks')
    .select('dns_domain')
    .where('id', '=', net.id)
    .executeTakeFirstOrThrow();
  assert.equal(stored.dns_domain, 'example.com.');
  const notFqdn = await t.request('PUT', N, { token: demo, body: { network: { dns_domain: 'example.com' } } });
  assert.equal(notFqdn.status, 400);
  assert.equal(notFqdn.body.NeutronError.message, "Invalid input for dns_domain. Reason: 'example.com' is not a FQDN.");
  const cleared = await t.request('PUT', N, { token: demo, body: { network: { dns_domain: '' } } });
  assert.equal(cleared.body.network.dns_domain, '');
  const ext = await t.request('GET', '/network/v2.0/extensions/dns-integration', { token: demo });
  assert.equal(ext.status, 200);
});
