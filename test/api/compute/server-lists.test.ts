import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sampleKeys } from '../../helpers/nova-samples.js';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { at } from '../../helpers/elements.js';
import { IMAGE, insertServer, projectId } from './server-fixtures.js';

let t: TestApp;
let admin: string;
let demo: string;
let demoProject: string;
let adminProject: string;
before(async () => {
  t = await startTestApp({}, { agent: false });
  admin = await t.tokenFor('admin');
  demo = await t.tokenFor('demo');
  demoProject = await projectId(t, 'demo');
  adminProject = await projectId(t, 'admin');
});
after(async () => {
  await t.close();
});

const S = '/compute/v2.1/servers';

test('server show has exactly the fields of the 2.1 and 2.96 samples for a project member', async () => {
  const row = await insertServer(t, demoProject, { metadata: '{"k":"v"}' });
  const r21 = await t.request('GET', `${S}/${row.uuid}`, { token: demo });
  assert.equal(r21.status, 200, r21.text);
  const want21 = sampleKeys('servers', 'server-get-resp.json').filter(
    (k) => !k.startsWith('OS-EXT-SRV-ATTR:') && k !== 'host_status',
  );
  assert.deepEqual(Object.keys(r21.body.server).sort(), want21);
  assert.equal(r21.body.server.status, 'ACTIVE');
  assert.deepEqual(r21.body.server.metadata, { k: 'v' });
  assert.deepEqual(r21.body.server.flavor.id, '1');
  assert.equal(r21.body.server.image.id, IMAGE);
  assert.deepEqual(r21.body.server.security_groups, [{ name: 'default' }]);
  assert.match(r21.body.server.created, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);

  const r96 = await t.request('GET', `${S}/${row.uuid}`, { token: demo, mv: '2.96' });
  assert.deepEqual(Object.keys(r96.body.server).sort(), sampleKeys('servers', 'v2.96/server-get-resp.json'));
  assert.deepEqual(r96.body.server.flavor, {
    vcpus: 1,
    ram: 512,
    disk: 1,
    ephemeral: 0,
    swap: 0,
    original_name: 'm1.tiny',
    extra_specs: {},
  });
  assert.equal(r96.body.server.locked, false);
  assert.deepEqual(r96.body.server.tags, []);
});

test('admins see the OS-EXT-SRV-ATTR fields and host_status; progress hidden and fault shown for ERROR', async () => {
  const row = await insertServer(t, demoProject, {
    vm_state: 'error',
    fault: JSON.stringify({ code: 500, message: 'boom', details: 'trace', created: '2026-01-01T00:00:00Z' }),
  });
  const a = await t.request('GET', `${S}/${row.uuid}`, { token: admin, mv: '2.16' });
  assert.equal(a.status, 200);
  for (const k of [
    'OS-EXT-SRV-ATTR:host',
    'OS-EXT-SRV-ATTR:instance_name',
    'OS-EXT-SRV-ATTR:hypervisor_hostname',
    'OS-EXT-SRV-ATTR:reservation_id',
    'OS-EXT-SRV-ATTR:user_data',
    'host_status',
  ]) {
    assert.ok(k in a.body.server, k);
  }
  assert.equal(a.body.server.status, 'ERROR');
  assert.equal('progress' in a.body.server, false);
  assert.deepEqual(a.body.server.fault, {
    code: 500,
    created: '2026-01-01T00:00:00Z',
    message: 'boom',
    details: 'trace',
  });
  const d = await t.request('GET', `${S}/${row.uuid}`, { token: demo, mv: '2.16' });
  assert.equal('OS-EXT-SRV-ATTR:host' in d.body.server, false);
  assert.equal('details' in d.body.server.fault, false);
});

test("another project's server is 404 with Nova's itemNotFound body", async () => {
  const row = await insertServer(t, adminProject);
  const r = await t.request('GET', `${S}/${row.uuid}`, { token: demo });
  assert.equal(r.status, 404);
  assert.deepEqual(r.body, { itemNotFound: { code: 404, message: `Instance ${row.uuid} could not be found.` } });
});

