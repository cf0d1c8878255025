import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, waitFor, type TestApp } from '../../helpers/app.js';
import { DEFAULT_IMAGES } from '../../../src/store/seed.js';
import { first } from '../../helpers/elements.js';
import { insertServer, projectId } from './server-fixtures.js';

let t: TestApp;
let admin: string;
let demo: string;
before(async () => {
  t = await startTestApp({ compute: { hosts: 3 } });
  admin = await t.tokenFor('admin');
  demo = await t.tokenFor('demo');
  await waitFor(
    async () => (await t.rt.store.db.selectFrom('compute_hosts').select('id').execute()).length === 3,
    'three hosts registered',
  );
});
after(async () => {
  await t.close();
});

const S = '/compute/v2.1/os-services';
const list = async (mv?: string, query = '') => {
  const r = await t.request('GET', `${S}${query}`, { token: admin, mv });
  assert.equal(r.status, 200, r.text);
  return r.body.services as Array<Record<string, any>>; // eslint-disable-line @typescript-eslint/no-explicit-any
};

test('list: conductor and scheduler in the internal zone, one nova-compute per host; fields per microversion', async () => {
  const s = await list();
  assert.deepEqual(
    s.map((x) => x.binary),
    ['nova-conductor', 'nova-scheduler', 'nova-compute', 'nova-compute', 'nova-compute'],
  );
  assert.deepEqual(
    s.map((x) => x.id),
    [1, 2, 3, 4, 5],
  );
  const c = s[2]!;
  assert.deepEqual(Object.keys(c).sort(), [
    'binary',
    'disabled_reason',
    'host',
    'id',
    'state',
    'status',
    'updated_at',
    'zone',
  ]);
  assert.equal(c.zone, 'nova');
  assert.equal(c.status, 'enabled');
  assert.equal(c.state, 'up');
  assert.match(c.updated_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/);
  assert.equal(s[0]!.zone, 'internal');
  const s11 = await list('2.11');
  assert.equal(s11[2]!.forced_down, false);
  const s53 = await list('2.53');
  assert.match(String(s53[2]!.id), /^[0-9a-f-]{36}$/);
  const hosts = await list(undefined, '?binary=nova-compute&host=compute1');
  assert.equal(hosts.length, 1);
  assert.equal((await t.request('GET', S, { token: demo })).status, 403);
});

