import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../helpers/app.js';

let t: TestApp;
let admin: string;
let demo: string;
const V = '/volume/v3';
const MV = { 'openstack-api-version': 'volume 3.70' };

before(async () => {
  t = await startTestApp();
  admin = await t.tokenFor('admin');
  demo = await t.tokenFor('demo');
});
after(async () => {
  await t.close();
});

test('GET /os-services: a scheduler and a volume service for the configured backend; admins only', async () => {
  const r = await t.request('GET', `${V}/os-services`, { token: admin, headers: MV });
  assert.equal(r.status, 200);
  const [sched, vol] = r.body.services;
  assert.deepEqual(
    { ...sched, updated_at: undefined },
    {
      binary: 'cinder-scheduler',
      host: 'stackbox',
      zone: 'nova',
      status: 'enabled',
      state: 'up',
      updated_at: undefined,
      cluster: null,
      disabled_reason: null,
    },
  );
  assert.equal(vol.binary, 'cinder-volume');
  assert.equal(vol.host, 'stackbox@lvm');
  assert.equal(vol.backend_state, 'up');
  assert.equal(vol.frozen, false);
  assert.match(vol.updated_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/);
  const old = await t.request('GET', `${V}/os-services`, { token: admin });
  assert.equal('cluster' in old.body.services[0], false);
  assert.equal('backend_state' in old.body.services[1], false);
  const filtered = await t.request('GET', `${V}/os-services?binary=cinder-volume`, { token: admin });
  assert.deepEqual(
    filtered.body.services.map((s: { binary: string }) => s.binary),
    ['cinder-volume'],
  );
  const none = await t.request('GET', `${V}/os-services?host=elsewhere`, { token: admin });
  assert.deepEqual(none.body, { services: [] });
});

test("GET /os-services?host= matches at host, backend or pool level as Cinder's _filter_host", async () => {
  const binaries = async (query: string) => {
    const r = await t.request('GET', `${V}/os-services?${query}`, { token: admin });
    assert.equal(r.status, 200);
    return (r.body.services as { binary: string; host: string }[]).map((s) => `${s.binary} ${s.host}`);
  };
  // a bare host also finds the cinder-volume on host@backend (what tempest's by-volume-host test asks)
  assert.deepEqual(await binaries('host=stackbox'), ['cinder-scheduler stackbox', 'cinder-volume stackbox@lvm']);
  assert.deepEqual(await binaries('host=stackbox&binary=cinder-volume'), ['cinder-volume stackbox@lvm']);
  assert.deepEqual(await binaries('host=stackbox@lvm'), ['cinder-volume stackbox@lvm']);
  // a pool-level value is an exact match, and a prefix of another word is no match
  assert.deepEqual(await binaries('host=stackbox@lvm%23lvm'), []);
  assert.deepEqual(await binaries('host=stack'), []);
  const member = await t.request('GET', `${V}/os-services`, { token: demo });
  assert.deepEqual(member.body, {
    forbidden: { code: 403, message: "Policy doesn't allow volume_extension:services:index to be performed." },
  });
});

test('PUT /os-services/disable-log-reason, enable, freeze and thaw change the listed state', async () => {
  const d = await t.request('PUT', `${V}/os-services/disable-log-reason`, {
    token: admin,
    body: { host: 'stackbox@lvm', binary: 'cinder-volume', disabled_reason: 'maintenance' },
  });
  assert.deepEqual(d.body, {
    host: 'stackbox@lvm',
    service: '',
    binary: 'cinder-volume',
    status: 'disabled',
    disabled: true,
    disabled_reason: 'maintenance',
  });
  let vol = (await t.request('GET', `${V}/os-services?binary=cinder-volume`, { token: admin })).body.services[0];
  assert.equal(vol.status, 'disabled');
  assert.equal(vol.disabled_reason, 'maintenance');
  const e = await t.request('PUT', `${V}/os-services/enable`, {
    token: admin,
    body: { host: 'stackbox@lvm', binary: 'cinder-volume' },
  });
  assert.deepEqual(e.body, {
    host: 'stackbox@lvm',
    service: '',
    binary: 'cinder-volume',
    status: 'enabled',
    disabled: false,
  });
  vol = (await t.request('GET', `${V}/os-services?binary=cinder-volume`, { token: admin })).body.services[0];
  assert.equal(vol.status, 'enabled');
  // Zed's Cinder keeps the last reason after enabling
  assert.equal(vol.disabled_reason, 'maintenance');
  const s = await t.request('PUT', `${V}/os-services/disable`, {
    token: admin,
    body: { host: 'stackbox', service: 'cinder-scheduler' },
  });
  assert.equal(s.body.status, 'disabled');
  const row = await t.rt.store.db
    .selectFrom('volume_services')
    .selectAll()
    .where('binary', '=', 'cinder-scheduler')
    .executeTakeFirstOrThrow();
  assert.equal(row.disabled, 1);

  const f = await t.request('PUT', `${V}/os-services/freeze`, { token: admin, body: { host: 'stackbox@lvm' } });
  assert.equal(f.status, 200);
  assert.equal(f.text, '');
  vol = (await t.request('GET', `${V}/os-services?binary=cinder-volume`, { token: admin })).body.services[0];
  assert.equal(vol.frozen, true);
  await t.request('PUT', `${V}/os-services/thaw`, { token: admin, body: { host: 'stackbox@lvm' } });
  vol = (await t.request('GET', `${V}/os-services?binary=cinder-volume`, { token: admin })).body.services[0];
  assert.equal(vol.frozen, false);
});

