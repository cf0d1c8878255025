/**
 * Subnet pools (subnet_allocation, default-subnetpools, subnetpool-prefix-ops): CRUD with
 * Neutron's defaults and errors, subnets allocated from a pool (best fit, a CIDR inside it, the
 * default pool), and the database deciding concurrent allocations from one small pool.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../helpers/app.js';

let t: TestApp;
let admin: string;
let demo: string;
let alt: string;

const SP = '/network/v2.0/subnetpools';
const S = '/network/v2.0/subnets';

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

async function newPool(body: Record<string, unknown>, token = demo) {
  const res = await t.request('POST', SP, { token, body: { subnetpool: { name: 'p', ...body } } });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body.subnetpool;
}

async function newNetwork(token = demo): Promise<string> {
  const n = await t.request('POST', '/network/v2.0/networks', { token, body: { network: { name: 'pn' } } });
  assert.equal(n.status, 201);
  return n.body.network.id;
}

const subnetFrom = (networkId: string, body: Record<string, unknown>, token = demo) =>
  t.request('POST', S, { token, body: { subnet: { network_id: networkId, ip_version: 4, ...body } } });

test('create: Neutron defaults, compacted prefixes, prefix lengths echoed as strings, then integers', async () => {
  const p = await newPool({ prefixes: ['10.90.0.0/24', '10.90.1.0/24', '10.91.0.0/16'], default_prefixlen: 26 });
  assert.deepEqual(p.prefixes, ['10.90.0.0/23', '10.91.0.0/16']);
  assert.equal(p.ip_version, 4);
  assert.equal(p.default_prefixlen, '26');
  assert.equal(p.min_prefixlen, '8');
  assert.equal(p.max_prefixlen, '32');
  assert.equal(p.is_default, false);
  assert.equal(p.shared, false);
  assert.equal(p.default_quota, null);
  assert.equal(p.address_scope_id, null);
  assert.equal(p.revision_number, 0);
  assert.equal(p.project_id, p.tenant_id);
  assert.deepEqual(p.tags, []);
  const shown = await t.request('GET', `${SP}/${p.id}`, { token: demo });
  assert.equal(shown.status, 200);
  // Zed renders them as strings on every read (parity case subnetpool-show)
  assert.equal(shown.body.subnetpool.default_prefixlen, '26');
  assert.equal(shown.body.subnetpool.min_prefixlen, '8');
  // an update's answer: integers, and no null address_scope_id or default_quota (subnetpool-update)
  const up = await t.request('PUT', `${SP}/${p.id}`, { token: demo, body: { subnetpool: { name: 'renamed' } } });
  assert.equal(up.status, 200);
  assert.equal(up.body.subnetpool.default_prefixlen, 26);
  assert.equal(up.body.subnetpool.max_prefixlen, 32);
  assert.equal('address_scope_id' in up.body.subnetpool, false);
  assert.equal('default_quota' in up.body.subnetpool, false);
  const unscoped = await t.request('PUT', `${SP}/${p.id}`, {
    token: demo,
    body: { subnetpool: { address_scope_id: null } },
  });
  assert.equal(unscoped.body.subnetpool.address_scope_id, null); // set by the request: shown (subnetpool-update-unscope)
  const v6 = await newPool({ prefixes: ['fd00:1::/48'] });
  assert.equal(v6.ip_version, 6);
  assert.equal(v6.min_prefixlen, '64');
  assert.equal(v6.max_prefixlen, '128');
});

test('create errors: missing/empty/mixed prefixes, bad bounds, bad values, admin-only attributes', async () => {
  const post = (sp: Record<string, unknown>, token = demo) =>
    t.request('POST', SP, { token, body: { subnetpool: sp } });
  const cases: Array<[Record<string, unknown>, number, string, string]> = [
    [{ name: 'x' }, 400, 'HTTPBadRequest', "Failed to parse request. Required attribute 'prefixes' not specified"],
    [{ prefixes: [] }, 400, 'EmptySubnetPoolPrefixList', 'Empty subnet pool prefix list.'],
    [
      { prefixes: ['10.0.0.0/8', 'fd00::/8'] },
      400,
      'PrefixVersionMismatch',
      'Cannot mix IPv4 and IPv6 prefixes in a subnet pool.',
    ],
    [
      { prefixes: ['bad'] },
      400,
      'HTTPBadRequest',
      "Invalid input for prefixes. Reason: 'bad' is not a valid IP subnet.",
    ],
    [
      { prefixes: ['10.0.0.0/8'], min_prefixlen: 24, max_prefixlen: 20 },
      400,
      'IllegalSubnetPoolPrefixBounds',
      'Illegal prefix bounds: min_prefixlen=24, max_prefixlen=20.',
    ],
    [
      { prefixes: ['10.0.0.0/8'], default_prefixlen: 4 },
      400,
      'IllegalSubnetPoolPrefixBounds',
      'Illegal prefix bounds: default_prefixlen=4, min_prefixlen=8.',
    ],
    [
      { prefixes: ['10.0.0.0/8'], max_prefixlen: 40 },
      400,
      'IllegalSubnetPoolPrefixBounds',
      'Illegal prefix bounds: max_prefixlen=40, ip_version_max=32.',
    ],
    [
      { prefixes: ['10.0.0.0/8'], min_prefixlen: 'abc' },
      400,
      'InvalidInput',
      "Invalid input for operation: 'abc' is not an integer.",
    ],
    [
      { prefixes: ['10.0.0.0/8'], default_quota: -1 },
      400,
      'HTTPBadRequest',
      "Invalid input for default_quota. Reason: '-1' should be non-negative.",
    ],
    [
      { prefixes: ['10.0.0.0/8'], shared: true },
      403,
      'PolicyNotAuthorized',
      '(rule:create_subnetpool and rule:create_subnetpool:shared) is disallowed by policy',
    ],
    [
      { prefixes: ['10.0.0.0/8'], is_default: true },
      403,
      'PolicyNotAuthorized',
      '(rule:create_subnetpool and rule:create_subnetpool:is_default) is disallowed by policy',
    ],
  ];
  for (const [body, status, type, message] of cases) {
    const res = await post(body);
    assert.equal(res.status, status, JSON.stringify(body));
    assert.deepEqual(res.body, { NeutronError: { type, message, detail: '' } });
  }
});

test('one default pool per family, admin only; a shared pool is visible to other projects', async () => {
  const d = await newPool({ prefixes: ['172.30.0.0/16'], is_default: true, shared: true }, admin);
  assert.equal(d.is_default, true);
  const second = await t.request('POST', SP, {
    token: admin,
    body: { subnetpool: { prefixes: ['172.31.0.0/16'], is_default: true } },
  });
  assert.equal(second.status, 400);
  assert.equal(second.body.NeutronError.type, 'InvalidInput');
  assert.equal(
    second.body.NeutronError.message,
    'Invalid input for operation: A default subnetpool for this IP family has already been set. Only one default may exist per IP family.',
  );
  const mine = await newPool({ prefixes: ['10.92.0.0/16'] });
  const altList = await t.request('GET', SP, { token: alt });
  const ids = altList.body.subnetpools.map((p: { id: string }) => p.id);
  assert.ok(ids.includes(d.id));
  assert.ok(!ids.includes(mine.id));
  assert.equal((await t.request('GET', `${SP}/${mine.id}`, { token: alt })).status, 404);
  const nf = await t.request('GET', `${SP}/00000000-0000-0000-0000-000000000000`, { token: demo });
  assert.deepEqual(nf.body, {
    NeutronError: {
      type: 'SubnetPoolNotFound',
      message: 'Subnet pool 00000000-0000-0000-0000-000000000000 could not be found.',
      detail: '',
    },
  });
  const filtered = await t.request('GET', `${SP}?is_default=true&fields=id&fields=is_default`, { token: demo });
  assert.deepEqual(filtered.body.subnetpools, [{ id: d.id, is_default: true }]);

  // the default pool serves use_default_subnetpool
  const net = await newNetwork();
  const s = await subnetFrom(net, { use_default_subnetpool: true, prefixlen: 24 });
  assert.equal(s.status, 201, JSON.stringify(s.body));
  assert.equal(s.body.subnet.cidr, '172.30.0.0/24');
  assert.equal(s.body.subnet.subnetpool_id, d.id);
  const v6 = await subnetFrom(await newNetwork(), { ip_version: 6, use_default_subnetpool: true });
  assert.equal(v6.status, 400);
  assert.deepEqual(v6.body.NeutronError, {
    type: 'BadRequest',
    message: 'Bad subnets request: No default subnetpool found for IPv6.',
    detail: '',
  });
});

test('subnets from a pool: best fit, default prefix length, a CIDR inside it, and Neutron errors', async () => {
  const p = await newPool({ prefixes: ['10.10.0.0/16', '10.20.0.0/24'], default_prefixlen: 26 });
  const net = await newNetwork();
  const first = await subnetFrom(net, { subnetpool_id: p.id });
  assert.equal(first.status, 201, JSON.stringify(first.body));
  // the smallest free block that fits comes first (neutron/ipam/subnet_alloc.py)
  assert.equal(first.body.subnet.cidr, '10.20.0.0/26');
  assert.equal(first.body.subnet.gateway_ip, '10.20.0.1');
  assert.deepEqual(first.body.subnet.allocation_pools, [{ start: '10.20.0.2', end: '10.20.0.62' }]);
  assert.equal(first.body.subnet.subnetpool_id, p.id);
  const second = await subnetFrom(net, { subnetpool_id: p.id, prefixlen: 24 });
  assert.equal(second.body.subnet.cidr, '10.10.0.0/24');
  const specific = await subnetFrom(net, { subnetpool_id: p.id, cidr: '10.10.5.0/24' });
  assert.equal(specific.status, 201);
  assert.equal(specific.body.subnet.cidr, '10.10.5.0/24');
  const shown = await t.request('GET', `${S}/${specific.body.subnet.id}`, { token: demo });
  assert.equal(shown.body.subnet.subnetpool_id, p.id);

  const err = async (body: Record<string, unknown>, status: number, type: string, message: string) => {
    const res = await subnetFrom(net, body);
    assert.equal(res.status, status, JSON.stringify(body));
    assert.deepEqual(res.body, { NeutronError: { type, message, detail: '' } });
  };
  await err(
    { subnetpool_id: p.id, prefixlen: 4 },
    400,
    'MinPrefixSubnetAllocationError',
    'Unable to allocate subnet with prefix length 4, minimum allowed prefix is 8.',
  );
  await err({ subnetpool_id: p.id, prefixlen: 33 }, 400, 'AddrFormatError', 'invalid IPNetwork 0.0.0.0/33');
  await err(
    { subnetpool_id: p.id, prefixlen: 'x' },
    400,
    'InvalidInput',
    "Invalid input for operation: 'x' is not an integer.",
  );
  await err(
    { subnetpool_id: p.id, cidr: '192.168.0.0/24' },
    409,
    'SubnetAllocationError',
    'Failed to allocate subnet: Cannot allocate requested subnet from the available set of prefixes.',
  );
  await err(
    { subnetpool_id: p.id, prefixlen: 16 },
    409,
    'SubnetAllocationError',
    'Failed to allocate subnet: Insufficient prefix space to allocate subnet size /16.',
  );
  await err(
    { subnetpool_id: p.id, ip_version: 6 },
    400,
    'BadRequest',
    'Bad subnets request: Cannot allocate IPv6 subnet from IPv4 subnet pool.',
  );
  await err(
    { subnetpool_id: 'nope' },
    400,
    'HTTPBadRequest',
    "Invalid input for subnetpool_id. Reason: 'nope' is not a valid UUID.",
  );
  await err(
    { subnetpool_id: '00000000-0000-0000-0000-000000000001' },
    404,
    'SubnetPoolNotFound',
    'Subnet pool 00000000-0000-0000-0000-000000000001 could not be found.',
  );
  await err(
    { cidr: '10.99.0.0/24' },
    400,
    'NetworkSubnetPoolAffinityError',
    'Subnets hosted on the same network must be allocated from the same subnet pool.',
  );

  // in use: delete refused, removing an allocated prefix refused
  const del = await t.request('DELETE', `${SP}/${p.id}`, { token: demo });
  assert.equal(del.status, 400);
  assert.deepEqual(del.body.NeutronError, {
    type: 'SubnetPoolDeleteError',
    message: 'Unable to delete subnet pool: Subnet pool has existing allocations.',
    detail: '',
  });
  const rm = await t.request('PUT', `${SP}/${p.id}/remove_prefixes`, {
    token: demo,
    body: { prefixes: ['10.10.0.0/16'] },
  });
  assert.equal(rm.status, 400);
  assert.equal(rm.body.NeutronError.type, 'IllegalSubnetPoolPrefixUpdate');
  assert.equal(
    rm.body.NeutronError.message,
    'Illegal update to prefixes: One or more the prefixes to be removed is in use by a subnet..',
  );
  for (const s of [first, second, specific]) {
    assert.equal((await t.request('DELETE', `${S}/${s.body.subnet.id}`, { token: demo })).status, 204);
  }
  assert.equal((await t.request('DELETE', `${SP}/${p.id}`, { token: demo })).status, 204);
  const row = await t.rt.store.db.selectFrom('subnetpools').selectAll().where('id', '=', p.id).executeTakeFirst();
  assert.equal(row, undefined);
});

test('update, add_prefixes and remove_prefixes', async () => {
  const p = await newPool({ prefixes: ['10.60.0.0/16', '10.61.0.0/24'] });
  const up = await t.request('PUT', `${SP}/${p.id}`, {
    token: demo,
    body: { subnetpool: { name: 'p2', default_prefixlen: 27 } },
  });
  assert.equal(up.status, 200);
  assert.equal(up.body.subnetpool.name, 'p2');
  assert.equal(up.body.subnetpool.default_prefixlen, 27);
  assert.equal(up.body.subnetpool.revision_number, 1);
  const shrink = await t.request('PUT', `${SP}/${p.id}`, {
    token: demo,
    body: { subnetpool: { prefixes: ['10.60.0.0/16'] } },
  });
  assert.equal(shrink.status, 400);
  assert.deepEqual(shrink.body.NeutronError, {
    type: 'IllegalSubnetPoolPrefixUpdate',
    message: 'Illegal update to prefixes: Existing prefixes must be a subset of the new prefixes.',
    detail: '',
  });
  const ro = await t.request('PUT', `${SP}/${p.id}`, { token: demo, body: { subnetpool: { ip_version: 6 } } });
  assert.equal(ro.status, 400);
  assert.equal(ro.body.NeutronError.message, 'Cannot update read-only attribute ip_version');
  const isDef = await t.request('PUT', `${SP}/${p.id}`, { token: demo, body: { subnetpool: { is_default: true } } });
  assert.equal(isDef.status, 403);
  assert.equal(
    isDef.body.NeutronError.message,
    '(rule:update_subnetpool and rule:update_subnetpool:is_default) is disallowed by policy',
  );
  const add = await t.request('PUT', `${SP}/${p.id}/add_prefixes`, {
    token: demo,
    body: { prefixes: ['10.62.0.0/24'] },
  });
  assert.equal(add.status, 200);
  assert.deepEqual(add.body, { prefixes: ['10.60.0.0/16', '10.61.0.0/24', '10.62.0.0/24'] });
  const rm = await t.request('PUT', `${SP}/${p.id}/remove_prefixes`, {
    token: demo,
    body: { prefixes: ['10.61.0.0/24', '10.60.128.0/17'] },
  });
  assert.equal(rm.status, 200);
  assert.deepEqual(rm.body, { prefixes: ['10.60.0.0/17', '10.62.0.0/24'] });
  for (const body of [{ prefixes: [] }, {}, []]) {
    const bad = await t.request('PUT', `${SP}/${p.id}/add_prefixes`, { token: demo, body });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.NeutronError.message, 'Request body contains invalid data');
  }
  const badPrefix = await t.request('PUT', `${SP}/${p.id}/add_prefixes`, { token: demo, body: { prefixes: ['bad'] } });
  assert.deepEqual(badPrefix.body.NeutronError, {
    type: 'AddrFormatError',
    message: 'invalid IPNetwork bad',
    detail: '',
  });
  assert.equal(
    (await t.request('PUT', `${SP}/${p.id}/add_prefixes`, { token: alt, body: { prefixes: [] } })).status,
    404,
  );
});

test('per-project default_quota counts addresses allocated from the pool', async () => {
  // 512 /32 units: two /24s, not a third
  const p = await newPool({ prefixes: ['10.70.0.0/16'], default_quota: 512 });
  const net = await newNetwork();
  for (let i = 0; i < 2; i++) assert.equal((await subnetFrom(net, { subnetpool_id: p.id, prefixlen: 24 })).status, 201);
  const over = await subnetFrom(net, { subnetpool_id: p.id, prefixlen: 24 });
  assert.equal(over.status, 409);
  assert.deepEqual(over.body.NeutronError, {
    type: 'SubnetPoolQuotaExceeded',
    message: 'Per-tenant subnet pool prefix quota exceeded.',
    detail: '',
  });
});

test('subnet pools count against the subnetpool quota', async () => {
  const first = await postAs(alt, ['10.85.0.0/16']);
  assert.equal(first.status, 201);
  const project = first.body.subnetpool.project_id as string;
  const details = await t.request('GET', `/network/v2.0/quotas/${project}/details`, { token: admin });
  const used = details.body.quota.subnetpool.used as number;
  assert.ok(used >= 1);
  const set = await t.request('PUT', `/network/v2.0/quotas/${project}`, {
    token: admin,
    body: { quota: { subnetpool: used } },
  });
  assert.equal(set.status, 200);
  const over = await postAs(alt, ['10.86.0.0/16']);
  assert.equal(over.status, 409);
  assert.deepEqual(over.body.NeutronError, {
    type: 'OverQuota',
    message: "Quota exceeded for resources: ['subnetpool'].",
    detail: '',
  });
});

const postAs = (token: string, prefixes: string[]) =>
  t.request('POST', SP, { token, body: { subnetpool: { name: 'q', prefixes } } });

test('parallel subnet creates from a small pool: no overlapping CIDRs, the rest get SubnetAllocationError', async () => {
  // a /26 holds four /28s; eight requests race for them on eight networks
  const p = await newPool({ prefixes: ['10.80.0.0/26'], default_prefixlen: 28 });
  const nets = await Promise.all(Array.from({ length: 8 }, () => newNetwork()));
  const results = await Promise.all(nets.map((n) => subnetFrom(n, { subnetpool_id: p.id })));
  const ok = results.filter((r) => r.status === 201);
  const failed = results.filter((r) => r.status !== 201);
  assert.equal(ok.length, 4, JSON.stringify(results.map((r) => r.body)));
  const cidrs = ok.map((r) => r.body.subnet.cidr as string).sort();
  assert.deepEqual(cidrs, ['10.80.0.0/28', '10.80.0.16/28', '10.80.0.32/28', '10.80.0.48/28']);
  for (const f of failed) {
    assert.equal(f.status, 409);
    assert.equal(f.body.NeutronError.type, 'SubnetAllocationError');
    assert.equal(
      f.body.NeutronError.message,
      'Failed to allocate subnet: Insufficient prefix space to allocate subnet size /28.',
    );
  }
  const rows = await t.rt.store.db.selectFrom('subnets').select('cidr').where('subnetpool_id', '=', p.id).execute();
  assert.equal(rows.length, 4);
});
