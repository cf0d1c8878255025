import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { insertServer, projectId } from './server-fixtures.js';

let t: TestApp;
let admin: string;
let demo: string;
const ids: string[] = [];
before(async () => {
  t = await startTestApp({}, { agent: false });
  admin = await t.tokenFor('admin');
  demo = await t.tokenFor('demo');
  // the agent may already have registered hosts; tests use their own nodes
  await t.rt.store.db.deleteFrom('compute_hosts').execute();
  const now = new Date().toISOString();
  for (const [i, az, state] of [
    [1, 'nova', 'up'],
    [2, 'nova', 'up'],
    [3, 'zone-b', 'down'],
  ] as const) {
    const id = randomUUID();
    ids.push(id);
    await t.rt.store.db
      .insertInto('compute_hosts')
      .values({
        id,
        seq: i,
        host: `hv-${i}`,
        node: `hv-${i}`,
        availability_zone: az,
        hypervisor_type: 'fake',
        host_ip: `192.0.2.${i}`,
        vcpus: 16,
        memory_mb: 32768,
        local_gb: 500,
        status: 'enabled',
        state,
        disabled_reason: null,
        agent_id: null,
        last_seen_at: now,
        created_at: now,
      })
      .execute();
  }
  const p = await projectId(t, 'demo');
  await insertServer(t, p, { node: 'hv-1', host: 'hv-1', vcpus: 2, memory_mb: 1024, root_gb: 10 });
  await insertServer(t, p, { node: 'hv-1', host: 'hv-1', vcpus: 1, memory_mb: 512, root_gb: 1 });
});
after(async () => {
  await t.close();
});

const H = '/compute/v2.1/os-hypervisors';

test('hypervisor list is admin-only; integer ids before 2.53 and uuids from 2.53', async () => {
  assert.equal((await t.request('GET', H, { token: demo })).status, 403);
  const l = await t.request('GET', H, { token: admin });
  assert.equal(l.status, 200);
  assert.deepEqual(l.body.hypervisors[0], { id: 1, hypervisor_hostname: 'hv-1', state: 'up', status: 'enabled' });
  const l53 = await t.request('GET', H, { token: admin, mv: '2.53' });
  assert.equal(l53.body.hypervisors[0].id, ids[0]);
});

test('detail and show sum usage from the instances on the node; 2.88 drops the usage fields', async () => {
  const d = await t.request('GET', `${H}/detail`, { token: admin });
  const hv1 = d.body.hypervisors[0];
  assert.equal(hv1.vcpus_used, 3);
  assert.equal(hv1.memory_mb_used, 1536);
  assert.equal(hv1.local_gb_used, 11);
  assert.equal(hv1.running_vms, 2);
  assert.equal(hv1.free_ram_mb, 32768 - 1536);
  assert.deepEqual(hv1.service, { host: 'hv-1', id: 3, disabled_reason: null }); // after nova-conductor and nova-scheduler
  assert.equal(d.body.hypervisors[1].running_vms, 0);
  const s = await t.request('GET', `${H}/${ids[0]}?with_servers=true`, { token: admin, mv: '2.53' });
  assert.equal(s.status, 200);
  assert.equal(s.body.hypervisor.servers.length, 2);
  const s88 = await t.request('GET', `${H}/${ids[0]}`, { token: admin, mv: '2.88' });
  assert.equal('vcpus_used' in s88.body.hypervisor, false);
  assert.equal((await t.request('GET', `${H}/99`, { token: admin })).status, 404);
  assert.equal((await t.request('GET', `${H}/1`, { token: admin, mv: '2.53' })).status, 400);
});

test('2.33 paging with hypervisors_links', async () => {
  const p = await t.request('GET', `${H}?limit=2`, { token: admin, mv: '2.33' });
  assert.deepEqual(
    p.body.hypervisors.map((h: { id: number }) => h.id),
    [1, 2],
  );
  const next = new URL(p.body.hypervisors_links[0].href);
  const p2 = await t.request('GET', `${H}${next.search}`, { token: admin, mv: '2.33' });
  assert.deepEqual(
    p2.body.hypervisors.map((h: { id: number }) => h.id),
    [3],
  );
});

test('availability zones come from the compute hosts; detail is admin-only', async () => {
  const z = await t.request('GET', '/compute/v2.1/os-availability-zone', { token: demo });
  assert.equal(z.status, 200);
  assert.deepEqual(z.body.availabilityZoneInfo, [
    { zoneName: 'nova', zoneState: { available: true }, hosts: null },
    { zoneName: 'zone-b', zoneState: { available: false }, hosts: null },
  ]);
  assert.equal((await t.request('GET', '/compute/v2.1/os-availability-zone/detail', { token: demo })).status, 403);
  const d = await t.request('GET', '/compute/v2.1/os-availability-zone/detail', { token: admin });
  // the detail view adds the control services' 'internal' zone (sorted before 'nova')
  const [internal, nova] = d.body.availabilityZoneInfo;
  assert.equal(internal.zoneName, 'internal');
  assert.deepEqual(Object.keys(Object.values(internal.hosts)[0] as object).sort(), [
    'nova-conductor',
    'nova-scheduler',
  ]);
  assert.equal(nova.zoneName, 'nova');
  assert.deepEqual(Object.keys(nova.hosts).sort(), ['hv-1', 'hv-2']);
  assert.equal(nova.hosts['hv-1']['nova-compute'].available, true);
});