test('os-services updates: unknown service 404, missing host 400, bad body 400, members 403', async () => {
  const unknown = await t.request('PUT', `${V}/os-services/disable`, {
    token: admin,
    body: { host: 'nowhere', binary: 'cinder-volume' },
  });
  assert.deepEqual(unknown.body, {
    itemNotFound: { code: 404, message: 'Service cinder-volume could not be found on host nowhere.' },
  });
  const noHost = await t.request('PUT', `${V}/os-services/enable`, { token: admin, body: { binary: 'cinder-volume' } });
  assert.deepEqual(noHost.body, {
    badRequest: { code: 400, message: 'Invalid input received: Host field is missing.' },
  });
  const extra = await t.request('PUT', `${V}/os-services/enable`, {
    token: admin,
    body: { host: 'stackbox@lvm', binary: 'cinder-volume', bogus: 1 },
  });
  assert.equal(extra.status, 400);
  const freezeNone = await t.request('PUT', `${V}/os-services/freeze`, { token: admin, body: { host: 'nowhere' } });
  assert.deepEqual(freezeNone.body, {
    badRequest: { code: 400, message: 'No service found with host=nowhere' },
  });
  const other = await t.request('PUT', `${V}/os-services/failover_host`, { token: admin, body: {} });
  assert.equal(other.status, 404);
  const bogus = await t.request('PUT', `${V}/os-services/bogus`, { token: admin, body: {} });
  assert.deepEqual(bogus.body, { badRequest: { code: 400, message: 'Invalid input received: Unknown action' } });
  const member = await t.request('PUT', `${V}/os-services/disable`, {
    token: demo,
    body: { host: 'stackbox@lvm', binary: 'cinder-volume' },
  });
  assert.equal(member.status, 403);
});

test('GET /scheduler-stats/get_pools: names, and with detail the real allocation', async () => {
  const plain = await t.request('GET', `${V}/scheduler-stats/get_pools`, { token: admin });
  assert.deepEqual(plain.body, { pools: [{ name: 'stackbox@lvm#lvm' }] });
  const v = await t.request('POST', `${V}/volumes`, { token: demo, body: { volume: { size: 3 } } });
  assert.equal(v.status, 202);
  for (let i = 0; i < 100; i++) {
    const s = await t.request('GET', `${V}/volumes/${v.body.volume.id}`, { token: demo });
    if (s.body.volume.status !== 'creating') break;
    await new Promise((r) => setTimeout(r, 20));
  }
  const d = await t.request('GET', `${V}/scheduler-stats/get_pools?detail=true`, { token: admin });
  const caps = d.body.pools[0].capabilities;
  assert.equal(d.body.pools[0].name, 'stackbox@lvm#lvm');
  assert.equal(caps.total_capacity_gb, 1000);
  assert.equal(caps.allocated_capacity_gb, 3);
  assert.equal(caps.free_capacity_gb, 997);
  assert.equal(caps.total_volumes, 1);
  assert.equal(caps.pool_name, 'lvm');
  assert.equal(caps.volume_backend_name, 'lvm');
  assert.equal(caps.storage_protocol, 'iSCSI');
  const bad = await t.request('GET', `${V}/scheduler-stats/get_pools?detail=maybe`, { token: admin });
  assert.equal(bad.status, 400);
  const member = await t.request('GET', `${V}/scheduler-stats/get_pools`, { token: demo });
  assert.equal(member.status, 403);
});

test('GET /capabilities/{host}: the backend by host@backend or host; unknown 404', async () => {
  const r = await t.request('GET', `${V}/capabilities/stackbox@lvm`, { token: admin });
  assert.equal(r.status, 200);
  assert.equal(r.body.namespace, 'OS::Storage::Capabilities::stackbox@lvm');
  assert.equal(r.body.volume_backend_name, 'lvm');
  assert.equal(r.body.pool_name, null);
  assert.deepEqual(Object.keys(r.body.properties).sort(), [
    'compression',
    'qos',
    'replication_enabled',
    'thin_provisioning',
  ]);
  assert.equal((await t.request('GET', `${V}/capabilities/stackbox`, { token: admin })).status, 200);
  const missing = await t.request('GET', `${V}/capabilities/nowhere`, { token: admin });
  assert.deepEqual(missing.body, { itemNotFound: { code: 404, message: "Can't find service: nowhere" } });
  assert.equal((await t.request('GET', `${V}/capabilities/stackbox@lvm`, { token: demo })).status, 403);
});

test('GET /extensions lists what is served; show by alias; unknown 404', async () => {
  const r = await t.request('GET', `${V}/extensions`, { token: demo });
  assert.equal(r.status, 200);
  const aliases = r.body.extensions.map((e: { alias: string }) => e.alias);
  assert.ok(aliases.includes('os-volume-type-access') && aliases.includes('os-services'));
  assert.ok(!aliases.includes('backups'));
  // Zed's order
  assert.ok(aliases.indexOf('os-vol-image-meta') === 0 && aliases[aliases.length - 1] === 'capabilities');
  const one = await t.request('GET', `${V}/extensions/os-services`, { token: demo });
  assert.deepEqual(one.body, {
    extension: {
      name: 'Services',
      alias: 'os-services',
      description: 'Services support.',
      updated: '2012-10-28T00:00:00-00:00',
      links: [],
    },
  });
  assert.equal((await t.request('GET', `${V}/extensions/backups`, { token: demo })).status, 404);
  assert.equal((await t.request('GET', `${V}/extensions`)).status, 401);
});
