/**
 * Nova's floating-IP proxies below microversion 2.36: /os-floating-ips (list/show/create/delete)
 * and /os-floating-ip-pools over Neutron's floating IPs, with Nova's bodies and errors; 404 from
 * 2.36; addFloatingIp/removeFloatingIp work with what they allocate.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { ComputeAgent } from '../../../src/agent/agent.js';
import { FakeDriver } from '../../../src/virt/fake/fake-driver.js';
import { S, bootServer, networkId } from './os-interface-helpers.js';

let t: TestApp;
let agent: ComputeAgent;
let admin: string;
let demo: string;
let alt: string;
let demoId: string;
let priv: string;
let publicId: string;

before(async () => {
  t = await startTestApp(
    { seedUsers: [{ name: 'alt', password: 'secret', project: 'alt', roles: ['member', 'reader'] }] },
    { agent: false },
  );
  agent = new ComputeAgent(t.rt, { driver: new FakeDriver(t.rt) });
  await agent.start();
  admin = await t.tokenFor('admin');
  demo = await t.tokenFor('demo');
  alt = await t.tokenFor('alt');
  demoId =
    (await t.rt.store.db.selectFrom('projects').select('id').where('name', '=', 'demo').executeTakeFirst())?.id ?? '';
  priv = await networkId(t, 'private');
  publicId = await networkId(t, 'public');
});
after(async () => {
  await agent.stop();
  await t.close();
});

const FIPS = '/compute/v2.1/os-floating-ips';
const POOLS = '/compute/v2.1/os-floating-ip-pools';
const MV = '2.35';

const nova = (method: string, url: string, token: string, body?: unknown, mv = MV) =>
  t.request(method, url, { token, body, mv });

async function allocate(token = demo, pool = 'public'): Promise<Record<string, unknown> & { id: string; ip: string }> {
  const res = await nova('POST', FIPS, token, { pool });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.floating_ip;
}

test('pools → the external networks by name', async () => {
  const res = await nova('GET', POOLS, demo);
  assert.equal(res.status, 200);
  assert.deepEqual(res.body, { floating_ip_pools: [{ name: 'public' }] });
});

test('create from a pool → 200 in Nova format, a Neutron floating IP of the caller', async () => {
  const fip = await allocate();
  assert.deepEqual(Object.keys(fip).sort(), ['fixed_ip', 'id', 'instance_id', 'ip', 'pool']);
  assert.equal(fip.pool, 'public');
  assert.equal(fip.fixed_ip, null);
  assert.equal(fip.instance_id, null);
  const stored = await t.rt.store.db.selectFrom('floating_ips').selectAll().where('id', '=', fip.id).executeTakeFirst();
  assert.equal(stored?.floating_ip_address, fip.ip);
  assert.equal(stored?.project_id, demoId);
  assert.equal(stored?.floating_network_id, publicId);
  // the pool may also be named by the network's id
  const byId = await allocate(demo, publicId);
  assert.equal(byId.pool, 'public');
  const shown = await nova('GET', `${FIPS}/${fip.id}`, demo);
  assert.equal(shown.status, 200);
  assert.deepEqual(shown.body.floating_ip, fip);
});

test('create without a pool uses compute.defaultFloatingPool (public, as devstack sets it); bad pool 404', async () => {
  for (const body of [undefined, {}, { pool: null }]) {
    const res = await nova('POST', FIPS, demo, body);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.floating_ip.pool, 'public');
  }
  const bad = await nova('POST', FIPS, demo, { pool: 'non_exist_pool' });
  assert.equal(bad.status, 404);
  assert.equal(bad.body.itemNotFound.message, 'Floating IP pool not found.');
  // the private network is not a pool
  const priv404 = await nova('POST', FIPS, demo, { pool: priv });
  assert.equal(priv404.status, 404);
});

test("list → only the caller's project's floating IPs (admin too); other project's FIP is 404", async () => {
  const mine = await allocate();
  const theirs = await allocate(alt);
  const list = await nova('GET', FIPS, demo);
  assert.equal(list.status, 200);
  const ids = list.body.floating_ips.map((f: { id: string }) => f.id);
  assert.ok(ids.includes(mine.id));
  assert.ok(!ids.includes(theirs.id));
  const adminList = await nova('GET', FIPS, admin);
  assert.ok(!adminList.body.floating_ips.some((f: { id: string }) => f.id === mine.id || f.id === theirs.id));

  const show = await nova('GET', `${FIPS}/${theirs.id}`, demo);
  assert.equal(show.status, 404);
  assert.deepEqual(show.body, {
    itemNotFound: { code: 404, message: `Floating IP not found for ID ${theirs.id}` },
  });
  const del = await nova('DELETE', `${FIPS}/${theirs.id}`, demo);
  assert.equal(del.status, 404);
  assert.equal(del.body.itemNotFound.message, `Floating IP not found for ID ${theirs.id}`);
  // the admin sees any project's floating IP by id
  assert.equal((await nova('GET', `${FIPS}/${theirs.id}`, admin)).status, 200);
  const ghost = '11111111-2222-3333-4444-555555555555';
  assert.equal((await nova('GET', `${FIPS}/${ghost}`, demo)).status, 404);
  assert.equal((await nova('DELETE', `${FIPS}/${ghost}`, demo)).status, 404);
});

test('delete → 202 with no body; the Neutron floating IP and its port are gone', async () => {
  const fip = await allocate();
  const stored = await t.rt.store.db.selectFrom('floating_ips').selectAll().where('id', '=', fip.id).executeTakeFirst();
  const res = await nova('DELETE', `${FIPS}/${fip.id}`, demo);
  assert.equal(res.status, 202);
  assert.equal(res.text, '');
  assert.equal(
    await t.rt.store.db.selectFrom('floating_ips').select('id').where('id', '=', fip.id).executeTakeFirst(),
    undefined,
  );
  assert.equal(
    await t.rt.store.db.selectFrom('ports').select('id').where('id', '=', stored!.floating_port_id).executeTakeFirst(),
    undefined,
  );
});

test('from 2.36 every proxy is 404', async () => {
  const fip = await allocate();
  for (const [method, url] of [
    ['GET', FIPS],
    ['POST', FIPS],
    ['GET', `${FIPS}/${fip.id}`],
    ['DELETE', `${FIPS}/${fip.id}`],
    ['GET', POOLS],
  ] as const) {
    const res = await nova(method, url, demo, method === 'POST' ? { pool: 'public' } : undefined, '2.36');
    assert.equal(res.status, 404, `${method} ${url}`);
  }
  assert.ok(await t.rt.store.db.selectFrom('floating_ips').select('id').where('id', '=', fip.id).executeTakeFirst());
});

test('addFloatingIp / removeFloatingIp with an allocated floating IP; list shows the instance', async () => {
  const server = await bootServer(t, demo, [{ uuid: priv }], 'proxy-fip-vm');
  const v4 = (await t.request('GET', `/network/v2.0/subnets?network_id=${priv}&ip_version=4`, { token: demo })).body
    .subnets[0].id;
  const router = (
    await t.request('POST', '/network/v2.0/routers', {
      token: demo,
      body: { router: { name: 'proxy-r', external_gateway_info: { network_id: publicId } } },
    })
  ).body.router;
  const iface = await t.request('PUT', `/network/v2.0/routers/${router.id}/add_router_interface`, {
    token: demo,
    body: { subnet_id: v4 },
  });
  assert.equal(iface.status, 200, JSON.stringify(iface.body));
  const fip = await allocate();
  const action = (body: unknown) => t.request('POST', `${S}/${server}/action`, { token: demo, mv: MV, body });
  const add = await action({ addFloatingIp: { address: fip.ip } });
  assert.equal(add.status, 202, JSON.stringify(add.body));
  const port = (await t.request('GET', `/network/v2.0/ports?device_id=${server}`, { token: demo })).body.ports[0];
  const shown = (await nova('GET', `${FIPS}/${fip.id}`, demo)).body.floating_ip;
  assert.equal(shown.instance_id, server);
  assert.equal(
    shown.fixed_ip,
    port.fixed_ips.find((f: { ip_address: string }) => !f.ip_address.includes(':')).ip_address,
  );
  const listed = (await nova('GET', FIPS, demo)).body.floating_ips.find((f: { id: string }) => f.id === fip.id);
  assert.deepEqual(listed, shown);

  const remove = await action({ removeFloatingIp: { address: fip.ip } });
  assert.equal(remove.status, 202, JSON.stringify(remove.body));
  const after = (await nova('GET', `${FIPS}/${fip.id}`, demo)).body.floating_ip;
  assert.equal(after.instance_id, null);
  assert.equal(after.fixed_ip, null);

  // an associated floating IP is released by delete too
  assert.equal((await action({ addFloatingIp: { address: fip.ip } })).status, 202);
  assert.equal((await nova('DELETE', `${FIPS}/${fip.id}`, demo)).status, 202);
  const gone = await t.request('GET', `/network/v2.0/floatingips/${fip.id}`, { token: demo });
  assert.equal(gone.status, 404);
});
