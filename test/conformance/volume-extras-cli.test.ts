/**
 * Issue 20's backups, transfers, flags, upload to image and extend-in-use through the real
 * `openstack` CLI against a served stackbox: what a user does after `volume create`.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, openstackInstalled, cloudCli, type ServerHandle } from './helpers/server.js';

const skip = openstackInstalled()
  ? false
  : '/usr/bin/openstack is not installed (apt-get install python3-openstackclient)';

let s: ServerHandle;
const { run, ok } = cloudCli(() => s);

/** polls `show` of a volume or backup until the status, as the CLI's own --wait would */
async function waitFor(
  kind: ['volume'] | ['volume', 'backup'],
  name: string,
  status: string,
  cloud = 'stackbox',
): Promise<Record<string, unknown>> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const r = await ok([...kind, 'show', name], cloud);
    if (r.json.status === status) return r.json as Record<string, unknown>;
    if (Date.now() > deadline) throw new Error(`${kind.join(' ')} ${name} never became ${status}: ${r.stdout}`);
    await new Promise((res) => setTimeout(res, 200));
  }
}

describe('volume backups, transfers, flags and uploads with the openstack CLI', { skip, timeout: 600_000 }, () => {
  before(async () => {
    s = await startServer();
  });
  after(async () => {
    await s?.stop();
  });

  test('volume backup create / list / restore into a new volume / delete', async () => {
    await ok(['volume', 'create', '--size', '1', 'bk-v']);
    await waitFor(['volume'], 'bk-v', 'available');
    const b = await ok(['volume', 'backup', 'create', '--name', 'bk1', 'bk-v']);
    assert.ok(b.json.id, b.stdout);
    const shown = await waitFor(['volume', 'backup'], 'bk1', 'available');
    assert.equal(shown.size, 1);
    await waitFor(['volume'], 'bk-v', 'available');
    const list = await ok(['volume', 'backup', 'list']);
    assert.ok(
      (list.json as Array<{ Name: string }>).some((x) => x.Name === 'bk1'),
      list.stdout,
    );
    // Debian's OSC 6.0 sends the restore, then fails to print cinderclient's answer (its ShowOne
    // returns the object, not columns and data): the request is done, the client exits 1
    const restore = await run(['volume', 'backup', 'restore', 'bk1', 'bk-restored']);
    if (restore.code !== 0) assert.match(restore.stderr, /cannot unpack non-iterable VolumeBackupsRestore object/);
    const restored = await waitFor(['volume'], 'bk-restored', 'available');
    assert.equal(restored.size, 1);
    await ok(['volume', 'backup', 'delete', 'bk1'], 'stackbox', { json: false });
    for (let i = 0; i < 50; i++) {
      const l = await ok(['volume', 'backup', 'list']);
      if (!(l.json as Array<{ Name: string }>).some((x) => x.Name === 'bk1')) return;
      await new Promise((res) => setTimeout(res, 200));
    }
    assert.fail('the backup was never deleted');
  });

  test('volume transfer request create, then accept in the admin project with its key', async () => {
    await ok(['volume', 'create', '--size', '1', 'tr-v']);
    await waitFor(['volume'], 'tr-v', 'available');
    const req = await ok(['volume', 'transfer', 'request', 'create', '--name', 'tr1', 'tr-v']);
    const key = String(req.json.auth_key);
    assert.match(key, /^[0-9a-f]{16}$/);
    await waitFor(['volume'], 'tr-v', 'awaiting-transfer');
    const wrong = await run(
      ['volume', 'transfer', 'request', 'accept', '--auth-key', 'nope', String(req.json.id)],
      'stackbox-admin',
    );
    assert.notEqual(wrong.code, 0);
    assert.match(wrong.stderr, /Invalid auth key.*\(HTTP 400\)/);
    await ok(['volume', 'transfer', 'request', 'accept', '--auth-key', key, String(req.json.id)], 'stackbox-admin');
    // the volume now belongs to the admin project: gone from demo's list, available for admin
    const demo = await ok(['volume', 'list']);
    assert.ok(!(demo.json as Array<{ Name: string }>).some((x) => x.Name === 'tr-v'), demo.stdout);
    await waitFor(['volume'], 'tr-v', 'available', 'stackbox-admin');
  });

  test('volume set --bootable / --read-only show in volume show', async () => {
    await ok(['volume', 'create', '--size', '1', 'fl-v']);
    await waitFor(['volume'], 'fl-v', 'available');
    await ok(['volume', 'set', '--bootable', '--read-only', 'fl-v'], 'stackbox', { json: false });
    const v = await ok(['volume', 'show', 'fl-v']);
    assert.equal(String(v.json.bootable), 'true');
    assert.match(JSON.stringify(v.json.properties), /readonly.*True/);
  });

  test('image create --volume uploads the volume into an active image', async () => {
    await ok(['image', 'create', '--volume', 'fl-v', '--disk-format', 'raw', 'fl-img']);
    const deadline = Date.now() + 30_000;
    for (;;) {
      const img = await ok(['image', 'show', 'fl-img']);
      if (img.json.status === 'active') break;
      if (Date.now() > deadline) throw new Error(`image never active: ${img.stdout}`);
      await new Promise((res) => setTimeout(res, 200));
    }
    await waitFor(['volume'], 'fl-v', 'available');
  });

  test('volume set --size on an attached volume (3.42) extends it and the server records extend_volume', async () => {
    const vm = await ok(
      ['server', 'create', '--flavor', 'm1.tiny', '--image', 'cirros-0.6.2', '--network', 'private', '--wait', 'ex-vm'],
      'stackbox',
      { timeoutMs: 90_000 },
    );
    await ok(['volume', 'create', '--size', '1', 'ex-v']);
    await waitFor(['volume'], 'ex-v', 'available');
    await ok(['server', 'add', 'volume', 'ex-vm', 'ex-v'], 'stackbox', { json: false });
    await waitFor(['volume'], 'ex-v', 'in-use');
    await ok(['--os-volume-api-version', '3.42', 'volume', 'set', '--size', '2', 'ex-v'], 'stackbox', { json: false });
    const v = await waitFor(['volume'], 'ex-v', 'in-use');
    assert.equal(v.size, 2);
    let actions: string[] = [];
    for (let i = 0; i < 50; i++) {
      actions = (await ok(['server', 'event', 'list', String(vm.json.id)])).json.map(
        (e: { Action: string }) => e.Action,
      );
      if (actions.includes('extend_volume')) break;
      await new Promise((res) => setTimeout(res, 200));
    }
    assert.ok(actions.includes('extend_volume'), actions.join(','));
  });
});
