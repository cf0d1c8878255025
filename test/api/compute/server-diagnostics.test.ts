/**
 * GET /servers/{id}/diagnostics: admin only, the libvirt-style flat dictionary before 2.48 and
 * Nova's standard document from 2.48, both from the server's flavor, ports and disks; the 409s
 * the real Nova gives for a guest that is not running or a server with no host.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { insertServer, projectId } from './server-fixtures.js';
import { CIRROS, waitSettled, waitState } from './servers-engine-helpers.js';

let t: TestApp;
let demo: string;
let admin: string;
let demoProject: string;
before(async () => {
  t = await startTestApp();
  demo = await t.tokenFor('demo');
  admin = await t.tokenFor('admin');
  demoProject = await projectId(t, 'demo');
});
after(async () => {
  await t.close();
});

const diag = (id: string, mv: string, token = admin) =>
  t.request('GET', `/compute/v2.1/servers/${id}/diagnostics`, { token, mv });

async function boot(): Promise<string> {
  const r = await t.request('POST', '/compute/v2.1/servers', {
    token: demo,
    mv: '2.37',
    body: { server: { name: 'diag', imageRef: CIRROS, flavorRef: '1', networks: 'auto' } },
  });
  assert.equal(r.status, 202, r.text);
  const id = r.body.server.id as string;
  await waitState(t.rt, id, 'active');
  await waitSettled(t.rt, [id]);
  return id;
}

test('2.48: the standard document from the flavor, the port and the root disk', async () => {
  const id = await boot();
  const r = await diag(id, '2.48');
  assert.equal(r.status, 200, r.text);
  const d = r.body as Record<string, unknown>;
  assert.deepEqual(Object.keys(d).sort(), [
    'config_drive',
    'cpu_details',
    'disk_details',
    'driver',
    'hypervisor',
    'hypervisor_os',
    'memory_details',
    'nic_details',
    'num_cpus',
    'num_disks',
    'num_nics',
    'state',
    'uptime',
  ]);
  assert.equal(d.state, 'running');
  assert.equal(d.driver, 'libvirt');
  assert.equal(d.hypervisor, 'fake');
  assert.equal(d.config_drive, false);
  assert.equal(d.num_cpus, 1, 'm1.tiny has one vCPU');
  assert.equal(d.num_disks, 1);
  const ifaces = await t.request('GET', `/compute/v2.1/servers/${id}/os-interface`, { token: demo });
  const macs = (ifaces.body.interfaceAttachments as { mac_addr: string }[]).map((i) => i.mac_addr);
  assert.equal(d.num_nics, macs.length);
  assert.deepEqual(
    (d.nic_details as { mac_address: string }[]).map((n) => n.mac_address),
    macs,
  );
  assert.deepEqual(d.memory_details, { maximum: 512 * 1024, used: 512 * 1024 });
  const cpu = (d.cpu_details as Record<string, unknown>[])[0];
  assert.deepEqual(Object.keys(cpu ?? {}), ['id', 'time', 'utilisation']);
  assert.equal(typeof d.uptime, 'number');
});

test('before 2.48: the driver’s flat dictionary', async () => {
  const id = await boot();
  const r = await diag(id, '2.47');
  assert.equal(r.status, 200, r.text);
  const d = r.body as Record<string, number>;
  assert.equal(typeof d.cpu0_time, 'number');
  assert.equal(d.memory, 512 * 1024);
  for (const k of ['vda_read', 'vda_read_req', 'vda_write', 'vda_write_req', 'vda_errors']) assert.ok(k in d, k);
  assert.ok('vnet0_rx' in d && 'vnet0_tx_packets' in d, r.text);
  assert.equal(d.state, undefined);
});

test('admin only (403), 404 unknown, 409 not running or no host', async () => {
  const id = await boot();
  const member = await diag(id, '2.48', demo);
  assert.equal(member.status, 403);
  assert.equal(
    member.body.forbidden.message,
    "Policy doesn't allow os_compute_api:os-server-diagnostics to be performed.",
  );
  assert.equal((await diag('8d7a4bb1-5bd0-4a0c-a5c3-8b8e0d3fbd21', '2.48')).status, 404);
  const off = await insertServer(t, demoProject, { vm_state: 'stopped', power_state: 4 });
  for (const mv of ['2.1', '2.48']) {
    const r = await diag(off.uuid, mv);
    assert.equal(r.status, 409);
    assert.equal(
      r.body.conflictingRequest.message,
      `Cannot 'get_diagnostics' instance ${off.uuid} while it is in power state shutdown`,
    );
  }
  const hostless = await insertServer(t, demoProject, { host: null, node: null, vm_state: 'building' });
  const h = await diag(hostless.uuid, '2.48');
  assert.equal(h.status, 409);
  assert.equal(h.body.conflictingRequest.message, `Instance ${hostless.uuid} is not ready`);
});
