import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, waitFor, type TestApp } from '../../helpers/app.js';
import { ComputeAgent } from '../../../src/agent/agent.js';
import { FakeDriver } from '../../../src/virt/fake/fake-driver.js';
import { I, S, actionLog, bootServer, createPort, getPort, networkId } from './os-interface-helpers.js';

let t: TestApp;
let agent: ComputeAgent;
let driver: FakeDriver;
let admin: string;
let demo: string;
let priv: string;
before(async () => {
  t = await startTestApp({}, { agent: false });
  driver = new FakeDriver(t.rt);
  agent = new ComputeAgent(t.rt, { driver });
  await agent.start();
  admin = await t.tokenFor('admin');
  demo = await t.tokenFor('demo');
  priv = await networkId(t, 'private');
});
after(async () => { await agent.stop(); await t.close(); });

const ips = (port: { fixed_ips: Array<{ ip_address: string }> }) => port.fixed_ips.map((f) => f.ip_address).sort();

test('create with networks [{port}] and [{uuid, fixed_ip}]: ports bound to the server and host, addresses shown; delete deletes the created port and unbinds the user\'s', async () => {
  const userPort = await createPort(t, demo, priv, { name: 'mine' });
  const withPort = await bootServer(t, demo, [{ port: userPort.id }], 'with-port');
  const sub = await t.rt.store.db.selectFrom('subnets').select('cidr').where('network_id', '=', priv).where('ip_version', '=', 4).executeTakeFirstOrThrow();
  const ip = sub.cidr.replace(/\.\d+\/\d+$/, '.99');
  const withIp = await bootServer(t, demo, [{ uuid: priv, fixed_ip: ip }], 'with-ip');

  const server = async (id: string) => (await t.request('GET', `${S}/${id}`, { token: admin })).body.server;
  const a = await server(withPort);
  const bound = (await getPort(t, admin, userPort.id)).body.port;
  assert.deepEqual([bound.device_id, bound.device_owner, bound.status, bound['binding:host_id']], [withPort, 'compute:nova', 'ACTIVE', a['OS-EXT-SRV-ATTR:host']]);
  assert.deepEqual(a.addresses.private.map((x: { addr: string }) => x.addr).sort(), ips(userPort));
  assert.equal(a.addresses.private[0]['OS-EXT-IPS:type'], 'fixed');
  assert.equal(a.addresses.private[0]['OS-EXT-IPS-MAC:mac_addr'], userPort.mac_address);

  const b = await server(withIp);
  assert.deepEqual(b.addresses.private.map((x: { addr: string }) => x.addr), [ip]);
  const list = await t.request('GET', I(withIp), { token: demo });
  assert.equal(list.body.interfaceAttachments.length, 1);
  const created = list.body.interfaceAttachments[0].port_id as string;
  const cp = (await getPort(t, admin, created)).body.port;
  assert.deepEqual([cp.device_id, cp.device_owner, cp['binding:host_id']], [withIp, 'compute:nova', b['OS-EXT-SRV-ATTR:host']]);

  for (const id of [withPort, withIp]) assert.equal((await t.request('DELETE', `${S}/${id}`, { token: demo })).status, 204);
  for (const id of [withPort, withIp]) await waitFor(async () => (await t.request('GET', `${S}/${id}`, { token: demo })).status === 404, `${id} gone`);
  assert.equal((await getPort(t, demo, created)).status, 404);
  const kept = (await getPort(t, admin, userPort.id)).body.port;
  assert.deepEqual([kept.device_id, kept.device_owner, kept.status, kept['binding:host_id']], ['', '', 'DOWN', '']);
  assert.deepEqual(ips(kept), ips(userPort));
});

test('a failed hot-plug answers 500 computeFault and gives the port back (created port deleted, user port unbound)', async () => {
  const vm = await bootServer(t, demo, 'none', 'plug-fails');
  const before = await t.rt.store.db.selectFrom('ports').select('id').where('network_id', '=', priv).execute();
  driver.failNext('plugVif', vm, 'libvirt: device attach failed');
  const r = await t.request('POST', I(vm), { token: demo, body: { interfaceAttachment: { net_id: priv } } });
  assert.equal(r.status, 500);
  assert.deepEqual(r.body, { computeFault: { code: 500, message: `Failed to attach network adapter device to ${vm}` } });
  const afterPorts = await t.rt.store.db.selectFrom('ports').select('id').where('network_id', '=', priv).execute();
  assert.equal(afterPorts.length, before.length, 'the port created for the attach is deleted');

  const p = await createPort(t, demo, priv);
  driver.failNext('plugVif', vm, 'libvirt: device attach failed');
  const r2 = await t.request('POST', I(vm), { token: demo, body: { interfaceAttachment: { port_id: p.id } } });
  assert.equal(r2.status, 500);
  const port = (await getPort(t, admin, p.id)).body.port;
  assert.deepEqual([port.device_id, port.status, port['binding:host_id']], ['', 'DOWN', '']);
  assert.deepEqual((await t.request('GET', I(vm), { token: demo })).body.interfaceAttachments, []);
  assert.equal((await t.rt.store.db.selectFrom('virtual_interfaces').select('id').where('instance_uuid', '=', vm).execute()).length, 0);

  const log = await actionLog(t, demo, vm);
  const attaches = log.filter((a) => a.action === 'attach_interface');
  assert.equal(attaches.length, 2);
  for (const a of attaches) {
    assert.deepEqual(a.events.map((e) => [e.event, e.result]), [['compute_attach_interface', 'Error']]);
    assert.match(a.events[0].traceback ?? '', /libvirt: device attach failed/);
  }
  // the port is usable again
  const ok = await t.request('POST', I(vm), { token: demo, body: { interfaceAttachment: { port_id: p.id } } });
  assert.equal(ok.status, 200, ok.text);
});

test('a refused attach (unknown port) is an Error event on the attach_interface action', async () => {
  const vm = await bootServer(t, demo, 'none', 'refused');
  const r = await t.request('POST', I(vm), { token: demo, body: { interfaceAttachment: { port_id: '9d8c1f4e-0000-4000-8000-000000000001' } } });
  assert.equal(r.status, 404);
  const log = await actionLog(t, demo, vm);
  assert.equal(log[0].action, 'attach_interface');
  assert.deepEqual(log[0].events.map((e) => [e.event, e.result]), [['compute_attach_interface', 'Error']]);
});

test('a failed unplug keeps the interface attached and records the Error event', async () => {
  const vm = await bootServer(t, demo, [{ uuid: priv }], 'unplug-fails');
  const [att] = (await t.request('GET', I(vm), { token: demo })).body.interfaceAttachments;
  driver.failNext('unplugVif', vm, 'guest did not release the device');
  assert.equal((await t.request('DELETE', I(vm, att.port_id), { token: demo })).status, 202);
  const det = await waitFor(async () => {
    const a = (await actionLog(t, demo, vm)).find((x) => x.action === 'detach_interface');
    return a && a.events.length && a.events[0].result ? a : null;
  }, 'detach event');
  assert.equal(det.events[0].result, 'Error');
  assert.match(det.events[0].traceback ?? '', /Failed to detach network adapter device from/);
  assert.equal((await t.request('GET', I(vm), { token: demo })).body.interfaceAttachments.length, 1);
  assert.equal((await getPort(t, demo, att.port_id)).body.port.device_id, vm);
});
