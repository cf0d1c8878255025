/**
 * The server flows of clients.md §3 with the real `openstack` CLI (novaclient at 2.1 for
 * create/list/show/actions/events/delete, openstacksdk at 2.70+ for add/remove port and network,
 * the network proxy for ports). Each step asserts the exit status and what the client printed.
 * The suite waits for its routes: until the server registers POST /servers (and os-interface),
 * the steps that need them are skipped, not failed.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer,
  demoCli,
  describeRun,
  openstackInstalled,
  type ServerHandle,
  type CliResult,
} from './helpers/server.js';
import { serves } from './helpers/clouds.js';

const notInstalled = openstackInstalled()
  ? false
  : '/usr/bin/openstack is not installed (apt-get install python3-openstackclient)';

let s: ServerHandle;
const { os, okRun } = demoCli(() => s);
/** Polls `server show` (about one client start per second) until the status is reached. */
async function waitForStatus(name: string, status: string, tries = 20): Promise<Record<string, unknown>> {
  let last: CliResult | undefined;
  for (let i = 0; i < tries; i++) {
    last = await okRun(['server', 'show', name]);
    if (last.json.status === status) return last.json;
    if (last.json.status === 'ERROR') break;
  }
  assert.fail(`server ${name} did not reach ${status}: ${last?.stdout}`);
}
async function portNamesOf(server: string): Promise<string[]> {
  const r = await okRun(['port', 'list', '--server', server]);
  return r.json.map((p: { Name: string }) => p.Name).sort();
}

