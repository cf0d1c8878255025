/**
 * The rest of issue 3's CLI acceptance: list --long, soft reboot, lock/unlock, set --name,
 * event list/show, and the admin's hypervisor list — each step checks exit status and output.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer,
  runOpenstack,
  describeRun,
  openstackInstalled,
  type ServerHandle,
  type CliResult,
} from './helpers/server.js';

const notInstalled = openstackInstalled()
  ? false
  : '/usr/bin/openstack is not installed (apt-get install python3-openstackclient)';

let s: ServerHandle;
const run = (args: string[], cloud = 'stackbox', opts: { json?: boolean; timeoutMs?: number } = {}) =>
  runOpenstack(args, { cloud, cloudsFile: s.cloudsFile, home: s.dir, ...opts });
async function ok(
  args: string[],
  cloud = 'stackbox',
  opts: { json?: boolean; timeoutMs?: number } = {},
): Promise<CliResult> {
  const r = await run(args, cloud, opts);
  assert.equal(r.code, 0, describeRun(args, r));
  return r;
}

/** polls `server show` until the status (the CLI's rescue/unrescue/set --password do not wait) */
async function waitStatus(id: string, status: string): Promise<Record<string, unknown>> {
  for (let i = 0; i < 60; i++) {
    const r = await ok(['server', 'show', id]);
    if (r.json.status === status && r.json['OS-EXT-STS:task_state'] == null) return r.json;
    await new Promise((res) => setTimeout(res, 500));
  }
  throw new Error(`${id} did not reach ${status}`);
}