test('list is scoped to the project; all_tenants needs admin (403 otherwise)', async () => {
  const mine = await insertServer(t, demoProject, { display_name: 'scoped-mine' });
  const theirs = await insertServer(t, adminProject, { display_name: 'scoped-theirs' });
  const l = await t.request('GET', `${S}?name=scoped`, { token: demo });
  assert.equal(l.status, 200);
  assert.deepEqual(
    l.body.servers.map((s: { id: string }) => s.id),
    [mine.uuid],
  );
  assert.deepEqual(Object.keys(l.body.servers[0]).sort(), ['id', 'links', 'name']);
  const forbidden = await t.request('GET', `${S}?all_tenants=1`, { token: demo });
  assert.equal(forbidden.status, 403);
  const all = await t.request('GET', `${S}/detail?all_tenants&name=^scoped-`, { token: admin });
  assert.deepEqual(
    all.body.servers.map((s: { id: string }) => s.id),
    [theirs.uuid, mine.uuid],
  );
});

test('status filter maps to vm states; unknown status is 400 from 2.38 and empty before', async () => {
  const stopped = await insertServer(t, demoProject, {
    display_name: 'st-stopped',
    vm_state: 'stopped',
    power_state: 4,
  });
  await insertServer(t, demoProject, { display_name: 'st-active' });
  const r = await t.request('GET', `${S}/detail?status=shutoff&name=^st-`, { token: demo });
  assert.deepEqual(
    r.body.servers.map((s: { id: string }) => s.id),
    [stopped.uuid],
  );
  assert.equal(r.body.servers[0].status, 'SHUTOFF');
  const old = await t.request('GET', `${S}?status=BOGUS`, { token: demo, mv: '2.37' });
  assert.deepEqual(old.body, { servers: [] });
  const bad = await t.request('GET', `${S}?status=BOGUS`, { token: demo, mv: '2.38' });
  assert.equal(bad.status, 400);
  assert.equal(bad.body.badRequest.message, 'Invalid status value');
  const del = await t.request('GET', `${S}?status=DELETED`, { token: demo });
  assert.equal(del.status, 403);
});

test('limit/marker keyset paging with servers_links, stable under concurrent deletes; unknown marker 400', async () => {
  const rows = [];
  for (let i = 0; i < 5; i++) rows.push(await insertServer(t, demoProject, { display_name: `page-${i}` }));
  const newestFirst = rows.map((r) => r.uuid).reverse();
  const p1 = await t.request('GET', `${S}?name=^page-&limit=2`, { token: demo });
  assert.deepEqual(
    p1.body.servers.map((s: { id: string }) => s.id),
    newestFirst.slice(0, 2),
  );
  const next = new URL(p1.body.servers_links[0].href);
  assert.equal(next.searchParams.get('marker'), newestFirst[1]);
  assert.equal(next.searchParams.get('limit'), '2');
  // the marker row is deleted between pages: paging continues after it
  await t.rt.store.db
    .updateTable('instances')
    .set({ deleted: 1, vm_state: 'deleted' })
    .where('uuid', '=', at(newestFirst, 1, 'servers'))
    .execute();
  const p2 = await t.request('GET', `${S}${next.search}`, { token: demo });
  assert.deepEqual(
    p2.body.servers.map((s: { id: string }) => s.id),
    newestFirst.slice(2, 4),
  );
  const p3 = await t.request('GET', `${S}?name=^page-&limit=2&marker=${newestFirst[3]}`, { token: demo });
  assert.deepEqual(
    p3.body.servers.map((s: { id: string }) => s.id),
    [newestFirst[4]],
  );
  assert.equal(p3.body.servers_links, undefined);
  const bad = await t.request('GET', `${S}?marker=nope`, { token: demo });
  assert.equal(bad.status, 400);
  assert.equal(bad.body.badRequest.message, 'marker [nope] not found');
  const badLimit = await t.request('GET', `${S}?limit=-1`, { token: demo });
  assert.equal(badLimit.status, 400);
});

test('changes-since includes deleted servers; future is empty; invalid or inverted ranges are 400', async () => {
  const gone = await insertServer(t, demoProject, {
    display_name: 'cs-gone',
    deleted: 1,
    vm_state: 'deleted',
    updated_at: '2030-01-01T00:00:00.000Z',
  });
  const r = await t.request('GET', `${S}/detail?changes-since=2029-12-31T00:00:00Z`, { token: demo });
  assert.deepEqual(
    r.body.servers.map((s: { id: string }) => s.id),
    [gone.uuid],
  );
  assert.equal(r.body.servers[0].status, 'DELETED');
  const plain = await t.request('GET', `${S}?name=cs-gone`, { token: demo });
  assert.deepEqual(plain.body.servers, []);
  const future = await t.request('GET', `${S}?changes-since=2099-01-01T00:00:00Z`, { token: demo });
  assert.deepEqual(future.body.servers, []);
  assert.equal((await t.request('GET', `${S}?changes-since=yesterday`, { token: demo })).status, 400);
  const inv = await t.request('GET', `${S}?changes-since=2030-01-02T00:00:00Z&changes-before=2030-01-01T00:00:00Z`, {
    token: demo,
    mv: '2.66',
  });
  assert.equal(inv.status, 400);
  assert.equal(inv.body.badRequest.message, 'The value of changes-since must be less than or equal to changes-before.');
});

