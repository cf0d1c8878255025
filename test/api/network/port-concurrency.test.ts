import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import {
  bindPort,
  createPortForInstance,
  deletePort,
  listPortsByDevice,
  unbindPort,
} from '../../../src/services/network/port-service.js';

let t: TestApp;
let demo: string;
let netId: string;
let subnetId: string;
before(async () => {
  t = await startTestApp({}, { agent: false });
  demo = await t.tokenFor('demo');
  netId = (await t.request('POST', '/network/v2.0/networks', { token: demo, body: { network: { name: 'race' } } })).body
    .network.id;
  subnetId = (
    await t.request('POST', '/network/v2.0/subnets', {
      token: demo,
      body: { subnet: { network_id: netId, cidr: '10.200.0.0/24' } },
    })
  ).body.subnet.id;
});
after(async () => {
  await t.close();
});

const create = () => t.request('POST', '/network/v2.0/ports', { token: demo, body: { port: { network_id: netId } } });

test('200 parallel port creates on a /24 → 200 distinct addresses; then the pool (253) runs out with 409 IpAddressGenerationFailure', async () => {
  const first = await Promise.all(Array.from({ length: 200 }, create));
  assert.deepEqual(
    first.map((r) => r.status).filter((s) => s !== 201),
    [],
  );
  const ips = first.map((r) => r.body.port.fixed_ips[0].ip_address);
  assert.equal(new Set(ips).size, 200);
  assert.equal(new Set(first.map((r) => r.body.port.mac_address)).size, 200);

  const second = await Promise.all(Array.from({ length: 60 }, create));
  const ok = second.filter((r) => r.status === 201);
  const failed = second.filter((r) => r.status !== 201);
  assert.equal(ok.length, 53, '253 addresses in 10.200.0.2-10.200.0.254');
  assert.equal(failed.length, 7);
  for (const r of failed) {
    assert.equal(r.status, 409);
    assert.deepEqual(r.body.NeutronError, {
      type: 'IpAddressGenerationFailure',
      message: `No more IP addresses available on network ${netId}.`,
      detail: '',
    });
  }
  const rows = await t.rt.store.db
    .selectFrom('ip_allocations')
    .select(['ip_address', 'port_id'])
    .where('subnet_id', '=', subnetId)
    .execute();
  assert.equal(rows.length, 253);
  assert.equal(new Set(rows.map((r) => r.ip_address)).size, 253);
  assert.ok(
    !rows.some(
      (r) => r.ip_address === '10.200.0.1' || r.ip_address === '10.200.0.0' || r.ip_address === '10.200.0.255',
    ),
  );
  // failed creates left no port behind
  const ports = await t.rt.store.db.selectFrom('ports').select('id').where('network_id', '=', netId).execute();
  assert.equal(ports.length, 253);
});

test('port-service: createPortForInstance, bindPort (one winner of two concurrent binds), unbind, list by device, delete', async () => {
  const priv = (await t.request('GET', '/network/v2.0/networks?name=private', { token: demo })).body.networks[0];
  const projectId = priv.project_id as string;
  const store = t.rt.store;
  const port = await store.transaction((trx) =>
    createPortForInstance(
      trx,
      { instanceUuid: 'inst-a', projectId, networkId: priv.id, fixedIp: '10.0.0.42', hostId: 'compute-1' },
      t.rt.clock().toISOString(),
    ),
  );
  assert.equal(port.status, 'ACTIVE');
  assert.equal(port.binding_vif_type, 'ovs');
  assert.equal(port.device_owner, 'compute:nova');
  assert.deepEqual(
    port.fixedIps.map((f) => f.ip_address),
    ['10.0.0.42'],
  );
  assert.deepEqual(
    (await listPortsByDevice(store.db, 'inst-a')).map((p) => p.id),
    [port.id],
  );

  const free = await store.transaction((trx) => unbindPort(trx, port.id, t.rt.clock().toISOString()));
  assert.equal(free.device_id, '');
  assert.equal(free.status, 'DOWN');
  const results = await Promise.allSettled([
    store.transaction((trx) =>
      bindPort(trx, port.id, { deviceId: 'inst-b', hostId: 'compute-2' }, t.rt.clock().toISOString()),
    ),
    store.transaction((trx) =>
      bindPort(trx, port.id, { deviceId: 'inst-c', hostId: 'compute-3' }, t.rt.clock().toISOString()),
    ),
  ]);
  const wins = results.filter((r) => r.status === 'fulfilled');
  assert.equal(wins.length, 1);
  const loss = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
  assert.equal(loss.reason.details.type, 'PortInUse');
  assert.equal(loss.reason.status, 409);
  await store.transaction((trx) => deletePort(trx, port.id));
  assert.equal(
    (await listPortsByDevice(store.db, 'inst-b')).length + (await listPortsByDevice(store.db, 'inst-c')).length,
    0,
  );
  await assert.rejects(
    store.transaction((trx) => deletePort(trx, port.id)),
    (e: { details: { type: string } }) => e.details.type === 'PortNotFound',
  );
});

test('network-service availableNetworks: own + shared, no external; by id keeps order and drops invisible ids', async () => {
  const { availableNetworks } = await import('../../../src/services/network/network-service.js');
  const demoProject = (
    await t.rt.store.db.selectFrom('projects').select('id').where('name', '=', 'demo').executeTakeFirstOrThrow()
  ).id;
  const names = (await availableNetworks(t.rt.store.db, demoProject)).map((n) => n.name).sort();
  assert.deepEqual(names, ['private', 'race']);
  const admin = await t.tokenFor('admin');
  const hidden = (
    await t.request('POST', '/network/v2.0/networks', { token: admin, body: { network: { name: 'hidden' } } })
  ).body.network.id;
  const pub = (await t.request('GET', '/network/v2.0/networks?name=public', { token: demo })).body.networks[0].id;
  const byId = await availableNetworks(t.rt.store.db, demoProject, [pub, hidden, netId]);
  assert.deepEqual(
    byId.map((n) => n.id),
    [pub, netId],
  );
});

test('network delete racing port creates: never a 500; either the delete wins (no port left) or it answers 409 NetworkInUse', async () => {
  for (let round = 0; round < 5; round++) {
    const net = (
      await t.request('POST', '/network/v2.0/networks', { token: demo, body: { network: { name: `del-${round}` } } })
    ).body.network;
    await t.request('POST', '/network/v2.0/subnets', {
      token: demo,
      body: { subnet: { network_id: net.id, cidr: '10.210.0.0/24' } },
    });
    const creates = Array.from({ length: 5 }, () =>
      t.request('POST', '/network/v2.0/ports', { token: demo, body: { port: { network_id: net.id } } }),
    );
    const [del, ...ports] = await Promise.all([
      t.request('DELETE', `/network/v2.0/networks/${net.id}`, { token: demo }),
      ...creates,
    ]);
    assert.ok([204, 409].includes(del.status), `delete ${del.status} ${del.text}`);
    for (const p of ports) assert.ok([201, 404].includes(p.status), `create ${p.status} ${p.text}`);
    const left = await t.rt.store.db.selectFrom('ports').select('id').where('network_id', '=', net.id).execute();
    if (del.status === 204) assert.equal(left.length, 0);
    else assert.equal(del.body.NeutronError.type, 'NetworkInUse');
    assert.equal(left.length, ports.filter((p) => p.status === 201).length);
  }
});
