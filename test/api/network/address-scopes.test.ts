/**
 * Address scopes (address-scope): CRUD with Neutron's errors and policy, pools joining a scope of
 * their family with distinct prefixes, networks showing the scope of their pools, and the delete
 * refused while pools use a scope.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../helpers/app.js';

let t: TestApp;
let admin: string;
let demo: string;
let alt: string;

const AS = '/network/v2.0/address-scopes';
const SP = '/network/v2.0/subnetpools';

before(async () => {
  t = await startTestApp(
    { seedUsers: [{ name: 'alt', password: 'secret', project: 'alt', roles: ['member', 'reader'] }] },
    { agent: false },
  );
  admin = await t.tokenFor('admin');
  demo = await t.tokenFor('demo');
  alt = await t.tokenFor('alt');
});
after(async () => {
  await t.close();
});

async function newScope(body: Record<string, unknown>, token = demo) {
  const res = await t.request('POST', AS, { token, body: { address_scope: { name: 's', ...body } } });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body.address_scope;
}

const postPool = (body: Record<string, unknown>, token = demo) =>
  t.request('POST', SP, { token, body: { subnetpool: { name: 'p', ...body } } });

test('create, show, list, update and delete an address scope', async () => {
  const s = await newScope({ ip_version: 4 });
  assert.deepEqual(Object.keys(s).sort(), ['id', 'ip_version', 'name', 'project_id', 'shared', 'tenant_id']);
  assert.equal(s.ip_version, 4);
  assert.equal(s.shared, false);
  assert.equal(s.project_id, s.tenant_id);
  const shown = await t.request('GET', `${AS}/${s.id}`, { token: demo });
  assert.deepEqual(shown.body.address_scope, s);
  assert.equal((await t.request('GET', `${AS}/${s.id}`, { token: alt })).status, 404);
  const list = await t.request('GET', `${AS}?ip_version=4`, { token: demo });
  assert.ok(list.body.address_scopes.some((x: { id: string }) => x.id === s.id));
  const up = await t.request('PUT', `${AS}/${s.id}`, { token: demo, body: { address_scope: { name: 'renamed' } } });
  assert.equal(up.status, 200);
  assert.equal(up.body.address_scope.name, 'renamed');
  const ro = await t.request('PUT', `${AS}/${s.id}`, { token: demo, body: { address_scope: { ip_version: 6 } } });
  assert.equal(ro.status, 400);
  assert.equal(ro.body.NeutronError.message, 'Cannot update read-only attribute ip_version');
  const share = await t.request('PUT', `${AS}/${s.id}`, { token: demo, body: { address_scope: { shared: true } } });
  assert.equal(share.status, 403);
  assert.equal(
    share.body.NeutronError.message,
    '(rule:update_address_scope and rule:update_address_scope:shared) is disallowed by policy',
  );
  assert.equal((await t.request('DELETE', `${AS}/${s.id}`, { token: demo })).status, 204);
  const gone = await t.request('DELETE', `${AS}/${s.id}`, { token: demo });
  assert.equal(gone.status, 404);
  assert.deepEqual(gone.body.NeutronError, {
    type: 'AddressScopeNotFound',
    message: `Address scope ${s.id} could not be found.`,
    detail: '',
  });
});

test('create errors and the shared rules', async () => {
  const post = (body: Record<string, unknown>, token = demo) =>
    t.request('POST', AS, { token, body: { address_scope: body } });
  const missing = await post({ name: 'x' });
  assert.equal(missing.status, 400);
  assert.equal(
    missing.body.NeutronError.message,
    "Failed to parse request. Required attribute 'ip_version' not specified",
  );
  const five = await post({ name: 'x', ip_version: 5 });
  assert.equal(five.status, 400);
  assert.equal(five.body.NeutronError.message, 'Invalid input for ip_version. Reason: 5 is not in valid_values.');
  const shared = await post({ name: 'x', ip_version: 6, shared: true });
  assert.equal(shared.status, 403);
  assert.equal(
    shared.body.NeutronError.message,
    '(rule:create_address_scope and rule:create_address_scope:shared) is disallowed by policy',
  );
  const s6 = await newScope({ ip_version: 6, shared: true }, admin);
  assert.equal((await t.request('GET', `${AS}/${s6.id}`, { token: alt })).status, 200);
  const unshare = await t.request('PUT', `${AS}/${s6.id}`, {
    token: admin,
    body: { address_scope: { shared: false } },
  });
  assert.equal(unshare.status, 400);
  assert.deepEqual(unshare.body.NeutronError, {
    type: 'AddressScopeUpdateError',
    message: `Unable to update address scope ${s6.id} : Shared address scope can't be unshared.`,
    detail: '',
  });
});

test('pools join a scope of their family with distinct prefixes; networks show the scope; delete refused in use', async () => {
  const s4 = await newScope({ ip_version: 4 });
  const s6 = await newScope({ ip_version: 6 });
  const pool = await postPool({ prefixes: ['10.110.0.0/16'], address_scope_id: s4.id });
  assert.equal(pool.status, 201);
  assert.equal(pool.body.subnetpool.address_scope_id, s4.id);

  const wrongFamily = await postPool({ prefixes: ['10.111.0.0/16'], address_scope_id: s6.id });
  assert.equal(wrongFamily.status, 400);
  assert.equal(wrongFamily.body.NeutronError.type, 'IllegalSubnetPoolIpVersionAssociationToAddressScope');
  assert.match(
    wrongFamily.body.NeutronError.message,
    new RegExp(
      `^Illegal subnetpool association: subnetpool [0-9a-f-]{36} cannot associate with address scope ${s6.id} because subnetpool ip_version is not 6\\.$`,
    ),
  );
  const conflict = await postPool({ prefixes: ['10.110.1.0/24'], address_scope_id: s4.id });
  assert.equal(conflict.status, 409);
  assert.deepEqual(conflict.body.NeutronError, {
    type: 'AddressScopePrefixConflict',
    message: 'Failed to associate address scope: subnetpools within an address scope must have unique prefixes.',
    detail: '',
  });
  const unknown = await postPool({
    prefixes: ['10.112.0.0/16'],
    address_scope_id: '00000000-0000-0000-0000-0000000000aa',
  });
  assert.equal(unknown.status, 404);
  assert.equal(unknown.body.NeutronError.type, 'AddressScopeNotFound');
  // another project's private scope
  const altScope = await newScope({ ip_version: 4 }, alt);
  const foreign = await postPool({ prefixes: ['10.113.0.0/16'], address_scope_id: altScope.id });
  assert.equal(foreign.status, 400);
  assert.equal(foreign.body.NeutronError.type, 'IllegalSubnetPoolAssociationToAddressScope');

  // a pool can join by update too
  const later = await postPool({ prefixes: ['10.114.0.0/16'] });
  const joined = await t.request('PUT', `${SP}/${later.body.subnetpool.id}`, {
    token: demo,
    body: { subnetpool: { address_scope_id: s4.id } },
  });
  assert.equal(joined.status, 200);
  assert.equal(joined.body.subnetpool.address_scope_id, s4.id);

  const net = await t.request('POST', '/network/v2.0/networks', { token: demo, body: { network: { name: 'sn' } } });
  const netId = net.body.network.id;
  assert.equal(net.body.network.ipv4_address_scope, null);
  const sub = await t.request('POST', '/network/v2.0/subnets', {
    token: demo,
    body: { subnet: { network_id: netId, ip_version: 4, subnetpool_id: pool.body.subnetpool.id, prefixlen: 24 } },
  });
  assert.equal(sub.status, 201, JSON.stringify(sub.body));
  const shown = await t.request('GET', `/network/v2.0/networks/${netId}`, { token: demo });
  assert.equal(shown.body.network.ipv4_address_scope, s4.id);
  assert.equal(shown.body.network.ipv6_address_scope, null);

  const inUse = await t.request('DELETE', `${AS}/${s4.id}`, { token: demo });
  assert.equal(inUse.status, 409);
  assert.deepEqual(inUse.body.NeutronError, {
    type: 'AddressScopeInUse',
    message: `Unable to complete operation on address scope ${s4.id}. There are one or more subnet pools in use on the address scope.`,
    detail: '',
  });
  const row = await t.rt.store.db.selectFrom('address_scopes').select('id').where('id', '=', s4.id).executeTakeFirst();
  assert.equal(row?.id, s4.id);
});
