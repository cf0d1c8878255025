/**
 * Cinder v3 through the real clients: the `openstack` CLI (volumes, snapshots, types) and
 * openstacksdk's block_storage proxy, against a served stackbox found through the printed
 * clouds.yaml's catalog (block-storage / volumev3 at /volume/v3).
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  startServer,
  runOpenstack,
  describeRun,
  openstackInstalled,
  type ServerHandle,
  type CliResult,
} from './helpers/server.js';

const skip = openstackInstalled()
  ? false
  : '/usr/bin/openstack is not installed (apt-get install python3-openstackclient)';

let s: ServerHandle;
const os = (args: string[], opts: { json?: boolean; cloud?: string; timeoutMs?: number } = {}) =>
  runOpenstack(args, {
    cloud: opts.cloud ?? 'stackbox',
    cloudsFile: s.cloudsFile,
    home: s.dir,
    json: opts.json,
    timeoutMs: opts.timeoutMs,
  });
async function okRun(
  args: string[],
  opts: { json?: boolean; cloud?: string; timeoutMs?: number } = {},
): Promise<CliResult> {
  const r = await os(args, opts);
  assert.equal(r.code, 0, describeRun(args, r));
  return r;
}

async function waitForStatus(name: string, status: string): Promise<Record<string, unknown>> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const r = await okRun(['volume', 'show', name]);
    if (r.json.status === status) return r.json as Record<string, unknown>;
    if (Date.now() > deadline) throw new Error(`volume ${name} never became ${status}: ${r.stdout}`);
    await new Promise((res) => setTimeout(res, 200));
  }
}

describe('volumes with the openstack CLI and openstacksdk', { skip, timeout: 600_000 }, () => {
  before(async () => {
    s = await startServer();
  });
  after(async () => {
    await s?.stop();
  });

  test('volume create --size 1 v1 → creating, then available', async () => {
    const r = await okRun(['volume', 'create', '--size', '1', 'v1']);
    assert.equal(r.json.name, 'v1');
    assert.equal(r.json.size, 1);
    assert.equal(r.json.type, '__DEFAULT__');
    const v = await waitForStatus('v1', 'available');
    assert.equal(v.bootable, 'false');
  });

  test('volume list shows it; volume show by name', async () => {
    const r = await okRun(['volume', 'list']);
    const row = (r.json as Array<Record<string, unknown>>).find((x) => x.Name === 'v1');
    assert.ok(row, r.stdout);
    assert.equal(row.Status, 'available');
    assert.equal(row.Size, 1);
    const show = await okRun(['volume', 'show', 'v1']);
    assert.equal(show.json.availability_zone, 'nova');
  });

  test('volume set --size 2 extends it', async () => {
    await okRun(['volume', 'set', '--size', '2', 'v1'], { json: false });
    const deadline = Date.now() + 30_000;
    for (;;) {
      const v = await okRun(['volume', 'show', 'v1']);
      if (v.json.size === 2 && v.json.status === 'available') break;
      if (Date.now() > deadline) throw new Error(`never extended: ${v.stdout}`);
      await new Promise((res) => setTimeout(res, 200));
    }
  });

  test('volume set --property / unset --property change its metadata', async () => {
    await okRun(['volume', 'set', '--property', 'tier=gold', '--property', 'x=1', 'v1'], { json: false });
    assert.deepEqual((await okRun(['volume', 'show', 'v1'])).json.properties, { tier: 'gold', x: '1' });
    await okRun(['volume', 'unset', '--property', 'x', 'v1'], { json: false });
    assert.deepEqual((await okRun(['volume', 'show', 'v1'])).json.properties, { tier: 'gold' });
  });

  test('volume create --size 0 fails with Cinder’s message', async () => {
    const r = await os(['volume', 'create', '--size', '0', 'bad']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /0 is less than the minimum of 1 \(HTTP 400\)/);
  });

  test('volume create --image makes a bootable volume', async () => {
    const r = await okRun(['volume', 'create', '--image', 'cirros-0.6.2', '--size', '1', 'boot']);
    assert.equal(r.json.name, 'boot');
    const v = await waitForStatus('boot', 'available');
    assert.equal(v.bootable, 'true');
    await okRun(['volume', 'delete', 'boot'], { json: false });
  });

  test('volume snapshot create/list/delete and volume create --snapshot', async () => {
    const snap = await okRun(['volume', 'snapshot', 'create', '--volume', 'v1', 's1']);
    assert.equal(snap.json.name, 's1');
    const deadline = Date.now() + 30_000;
    for (;;) {
      const r = await okRun(['volume', 'snapshot', 'show', 's1']);
      if (r.json.status === 'available') break;
      if (Date.now() > deadline) throw new Error(`snapshot never available: ${r.stdout}`);
      await new Promise((res) => setTimeout(res, 200));
    }
    const list = await okRun(['volume', 'snapshot', 'list']);
    assert.ok(
      (list.json as Array<Record<string, unknown>>).some((x) => x.Name === 's1'),
      list.stdout,
    );
    const fromSnap = await okRun(['volume', 'create', '--snapshot', 's1', 'from-snap']);
    assert.equal(fromSnap.json.snapshot_id, snap.json.id);
    await waitForStatus('from-snap', 'available');
    await okRun(['volume', 'delete', 'from-snap'], { json: false });
    await okRun(['volume', 'snapshot', 'delete', 's1'], { json: false });
    for (;;) {
      const r = await okRun(['volume', 'snapshot', 'list']);
      if (!(r.json as Array<Record<string, unknown>>).some((x) => x.Name === 's1')) break;
      if (Date.now() > deadline) throw new Error(`snapshot never deleted: ${r.stdout}`);
      await new Promise((res) => setTimeout(res, 200));
    }
  });

  test('volume delete --purge takes its snapshots along', async () => {
    await okRun(['volume', 'create', '--size', '1', 'purged']);
    await waitForStatus('purged', 'available');
    await okRun(['volume', 'snapshot', 'create', '--volume', 'purged', 'purged-snap']);
    const deadline = Date.now() + 30_000;
    while ((await okRun(['volume', 'snapshot', 'show', 'purged-snap'])).json.status !== 'available') {
      if (Date.now() > deadline) throw new Error('snapshot never available');
      await new Promise((res) => setTimeout(res, 200));
    }
    await okRun(['volume', 'delete', '--purge', 'purged'], { json: false });
    for (;;) {
      const vols = (await okRun(['volume', 'list'])).json as Array<Record<string, unknown>>;
      const snaps = (await okRun(['volume', 'snapshot', 'list'])).json as Array<Record<string, unknown>>;
      if (!vols.some((x) => x.Name === 'purged') && !snaps.some((x) => x.Name === 'purged-snap')) break;
      if (Date.now() > deadline) throw new Error('never purged');
      await new Promise((res) => setTimeout(res, 200));
    }
  });

  test('volume delete v1 → gone from the list', async () => {
    await okRun(['volume', 'delete', 'v1'], { json: false });
    const deadline = Date.now() + 30_000;
    for (;;) {
      const r = await okRun(['volume', 'list']);
      if (!(r.json as Array<Record<string, unknown>>).some((x) => x.Name === 'v1')) break;
      if (Date.now() > deadline) throw new Error(`never deleted: ${r.stdout}`);
      await new Promise((res) => setTimeout(res, 200));
    }
  });

  test('volume type list shows __DEFAULT__; an admin creates a type with a property', async () => {
    const r = await okRun(['volume', 'type', 'list']);
    assert.ok(
      (r.json as Array<Record<string, unknown>>).some((x) => x.Name === '__DEFAULT__'),
      r.stdout,
    );
    const c = await okRun(['volume', 'type', 'create', '--property', 'volume_backend_name=lvm', 'gold'], {
      cloud: 'stackbox-admin',
    });
    assert.equal(c.json.name, 'gold');
    const show = await okRun(['volume', 'type', 'show', 'gold'], { cloud: 'stackbox-admin' });
    assert.deepEqual(show.json.properties, { volume_backend_name: 'lvm' });
    const member = await os(['volume', 'type', 'create', 'silver']);
    assert.equal(member.code, 1);
    assert.match(member.stderr, /volume_extension:type_create/);
  });

  test('openstacksdk block_storage: create, wait, extend, delete', async () => {
    const script = join(s.dir, 'sdk-volumes.py');
    writeFileSync(
      script,
      [
        'import json, openstack',
        "c = openstack.connect(cloud='stackbox')",
        "v = c.block_storage.create_volume(size=1, name='sdkv')",
        "v = c.block_storage.wait_for_status(v, 'available', wait=30)",
        'c.block_storage.extend_volume(v, 3)',
        "v = c.block_storage.wait_for_status(c.block_storage.get_volume(v.id), 'available', wait=30)",
        'size = v.size',
        'names = [x.name for x in c.block_storage.volumes()]',
        'c.block_storage.delete_volume(v)',
        'c.block_storage.wait_for_delete(v, wait=30)',
        "print(json.dumps({'size': size, 'names': names, 'types': [t.name for t in c.block_storage.types()]}))",
      ].join('\n'),
    );
    const out = await new Promise<string>((resolve, reject) => {
      execFile(
        '/usr/bin/python3',
        [script],
        { cwd: s.dir, env: { ...process.env, HOME: s.dir, OS_CLIENT_CONFIG_FILE: s.cloudsFile }, timeout: 120_000 },
        (err, stdout, stderr) => (err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(stdout)),
      );
    });
    const r = JSON.parse(out) as { size: number; names: string[]; types: string[] };
    assert.equal(r.size, 3);
    assert.ok(r.names.includes('sdkv'));
    assert.ok(r.types.includes('__DEFAULT__'));
  });

  test('server add volume / volume show (attachments) / server remove volume', async () => {
    const vm = await okRun(
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
        'att-vm',
      ],
      { timeoutMs: 90_000 },
    );
    await okRun(['volume', 'create', '--size', '1', 'att-v']);
    await waitForStatus('att-v', 'available');
    await okRun(['server', 'add', 'volume', 'att-vm', 'att-v'], { json: false });
    const v = await waitForStatus('att-v', 'in-use');
    const atts = v.attachments as Array<Record<string, unknown>>;
    assert.equal(atts.length, 1, JSON.stringify(v));
    assert.equal(atts[0]?.server_id, vm.json.id);
    assert.equal(atts[0]?.device, '/dev/vdb');
    const shown = await okRun(['server', 'show', 'att-vm']);
    assert.match(JSON.stringify(shown.json.volumes_attached), new RegExp(String(v.id)));
    await okRun(['server', 'remove', 'volume', 'att-vm', 'att-v'], { json: false });
    const back = await waitForStatus('att-v', 'available');
    assert.deepEqual(back.attachments, []);
    await okRun(['server', 'delete', '--wait', 'att-vm'], { json: false, timeoutMs: 60_000 });
    await okRun(['volume', 'delete', 'att-v'], { json: false });
  });
});

describe('boot from volume with the openstack CLI', { skip, timeout: 600_000 }, () => {
  before(async () => {
    s = await startServer();
  });
  after(async () => {
    await s?.stop();
  });

  test('server create --boot-from-volume 1: root volume in-use on /dev/vda; delete gives it back', async () => {
    const vm = await okRun(
      [
        'server',
        'create',
        '--boot-from-volume',
        '1',
        '--image',
        'cirros-0.6.2',
        '--flavor',
        'm1.tiny',
        '--network',
        'private',
        '--wait',
        'bfv-vm',
      ],
      { timeoutMs: 90_000 },
    );
    assert.equal(vm.json.status, 'ACTIVE');
    const shown = await okRun(['server', 'show', 'bfv-vm']);
    // the server has no image: OSC prints its marker for a volume-backed server
    assert.equal(shown.json.image, 'N/A (booted from volume)');
    const attached = JSON.stringify(shown.json.volumes_attached);
    const list = await okRun(['volume', 'list']);
    const rows = list.json as Array<Record<string, unknown>>;
    assert.equal(rows.length, 1, list.stdout);
    const row = rows[0]!;
    assert.equal(row.Status, 'in-use');
    assert.equal(row.Size, 1);
    assert.match(attached, new RegExp(String(row.ID)));
    const on = row['Attached to'] as Array<Record<string, unknown>>;
    assert.equal(on[0]?.server_id, vm.json.id);
    assert.equal(on[0]?.device, '/dev/vda');
    const vol = await okRun(['volume', 'show', String(row.ID)]);
    assert.equal(vol.json.bootable, 'true');
    // OSC sends no delete_on_termination: Nova's default (false) keeps the volume, available again
    await okRun(['server', 'delete', '--wait', 'bfv-vm'], { json: false, timeoutMs: 60_000 });
    const back = await waitForStatus(String(row.ID), 'available');
    assert.deepEqual(back.attachments, []);
    await okRun(['volume', 'delete', String(row.ID)], { json: false });
  });

  test('server create --image --block-device blank,delete_on_termination=true: server delete deletes it', async () => {
    await okRun(
      [
        'server',
        'create',
        '--image',
        'cirros-0.6.2',
        '--block-device',
        'source_type=blank,destination_type=volume,volume_size=1,delete_on_termination=true',
        '--flavor',
        'm1.tiny',
        '--network',
        'private',
        '--wait',
        'bfv-vm2',
      ],
      { timeoutMs: 90_000 },
    );
    const rows = (await okRun(['volume', 'list'])).json as Array<Record<string, unknown>>;
    assert.equal(rows.length, 1, JSON.stringify(rows));
    assert.equal(rows[0]?.Status, 'in-use');
    assert.equal((rows[0]?.['Attached to'] as Array<Record<string, unknown>>)[0]?.device, '/dev/vdb');
    await okRun(['server', 'delete', '--wait', 'bfv-vm2'], { json: false, timeoutMs: 60_000 });
    const deadline = Date.now() + 30_000;
    for (;;) {
      const left = (await okRun(['volume', 'list'])).json as unknown[];
      if (left.length === 0) break;
      assert.ok(Date.now() < deadline, `the volume was not deleted: ${JSON.stringify(left)}`);
      await new Promise((res) => setTimeout(res, 200));
    }
  });
});
