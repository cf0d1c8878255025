/**
 * os-hosts below 2.43: the enabled services by host and zone, a compute host's resources by
 * project, the status/maintenance update and the power actions with the fake driver's answers,
 * Nova's 404s and schema errors, admin-only policies, 404 from 2.43.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { insertServer, projectId } from './server-fixtures.js';

let t: TestApp;
let admin: string;
let demo: string;
let demoProject: string;
const H = '/compute/v2.1/os-hosts';

before(async () => {
  t = await startTestApp({}, { agent: false });
  admin = await t.tokenFor('admin');
  demo = await t.tokenFor('demo');
  await t.rt.store.db.deleteFrom('compute_hosts').execute();
  const now = t.rt.clock().toISOString();
  for (const [i, az, status] of [
    [1, 'nova', 'enabled'],
    [2, 'zone-b', 'enabled'],
    [3, 'nova', 'disabled'],
  ] as const) {
    await t.rt.store.db
      .insertInto('compute_hosts')
      .values({
        id: randomUUID(),
        seq: i,
        host: `host-${i}`,
        node: `host-${i}`,
        availability_zone: az,
        hypervisor_type: 'fake',
        host_ip: `192.0.2.${i}`,
        vcpus: 16,
        memory_mb: 32768,
        local_gb: 500,
        status,
        state: 'up',
        disabled_reason: null,
        agent_id: null,
        last_seen_at: now,
        created_at: now,
      })
      .execute();
  }
  demoProject = await projectId(t, 'demo');
  await insertServer(t, demoProject, { host: 'host-1', node: 'host-1', vcpus: 2, memory_mb: 1024, root_gb: 10 });
  await insertServer(t, 'other-project', { host: 'host-1', node: 'host-1', vcpus: 1, memory_mb: 512, root_gb: 1 });
});
after(async () => {
  await t.close();
});

test('list: enabled services by host with their topic and zone; zone filter', async () => {
  const r = await t.request('GET', H, { token: admin });
  assert.equal(r.status, 200, r.text);
  const hosts = r.body.hosts as Array<{ host_name: string; service: string; zone: string }>;
  assert.deepEqual(
    hosts.filter((h) => h.service === 'compute'),
    [
      { host_name: 'host-1', service: 'compute', zone: 'nova' },
      { host_name: 'host-2', service: 'compute', zone: 'zone-b' },
    ],
  );
  assert.ok(hosts.some((h) => h.service === 'conductor' && h.zone === 'internal'));
  assert.ok(hosts.some((h) => h.service === 'scheduler' && h.zone === 'internal'));
  const b = await t.request('GET', `${H}?zone=zone-b`, { token: admin });
  assert.deepEqual(b.body.hosts, [{ host_name: 'host-2', service: 'compute', zone: 'zone-b' }]);
  assert.equal((await t.request('GET', H, { token: demo })).status, 403);
});

test('show: totals, used now, used max and per project', async () => {
  const r = await t.request('GET', `${H}/host-1`, { token: admin });
  assert.equal(r.status, 200, r.text);
  const res = (r.body.host as Array<{ resource: Record<string, unknown> }>).map((x) => x.resource);
  assert.deepEqual(res[0], { host: 'host-1', project: '(total)', cpu: 16, memory_mb: 32768, disk_gb: 500 });
  assert.deepEqual(res[1], { host: 'host-1', project: '(used_now)', cpu: 3, memory_mb: 1536, disk_gb: 11 });
  assert.deepEqual(res[2], { host: 'host-1', project: '(used_max)', cpu: 3, memory_mb: 1536, disk_gb: 11 });
  assert.deepEqual(
    res
      .slice(3)
      .map((x) => x.project)
      .sort(),
    [demoProject, 'other-project'].sort(),
  );
  assert.deepEqual(
    res.find((x) => x.project === demoProject),
    { host: 'host-1', project: demoProject, cpu: 2, memory_mb: 1024, disk_gb: 10 },
  );
  const missing = await t.request('GET', `${H}/nope`, { token: admin });
  assert.equal(missing.status, 404);
  assert.equal(missing.body.itemNotFound.message, "Host 'nope' is not mapped to any cell");
  assert.equal((await t.request('GET', `${H}/host-1`, { token: demo })).status, 403);
});

test('update: status and maintenance_mode answer as the fake driver; bad bodies are 400', async () => {
  const r = await t.request('PUT', `${H}/host-1`, {
    token: admin,
    body: { status: 'Disable', maintenance_mode: 'ENABLE' },
  });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.body, { host: 'host-1', status: 'disabled', maintenance_mode: 'on_maintenance' });
  const s = await t.request('PUT', `${H}/host-1`, { token: admin, body: { status: 'enable' } });
  assert.deepEqual(s.body, { host: 'host-1', status: 'enabled' });
  const empty = await t.request('PUT', `${H}/host-1`, { token: admin, body: {} });
  assert.equal(empty.status, 400);
  const bad = await t.request('PUT', `${H}/host-1`, { token: admin, body: { status: 'on' } });
  assert.equal(bad.status, 400);
  assert.equal(
    bad.body.badRequest.message,
    "Invalid input for field/attribute status. Value: on. 'on' is not one of ['enable', 'disable', 'Enable', 'Disable', 'ENABLE', 'DISABLE']",
  );
  const missing = await t.request('PUT', `${H}/nope`, { token: admin, body: { status: 'enable' } });
  assert.equal(missing.status, 404);
  assert.equal(missing.body.itemNotFound.message, "Host 'nope' is not mapped to any cell");
  assert.equal((await t.request('PUT', `${H}/host-1`, { token: demo, body: { status: 'enable' } })).status, 403);
});

test('power actions echo the action; unknown hosts 404; each has its own rule', async () => {
  for (const [action, rule] of [
    ['startup', 'start'],
    ['shutdown', 'shutdown'],
    ['reboot', 'reboot'],
  ] as const) {
    const r = await t.request('GET', `${H}/host-2/${action}`, { token: admin });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body, { host: 'host-2', power_action: action });
    const missing = await t.request('GET', `${H}/nope/${action}`, { token: admin });
    assert.equal(missing.status, 404);
    assert.equal(missing.body.itemNotFound.message, "Host 'nope' is not mapped to any cell");
    const denied = await t.request('GET', `${H}/host-2/${action}`, { token: demo });
    assert.equal(denied.status, 403);
    assert.equal(
      denied.body.forbidden.message,
      `Policy doesn't allow os_compute_api:os-hosts:${rule} to be performed.`,
    );
  }
});

test('every os-hosts route is 404 from 2.43', async () => {
  for (const url of [H, `${H}/host-1`, `${H}/host-1/reboot`]) {
    assert.equal((await t.request('GET', url, { token: admin, mv: '2.42' })).status, 200, url);
    assert.equal((await t.request('GET', url, { token: admin, mv: '2.43' })).status, 404, url);
  }
  const put = await t.request('PUT', `${H}/host-1`, { token: admin, mv: '2.43', body: { status: 'enable' } });
  assert.equal(put.status, 404);
});
