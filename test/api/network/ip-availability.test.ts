/**
 * Network IP availability (network-ip-availability extension): total_ips is the size of the
 * allocation pools and used_ips the allocated addresses, per subnet and per network, computed from
 * the store; IPv6 counts are exact past 2^53; admin only.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../helpers/app.js';

let t: TestApp;
let admin: string;
let demo: string;
let netId: string;
let v4: string;
let v6: string;
before(async () => {
  t = await startTestApp({}, { agent: false });
  admin = await t.tokenFor('admin');
  demo = await t.tokenFor('demo');
  netId = (await t.request('POST', `${N}/networks`, { token: demo, body: { network: { name: 'ipa' } } })).body.network
    .id;
  v4 = (
    await t.request('POST', `${N}/subnets`, {
      token: demo,
      body: { subnet: { network_id: netId, cidr: '10.88.0.0/24', name: 'four' } },
    })
  ).body.subnet.id;
  v6 = (
    await t.request('POST', `${N}/subnets`, {
      token: demo,
      body: { subnet: { network_id: netId, cidr: 'fd00:88::/64', ip_version: 6, name: 'six' } },
    })
  ).body.subnet.id;
});
after(async () => {
  await t.close();
});

const N = '/network/v2.0';

/** a full or ::-compressed IPv6 address as a bigint */
function ipv6(text: string): bigint {
  const [head = '', tail = ''] = text.split('::');
  const h = head ? head.split(':') : [];
  const tl = tail ? tail.split(':') : [];
  const groups = [...h, ...Array<string>(8 - h.length - tl.length).fill('0'), ...tl];
  return groups.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n);
}
const A = `${N}/network-ip-availabilities`;

test('totals are the pools, used counts follow the allocations', async () => {
  const before1 = await t.request('GET', `${A}/${netId}`, { token: admin });
  assert.equal(before1.status, 200);
  const a = before1.body.network_ip_availability;
  assert.equal(a.network_id, netId);
  assert.equal(a.network_name, 'ipa');
  assert.equal(a.project_id, a.tenant_id);
  assert.equal(a.used_ips, 0);
  const four = a.subnet_ip_availability.find((s: { subnet_id: string }) => s.subnet_id === v4);
  assert.deepEqual(four, {
    subnet_id: v4,
    ip_version: 4,
    cidr: '10.88.0.0/24',
    subnet_name: 'four',
    used_ips: 0,
    total_ips: 253,
  });
  // about 2^64 addresses in the /64's pool, printed exactly as Python does (beyond 2^53)
  const pool = (await t.request('GET', `${N}/subnets/${v6}`, { token: demo })).body.subnet.allocation_pools[0];
  const size = ipv6(pool.end) - ipv6(pool.start) + 1n;
  assert.ok(size > 2n ** 63n);
  assert.match(before1.text, new RegExp(`"total_ips": ?${size}[,}]`));
  assert.match(before1.text, new RegExp(`"total_ips": ?${size + 253n}[,}]`), 'the network total');

  const port = await t.request('POST', `${N}/ports`, { token: demo, body: { port: { network_id: netId } } });
  assert.equal(port.status, 201);
  const pinned = await t.request('POST', `${N}/ports`, {
    token: demo,
    body: { port: { network_id: netId, fixed_ips: [{ subnet_id: v4 }] } },
  });
  assert.equal(pinned.status, 201);
  const after1 = (await t.request('GET', `${A}/${netId}`, { token: admin })).body.network_ip_availability;
  const used = Object.fromEntries(
    after1.subnet_ip_availability.map((s: { subnet_id: string; used_ips: number }) => [s.subnet_id, s.used_ips]),
  );
  assert.equal(used[v4], 2);
  assert.equal(used[v6], port.body.port.fixed_ips.length - 1);
  assert.equal(after1.used_ips, used[v4] + used[v6]);
});

test('list filters, fields, and the admin-only policy', async () => {
  const list = await t.request('GET', `${A}?network_id=${netId}&ip_version=4`, { token: admin });
  assert.equal(list.status, 200);
  assert.equal(list.body.network_ip_availabilities.length, 1);
  assert.deepEqual(
    list.body.network_ip_availabilities[0].subnet_ip_availability.map((s: { subnet_id: string }) => s.subnet_id),
    [v4],
  );
  const named = await t.request('GET', `${A}?network_name=ipa&fields=network_name`, { token: admin });
  assert.deepEqual(named.body, { network_ip_availabilities: [{ network_name: 'ipa' }] });
  const empty = await t.request('POST', `${N}/networks`, { token: demo, body: { network: { name: 'ipa-empty' } } });
  const e = await t.request('GET', `${A}/${empty.body.network.id}`, { token: admin });
  assert.deepEqual(
    [e.body.network_ip_availability.total_ips, e.body.network_ip_availability.subnet_ip_availability],
    [0, []],
  );
  const v4only = await t.request('GET', `${A}?ip_version=4&network_name=ipa-empty`, { token: admin });
  assert.deepEqual(v4only.body, { network_ip_availabilities: [] });

  assert.deepEqual((await t.request('GET', A, { token: demo })).body, { network_ip_availabilities: [] });
  const hidden = await t.request('GET', `${A}/${netId}`, { token: demo });
  assert.equal(hidden.status, 404);
  assert.deepEqual(hidden.body.NeutronError, {
    type: 'HTTPNotFound',
    message: 'The resource could not be found.',
    detail: '',
  });
  const missing = await t.request('GET', `${A}/nope`, { token: admin });
  assert.equal(missing.body.NeutronError.message, 'Network nope could not be found.');
});
