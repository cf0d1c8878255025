/**
 * Neutron's policy through the rule table (src/policy/network-rules.ts): attribute rules on
 * create, admin-only attributes dropped from what a member sees, 403 bodies naming the match rule.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { first } from '../../helpers/elements.js';

let t: TestApp;
let admin: string;
let demo: string;
let ownNet: string;
before(async () => {
  t = await startTestApp({}, { agent: false });
  admin = await t.tokenFor('admin');
  demo = await t.tokenFor('demo');
  ownNet = (
    await t.request('POST', '/network/v2.0/networks', { token: demo, body: { network: { name: 'policy-own' } } })
  ).body.network.id;
  await t.request('POST', '/network/v2.0/subnets', {
    token: demo,
    body: { subnet: { network_id: ownNet, cidr: '10.77.0.0/24' } },
  });
});
after(async () => {
  await t.close();
});

const N = '/network/v2.0/networks';
const P = '/network/v2.0/ports';
const BINDING = ['binding:host_id', 'binding:profile', 'binding:vif_type', 'binding:vif_details'];

const networksNamed = (name: string) =>
  t.rt.store.db.selectFrom('networks').selectAll().where('name', '=', name).execute();

test("a member does not see a port's binding:* attributes (get_port:binding:* are admin-only); admin does", async () => {
  const c = await t.request('POST', P, { token: demo, body: { port: { network_id: ownNet, name: 'policy-port' } } });
  assert.equal(c.status, 201);
  const id = c.body.port.id as string;
  for (const k of BINDING) assert.ok(!(k in c.body.port), `${k} hidden in the create answer`);
  assert.equal(c.body.port['binding:vnic_type'], 'normal', 'binding:vnic_type has no get rule: everyone sees it');

  const mine = await t.request('GET', `${P}/${id}`, { token: demo });
  assert.equal(mine.status, 200);
  for (const k of BINDING) assert.ok(!(k in mine.body.port), `${k} hidden from the member`);
  const listed = (await t.request('GET', `${P}?id=${id}`, { token: demo })).body.ports[0];
  for (const k of BINDING) assert.ok(!(k in listed), `${k} hidden in the member's list`);
  const asked = await t.request('GET', `${P}/${id}?fields=binding:host_id&fields=name`, { token: demo });
  assert.deepEqual(asked.body.port, { name: 'policy-port' }, 'fields= cannot reveal a forbidden attribute');

  const bound = await t.request('PUT', `${P}/${id}`, {
    token: admin,
    body: { port: { 'binding:host_id': 'compute-9', device_id: 'vm-9', device_owner: 'compute:nova' } },
  });
  assert.equal(bound.status, 200);
  const seen = await t.request('GET', `${P}/${id}`, { token: admin });
  assert.equal(seen.body.port['binding:host_id'], 'compute-9');
  assert.deepEqual(seen.body.port['binding:profile'], {});
  assert.equal(seen.body.port['binding:vif_type'], 'ovs');
  assert.deepEqual(seen.body.port['binding:vif_details'], { port_filter: true, ovs_hybrid_plug: false });
  const after = await t.request('GET', `${P}/${id}`, { token: demo });
  assert.equal(after.body.port.status, 'ACTIVE');
  for (const k of BINDING) assert.ok(!(k in after.body.port), `${k} still hidden once bound`);
  const row = await t.rt.store.db.selectFrom('ports').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  assert.equal(row.binding_host_id, 'compute-9');
});

test("a member creating a shared network gets Neutron's 403 body and nothing is stored", async () => {
  const res = await t.request('POST', N, { token: demo, body: { network: { name: 'policy-shared', shared: true } } });
  assert.equal(res.status, 403);
  assert.deepEqual(res.body, {
    NeutronError: {
      type: 'PolicyNotAuthorized',
      message: '(rule:create_network and rule:create_network:shared) is disallowed by policy',
      detail: '',
    },
  });
  assert.deepEqual(await networksNamed('policy-shared'), []);
  const both = await t.request('POST', N, {
    token: demo,
    body: { network: { name: 'policy-shared', shared: true, 'router:external': true } },
  });
  assert.equal(both.status, 403);
  assert.equal(
    both.body.NeutronError.message,
    '((rule:create_network and rule:create_network:shared) and rule:create_network:router:external) is disallowed by policy',
  );
  assert.deepEqual(await networksNamed('policy-shared'), []);
});

test('an attribute at its create default is not checked: a member may say shared=false', async () => {
  const res = await t.request('POST', N, {
    token: demo,
    body: { network: { name: 'policy-unshared', shared: false } },
  });
  assert.equal(res.status, 201);
  assert.equal(res.body.network.shared, false);
  const row = first(await networksNamed('policy-unshared'), 'networks named policy-unshared');
  assert.equal(row.shared, 0);
  assert.equal(row.project_id, res.body.network.project_id);
});

test("fixed_ips rules on a network the member does not own: subnet_id passes (shared), ip_address is the owner's", async () => {
  const priv = (await t.request('GET', `${N}?name=private`, { token: demo })).body.networks[0];
  const v4 = priv.subnets.length
    ? (await t.request('GET', `/network/v2.0/subnets?network_id=${priv.id}&ip_version=4`, { token: demo })).body
        .subnets[0]
    : null;
  assert.ok(v4, 'the seeded private network has an IPv4 subnet');
  const bySubnet = await t.request('POST', P, {
    token: demo,
    body: { port: { network_id: priv.id, fixed_ips: [{ subnet_id: v4.id }] } },
  });
  assert.equal(bySubnet.status, 201);
  assert.equal(bySubnet.body.port.fixed_ips[0].subnet_id, v4.id);
  const ip = v4.allocation_pools[0].end as string;
  const byIp = await t.request('POST', P, {
    token: demo,
    body: { port: { network_id: priv.id, name: 'policy-ip', fixed_ips: [{ subnet_id: v4.id, ip_address: ip }] } },
  });
  assert.equal(byIp.status, 403);
  assert.deepEqual(byIp.body.NeutronError, {
    type: 'PolicyNotAuthorized',
    message:
      '(rule:create_port and (rule:create_port:fixed_ips and (rule:create_port:fixed_ips:subnet_id and rule:create_port:fixed_ips:ip_address))) is disallowed by policy',
    detail: '',
  });
  assert.equal(
    (await t.rt.store.db.selectFrom('ports').select('id').where('name', '=', 'policy-ip').execute()).length,
    0,
  );
  assert.equal(
    (await t.rt.store.db.selectFrom('ip_allocations').select('port_id').where('ip_address', '=', ip).execute()).length,
    0,
  );
});

test('a member may not bind its own port to a host; the 403 names update_port:binding:host_id', async () => {
  const p = (await t.request('POST', P, { token: demo, body: { port: { network_id: ownNet } } })).body.port;
  const res = await t.request('PUT', `${P}/${p.id}`, {
    token: demo,
    body: { port: { 'binding:host_id': 'compute-1' } },
  });
  assert.equal(res.status, 403);
  assert.equal(
    res.body.NeutronError.message,
    '(rule:update_port and rule:update_port:binding:host_id) is disallowed by policy',
  );
  const row = await t.rt.store.db.selectFrom('ports').selectAll().where('id', '=', p.id).executeTakeFirstOrThrow();
  assert.equal(row.binding_host_id, '');
});

test("router:external=false is its create default too; a non-owner's update names the bare rule", async () => {
  const res = await t.request('POST', N, {
    token: demo,
    body: { network: { name: 'policy-internal', 'router:external': false } },
  });
  assert.equal(res.status, 201);
  assert.equal(res.body.network['router:external'], false);
  const priv = (await t.request('GET', `${N}?name=private`, { token: demo })).body.networks[0];
  const upd = await t.request('PUT', `${N}/${priv.id}`, { token: demo, body: { network: { name: 'mine' } } });
  assert.equal(upd.status, 403);
  assert.deepEqual(upd.body.NeutronError, {
    type: 'PolicyNotAuthorized',
    message: 'rule:update_network is disallowed by policy',
    detail: '',
  });
  assert.deepEqual(await networksNamed('mine'), []);
});

test('another project named in the body → 400 (admin or advsvc only); a port on a foreign external network → 403 HTTPForbidden', async () => {
  const other = await t.request('POST', N, {
    token: demo,
    body: { network: { name: 'policy-other', tenant_id: 'someone-else' } },
  });
  assert.equal(other.status, 400);
  assert.deepEqual(other.body.NeutronError, {
    type: 'HTTPBadRequest',
    detail: '',
    message:
      "Specifying 'project_id' or 'tenant_id' other than the authenticated project in request requires admin or advsvc privileges",
  });
  assert.deepEqual(await networksNamed('policy-other'), []);
  const pub = (await t.request('GET', `${N}?name=public`, { token: demo })).body.networks[0];
  const me = (await t.request('GET', `${N}/${ownNet}`, { token: demo })).body.network.project_id as string;
  const onExternal = await t.request('POST', P, {
    token: demo,
    body: { port: { network_id: pub.id, name: 'policy-ext' } },
  });
  assert.equal(onExternal.status, 403);
  assert.deepEqual(onExternal.body.NeutronError, {
    type: 'HTTPForbidden',
    message: `Tenant ${me} not allowed to create port on this network`,
    detail: '',
  });
  assert.equal(
    (await t.rt.store.db.selectFrom('ports').select('id').where('name', '=', 'policy-ext').execute()).length,
    0,
  );
});
