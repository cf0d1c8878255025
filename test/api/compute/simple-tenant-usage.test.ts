import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { insertServer, projectId } from './server-fixtures.js';

let t: TestApp;
let admin: string;
let demo: string;
let demoProject: string;
let adminProject: string;
const ids: Record<string, string> = {};
before(async () => {
  t = await startTestApp({}, { agent: false });
  admin = await t.tokenFor('admin');
  demo = await t.tokenFor('demo');
  demoProject = await projectId(t, 'demo');
  adminProject = await projectId(t, 'admin');
  ids.running = (
    await insertServer(t, demoProject, {
      vcpus: 2,
      memory_mb: 1024,
      root_gb: 10,
      launched_at: '2020-01-01T06:00:00.000Z',
    })
  ).uuid;
  ids.gone = (
    await insertServer(t, demoProject, {
      vcpus: 1,
      memory_mb: 512,
      root_gb: 1,
      launched_at: '2020-01-01T00:00:00.000Z',
      terminated_at: '2020-01-01T12:00:00.000Z',
      deleted_at: '2020-01-01T12:00:00.000Z',
      deleted: 1,
      vm_state: 'deleted',
    })
  ).uuid;
  ids.other = (await insertServer(t, adminProject, { launched_at: '2020-01-01T18:00:00.000Z' })).uuid;
  // never launched (still building): no usage
  await insertServer(t, demoProject, { launched_at: null, vm_state: 'building' });
});
after(async () => {
  await t.close();
});

const U = '/compute/v2.1/os-simple-tenant-usage';
const window = 'start=2020-01-01T00:00:00&end=2020-01-02T00:00:00';

test('show: hours in the window per instance, deleted ones as terminated, totals', async () => {
  const r = await t.request('GET', `${U}/${demoProject}?${window}`, { token: demo });
  assert.equal(r.status, 200, r.text);
  const u = r.body.tenant_usage;
  assert.equal(u.tenant_id, demoProject);
  assert.equal(u.start, '2020-01-01T00:00:00.000000');
  assert.equal(u.stop, '2020-01-02T00:00:00.000000');
  assert.equal(u.server_usages.length, 2);
  const running = u.server_usages.find((s: { instance_id: string }) => s.instance_id === ids.running);
  assert.equal(running.hours, 18);
  assert.equal(running.state, 'active');
  assert.equal(running.ended_at, null);
  assert.equal(running.flavor, 'm1.tiny');
  assert.equal(running.started_at, '2020-01-01T06:00:00.000000');
  const gone = u.server_usages.find((s: { instance_id: string }) => s.instance_id === ids.gone);
  assert.equal(gone.hours, 12);
  assert.equal(gone.state, 'terminated');
  assert.equal(gone.uptime, 12 * 3600);
  assert.equal(u.total_hours, 30);
  assert.equal(u.total_vcpus_usage, 2 * 18 + 12);
  assert.equal(u.total_memory_mb_usage, 1024 * 18 + 512 * 12);
  assert.equal(u.total_local_gb_usage, 10 * 18 + 12);
  // another project's usage is the admin's to see
  assert.equal((await t.request('GET', `${U}/${adminProject}?${window}`, { token: demo })).status, 403);
  // a window with nothing in it: an empty object
  const none = await t.request('GET', `${U}/${demoProject}?start=2019-01-01T00:00:00&end=2019-01-02T00:00:00`, {
    token: demo,
  });
  assert.deepEqual(none.body, { tenant_usage: {} });
});

test('list (admin): one summary per project, server usages only with detailed=1; errors', async () => {
  assert.equal((await t.request('GET', `${U}?${window}`, { token: demo })).status, 403);
  const r = await t.request('GET', `${U}?${window}`, { token: admin });
  assert.equal(r.status, 200, r.text);
  const byProject = new Map(r.body.tenant_usages.map((u: { tenant_id: string }) => [u.tenant_id, u]));
  assert.equal(byProject.size, 2);
  const other = byProject.get(adminProject) as Record<string, unknown>;
  assert.equal(other.total_hours, 6);
  assert.equal('server_usages' in other, false);
  const detailed = await t.request('GET', `${U}?${window}&detailed=1`, { token: admin });
  assert.ok(detailed.body.tenant_usages.every((u: { server_usages?: unknown[] }) => Array.isArray(u.server_usages)));
  const bad = await t.request('GET', `${U}?start=yesterday`, { token: admin });
  assert.equal(bad.status, 400);
  assert.equal(bad.body.badRequest.message, 'Invalid datetime string: Datetime is in invalid format');
  const backwards = await t.request('GET', `${U}?start=2020-01-02T00:00:00&end=2020-01-01T00:00:00`, {
    token: admin,
  });
  assert.equal(backwards.status, 400);
  assert.equal(
    backwards.body.badRequest.message,
    'Invalid start time. The start time cannot occur after the end time.',
  );
  // a trailing slash is no route in Nova (Tempest's test_get_usage_tenant_with_empty_tenant_id),
  // not a show of project ''
  const empty = await t.request('GET', `${U}/?${window}`, { token: admin });
  assert.equal(empty.status, 404, empty.text);
  assert.equal(empty.body.itemNotFound.message, 'The resource could not be found.');
});

test('2.40 paging: limit and marker over server usages, with the next link', async () => {
  const first = await t.request('GET', `${U}?${window}&detailed=1&limit=2`, { token: admin, mv: '2.40' });
  assert.equal(first.status, 200, first.text);
  const seen = first.body.tenant_usages.flatMap((u: { server_usages: Array<{ instance_id: string }> }) =>
    u.server_usages.map((s) => s.instance_id),
  );
  assert.equal(seen.length, 2);
  const next = first.body.tenant_usages_links[0].href as string;
  assert.match(next, /marker=/);
  const marker = new URL(next).searchParams.get('marker');
  const second = await t.request('GET', `${U}?${window}&detailed=1&limit=2&marker=${marker}`, {
    token: admin,
    mv: '2.40',
  });
  const rest = second.body.tenant_usages.flatMap((u: { server_usages: Array<{ instance_id: string }> }) =>
    u.server_usages.map((s) => s.instance_id),
  );
  assert.equal(rest.length, 1);
  assert.deepEqual([...seen, ...rest].sort(), [ids.running, ids.gone, ids.other].sort());
  assert.equal('tenant_usages_links' in second.body, false);
  const badMarker = await t.request('GET', `${U}?${window}&marker=nope`, { token: admin, mv: '2.40' });
  assert.equal(badMarker.status, 400);
});