test('tag filters (2.26), locked filter (2.73), unknown params ignored before 2.75 and 400 from 2.75', async () => {
  const a = await insertServer(t, demoProject, { display_name: 'tg-a', locked: 1 });
  const b = await insertServer(t, demoProject, { display_name: 'tg-b' });
  await t.rt.store.db
    .insertInto('instance_tags')
    .values([
      { instance_uuid: a.uuid, tag: 'red' },
      { instance_uuid: a.uuid, tag: 'blue' },
      { instance_uuid: b.uuid, tag: 'red' },
    ])
    .execute();
  const ids = (r: { body: { servers: Array<{ id: string }> } }) => r.body.servers.map((s) => s.id);
  assert.deepEqual(ids(await t.request('GET', `${S}?name=^tg-&tags=red,blue`, { token: demo, mv: '2.26' })), [a.uuid]);
  assert.deepEqual(ids(await t.request('GET', `${S}?name=^tg-&tags-any=red`, { token: demo, mv: '2.26' })), [
    b.uuid,
    a.uuid,
  ]);
  assert.deepEqual(ids(await t.request('GET', `${S}?name=^tg-&not-tags=red,blue`, { token: demo, mv: '2.26' })), [
    b.uuid,
  ]);
  assert.deepEqual(ids(await t.request('GET', `${S}?name=^tg-&not-tags-any=blue`, { token: demo, mv: '2.26' })), [
    b.uuid,
  ]);
  const detail = await t.request('GET', `${S}/detail?name=^tg-a`, { token: demo, mv: '2.26' });
  assert.deepEqual(detail.body.servers[0].tags, ['blue', 'red']);
  assert.deepEqual(ids(await t.request('GET', `${S}?name=^tg-&locked=true`, { token: demo, mv: '2.73' })), [a.uuid]);
  assert.equal((await t.request('GET', `${S}?name=^tg-&bogus=1`, { token: demo, mv: '2.74' })).status, 200);
  assert.equal((await t.request('GET', `${S}?name=^tg-&bogus=1`, { token: demo, mv: '2.75' })).status, 400);
});

test('addresses come from the plugged ports, grouped by network name', async () => {
  const row = await insertServer(t, demoProject);
  const net = await t.rt.store.db.selectFrom('networks').select(['id', 'name']).executeTakeFirstOrThrow();
  const subnet = await t.rt.store.db
    .selectFrom('subnets')
    .select('id')
    .where('network_id', '=', net.id)
    .executeTakeFirstOrThrow();
  const now = new Date().toISOString();
  await t.rt.store.db
    .insertInto('ports')
    .values({
      id: 'p-1',
      network_id: net.id,
      project_id: demoProject,
      name: '',
      description: '',
      mac_address: 'fa:16:3e:00:00:01',
      admin_state_up: 1,
      status: 'ACTIVE',
      device_id: row.uuid,
      device_owner: 'compute:nova',
      binding_host_id: '',
      binding_vif_type: 'ovs',
      binding_vnic_type: 'normal',
      binding_profile: '{}',
      security_groups: '[]',
      port_security_enabled: 1,
      created_at: now,
      updated_at: now,
    })
    .execute();
  await t.rt.store.db
    .insertInto('ip_allocations')
    .values({ network_id: net.id, subnet_id: subnet.id, ip_address: '10.9.9.9', port_id: 'p-1' })
    .execute();
  await t.rt.store.db
    .insertInto('virtual_interfaces')
    .values({
      id: 'vif-1',
      instance_uuid: row.uuid,
      port_id: 'p-1',
      network_id: net.id,
      mac_address: 'fa:16:3e:00:00:01',
      tag: null,
      created_by_compute: 1,
      created_at: now,
    })
    .execute();
  const r = await t.request('GET', `${S}/${row.uuid}`, { token: demo });
  assert.deepEqual(r.body.server.addresses, {
    [net.name]: [
      { version: 4, addr: '10.9.9.9', 'OS-EXT-IPS:type': 'fixed', 'OS-EXT-IPS-MAC:mac_addr': 'fa:16:3e:00:00:01' },
    ],
  });
  const byIp = await t.request('GET', `${S}?ip=^10\\.9\\.9\\.`, { token: demo });
  assert.deepEqual(
    byIp.body.servers.map((s: { id: string }) => s.id),
    [row.uuid],
  );
});