describe('server administration with the openstack CLI', { skip: notInstalled, timeout: 300_000 }, () => {
  before(async () => {
    s = await startServer();
  });
  after(async () => {
    await s?.stop();
  });

  test('create --wait, list --long, reboot (soft), lock/unlock, set --name, event list/show, delete --wait', async () => {
    const created = await ok(
      [
        'server',
        'create',
        '--flavor',
        'm1.tiny',
        '--image',
        'cirros-0.6.2',
        '--network',
        'private',
        '--wait',
        'adm-vm',
      ],
      'stackbox',
      { timeoutMs: 90_000 },
    );
    assert.equal(created.json.status, 'ACTIVE');
    const id = created.json.id as string;

    const long = await ok(['server', 'list', '--long']);
    const row = long.json.find((x: { ID: string }) => x.ID === id);
    assert.ok(row, long.stdout);
    assert.equal(row['Power State'], 1); // -f json prints Nova's integer (RUNNING)
    assert.equal(row['Task State'], null);
    assert.equal(row['Availability Zone'], 'nova');

    await ok(['server', 'reboot', '--wait', 'adm-vm'], 'stackbox', { json: false, timeoutMs: 90_000 });
    assert.equal((await ok(['server', 'show', 'adm-vm'])).json.status, 'ACTIVE');

    await ok(['server', 'lock', 'adm-vm'], 'stackbox', { json: false });
    const refused = await run(['server', 'stop', 'adm-vm'], 'stackbox', { json: false });
    assert.notEqual(refused.code, 0, describeRun(['server', 'stop'], refused));
    assert.match(refused.stderr + refused.stdout, new RegExp(`Instance ${id} is locked \\(HTTP 409\\)`));
    await ok(['server', 'unlock', 'adm-vm'], 'stackbox', { json: false });

    // os-resetState: admin only (server set --state)
    const member = await run(['server', 'set', '--state', 'error', 'adm-vm'], 'stackbox', { json: false });
    assert.notEqual(member.code, 0, describeRun(['server', 'set', '--state'], member));
    assert.match(member.stderr + member.stdout, /os_compute_api:os-admin-actions:reset_state.*\(HTTP 403\)/);
    await ok(['server', 'set', '--state', 'error', id], 'stackbox-admin', { json: false });
    assert.equal((await ok(['server', 'show', id])).json.status, 'ERROR');
    await ok(['server', 'set', '--state', 'active', id], 'stackbox-admin', { json: false });
    assert.equal((await ok(['server', 'show', id])).json.status, 'ACTIVE');

    await ok(['server', 'set', '--name', 'adm-renamed', 'adm-vm'], 'stackbox', { json: false });
    assert.equal((await ok(['server', 'show', id])).json.name, 'adm-renamed');

    const events = await ok(['server', 'event', 'list', id]);
    const actions = events.json.map((e: { Action: string }) => e.Action);
    for (const a of ['create', 'reboot', 'lock', 'unlock', 'resetState'])
      assert.ok(actions.includes(a), `${a} in ${actions.join(',')}`);
    const reboot = events.json.find((e: { Action: string }) => e.Action === 'reboot');
    const shown = await ok(['server', 'event', 'show', id, reboot['Request ID']]);
    assert.equal(shown.json.action, 'reboot');
    assert.equal(shown.json.request_id, reboot['Request ID']);

    await ok(['server', 'delete', '--wait', id], 'stackbox', { json: false, timeoutMs: 90_000 });
    const gone = await run(['server', 'show', id]);
    assert.equal(gone.code, 1, describeRun(['server', 'show'], gone));
  });

  test('shelve --wait / unshelve --wait, rescue / unrescue, set --password / --no-password', async () => {
    const created = await ok(
      ['server', 'create', '--flavor', 'm1.tiny', '--image', 'cirros-0.6.2', '--network', 'private', '--wait', 'shf'],
      'stackbox',
      { timeoutMs: 90_000 },
    );
    const id = created.json.id as string;
    // shelved_offload_time 0: the server ends SHELVED_OFFLOADED, off its host, with its image
    await ok(['server', 'shelve', '--wait', id], 'stackbox', { json: false, timeoutMs: 90_000 });
    const shelved = (await ok(['server', 'show', id], 'stackbox-admin')).json;
    assert.equal(shelved.status, 'SHELVED_OFFLOADED');
    assert.equal(shelved['OS-EXT-SRV-ATTR:host'], null);
    const imgs = (await ok(['image', 'list', '--name', 'shf-shelved'])).json;
    assert.equal(imgs.length, 1, JSON.stringify(imgs));
    await ok(['server', 'unshelve', '--wait', id], 'stackbox', { json: false, timeoutMs: 90_000 });
    const back = (await ok(['server', 'show', id], 'stackbox-admin')).json;
    assert.equal(back.status, 'ACTIVE');
    assert.ok(back['OS-EXT-SRV-ATTR:host']);
    assert.equal((await ok(['image', 'list', '--name', 'shf-shelved'])).json.length, 0);

    await ok(['server', 'rescue', '--password', 'Rescue123', id], 'stackbox', { json: false });
    const rescued = await waitStatus(id, 'RESCUE');
    assert.equal(rescued.status, 'RESCUE');
    const again = await run(['server', 'rescue', id], 'stackbox', { json: false });
    assert.notEqual(again.code, 0, describeRun(['server', 'rescue'], again));
    assert.match(again.stderr + again.stdout, /while it is in vm_state rescued \(HTTP 409\)/);
    await ok(['server', 'unrescue', id], 'stackbox', { json: false });
    await waitStatus(id, 'ACTIVE');

    await ok(['server', 'set', '--password', 'Newpass1234', id], 'stackbox', { json: false });
    await waitStatus(id, 'ACTIVE');
    await ok(['server', 'set', '--no-password', id], 'stackbox', { json: false });
    const actions = (await ok(['server', 'event', 'list', id])).json.map((e: { Action: string }) => e.Action);
    for (const a of ['shelve', 'unshelve', 'rescue', 'unrescue', 'changePassword'])
      assert.ok(actions.includes(a), `${a} in ${actions.join(',')}`);
    await ok(['server', 'delete', '--wait', id], 'stackbox', { json: false, timeoutMs: 90_000 });
  });

  test('hypervisor list as admin shows the simulated hosts', async () => {
    const r = await ok(['hypervisor', 'list'], 'stackbox-admin');
    const names = r.json.map((h: { 'Hypervisor Hostname': string }) => h['Hypervisor Hostname']).sort();
    assert.ok(names.length >= 1, r.stdout);
    assert.ok(
      names.every((n: string) => /^compute\d+$/.test(n)),
      names.join(','),
    );
    assert.ok(r.json.every((h: { State: string }) => h.State === 'up'));
  });
});