describe('server lifecycle with the openstack CLI', { skip: notInstalled, timeout: 300_000 }, () => {
  let canCreate = false;
  let canAttach = false;
  let hasEvents = false;
  before(async () => {
    s = await startServer();
    canCreate = await serves(s.url, s.cloudsFile, 'compute', 'POST', '/servers');
    canAttach = canCreate && (await serves(s.url, s.cloudsFile, 'compute', 'POST', '/servers/{id}/os-interface'));
    hasEvents = await serves(s.url, s.cloudsFile, 'compute', 'GET', '/servers/{id}/os-instance-actions');
  });
  after(async () => {
    await s?.stop();
  });
  const needs = (flag: () => boolean, what: string) => (t: { skip(msg: string): void }) => {
    if (!flag()) {
      t.skip(`${what} is not served yet`);
      return true;
    }
    return false;
  };
  const needsCreate = needs(() => canCreate, 'POST /compute/v2.1/servers');
  const needsAttach = needs(() => canAttach, 'POST /compute/v2.1/servers/{id}/os-interface');
  const ids: Record<string, string> = {};

  test('server create --flavor m1.tiny --image cirros-0.6.2 --network private --wait → ACTIVE with an address on private', async (t) => {
    if (needsCreate(t)) return;
    const r = await okRun(
      ['server', 'create', '--flavor', 'm1.tiny', '--image', 'cirros-0.6.2', '--network', 'private', '--wait', 'cf-vm'],
      { timeoutMs: 90_000 },
    );
    ids.vm = r.json.id;
    assert.equal(r.json.name, 'cf-vm');
    assert.equal(r.json.status, 'ACTIVE');
    assert.match(String(r.json.flavor), /m1\.tiny/);
    assert.match(String(r.json.image), /cirros-0\.6\.2/);
    assert.match(JSON.stringify(r.json.addresses), /private.*\d+\.\d+\.\d+\.\d+/);
    assert.ok(r.json.adminPass === undefined || typeof r.json.adminPass === 'string');
  });

  test('server list shows cf-vm ACTIVE with its network, image name and flavor name', async (t) => {
    if (needsCreate(t)) return;
    const r = await okRun(['server', 'list']);
    const vm = r.json.find((x: { Name: string }) => x.Name === 'cf-vm');
    assert.ok(vm, r.stdout);
    assert.equal(vm.ID, ids.vm);
    assert.equal(vm.Status, 'ACTIVE');
    assert.equal(vm.Image, 'cirros-0.6.2');
    assert.equal(vm.Flavor, 'm1.tiny');
    assert.match(JSON.stringify(vm.Networks), /private/);
  });

  test('server stop → SHUTOFF, server start → ACTIVE (202, nothing printed)', async (t) => {
    if (needsCreate(t)) return;
    const stop = await okRun(['server', 'stop', 'cf-vm'], { json: false });
    assert.equal(stop.stdout, '');
    const stopped = await waitForStatus('cf-vm', 'SHUTOFF');
    assert.equal(stopped['OS-EXT-STS:vm_state'], 'stopped');
    await okRun(['server', 'start', 'cf-vm'], { json: false });
    const started = await waitForStatus('cf-vm', 'ACTIVE');
    assert.equal(started['OS-EXT-STS:vm_state'], 'active');
  });

  test('server reboot --hard --wait returns once the server is ACTIVE again', async (t) => {
    if (needsCreate(t)) return;
    await okRun(['server', 'reboot', '--hard', '--wait', 'cf-vm'], { json: false, timeoutMs: 90_000 });
    const shown = await okRun(['server', 'show', 'cf-vm']);
    assert.equal(shown.json.status, 'ACTIVE');
  });

  test('server pause → PAUSED, unpause → ACTIVE, suspend → SUSPENDED, resume → ACTIVE; a second pause is 409', async (t) => {
    if (needsCreate(t)) return;
    for (const [action, status, vm, power] of [
      ['pause', 'PAUSED', 'paused', 3],
      ['unpause', 'ACTIVE', 'active', 1],
      ['suspend', 'SUSPENDED', 'suspended', 7],
      ['resume', 'ACTIVE', 'active', 1],
    ] as const) {
      const r = await okRun(['server', action, 'cf-vm'], { json: false });
      assert.equal(r.stdout, '');
      const shown = await waitForStatus('cf-vm', status);
      assert.equal(shown['OS-EXT-STS:vm_state'], vm);
      assert.equal(shown['OS-EXT-STS:power_state'], power); // -f json prints Nova's integer
      if (action === 'pause') {
        const again = await os(['server', 'pause', 'cf-vm'], { json: false });
        assert.notEqual(again.code, 0, describeRun(['server', 'pause'], again));
        assert.match(
          again.stderr + again.stdout,
          new RegExp(`409.*Cannot 'pause' instance ${ids.vm} while it is in vm_state paused`),
        );
      }
    }
  });

  test('server resize --flavor m1.small --wait → VERIFY_RESIZE; resize confirm → ACTIVE with m1.small', async (t) => {
    if (needsCreate(t)) return;
    const r = await okRun(['server', 'resize', '--flavor', 'm1.small', '--wait', 'cf-vm'], {
      json: false,
      timeoutMs: 90_000,
    });
    assert.equal(r.code, 0);
    const resized = await waitForStatus('cf-vm', 'VERIFY_RESIZE');
    assert.equal(resized['OS-EXT-STS:vm_state'], 'resized');
    assert.match(JSON.stringify(resized.flavor), /m1\.small/);
    await okRun(['server', 'resize', 'confirm', 'cf-vm'], { json: false });
    const active = await waitForStatus('cf-vm', 'ACTIVE');
    assert.match(JSON.stringify(active.flavor), /m1\.small/);
  });

  test('server resize --flavor m1.medium, then resize revert → ACTIVE with m1.small again', async (t) => {
    if (needsCreate(t)) return;
    await okRun(['server', 'resize', '--flavor', 'm1.medium', '--wait', 'cf-vm'], { json: false, timeoutMs: 90_000 });
    const resized = await waitForStatus('cf-vm', 'VERIFY_RESIZE');
    assert.match(JSON.stringify(resized.flavor), /m1\.medium/);
    await okRun(['server', 'resize', 'revert', 'cf-vm'], { json: false });
    const back = await waitForStatus('cf-vm', 'ACTIVE');
    assert.match(JSON.stringify(back.flavor), /m1\.small/);
  });

  test('server image create --wait → an active snapshot; server create --image from it → ACTIVE', async (t) => {
    if (needsCreate(t)) return;
    const img = await okRun(['server', 'image', 'create', 'cf-vm', '--name', 'cf-snap', '--wait'], {
      timeoutMs: 90_000,
    });
    assert.equal(img.json.name, 'cf-snap');
    const shown = await okRun(['image', 'show', 'cf-snap']);
    assert.equal(shown.json.status, 'active');
    assert.match(JSON.stringify(shown.json.properties), /"image_type": ?"snapshot"/);
    await okRun(
      [
        'server',
        'create',
        '--flavor',
        'm1.small',
        '--image',
        'cf-snap',
        '--network',
        'private',
        '--wait',
        'cf-from-snap',
      ],
      { timeoutMs: 90_000 },
    );
    const vm = await waitForStatus('cf-from-snap', 'ACTIVE');
    assert.match(JSON.stringify(vm.image), /cf-snap/);
    await okRun(['server', 'delete', '--wait', 'cf-from-snap'], { json: false, timeoutMs: 90_000 });
  });

  test('server add port attaches a new port; port list --server shows it next to the boot port', async (t) => {
    if (needsAttach(t)) return;
    const port = await okRun(['port', 'create', '--network', 'private', 'cf-extra']);
    ids.port = port.json.id;
    const add = await okRun(['server', 'add', 'port', 'cf-vm', 'cf-extra'], { json: false });
    assert.equal(add.stdout, '');
    const ports = await okRun(['port', 'list', '--server', 'cf-vm']);
    assert.equal(ports.json.length, 2, ports.stdout);
    assert.ok(ports.json.some((p: { ID: string }) => p.ID === ids.port));
    const shown = await okRun(['port', 'show', ids.port!]);
    assert.equal(shown.json.device_id, ids.vm);
    assert.equal(shown.json.device_owner, 'compute:nova');
  });

  test('server remove port detaches it; the port stays, unbound', async (t) => {
    if (needsAttach(t)) return;
    await okRun(['server', 'remove', 'port', 'cf-vm', 'cf-extra'], { json: false });
    let names: string[] = [];
    for (let i = 0; i < 10; i++) {
      names = await portNamesOf('cf-vm');
      if (!names.includes('cf-extra')) break;
    }
    assert.ok(!names.includes('cf-extra'), `still attached: ${names.join(', ')}`);
    const shown = await okRun(['port', 'show', 'cf-extra']);
    assert.equal(shown.json.device_id, '');
  });

  test('server add network private adds a NIC; remove network private detaches every NIC on it', async (t) => {
    if (needsAttach(t)) return;
    await okRun(['server', 'add', 'network', 'cf-vm', 'private'], { json: false });
    const after = await okRun(['port', 'list', '--server', 'cf-vm']);
    assert.equal(after.json.length, 2, after.stdout);
    await okRun(['server', 'remove', 'network', 'cf-vm', 'private'], { json: false });
    let left: unknown[] = [];
    for (let i = 0; i < 10; i++) {
      left = (await okRun(['port', 'list', '--server', 'cf-vm'])).json;
      if (left.length === 0) break;
    }
    assert.deepEqual(left, []);
  });

  test('server event list shows the actions newest first, each with its request id', async (t) => {
    if (needsCreate(t)) return;
    if (!hasEvents) {
      t.skip('os-instance-actions is not served yet');
      return;
    }
    const r = await okRun(['server', 'event', 'list', 'cf-vm']);
    const actions = r.json.map((e: { Action: string }) => e.Action);
    assert.equal(actions.at(-1), 'create');
    for (const a of ['stop', 'start', 'reboot']) assert.ok(actions.includes(a), `no ${a} in ${actions}`);
    if (canAttach)
      for (const a of ['attach_interface', 'detach_interface']) assert.ok(actions.includes(a), `no ${a} in ${actions}`);
    for (const e of r.json) assert.match(e['Request ID'], /^req-[0-9a-f-]{36}$/);
    assert.ok(actions.indexOf('stop') > actions.indexOf('start'), `not newest first: ${actions}`);
  });

  test('server delete --wait returns once the server is gone; show then reports no such server', async (t) => {
    if (needsCreate(t)) return;
    await okRun(['server', 'delete', '--wait', 'cf-vm'], { json: false, timeoutMs: 90_000 });
    const gone = await os(['server', 'show', 'cf-vm']);
    assert.equal(gone.code, 1, describeRun(['server', 'show'], gone));
    assert.match(gone.stderr, /No server with a name or ID of 'cf-vm' exists\./);
  });
});