test('project_id/tenant_id only narrow an all_tenants listing; sorting by host is admin-only', async () => {
  const theirs = await insertServer(t, adminProject, { display_name: 'pf-theirs' });
  const mine = await insertServer(t, demoProject, { display_name: 'pf-mine' });
  const ids = (r: { body: { servers: Array<{ id: string }> } }) => r.body.servers.map((s) => s.id);
  assert.deepEqual(
    ids(await t.request('GET', `${S}?name=^pf-&all_tenants=1&tenant_id=${demoProject}`, { token: admin })),
    [mine.uuid],
  );
  // without all_tenants the caller's own project wins, even for admins (servers.py _get_servers)
  assert.deepEqual(ids(await t.request('GET', `${S}?name=^pf-&project_id=${demoProject}`, { token: admin })), [
    theirs.uuid,
  ]);
  const sorted = await t.request('GET', `${S}?name=^pf-&all_tenants=1&sort_key=display_name&sort_dir=asc`, {
    token: admin,
  });
  assert.deepEqual(ids(sorted), [mine.uuid, theirs.uuid]);
  const host = await t.request('GET', `${S}?sort_key=host`, { token: demo });
  assert.equal(host.status, 403);
  assert.equal(host.body.forbidden.message, 'Only administrators can sort servers by host');
  // the sort_key enum is checked at every microversion (observed on Nova Zed at 2.1); ignored keys are accepted
  assert.equal((await t.request('GET', `${S}?sort_key=bogus`, { token: demo, mv: '2.75' })).status, 400);
  const bogus = await t.request('GET', `${S}?sort_key=bogus`, { token: demo });
  assert.equal(bogus.status, 400);
  assert.match(
    bogus.body.badRequest.message,
    /^Invalid input for query parameters sort_key\. Value: bogus\. 'bogus' is not one of \['access_ip_v4', /,
  );
  assert.equal((await t.request('GET', `${S}?sort_key=vm_mode`, { token: demo })).status, 200);
  assert.equal(
    (await t.request('GET', `${S}?sort_dir=up`, { token: demo })).body.badRequest.message,
    "Invalid input received: Unknown sort direction, must be 'desc' or 'asc'",
  );
  // '_' parameters pass the schema even at 2.75: dropped for members, rejected for admins
  assert.equal((await t.request('GET', `${S}?_foo=1`, { token: demo, mv: '2.75' })).status, 200);
  assert.equal(
    (await t.request('GET', `${S}?_foo=1`, { token: admin })).body.badRequest.message,
    'Invalid filter field: _foo.',
  );
  assert.equal(
    (await t.request('GET', `${S}?bogus=1`, { token: demo, mv: '2.75' })).body.badRequest.message,
    "'bogus' does not match any of the regexes: '^_'",
  );
});

test('admin detail list at 2.1 and 2.47 and member detail at 2.96 have exactly the sample keys', async () => {
  const row = await insertServer(t, demoProject, { display_name: 'keys-1' });
  const pick = (r: { body: { servers: Array<Record<string, unknown>> } }) =>
    Object.keys(r.body.servers.find((s) => s.id === row.uuid) ?? {}).sort();
  const keys = (p: string) => sampleKeys('servers', p);
  assert.deepEqual(
    pick(await t.request('GET', `${S}/detail?all_tenants=1&name=^keys-`, { token: admin })),
    keys('servers-details-resp.json'),
  );
  assert.deepEqual(
    pick(await t.request('GET', `${S}/detail?all_tenants=1&name=^keys-`, { token: admin, mv: '2.47' })),
    keys('v2.47/servers-details-resp.json'),
  );
  assert.deepEqual(
    pick(await t.request('GET', `${S}/detail?name=^keys-`, { token: demo, mv: '2.96' })),
    keys('v2.96/servers-details-resp.json'),
  );
});
