/**
 * The rest of issue 3's CLI acceptance: list --long, soft reboot, lock/unlock, set --name,
 * event list/show, the admin's hypervisor list, and cold migration (server migrate, migrate
 * confirm, migration list) — each step checks exit status and output.
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
  test('server migrate --wait, server migrate confirm, server migration list (admin)', async () => {
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
        'mig-vm',
      ],
      'stackbox',
      { timeoutMs: 90_000 },
    );
    const id = created.json.id as string;
    const before0 = (await ok(['server', 'show', id], 'stackbox-admin')).json['OS-EXT-SRV-ATTR:host'] as string;
    // a member may not migrate (admin-only rule)
    const member = await run(['server', 'migrate', id], 'stackbox', { json: false });
    assert.notEqual(member.code, 0, describeRun(['server', 'migrate'], member));
    assert.match(member.stderr + member.stdout, /os_compute_api:os-migrate-server:migrate.*\(HTTP 403\)/);
    await ok(['server', 'migrate', '--wait', id], 'stackbox-admin', { json: false, timeoutMs: 90_000 });
    const resized = (await ok(['server', 'show', id], 'stackbox-admin')).json;
    assert.equal(resized.status, 'VERIFY_RESIZE');
    assert.notEqual(resized['OS-EXT-SRV-ATTR:host'], before0);
    await ok(['server', 'migrate', 'confirm', id], 'stackbox-admin', { json: false });
    let status = '';
    for (let i = 0; i < 100 && status !== 'ACTIVE'; i++) {
      status = (await ok(['server', 'show', id])).json.status as string;
      if (status !== 'ACTIVE') await new Promise((r) => setTimeout(r, 200));
    }
    assert.equal(status, 'ACTIVE');
    const list = await ok(
      ['--os-compute-api-version', '2.80', 'server', 'migration', 'list', '--server', id],
      'stackbox-admin',
    );
    assert.equal(list.json.length, 1, list.stdout);
    const m = list.json[0];
    assert.equal(m['Type'], 'migration');
    assert.equal(m['Status'], 'confirmed');
    assert.equal(m['Source Compute'], before0);
    assert.equal(m['Dest Compute'], resized['OS-EXT-SRV-ATTR:host']);
    assert.equal(m['Server UUID'], id);
    await ok(['server', 'delete', '--wait', id], 'stackbox', { json: false, timeoutMs: 90_000 });
  });
});