test('pre-2.53 actions: disable-log-reason, enable, force-down (2.11), Nova errors', async () => {
  const put = (action: string, body: unknown, mv?: string) =>
    t.request('PUT', `${S}/${action}`, { token: admin, body, mv });
  const d = await put('disable-log-reason', { host: 'compute2', binary: 'nova-compute', disabled_reason: 'maint' });
  assert.equal(d.status, 200, d.text);
  assert.deepEqual(d.body, {
    service: { host: 'compute2', binary: 'nova-compute', status: 'disabled', disabled_reason: 'maint' },
  });
  const row = await t.rt.store.db
    .selectFrom('compute_hosts')
    .selectAll()
    .where('host', '=', 'compute2')
    .executeTakeFirstOrThrow();
  assert.equal(row.status, 'disabled');
  assert.equal(row.disabled_reason, 'maint');
  const shown = (await list(undefined, '?host=compute2'))[0]!;
  assert.equal(shown.status, 'disabled');
  assert.equal(shown.disabled_reason, 'maint');

  const e = await put('enable', { host: 'compute2', binary: 'nova-compute' });
  assert.deepEqual(e.body, { service: { host: 'compute2', binary: 'nova-compute', status: 'enabled' } });
  assert.equal((await list(undefined, '?host=compute2'))[0]!.disabled_reason, null);

  const missing = await put('disable-log-reason', { host: 'compute2', binary: 'nova-compute' });
  assert.equal(missing.status, 400);
  assert.equal(missing.body.badRequest.message, 'Missing disabled reason field');
  const sched = await put('disable', { host: 'compute2', binary: 'nova-scheduler' });
  assert.equal(sched.status, 400);
  assert.equal(
    sched.body.badRequest.message,
    'Updating a nova-scheduler service is not supported. Only nova-compute services can be updated.',
  );
  const nohost = await put('disable', { host: 'nohost', binary: 'nova-compute' });
  assert.equal(nohost.status, 404);
  assert.equal(nohost.body.itemNotFound.message, "Host 'nohost' is not mapped to any cell");
  // before 2.11 there is no force-down action (and no forced_down in the schema)
  assert.equal((await put('force-down', { host: 'compute2', binary: 'nova-compute' })).status, 404);
  assert.equal((await put('force-down', { host: 'compute2', binary: 'nova-compute', forced_down: true })).status, 400);
  const fd = await put('force-down', { host: 'compute2', binary: 'nova-compute', forced_down: true }, '2.11');
  assert.equal(fd.status, 200, fd.text);
  assert.deepEqual(fd.body, { service: { host: 'compute2', binary: 'nova-compute', forced_down: true } });
  const down = (await list('2.11', '?host=compute2'))[0]!;
  assert.equal(down.state, 'down');
  assert.equal(down.forced_down, true);
  const hv = await t.request('GET', '/compute/v2.1/os-hypervisors', { token: admin });
  assert.equal(
    hv.body.hypervisors.find((h: { hypervisor_hostname: string }) => h.hypervisor_hostname === 'compute2').state,
    'down',
  );
  await put('force-down', { host: 'compute2', binary: 'nova-compute', forced_down: 'false' }, '2.11');
  assert.equal((await list('2.11', '?host=compute2'))[0]!.state, 'up');
  assert.equal((await put('bogus', { host: 'compute2', binary: 'nova-compute' })).status, 404);
  assert.equal((await put('disable', { host: 'compute2' })).status, 400);
});

