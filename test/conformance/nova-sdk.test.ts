/**
 * python-novaclient's `nova` CLI (with exactly the OS_* exports `serve` prints) and an
 * openstacksdk application script (with the printed clouds.yaml). Server steps wait for
 * POST /servers and os-interface to be registered and are skipped until then.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startServer, describeRun, repoRoot, type ServerHandle } from './helpers/server.js';
import { exportsFrom, novaInstalled, parseTable, runNova, runPython } from './helpers/clients.js';
import { serves } from './helpers/clouds.js';

const skip = novaInstalled()
  ? false
  : '/usr/bin/nova is not installed (apt-get install python3-novaclient python3-openstacksdk)';
const SDK_FLOW = join(repoRoot, 'test', 'conformance', 'sdk', 'sdk_flow.py');

describe('novaclient and openstacksdk', { skip, timeout: 300_000 }, () => {
  let s: ServerHandle;
  let osEnv: Record<string, string>;
  let canCreate = false;
  let canAttach = false;
  before(async () => {
    s = await startServer();
    osEnv = exportsFrom(s.output());
    canCreate = await serves(s.url, s.cloudsFile, 'compute', 'POST', '/servers');
    canAttach = canCreate && (await serves(s.url, s.cloudsFile, 'compute', 'POST', '/servers/{id}/os-interface'));
  });
  after(async () => {
    await s?.stop();
  });
  const nova = async (args: string[], expectCode = 0) => {
    const r = await runNova(args, osEnv, s.dir);
    assert.equal(r.code, expectCode, describeRun(['(nova)', ...args], r));
    return r;
  };

  test('nova version-list: v2.1 CURRENT from 2.1 up to the advertised maximum', async () => {
    const rows = parseTable((await nova(['version-list'])).stdout);
    const v21 = rows.find((r) => r.Id === 'v2.1');
    assert.ok(v21, JSON.stringify(rows));
    assert.equal(v21.Status, 'CURRENT');
    assert.equal(v21['Min Version'], '2.1');
    assert.match(v21.Version!, /^2\.\d+$/);
  });

  test('nova flavor-list prints the seeded flavors with memory, disk and vCPUs', async () => {
    const rows = parseTable((await nova(['flavor-list'])).stdout);
    const tiny = rows.find((r) => r.Name === 'm1.tiny');
    assert.deepEqual(tiny && [tiny.ID, tiny.Memory_MiB, tiny.Disk, tiny.VCPUs, tiny.Is_Public], [
      '1',
      '512',
      '1',
      '1',
      'True',
    ]);
  });

  test('nova list prints an empty table; nova show of an unknown name is a CommandError', async () => {
    const list = await nova(['list']);
    assert.deepEqual(parseTable(list.stdout), []);
    assert.match(list.stdout, /\| ID \| Name \| Status \|/);
    const show = await nova(['show', 'no-such-server'], 1);
    assert.match(show.stderr, /ERROR \(CommandError\): No server with a name or ID of 'no-such-server' exists\./);
  });

  test('nova with a wrong OS_PASSWORD fails with the 401 authentication error', async () => {
    const r = await runNova(['list'], { ...osEnv, OS_PASSWORD: 'wrong' }, s.dir);
    assert.equal(r.code, 1, describeRun(['(nova) list'], r));
    assert.match(r.stderr, /ERROR \(Unauthorized\): The request you have made requires authentication\. \(HTTP 401\)/);
  });

  test('nova boot --poll → ACTIVE; nova show prints its status and flavor', async (t) => {
    if (!canCreate) {
      t.skip('POST /servers is not served yet');
      return;
    }
    const boot = await nova([
      'boot',
      '--flavor',
      'm1.tiny',
      '--image',
      'cirros-0.6.2',
      '--nic',
      'net-name=private',
      '--poll',
      'nova-vm',
    ]);
    assert.match(boot.stdout, /Server building\.\.\. 100% complete/);
    const shown = parseTable((await nova(['show', 'nova-vm'])).stdout);
    assert.equal(shown.find((r) => r.Property === 'status')?.Value, 'ACTIVE');
    // novaclient negotiates up to 2.92, where the flavor is embedded (2.47+)
    assert.equal(shown.find((r) => r.Property === 'flavor:original_name')?.Value, 'm1.tiny');
    assert.equal(shown.find((r) => r.Property === 'flavor:ram')?.Value, '512');
  });

  test('nova interface-list, interface-attach --net-id, interface-detach, delete', async (t) => {
    if (!canAttach) {
      t.skip('os-interface is not served yet');
      return;
    }
    const netId = (await nova(['interface-list', 'nova-vm'])).stdout;
    const boot = parseTable(netId);
    assert.equal(boot.length, 1, netId);
    assert.equal(boot[0]!['Port State'], 'ACTIVE');
    const attached = parseTable((await nova(['interface-attach', '--net-id', boot[0]!['Net ID']!, 'nova-vm'])).stdout);
    const portId = attached.find((r) => r.Property === 'port_id')?.Value;
    assert.ok(portId, JSON.stringify(attached));
    assert.equal(parseTable((await nova(['interface-list', 'nova-vm'])).stdout).length, 2);
    await nova(['interface-detach', 'nova-vm', portId]);
    let left = 2;
    for (let i = 0; i < 10 && left !== 1; i++)
      left = parseTable((await nova(['interface-list', 'nova-vm'])).stdout).length;
    assert.equal(left, 1);
    await nova(['delete', 'nova-vm']);
  });

  test('openstacksdk discovers flavors, images, networks and the compute microversion range by name', async () => {
    const r = await runPython(SDK_FLOW, ['discover'], { OS_CLIENT_CONFIG_FILE: s.cloudsFile }, s.dir);
    assert.equal(r.code, 0, describeRun(['(sdk) discover'], r));
    assert.ok(r.json.flavors.includes('m1.tiny'));
    assert.ok(r.json.images.includes('cirros-0.6.2'));
    assert.ok(r.json.networks.includes('private'));
    assert.match(r.json.compute_max_microversion, /^2\.\d+$/);
    assert.equal(r.json.flavor_by_name, '1');
    assert.equal(r.json.image_by_name, 'cirros-0.6.2');
    assert.equal(r.json.missing_server, true);
  });

  test('openstacksdk: create → wait ACTIVE → interfaces → attach/detach → stop/start/reboot → delete', async (t) => {
    if (!canAttach) {
      t.skip('POST /servers or os-interface is not served yet');
      return;
    }
    const r = await runPython(SDK_FLOW, ['servers'], { OS_CLIENT_CONFIG_FILE: s.cloudsFile }, s.dir);
    assert.equal(r.code, 0, describeRun(['(sdk) servers'], r));
    assert.deepEqual(r.json.created, { status: 'ACTIVE', name: 'sdk-vm', found_by_name: true });
    assert.equal(r.json.boot_interfaces.length, 1);
    assert.deepEqual(r.json.boot_interfaces[0], { net_id: r.json.attached.net_id, port_state: 'ACTIVE', has_ip: true });
    assert.equal(r.json.attached.port_state, 'ACTIVE');
    assert.equal(r.json.attached.has_ip, true);
    assert.match(r.json.attached.mac, /^fa:16:3e(:[0-9a-f]{2}){3}$/);
    assert.equal(r.json.after_attach, 2);
    assert.equal(r.json.after_detach, 1);
    assert.deepEqual(
      [r.json.stopped, r.json.started, r.json.rebooted, r.json.deleted],
      ['SHUTOFF', 'ACTIVE', 'ACTIVE', true],
    );
  });

  test('openstacksdk: a server one can reach (router, gateway, security group, floating IP), then all of it gone', async (t) => {
    if (!canCreate) {
      t.skip('POST /servers is not served yet');
      return;
    }
    const r = await runPython(SDK_FLOW, ['reachable'], { OS_CLIENT_CONFIG_FILE: s.cloudsFile }, s.dir);
    assert.equal(r.code, 0, describeRun(['(sdk) reachable'], r));
    assert.deepEqual(r.json.router, { gateway_network: true });
    // the new group's two default egress rules, then the two added
    assert.deepEqual(r.json.rules, [
      ['egress', 'any', 0],
      ['egress', 'any', 0],
      ['ingress', 'icmp', 0],
      ['ingress', 'tcp', 22],
    ]);
    assert.deepEqual(r.json.ssh_rule, { min: 22, max: 22 });
    assert.deepEqual(r.json.port_groups, ['sdk-reach-sg']);
    assert.deepEqual(r.json.fip, { fixed: true, router: true });
    assert.deepEqual(r.json.server_addresses, [
      [false, 'fixed'],
      [true, 'floating'],
    ]);
    assert.deepEqual(r.json.after_remove, ['fixed']);
    assert.deepEqual(r.json.left, { network: true, router: true, group: true, floating_ip: true });
  });
});
