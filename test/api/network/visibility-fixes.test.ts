/**
 * Three behaviours where stackbox differed from Neutron (issue 19): the subnets of a non-shared
 * external network are hidden from other projects, a network's owner may give a port a MAC, and a
 * SLAAC / DHCPv6-stateless subnet is deleted with the automatic addresses of its ports.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../helpers/app.js';

let t: TestApp;
let admin: string;
let demo: string;
before(async () => {
  t = await startTestApp(
    { seedUsers: [{ name: 'alt', password: 'secret', project: 'alt', roles: ['member', 'reader'] }] },
    { agent: false },
  );
  admin = await t.tokenFor('admin');
  demo = await t.tokenFor('demo');
});
after(async () => {
  await t.close();
});

const N = '/network/v2.0/networks';
const SN = '/network/v2.0/subnets';
const P = '/network/v2.0/ports';

test("a member does not see the subnets of a non-shared external network (Neutron's get_subnet)", async () => {
  const pub = (await t.request('GET', `${N}?name=public`, { token: demo })).body.networks[0];
  assert.ok(pub, 'the external network itself is visible');
  assert.equal(pub['router:external'], true);
  assert.equal(pub.shared, false);
  const subnetIds = pub.subnets as string[];
  assert.ok(subnetIds.length > 0);
  const listed = await t.request('GET', `${SN}?network_id=${pub.id}`, { token: demo });
  assert.equal(listed.status, 200);
  assert.deepEqual(listed.body.subnets, []);
  const all = await t.request('GET', SN, { token: demo });
  assert.ok(!all.body.subnets.some((s: { id: string }) => subnetIds.includes(s.id)));
  const one = await t.request('GET', `${SN}/${subnetIds[0]}`, { token: demo });
  assert.equal(one.status, 404);
  assert.equal(one.body.NeutronError.type, 'SubnetNotFound');
  const asAdmin = await t.request('GET', `${SN}?network_id=${pub.id}`, { token: admin });
  assert.equal(asAdmin.body.subnets.length, subnetIds.length);
  // the shared private network's subnets stay visible
  const priv = (await t.request('GET', `${N}?name=private`, { token: demo })).body.networks[0];
  const privSubnets = await t.request('GET', `${SN}?network_id=${priv.id}`, { token: demo });
  assert.equal(privSubnets.body.subnets.length, priv.subnets.length);
});

test("the network's owner may set mac_address on a port of its network (create_port:mac_address)", async () => {
  const net = (await t.request('POST', N, { token: demo, body: { network: { name: 'macnet' } } })).body.network;
  await t.request('POST', SN, { token: demo, body: { subnet: { network_id: net.id, cidr: '10.91.0.0/24' } } });
  const res = await t.request('POST', P, {
    token: demo,
    body: { port: { network_id: net.id, mac_address: 'FA:16:3E:00:00:91' } },
  });
  assert.equal(res.status, 201, res.text);
  assert.equal(res.body.port.mac_address, 'fa:16:3e:00:00:91');
  const stored = await t.rt.store.db
    .selectFrom('ports')
    .select('mac_address')
    .where('id', '=', res.body.port.id)
    .execute();
  assert.equal(stored[0]?.mac_address, 'fa:16:3e:00:00:91');
  // on someone else's shared network a member may not choose it
  const priv = (await t.request('GET', `${N}?name=private`, { token: demo })).body.networks[0];
  const foreign = await t.request('POST', P, {
    token: demo,
    body: { port: { network_id: priv.id, mac_address: 'fa:16:3e:00:00:92' } },
  });
  assert.equal(foreign.status, 403);
});

test('deleting a SLAAC subnet whose ports have automatic addresses → 204, the addresses go with it', async () => {
  const net = (await t.request('POST', N, { token: demo, body: { network: { name: 'slaacnet' } } })).body.network;
  const v4 = (
    await t.request('POST', SN, { token: demo, body: { subnet: { network_id: net.id, cidr: '10.92.0.0/24' } } })
  ).body.subnet;
  const v6 = await t.request('POST', SN, {
    token: demo,
    body: {
      subnet: {
        network_id: net.id,
        cidr: 'fd00:92::/64',
        ip_version: 6,
        ipv6_ra_mode: 'slaac',
        ipv6_address_mode: 'slaac',
      },
    },
  });
  assert.equal(v6.status, 201, v6.text);
  const port = (await t.request('POST', P, { token: demo, body: { port: { network_id: net.id } } })).body.port;
  assert.equal(port.fixed_ips.length, 2);
  const del = await t.request('DELETE', `${SN}/${v6.body.subnet.id}`, { token: demo });
  assert.equal(del.status, 204, del.text);
  const after = (await t.request('GET', `${P}/${port.id}`, { token: demo })).body.port;
  assert.deepEqual(
    after.fixed_ips.map((f: { subnet_id: string }) => f.subnet_id),
    [v4.id],
  );
  assert.equal(after.revision_number, port.revision_number + 1);
  const left = await t.rt.store.db
    .selectFrom('ip_allocations')
    .select('ip_address')
    .where('subnet_id', '=', v6.body.subnet.id)
    .execute();
  assert.equal(left.length, 0);
  // a pool-managed subnet with an address in use still answers 409
  const inUse = await t.request('DELETE', `${SN}/${v4.id}`, { token: demo });
  assert.equal(inUse.status, 409);
  assert.equal(inUse.body.NeutronError.type, 'SubnetInUse');
});
