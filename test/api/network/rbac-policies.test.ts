/**
 * Network RBAC policies (rbac-policies extension): a network shared with one project through an
 * access_as_shared policy is visible and usable by that project only; Neutron's 409
 * RbacPolicyInUse while the target still has ports on it; the duplicate decided by the database;
 * `shared` / `router:external` standing for the '*' policies.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../helpers/app.js';

let t: TestApp;
let admin: string;
let demo: string;
let alt: string;
let fresh: string;
let altId: string;
let netId: string;
let subnetId: string;
before(async () => {
  t = await startTestApp(
    {
      seedUsers: [
        { name: 'alt', password: 'secret', project: 'alt', roles: ['member', 'reader'] },
        { name: 'fresh', password: 'secret', project: 'fresh', roles: ['member', 'reader'] },
      ],
    },
    { agent: false },
  );
  admin = await t.tokenFor('admin');
  demo = await t.tokenFor('demo');
  alt = await t.tokenFor('alt');
  fresh = await t.tokenFor('fresh');
  const projects = await t.rt.store.db.selectFrom('projects').select(['id', 'name']).execute();
  altId = projects.find((p) => p.name === 'alt')?.id ?? '';
  netId = (await t.request('POST', `${N}/networks`, { token: demo, body: { network: { name: 'rbacnet' } } })).body
    .network.id;
  subnetId = (
    await t.request('POST', `${N}/subnets`, {
      token: demo,
      body: { subnet: { network_id: netId, cidr: '10.77.0.0/24' } },
    })
  ).body.subnet.id;
});
after(async () => {
  await t.close();
});

const N = '/network/v2.0';
const R = `${N}/rbac-policies`;
const policy = (objectId: string, target: string, action = 'access_as_shared') => ({
  rbac_policy: { object_type: 'network', object_id: objectId, action, target_tenant: target },
});
const err = (body: { NeutronError: { type: string; message: string } }) =>
  `${body.NeutronError.type}: ${body.NeutronError.message}`;

test('a network shared with one project is visible and usable by it, not by others', async () => {
  assert.equal((await t.request('GET', `${N}/networks/${netId}`, { token: alt })).status, 404);

  const created = await t.request('POST', R, { token: demo, body: policy(netId, altId) });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const p = created.body.rbac_policy;
  assert.deepEqual(Object.keys(p).sort(), [
    'action',
    'id',
    'object_id',
    'object_type',
    'project_id',
    'target_tenant',
    'tenant_id',
  ]);
  assert.equal(p.target_tenant, altId);
  assert.equal(p.project_id, p.tenant_id);

  const seen = await t.request('GET', `${N}/networks/${netId}`, { token: alt });
  assert.equal(seen.status, 200);
  assert.equal(seen.body.network.shared, true, 'shared as the target project sees it');
  const ids = async (url: string) =>
    (await t.request('GET', url, { token: alt })).body.networks.map((n: { id: string }) => n.id);
  assert.ok((await ids(`${N}/networks?shared=true`)).includes(netId), 'the shared filter as the target sees it');
  assert.ok(!(await ids(`${N}/networks?shared=false`)).includes(netId));
  assert.equal((await t.request('GET', `${N}/subnets/${subnetId}`, { token: alt })).status, 200);
  // the owner's own view is unchanged: not shared with everyone
  assert.equal((await t.request('GET', `${N}/networks/${netId}`, { token: demo })).body.network.shared, false);

  assert.equal((await t.request('GET', `${N}/networks/${netId}`, { token: fresh })).status, 404);
  assert.equal((await t.request('GET', `${N}/subnets/${subnetId}`, { token: fresh })).status, 404);
  const denied = await t.request('POST', `${N}/ports`, { token: fresh, body: { port: { network_id: netId } } });
  assert.equal(denied.status, 404);

  // the target project does not see the owner's policies
  assert.deepEqual((await t.request('GET', R, { token: alt })).body, { rbac_policies: [] });
  assert.equal((await t.request('GET', `${R}/${p.id}`, { token: alt })).status, 404);
  const own = await t.request('GET', `${R}?target_tenant=${altId}`, { token: demo });
  assert.deepEqual(
    own.body.rbac_policies.map((x: { id: string }) => x.id),
    [p.id],
  );
});

test('deleting a policy the target still has ports through is 409 RbacPolicyInUse', async () => {
  const [p] = (await t.request('GET', `${R}?object_id=${netId}&target_tenant=${altId}`, { token: demo })).body
    .rbac_policies;
  const port = await t.request('POST', `${N}/ports`, { token: alt, body: { port: { network_id: netId } } });
  assert.equal(port.status, 201, JSON.stringify(port.body));
  assert.equal(port.body.port.fixed_ips.length, 1);

  const blocked = await t.request('DELETE', `${R}/${p.id}`, { token: demo });
  assert.equal(blocked.status, 409);
  assert.equal(blocked.body.NeutronError.type, 'RbacPolicyInUse');
  assert.match(
    blocked.body.NeutronError.message,
    new RegExp(`^RBAC policy on object ${netId} cannot be removed because other objects depend on it\\.`),
  );
  // retargeting it away from the project is refused the same way
  const moved = await t.request('PUT', `${R}/${p.id}`, { token: demo, body: { rbac_policy: { target_tenant: 'x' } } });
  assert.equal(moved.status, 409);
  assert.equal((await t.request('GET', `${R}/${p.id}`, { token: demo })).body.rbac_policy.target_tenant, altId);

  assert.equal((await t.request('DELETE', `${N}/ports/${port.body.port.id}`, { token: alt })).status, 204);
  assert.equal((await t.request('DELETE', `${R}/${p.id}`, { token: demo })).status, 204);
  assert.equal((await t.request('GET', `${N}/networks/${netId}`, { token: alt })).status, 404);
  assert.equal((await t.request('GET', `${R}/${p.id}`, { token: demo })).status, 404);
  const rows = await t.rt.store.db.selectFrom('network_rbac_policies').selectAll().where('id', '=', p.id).execute();
  assert.equal(rows.length, 0);
});

test('concurrent duplicates: the database admits exactly one', async () => {
  const answers = await Promise.all(
    Array.from({ length: 6 }, () => t.request('POST', R, { token: demo, body: policy(netId, 'dup-target') })),
  );
  assert.deepEqual(answers.map((a) => a.status).sort(), [201, 409, 409, 409, 409, 409]);
  const conflict = answers.find((a) => a.status === 409);
  assert.equal(err(conflict?.body), 'DuplicateRbacPolicy: An RBAC policy already exists with those values.');
  const rows = await t.rt.store.db
    .selectFrom('network_rbac_policies')
    .selectAll()
    .where('target_tenant', '=', 'dup-target')
    .execute();
  assert.equal(rows.length, 1);
});

test('a policy racing the delete of its network: either wins cleanly, never a 500', async () => {
  for (let i = 0; i < 40; i++) {
    const id = (await t.request('POST', `${N}/networks`, { token: demo, body: { network: { name: `race-${i}` } } }))
      .body.network.id;
    const [created, deleted] = await Promise.all([
      t.request('POST', R, { token: demo, body: policy(id, `race-target-${i}`) }),
      t.request('DELETE', `${N}/networks/${id}`, { token: demo }),
    ]);
    // the delete comes first (the create sees no network) or the policy does (the delete then
    // takes the policy with it)
    assert.ok([201, 400].includes(created.status), `create ${created.status} ${JSON.stringify(created.body)}`);
    if (created.status === 400)
      assert.equal(err(created.body), `InvalidInput: Invalid input for operation: Network ${id} could not be found..`);
    assert.ok([204, 409].includes(deleted.status), `delete ${deleted.status} ${JSON.stringify(deleted.body)}`);
    const left = await t.rt.store.db
      .selectFrom('network_rbac_policies')
      .selectAll()
      .where('object_id', '=', id)
      .execute();
    const network = await t.rt.store.db.selectFrom('networks').select('id').where('id', '=', id).execute();
    if (network.length === 0) assert.equal(left.length, 0, 'no policy outlives its network');
  }
});

test("Neutron's validation and policy answers", async () => {
  const wildcard = await t.request('POST', R, { token: demo, body: policy(netId, '*') });
  assert.equal(wildcard.status, 403);
  assert.equal(
    err(wildcard.body),
    'PolicyNotAuthorized: ((((rule:create_rbac_policy and rule:create_rbac_policy:object_type) and rule:create_rbac_policy:object_id) and rule:create_rbac_policy:target_tenant) and rule:create_rbac_policy:action) is disallowed by policy',
  );
  const badAction = await t.request('POST', R, { token: demo, body: policy(netId, 'x', 'bogus') });
  assert.equal(badAction.status, 400);
  assert.equal(
    err(badAction.body),
    "InvalidActionForType: Invalid action 'bogus' for object type 'network'. Valid actions: ('access_as_shared', 'access_as_external')",
  );
  const badType = await t.request('POST', R, {
    token: demo,
    body: { rbac_policy: { ...policy(netId, 'x').rbac_policy, object_type: 'bogus' } },
  });
  assert.equal(
    err(badType.body),
    "InvalidInput: Invalid input for operation: 'bogus' is not a valid RBAC object type.",
  );
  const missing = await t.request('POST', R, {
    token: demo,
    body: { rbac_policy: { object_type: 'network', object_id: netId, action: 'access_as_shared' } },
  });
  assert.equal(
    err(missing.body),
    "HTTPBadRequest: Failed to parse request. Required attribute 'target_tenant' not specified",
  );
  const notFound = await t.request('GET', `${R}/nope`, { token: demo });
  assert.equal(err(notFound.body), 'RbacPolicyNotFound: RBAC policy of type unknown with ID nope not found');
  // another project's network: only admins share what they do not own
  const foreign = await t.request('POST', R, { token: alt, body: policy(netId, 'x') });
  assert.equal(foreign.status, 400);
  assert.equal(
    err(foreign.body),
    'InvalidInput: Invalid input for operation: Only admins can manipulate policies on networks they do not own.',
  );
  const [p] = (await t.request('GET', `${R}?target_tenant=dup-target`, { token: demo })).body.rbac_policies;
  const readOnly = await t.request('PUT', `${R}/${p.id}`, {
    token: demo,
    body: { rbac_policy: { action: 'access_as_external' } },
  });
  assert.equal(err(readOnly.body), 'HTTPBadRequest: Cannot update read-only attribute action');
});

test("shared and router:external are the '*' policies", async () => {
  const net = await t.request('POST', `${N}/networks`, {
    token: admin,
    body: { network: { name: 'pub', shared: true, 'router:external': true } },
  });
  const id = net.body.network.id;
  const ps = (await t.request('GET', `${R}?object_id=${id}`, { token: admin })).body.rbac_policies;
  assert.deepEqual(ps.map((p: { action: string; target_tenant: string }) => `${p.action} ${p.target_tenant}`).sort(), [
    'access_as_external *',
    'access_as_shared *',
  ]);
  assert.equal((await t.request('GET', `${N}/networks/${id}`, { token: fresh })).body.network.shared, true);

  const shared = ps.find((p: { action: string }) => p.action === 'access_as_shared');
  assert.equal((await t.request('DELETE', `${R}/${shared.id}`, { token: admin })).status, 204);
  const after1 = await t.request('GET', `${N}/networks/${id}`, { token: fresh });
  assert.equal(after1.body.network.shared, false);
  assert.equal(after1.body.network['router:external'], true, 'still visible as external');

  // PUT shared=true brings the '*' policy back; false removes it
  await t.request('PUT', `${N}/networks/${id}`, { token: admin, body: { network: { shared: true } } });
  const again = (await t.request('GET', `${R}?object_id=${id}&action=access_as_shared`, { token: admin })).body
    .rbac_policies;
  assert.equal(again.length, 1);
  assert.equal(again[0].target_tenant, '*');
  await t.request('PUT', `${N}/networks/${id}`, { token: admin, body: { network: { shared: false } } });
  assert.equal(
    (await t.request('GET', `${R}?object_id=${id}&action=access_as_shared`, { token: admin })).body.rbac_policies
      .length,
    0,
  );
});

test('access_as_external to a project makes the network external and visible to it', async () => {
  const own = (await t.request('POST', `${N}/networks`, { token: demo, body: { network: { name: 'ext-for-alt' } } }))
    .body.network;
  const p = await t.request('POST', R, { token: demo, body: policy(own.id, altId, 'access_as_external') });
  assert.equal(p.status, 201);
  const seen = await t.request('GET', `${N}/networks/${own.id}`, { token: alt });
  assert.equal(seen.status, 200);
  assert.equal(seen.body.network['router:external'], true);
  assert.equal(seen.body.network.shared, false);
  assert.equal((await t.request('GET', `${N}/networks/${own.id}`, { token: fresh })).status, 200, 'external: visible');
  assert.equal((await t.request('DELETE', `${R}/${p.body.rbac_policy.id}`, { token: demo })).status, 204);
  assert.equal(
    (await t.request('GET', `${N}/networks/${own.id}`, { token: demo })).body.network['router:external'],
    false,
  );
  assert.equal((await t.request('GET', `${N}/networks/${own.id}`, { token: alt })).status, 404);
});
