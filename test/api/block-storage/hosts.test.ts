import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, waitFor, type TestApp } from '../../helpers/app.js';

let t: TestApp;
let admin: string;
let demo: string;
const V = '/volume/v3';

before(async () => {
  t = await startTestApp();
  admin = await t.tokenFor('admin');
  demo = await t.tokenFor('demo');
});
after(async () => {
  await t.close();
});

test('GET /os-hosts lists the enabled services (admin only); zone filters', async () => {
  const r = await t.request('GET', `${V}/os-hosts`, { token: admin });
  assert.equal(r.status, 200);
  const hosts = r.body.hosts as Record<string, unknown>[];
  assert.deepEqual(hosts.map((h) => [h.host_name, h.service]).sort(), [
    ['stackbox', 'cinder-scheduler'],
    ['stackbox@lvm', 'cinder-volume'],
  ]);
  for (const h of hosts) {
    assert.deepEqual(Object.keys(h).sort(), [
      'host_name',
      'last-update',
      'service',
      'service-state',
      'service-status',
      'zone',
    ]);
    assert.equal(h['service-status'], 'available');
    assert.equal(h['service-state'], 'enabled');
  }
  const zone = hosts[0]!.zone as string;
  assert.equal((await t.request('GET', `${V}/os-hosts?zone=${zone}`, { token: admin })).body.hosts.length, 2);
  assert.deepEqual((await t.request('GET', `${V}/os-hosts?zone=nowhere`, { token: admin })).body, { hosts: [] });
  const member = await t.request('GET', `${V}/os-hosts`, { token: demo });
  assert.deepEqual(member.body, {
    forbidden: { code: 403, message: "Policy doesn't allow volume_extension:hosts to be performed." },
  });
});

test('GET /os-hosts/{host}: usage per project as strings; unknown, scheduler or disabled host 404', async () => {
  const c = await t.request('POST', `${V}/volumes`, { token: demo, body: { volume: { size: 2 } } });
  const id = c.body.volume.id as string;
  await waitFor(
    async () => (await t.request('GET', `${V}/volumes/${id}`, { token: demo })).body.volume.status === 'available',
    'volume available',
  );
  const s = await t.request('POST', `${V}/snapshots`, { token: demo, body: { snapshot: { volume_id: id } } });
  assert.equal(s.status, 202);
  const project =
    c.body.volume['os-vol-tenant-attr:tenant_id'] ??
    (await t.request('GET', `${V}/volumes/${id}`, { token: admin })).body.volume['os-vol-tenant-attr:tenant_id'];
  const r = await t.request('GET', `${V}/os-hosts/stackbox@lvm`, { token: admin });
  assert.equal(r.status, 200);
  assert.deepEqual(r.body.host[0], {
    resource: {
      host: 'stackbox@lvm',
      project: '(total)',
      volume_count: '1',
      total_volume_gb: '2',
      snapshot_count: '1',
      total_snapshot_gb: '2',
    },
  });
  assert.deepEqual(r.body.host[1], {
    resource: {
      host: 'stackbox@lvm',
      project,
      volume_count: '1',
      total_volume_gb: '2',
      snapshot_count: '1',
      total_snapshot_gb: '2',
    },
  });
  const unknown = await t.request('GET', `${V}/os-hosts/nohost`, { token: admin });
  assert.deepEqual(unknown.body, {
    itemNotFound: { code: 404, message: 'Service cinder-volume could not be found on host nohost.' },
  });
  // a bare host finds its backend's cinder-volume, as Cinder's get_by_host_and_topic matches
  // host, host@backend and host#pool; the rows name the host as asked
  const bare = await t.request('GET', `${V}/os-hosts/stackbox`, { token: admin });
  assert.equal(bare.status, 200, bare.text);
  assert.deepEqual(bare.body.host[0].resource, {
    host: 'stackbox',
    project: '(total)',
    volume_count: '1',
    total_volume_gb: '2',
    snapshot_count: '1',
    total_snapshot_gb: '2',
  });
  assert.equal((await t.request('GET', `${V}/os-hosts/stackbox@lvm`, { token: demo })).status, 403);

  const off = await t.request('PUT', `${V}/os-services/disable`, {
    token: admin,
    body: { host: 'stackbox@lvm', binary: 'cinder-volume' },
  });
  assert.equal(off.status, 200);
  assert.equal((await t.request('GET', `${V}/os-hosts/stackbox@lvm`, { token: admin })).status, 404);
  const listed = await t.request('GET', `${V}/os-hosts`, { token: admin });
  assert.deepEqual(
    listed.body.hosts.map((h: { host_name: string }) => h.host_name),
    ['stackbox'],
  );
  await t.request('PUT', `${V}/os-services/enable`, {
    token: admin,
    body: { host: 'stackbox@lvm', binary: 'cinder-volume' },
  });
});

test('the extension list includes Hosts', async () => {
  const one = await t.request('GET', `${V}/extensions/os-hosts`, { token: demo });
  assert.deepEqual(one.body, {
    extension: {
      name: 'Hosts',
      alias: 'os-hosts',
      description: 'Admin-only host administration.',
      updated: '2011-06-29T00:00:00+00:00',
      links: [],
    },
  });
});