test('2.53 PUT by uuid: status with reason, forced_down, Nova errors', async () => {
  const svc = (await list('2.53', '?host=compute3'))[0]!;
  const put = (id: string, body: unknown) => t.request('PUT', `${S}/${id}`, { token: admin, body, mv: '2.53' });
  const r = await put(svc.id, { status: 'disabled', disabled_reason: 'broken' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.service.id, svc.id);
  assert.equal(r.body.service.status, 'disabled');
  assert.equal(r.body.service.disabled_reason, 'broken');
  assert.equal(r.body.service.forced_down, false);
  const bad = await put(svc.id, { status: 'enabled', disabled_reason: 'x' });
  assert.equal(bad.status, 400);
  assert.equal(bad.body.badRequest.message, "Specifying 'disabled_reason' with status 'enabled' is invalid.");
  const none = await put(svc.id, {});
  assert.equal(none.status, 400);
  assert.equal(
    none.body.badRequest.message,
    "No updates were requested. Fields 'status' or 'forced_down' should be specified.",
  );
  assert.equal((await put('not-a-uuid', { status: 'enabled' })).status, 400);
  const unknown = await put('8d3b0c1e-0000-4000-8000-000000000000', { status: 'enabled' });
  assert.equal(unknown.status, 404);
  assert.equal(unknown.body.itemNotFound.message, 'Service 8d3b0c1e-0000-4000-8000-000000000000 could not be found.');
  const scheduler = (await list('2.53', '?binary=nova-scheduler'))[0]!;
  assert.equal((await put(scheduler.id, { status: 'disabled' })).status, 400);
  const back = await put(svc.id, { status: 'enabled' });
  assert.equal(back.body.service.status, 'enabled');
  assert.equal(back.body.service.disabled_reason, null);
});

test('the scheduler skips disabled and forced-down hosts; all disabled → NoValidHost (ERROR)', async () => {
  const put = (host: string, action: string, extra: Record<string, unknown> = {}) =>
    t.request('PUT', `${S}/${action}`, { token: admin, body: { host, binary: 'nova-compute', ...extra }, mv: '2.11' });
  await put('compute1', 'disable');
  await put('compute2', 'force-down', { forced_down: true });
  const boot = async (name: string) => {
    const r = await t.request('POST', '/compute/v2.1/servers', {
      token: demo,
      body: { server: { name, imageRef: first(DEFAULT_IMAGES, 'DEFAULT_IMAGES').id, flavorRef: '1' } },
    });
    assert.equal(r.status, 202, r.text);
    return waitFor(async () => {
      const s = await t.request('GET', `/compute/v2.1/servers/${r.body.server.id}`, { token: admin });
      return ['ACTIVE', 'ERROR'].includes(s.body.server.status) ? s.body.server : null;
    }, `${name} settles`);
  };
  for (const name of ['s1', 's2', 's3']) {
    const s = await boot(name);
    assert.equal(s.status, 'ACTIVE');
    assert.equal(s['OS-EXT-SRV-ATTR:host'], 'compute3');
  }
  await put('compute3', 'disable');
  const s = await boot('s4');
  assert.equal(s.status, 'ERROR');
  assert.match(s.fault.message, /No valid host was found/);
  for (const h of ['compute1', 'compute3']) await put(h, 'enable');
  await put('compute2', 'force-down', { forced_down: false });
});

test('DELETE: 409 while the host has instances; an idle compute service goes with its hypervisor', async () => {
  const svc = (await list('2.53', '?host=compute3'))[0]!;
  const busy = await t.request('DELETE', `${S}/${svc.id}`, { token: admin, mv: '2.53' });
  assert.equal(busy.status, 409);
  assert.equal(
    busy.body.conflictingRequest.message,
    'Unable to delete compute service that is hosting instances. Migrate or delete the instances first.',
  );
  const idle = (await list(undefined, '?host=compute1'))[0]!;
  await insertServer(t, await projectId(t, 'demo'), { host: 'compute2', node: 'compute2' });
  assert.equal((await t.request('DELETE', `${S}/abc`, { token: admin })).status, 400);
  assert.equal((await t.request('DELETE', `${S}/999`, { token: admin })).status, 404);
  assert.equal((await t.request('DELETE', `${S}/${idle.id}`, { token: demo })).status, 403);
  const del = await t.request('DELETE', `${S}/${idle.id}`, { token: admin });
  assert.equal(del.status, 204, del.text);
  const rows = await t.rt.store.db.selectFrom('compute_hosts').select('host').where('host', '=', 'compute1').execute();
  assert.equal(rows.length, 0);
  assert.equal((await list(undefined, '?host=compute1')).length, 0);
});

test('hypervisor statistics sum the enabled hosts (2.1–2.87); 2.88 is 404', async () => {
  const stats = async () => {
    const r = await t.request('GET', '/compute/v2.1/os-hypervisors/statistics', { token: admin, mv: '2.53' });
    assert.equal(r.status, 200, r.text);
    return r.body.hypervisor_statistics;
  };
  const hosts = await t.rt.store.db.selectFrom('compute_hosts').selectAll().where('status', '=', 'enabled').execute();
  const before = await stats();
  assert.equal(before.count, hosts.length);
  assert.equal(
    before.vcpus,
    hosts.reduce((n, h) => n + h.vcpus, 0),
  );
  assert.ok(before.running_vms >= 4, JSON.stringify(before));
  assert.equal(before.free_ram_mb, before.memory_mb - before.memory_mb_used);
  await t.request('PUT', `${S}/disable`, { token: admin, body: { host: 'compute3', binary: 'nova-compute' } });
  const after = await stats();
  assert.equal(after.count, before.count - 1);
  assert.ok(after.running_vms < before.running_vms);
  await t.request('PUT', `${S}/enable`, { token: admin, body: { host: 'compute3', binary: 'nova-compute' } });
  assert.equal(
    (await t.request('GET', '/compute/v2.1/os-hypervisors/statistics', { token: admin, mv: '2.88' })).status,
    404,
  );
  assert.equal((await t.request('GET', '/compute/v2.1/os-hypervisors/statistics', { token: demo })).status, 403);
});
