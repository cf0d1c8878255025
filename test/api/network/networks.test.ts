import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../helpers/app.js';

let t: TestApp;
let admin: string;
let demo: string;
before(async () => {
  t = await startTestApp({}, { agent: false });
  admin = await t.tokenFor('admin');
  demo = await t.tokenFor('demo');
});
after(async () => {
  await t.close();
});

const N = '/network/v2.0/networks';

test('seeded networks: shared private (v4 + v6 subnets) and external public, visible to demo', async () => {
  const res = await t.request('GET', N, { token: demo });
  assert.equal(res.status, 200);
  const byName = Object.fromEntries(res.body.networks.map((n: { name: string }) => [n.name, n]));
  assert.equal(byName.private.shared, true);
  assert.equal(byName.private['router:external'], false);
  assert.equal(byName.private.subnets.length, 2);
  assert.equal(byName.public['router:external'], true);
  assert.equal(byName.public.shared, false);
  const n = byName.private;
  for (const k of [
    'id',
    'name',
    'tenant_id',
    'project_id',
    'admin_state_up',
    'mtu',
    'status',
    'subnets',
    'shared',
    'router:external',
    'availability_zone_hints',
    'availability_zones',
    'ipv4_address_scope',
    'ipv6_address_scope',
    'description',
    'port_security_enabled',
    'tags',
    'created_at',
    'updated_at',
  ])
    assert.ok(k in n, k);
  assert.equal(n.status, 'ACTIVE');
  assert.equal(n.mtu, 1500);
  assert.match(n.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
});

test('create → 201 owned by the caller; show; update; delete → 204 then 404 NetworkNotFound', async () => {
  const c = await t.request('POST', N, {
    token: demo,
    body: { network: { name: 'net1', mtu: 1450, description: 'd' } },
  });
  assert.equal(c.status, 201);
  const net = c.body.network;
  assert.equal(net.name, 'net1');
  assert.equal(net.mtu, 1450);
  assert.equal(net.admin_state_up, true);
  assert.equal(net.shared, false);
  assert.deepEqual(net.subnets, []);
  const demoProject = await t.rt.store.db
    .selectFrom('projects')
    .select('id')
    .where('name', '=', 'demo')
    .executeTakeFirstOrThrow();
  assert.equal(net.project_id, demoProject.id);
  assert.equal(net.tenant_id, demoProject.id);
  const row = await t.rt.store.db.selectFrom('networks').selectAll().where('id', '=', net.id).executeTakeFirstOrThrow();
  assert.equal(row.mtu, 1450);

  const show = await t.request('GET', `${N}/${net.id}`, { token: demo });
  assert.equal(show.status, 200);
  assert.equal(show.body.network.id, net.id);

  const u = await t.request('PUT', `${N}/${net.id}`, {
    token: demo,
    body: { network: { name: 'net1b', admin_state_up: false } },
  });
  assert.equal(u.status, 200);
  assert.equal(u.body.network.name, 'net1b');
  assert.equal(u.body.network.admin_state_up, false);

  const d = await t.request('DELETE', `${N}/${net.id}`, { token: demo });
  assert.equal(d.status, 204);
  const gone = await t.request('GET', `${N}/${net.id}`, { token: demo });
  assert.equal(gone.status, 404);
  assert.deepEqual(gone.body, {
    NeutronError: { type: 'NetworkNotFound', message: `Network ${net.id} could not be found.`, detail: '' },
  });
});

test('a name in place of an id → 404 NetworkNotFound (clients then list with ?name=)', async () => {
  const res = await t.request('GET', `${N}/private`, { token: demo });
  assert.equal(res.status, 404);
  assert.equal(res.body.NeutronError.type, 'NetworkNotFound');
  const byName = await t.request('GET', `${N}?name=private`, { token: demo });
  assert.equal(byName.body.networks.length, 1);
  assert.equal(byName.body.networks[0].name, 'private');
});

test("project isolation: demo cannot see or delete admin's private network; admin sees all", async () => {
  const c = await t.request('POST', N, { token: admin, body: { network: { name: 'admin-only' } } });
  assert.equal(c.status, 201);
  const id = c.body.network.id;
  const list = await t.request('GET', N, { token: demo });
  assert.ok(!list.body.networks.some((n: { id: string }) => n.id === id));
  assert.equal((await t.request('GET', `${N}/${id}`, { token: demo })).status, 404);
  assert.equal((await t.request('DELETE', `${N}/${id}`, { token: demo })).status, 404);
  assert.equal((await t.request('PUT', `${N}/${id}`, { token: demo, body: { network: { name: 'x' } } })).status, 404);
  const adminList = await t.request('GET', N, { token: admin });
  assert.ok(adminList.body.networks.some((n: { id: string }) => n.id === id));
});

test('filters: shared, router:external, id, project_id; fields= selection', async () => {
  const ext = await t.request('GET', `${N}?router:external=true`, { token: demo });
  assert.deepEqual(
    ext.body.networks.map((n: { name: string }) => n.name),
    ['public'],
  );
  const shared = await t.request('GET', `${N}?shared=True`, { token: demo });
  assert.deepEqual(
    shared.body.networks.map((n: { name: string }) => n.name),
    ['private'],
  );
  const id = shared.body.networks[0].id;
  const byId = await t.request('GET', `${N}?id=${id}`, { token: demo });
  assert.equal(byId.body.networks.length, 1);
  const fields = await t.request('GET', `${N}?name=private&fields=id&fields=name`, { token: demo });
  assert.deepEqual(Object.keys(fields.body.networks[0]).sort(), ['id', 'name']);
  const one = await t.request('GET', `${N}/${id}?fields=mtu`, { token: demo });
  assert.deepEqual(one.body.network, { mtu: 1500 });
  const proj = await t.request('GET', `${N}?project_id=${shared.body.networks[0].project_id}`, { token: demo });
  assert.ok(
    proj.body.networks.every((n: { project_id: string }) => n.project_id === shared.body.networks[0].project_id),
  );
  const bad = await t.request('GET', `${N}?shared=maybe`, { token: demo });
  assert.equal(bad.status, 400);
  assert.equal(bad.body.NeutronError.type, 'HTTPBadRequest');
});

test('non-admin shared/external network → 403 PolicyNotAuthorized; admin may create them', async () => {
  const res = await t.request('POST', N, { token: demo, body: { network: { name: 's', shared: true } } });
  assert.equal(res.status, 403);
  assert.equal(res.body.NeutronError.type, 'PolicyNotAuthorized');
  assert.match(res.body.NeutronError.message, /create_network:shared.*disallowed by policy/);
  const ok = await t.request('POST', N, { token: admin, body: { network: { name: 'ext2', 'router:external': true } } });
  assert.equal(ok.status, 201);
  assert.equal(ok.body.network['router:external'], true);
  const upd = await t.request('PUT', `${N}/${ok.body.network.id}`, {
    token: demo,
    body: { network: { name: 'mine' } },
  });
  assert.equal(upd.status, 403);
});

test('bad bodies → 400 HTTPBadRequest: unknown attribute, missing wrapper, bad mtu, bad boolean', async () => {
  const unknown = await t.request('POST', N, { token: demo, body: { network: { name: 'x', color: 'red' } } });
  assert.equal(unknown.status, 400);
  assert.equal(unknown.body.NeutronError.message, "Unrecognized attribute(s) 'color'");
  const wrapper = await t.request('POST', N, { token: demo, body: { name: 'x' } });
  assert.equal(wrapper.status, 400);
  assert.equal(wrapper.body.NeutronError.message, "Unable to find 'network' in request body");
  const mtu = await t.request('POST', N, { token: demo, body: { network: { mtu: 10 } } });
  assert.equal(mtu.status, 400);
  const bool = await t.request('POST', N, { token: demo, body: { network: { admin_state_up: 'perhaps' } } });
  assert.equal(bool.status, 400);
  assert.equal(bool.body.NeutronError.type, 'HTTPBadRequest');
});

test('deleting a network with ports → 409 NetworkInUse naming the ports', async () => {
  const net = (await t.request('POST', N, { token: demo, body: { network: { name: 'busy' } } })).body.network;
  await t.request('POST', '/network/v2.0/subnets', {
    token: demo,
    body: { subnet: { network_id: net.id, cidr: '10.9.0.0/24', ip_version: 4 } },
  });
  const p = await t.request('POST', '/network/v2.0/ports', { token: demo, body: { port: { network_id: net.id } } });
  assert.equal(p.status, 201);
  const q = await t.request('POST', '/network/v2.0/ports', { token: demo, body: { port: { network_id: net.id } } });
  assert.equal(q.status, 201);
  const d = await t.request('DELETE', `${N}/${net.id}`, { token: demo });
  assert.equal(d.status, 409);
  assert.equal(d.body.NeutronError.type, 'NetworkInUse');
  const ids = [p.body.port.id as string, q.body.port.id as string].sort().join(',');
  assert.equal(
    d.body.NeutronError.message,
    `Unable to complete operation on network ${net.id}. There are one or more ports still in use on the network, id for these ports is: ${ids}.`,
  );
  assert.equal((await t.request('DELETE', `/network/v2.0/ports/${q.body.port.id}`, { token: demo })).status, 204);
  assert.equal((await t.request('DELETE', `/network/v2.0/ports/${p.body.port.id}`, { token: demo })).status, 204);
  assert.equal((await t.request('DELETE', `${N}/${net.id}`, { token: demo })).status, 204);
  const subnets = await t.rt.store.db.selectFrom('subnets').select('id').where('network_id', '=', net.id).execute();
  assert.equal(subnets.length, 0);
});

test('revision_number starts at 0 and grows with each update (and with a new subnet)', async () => {
  const net = (await t.request('POST', N, { token: demo, body: { network: { name: 'rev' } } })).body.network;
  assert.equal(net.revision_number, 0);
  const u = await t.request('PUT', `${N}/${net.id}`, { token: demo, body: { network: { name: 'rev2' } } });
  assert.equal(u.body.network.revision_number, 1);
  await t.request('POST', '/network/v2.0/subnets', {
    token: demo,
    body: { subnet: { network_id: net.id, cidr: '10.31.0.0/24' } },
  });
  const after = await t.request('GET', `${N}/${net.id}`, { token: demo });
  assert.equal(after.body.network.revision_number, 2);
});

test('port_security_enabled=false on the network: new ports inherit it and get no security group', async () => {
  const net = (
    await t.request('POST', N, { token: demo, body: { network: { name: 'nops', port_security_enabled: false } } })
  ).body.network;
  assert.equal(net.port_security_enabled, false);
  await t.request('POST', '/network/v2.0/subnets', {
    token: demo,
    body: { subnet: { network_id: net.id, cidr: '10.32.0.0/24' } },
  });
  const p = await t.request('POST', '/network/v2.0/ports', { token: demo, body: { port: { network_id: net.id } } });
  assert.equal(p.status, 201);
  assert.equal(p.body.port.port_security_enabled, false);
  assert.deepEqual(p.body.port.security_groups, []);
});

test('tenant_id and project_id filters together → 400 TenantIdProjectIdFilterConflict', async () => {
  const res = await t.request('GET', `${N}?tenant_id=a&project_id=b`, { token: demo });
  assert.equal(res.status, 400);
  assert.deepEqual(res.body.NeutronError, {
    type: 'TenantIdProjectIdFilterConflict',
    message: 'Both tenant_id and project_id passed as filters.',
    detail: '',
  });
});

test('sorting and pagination: sort_key/sort_dir, limit/marker with networks_links next/previous', async () => {
  for (const name of ['pg-a', 'pg-b', 'pg-c']) await t.request('POST', N, { token: demo, body: { network: { name } } });
  const sorted = await t.request('GET', `${N}?sort_key=name&sort_dir=desc&fields=name`, { token: demo });
  const names = sorted.body.networks.map((n: { name: string }) => n.name);
  assert.deepEqual(names, [...names].sort().reverse());
  const p1 = await t.request('GET', `${N}?sort_key=name&sort_dir=asc&limit=2&name=pg-a&name=pg-b&name=pg-c`, {
    token: demo,
  });
  assert.deepEqual(
    p1.body.networks.map((n: { name: string }) => n.name),
    ['pg-a', 'pg-b'],
  );
  const next = p1.body.networks_links.find((l: { rel: string }) => l.rel === 'next');
  assert.ok(next);
  const url = new URL(next.href);
  assert.equal(url.searchParams.get('marker'), p1.body.networks[1].id);
  const p2 = await t.request('GET', url.pathname + url.search, { token: demo });
  assert.deepEqual(
    p2.body.networks.map((n: { name: string }) => n.name),
    ['pg-c'],
  );
  assert.ok(p2.body.networks_links.some((l: { rel: string }) => l.rel === 'previous'));
  assert.ok(!p2.body.networks_links.some((l: { rel: string }) => l.rel === 'next'));
  const badMarker = await t.request('GET', `${N}?limit=1&marker=00000000-0000-0000-0000-000000000000`, { token: demo });
  assert.equal(badMarker.status, 404);
  assert.equal(badMarker.body.NeutronError.type, 'NetworkNotFound');
  const badKey = await t.request('GET', `${N}?sort_key=color&sort_dir=asc`, { token: demo });
  assert.equal(badKey.status, 400);
  const badLimit = await t.request('GET', `${N}?limit=x`, { token: demo });
  assert.equal(badLimit.status, 400);
});