test('uptime (to 2.87): the host uptime line; a down host is 400; 2.88 moves it into the detail', async () => {
  const u = await t.request('GET', `${H}/1/uptime`, { token: admin });
  assert.equal(u.status, 200, u.text);
  assert.deepEqual(Object.keys(u.body.hypervisor).sort(), ['hypervisor_hostname', 'id', 'state', 'status', 'uptime']);
  assert.equal(u.body.hypervisor.id, 1);
  assert.match(
    u.body.hypervisor.uptime,
    /^ \d\d:\d\d:\d\d up +\d+:\d\d, {2}0 users, {2}load average: 0\.00, 0\.00, 0\.00$/,
  );
  const u53 = await t.request('GET', `${H}/${ids[0]}/uptime`, { token: admin, mv: '2.53' });
  assert.equal(u53.status, 200, u53.text);
  assert.equal(u53.body.hypervisor.id, ids[0]);
  const down = await t.request('GET', `${H}/3/uptime`, { token: admin });
  assert.equal(down.status, 400);
  assert.equal(down.body.badRequest.message, 'Compute service of hv-3 is unavailable at this time.');
  assert.equal((await t.request('GET', `${H}/x/uptime`, { token: admin })).status, 404);
  const badUuid = await t.request('GET', `${H}/1/uptime`, { token: admin, mv: '2.53' });
  assert.equal(badUuid.status, 400);
  assert.equal(badUuid.body.badRequest.message, 'Invalid uuid 1');
  assert.equal((await t.request('GET', `${H}/1/uptime`, { token: demo })).status, 403);
  assert.equal((await t.request('GET', `${H}/${ids[0]}/uptime`, { token: admin, mv: '2.88' })).status, 404);
  const s88 = await t.request('GET', `${H}/${ids[0]}`, { token: admin, mv: '2.88' });
  assert.match(s88.body.hypervisor.uptime, / up /);
  const d88 = await t.request('GET', `${H}/${ids[2]}`, { token: admin, mv: '2.88' });
  assert.equal(d88.body.hypervisor.uptime, null);
});

test('search and servers by hostname pattern (to 2.52), then the 2.53 query parameters', async () => {
  const s = await t.request('GET', `${H}/hv-/search`, { token: admin });
  assert.equal(s.status, 200, s.text);
  assert.deepEqual(
    s.body.hypervisors.map((h: { id: number }) => h.id),
    [1, 2, 3],
  );
  assert.equal('servers' in s.body.hypervisors[0], false);
  const none = await t.request('GET', `${H}/nothing/search`, { token: admin });
  assert.equal(none.status, 404);
  assert.equal(none.body.itemNotFound.message, "No hypervisor matching 'nothing' could be found.");
  const sv = await t.request('GET', `${H}/hv-/servers`, { token: admin });
  assert.equal(sv.status, 200, sv.text);
  assert.equal(sv.body.hypervisors[0].servers.length, 2);
  assert.deepEqual(Object.keys(sv.body.hypervisors[0].servers[0]).sort(), ['name', 'uuid']);
  // no servers: no key before 2.75
  assert.equal('servers' in sv.body.hypervisors[1], false);
  assert.equal((await t.request('GET', `${H}/hv-/servers`, { token: demo })).status, 403);
  for (const sub of ['search', 'servers'])
    assert.equal((await t.request('GET', `${H}/hv-/${sub}`, { token: admin, mv: '2.53' })).status, 404, sub);

  const q = await t.request('GET', `${H}?hypervisor_hostname_pattern=hv-1&with_servers=true`, {
    token: admin,
    mv: '2.53',
  });
  assert.equal(q.status, 200, q.text);
  assert.equal(q.body.hypervisors.length, 1);
  assert.equal(q.body.hypervisors[0].servers.length, 2);
  const empty = await t.request('GET', `${H}?hypervisor_hostname_pattern=hv-2&with_servers=true`, {
    token: admin,
    mv: '2.75',
  });
  assert.deepEqual(empty.body.hypervisors[0].servers, []);
  const maybe = await t.request('GET', `${H}?with_servers=maybe`, { token: admin, mv: '2.53' });
  assert.equal(maybe.status, 400);
  assert.equal(
    maybe.body.badRequest.message,
    "Invalid input for query parameters with_servers. Value: maybe. 'maybe' is not one of [True, 'True', 'TRUE', 'true', '1', 'ON', 'On', 'on', 'YES', 'Yes', 'yes', False, 'False', 'FALSE', 'false', '0', 'OFF', 'Off', 'off', 'NO', 'No', 'no']",
  );
  const off = await t.request('GET', `${H}/${ids[0]}?with_servers=no`, { token: admin, mv: '2.53' });
  assert.equal(off.status, 200);
  assert.equal('servers' in off.body.hypervisor, false);
  const paged = await t.request('GET', `${H}?hypervisor_hostname_pattern=hv&limit=1`, { token: admin, mv: '2.53' });
  assert.equal(paged.status, 400);
  assert.equal(
    paged.body.badRequest.message,
    'Paging over hypervisors with the hypervisor_hostname_pattern query parameter is not supported.',
  );
});
