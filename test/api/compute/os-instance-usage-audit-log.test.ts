/**
 * os-instance_usage_audit_log: admin only; the last completed monthly period before now or before
 * a given timestamp, every compute host registered before the period's end counted as done with
 * the instances it had active in the period; Nova's 400 for a bad timestamp.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { insertServer, projectId } from './server-fixtures.js';
import { lastCompletedMonth } from '../../../src/services/compute/usage-audit-service.js';

let t: TestApp;
let admin: string;
let demo: string;
const URL = '/compute/v2.1/os-instance_usage_audit_log';

before(async () => {
  t = await startTestApp({}, { agent: false });
  admin = await t.tokenFor('admin');
  demo = await t.tokenFor('demo');
  // two hosts of the test's own, registered now
  await t.rt.store.db.deleteFrom('compute_hosts').execute();
  const now = t.rt.clock().toISOString();
  for (const i of [1, 2]) {
    await t.rt.store.db
      .insertInto('compute_hosts')
      .values({
        id: randomUUID(),
        seq: i,
        host: `compute-${i}`,
        node: `compute-${i}`,
        availability_zone: 'nova',
        hypervisor_type: 'fake',
        host_ip: `192.0.2.${i}`,
        vcpus: 16,
        memory_mb: 32768,
        local_gb: 500,
        status: 'enabled',
        state: 'up',
        disabled_reason: null,
        agent_id: null,
        last_seen_at: now,
        created_at: now,
      })
      .execute();
  }
});
after(async () => {
  await t.close();
});

test('the last completed month is the one before the month a time falls in', () => {
  const p = lastCompletedMonth(new Date('2026-03-15T10:00:00Z'));
  assert.equal(p.begin.toISOString(), '2026-02-01T00:00:00.000Z');
  assert.equal(p.end.toISOString(), '2026-03-01T00:00:00.000Z');
  // a period ending exactly now has not completed; January wraps to December
  const q = lastCompletedMonth(new Date('2026-01-01T00:00:00Z'));
  assert.equal(q.begin.toISOString(), '2025-11-01T00:00:00.000Z');
  assert.equal(q.end.toISOString(), '2025-12-01T00:00:00.000Z');
});

test('index: hosts registered after the last period are not run', async () => {
  const r = await t.request('GET', URL, { token: admin });
  assert.equal(r.status, 200, r.text);
  const log = r.body.instance_usage_audit_logs;
  const { begin, end } = lastCompletedMonth(t.rt.clock());
  assert.equal(log.period_beginning, begin.toISOString().slice(0, 19).replace('T', ' '));
  assert.equal(log.period_ending, end.toISOString().slice(0, 19).replace('T', ' '));
  assert.equal(log.num_hosts, 2);
  assert.equal(log.num_hosts_not_run, 2);
  assert.deepEqual([...log.hosts_not_run].sort(), ['compute-1', 'compute-2']);
  assert.equal(log.num_hosts_done, 0);
  assert.equal(log.num_hosts_running, 0);
  assert.equal(log.overall_status, '0 of 2 hosts done. 0 errors.');
  assert.deepEqual(log.log, {});
});

test('show: a later period counts each host as done with its active instances', async () => {
  const demoProject = await projectId(t, 'demo');
  await insertServer(t, demoProject, { host: 'compute-1', launched_at: '2026-01-10T00:00:00.000Z' });
  await insertServer(t, demoProject, { host: 'compute-1', launched_at: '2026-01-11T00:00:00.000Z' });
  // terminated before the period began: not counted
  await insertServer(t, demoProject, {
    host: 'compute-1',
    launched_at: '2026-01-12T00:00:00.000Z',
    terminated_at: '2026-01-13T00:00:00.000Z',
    deleted: 1,
  });
  const r = await t.request('GET', `${URL}/2099-02-15 10:00:00.5`, { token: admin });
  assert.equal(r.status, 200, r.text);
  const log = r.body.instance_usage_audit_log;
  assert.equal(log.period_beginning, '2099-01-01 00:00:00');
  assert.equal(log.period_ending, '2099-02-01 00:00:00');
  assert.equal(log.num_hosts_done, 2);
  assert.equal(log.num_hosts_not_run, 0);
  assert.equal(log.overall_status, 'ALL hosts done. 0 errors.');
  assert.equal(log.total_instances, 2);
  assert.deepEqual(log.log['compute-1'], {
    state: 'DONE',
    instances: 2,
    errors: 0,
    message: 'Instance usage audit ran for host compute-1, 2 instances in 0.0 seconds.',
  });
  assert.equal(log.log['compute-2'].instances, 0);
});

test('a timestamp that is not one is 400; non-admins are 403', async () => {
  const bad = await t.request('GET', `${URL}/2099-02-30 10:00:00`, { token: admin });
  assert.equal(bad.status, 400);
  assert.equal(bad.body.badRequest.message, 'Invalid timestamp for date 2099-02-30 10:00:00');
  const iso = await t.request('GET', `${URL}/2099-02-01T10:00:00`, { token: admin });
  assert.equal(iso.status, 400);
  for (const url of [URL, `${URL}/2099-02-15 10:00:00`]) {
    const r = await t.request('GET', url, { token: demo });
    assert.equal(r.status, 403, r.text);
    assert.equal(
      r.body.forbidden.message,
      `Policy doesn't allow os_compute_api:os-instance-usage-audit-log:${url === URL ? 'list' : 'show'} to be performed.`,
    );
  }
});
