/**
 * openstacksdk (an application script with the clouds.yaml `serve` printed) through issue 15's
 * server actions and admin resources and issue 20's volume flows: the same flows the CLI tests
 * drive, as an SDK user meets them (test/conformance/sdk/sdk_actions.py does the calls).
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startServer, describeRun, repoRoot, type ServerHandle } from './helpers/server.js';
import { novaInstalled, runPython } from './helpers/clients.js';

const skip = novaInstalled() ? false : 'openstacksdk is not installed (apt-get install python3-openstacksdk)';
const SCRIPT = join(repoRoot, 'test', 'conformance', 'sdk', 'sdk_actions.py');

describe('openstacksdk: server actions, compute admin resources, volumes', { skip, timeout: 600_000 }, () => {
  let s: ServerHandle;
  before(async () => {
    s = await startServer();
  });
  after(async () => {
    await s?.stop();
  });
  const flow = async (mode: string): Promise<Record<string, unknown>> => {
    const r = await runPython(SCRIPT, [mode], { OS_CLIENT_CONFIG_FILE: s.cloudsFile }, s.dir, 240_000);
    assert.equal(r.code, 0, describeRun([`(sdk) ${mode}`], r));
    return r.json as Record<string, unknown>;
  };

  test('pause/suspend, resize confirm and revert, snapshot and boot from it, shelve, rescue, password, console', async () => {
    const r = await flow('actions');
    assert.deepEqual(r.pause, ['PAUSED', 'ACTIVE']);
    assert.deepEqual(r.suspend, ['SUSPENDED', 'ACTIVE']);
    assert.equal(r.unpause_active, 409);
    assert.deepEqual(r.resize, ['VERIFY_RESIZE', 'ACTIVE', 'm1.small']);
    assert.deepEqual(r.revert, ['VERIFY_RESIZE', 'ACTIVE', 'm1.small']);
    assert.deepEqual(r.image, { status: 'active', image_type: 'snapshot', instance_uuid: true, purpose: 'sdk' });
    assert.deepEqual(r.boot_from_snapshot, { status: 'ACTIVE', image: true });
    assert.deepEqual(r.shelve, ['SHELVED_OFFLOADED', 'ACTIVE']);
    assert.deepEqual(r.rescue, ['RESCUE', 'ACTIVE']);
    assert.equal(r.password_changed, 'ACTIVE');
    assert.deepEqual(r.console, { type: 'novnc', protocol: 'vnc', http: 200 });
    assert.equal(r.deleted, true);
  });

  test('migrate + confirm, anti-affinity over hosts, quotas enforced, usage, aggregates, services, hypervisors', async () => {
    const r = await flow('admin');
    assert.deepEqual(r.migrate, ['VERIFY_RESIZE', 'ACTIVE', true]);
    assert.deepEqual(r.migrations, [['migration', 'confirmed']]);
    assert.deepEqual(r.group, { policy: 'anti-affinity', members: 2, distinct_hosts: 2 });
    assert.equal(r.quota_before, 100);
    assert.equal(r.quota_after, 1);
    assert.deepEqual(r.over_quota, [403, true]);
    assert.equal(r.quota_reverted, 100);
    assert.deepEqual(r.usage, { projects: true, show_servers: true });
    const agg = r.aggregate as { hosts: string[]; zones: string[]; host: string };
    assert.deepEqual(agg.hosts, [agg.host]);
    assert.ok(agg.zones.includes('sdk-az') && agg.zones.includes('nova'), agg.zones.join());
    const services = r.services as { count: number; disabled: [string, string]; enabled: string };
    assert.ok(services.count >= 2);
    assert.deepEqual(services.disabled, ['disabled', 'sdk maintenance']);
    assert.equal(services.enabled, 'enabled');
    assert.equal(r.hypervisors, services.count);
  });

  test('volumes: snapshot, from snapshot and image, a type, attach/detach through Nova, boot from volume', async () => {
    const r = await flow('volumes');
    assert.deepEqual(r.created, { snapshot: 'available', from_snapshot: true, from_image_bootable: true });
    assert.deepEqual(r.type, ['__DEFAULT__', 'sdk-type']);
    assert.deepEqual(r.attached, { device: '/dev/vdb', status: 'in-use', server: true });
    assert.equal(r.detached, 'available');
    assert.deepEqual(r.boot_from_volume, { status: 'ACTIVE', root: 'in-use', bootable: true });
    assert.equal(r.root_deleted, true);
    assert.deepEqual(r.left, []);
  });
});
