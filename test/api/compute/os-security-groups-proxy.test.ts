/**
 * Nova's proxies to Neutron below microversion 2.36: /os-security-groups, /os-security-group-rules,
 * /os-networks and /os-tenant-networks, in Nova's shapes over the Neutron store, with Nova's checks
 * and its translation of Neutron's answers; 404 from 2.36.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../helpers/app.js';

let t: TestApp;
let admin: string;
let demo: string;
let alt: string;
let demoId: string;
before(async () => {
  t = await startTestApp(
    { seedUsers: [{ name: 'alt', password: 'secret', project: 'alt', roles: ['member', 'reader'] }] },
    { agent: false },
  );
  admin = await t.tokenFor('admin');
  demo = await t.tokenFor('demo');
  alt = await t.tokenFor('alt');
  demoId =
    (await t.rt.store.db.selectFrom('projects').select('id').where('name', '=', 'demo').executeTakeFirst())?.id ?? '';
});
after(async () => {
  await t.close();
});

const SG = '/compute/v2.1/os-security-groups';
const RULES = '/compute/v2.1/os-security-group-rules';
const MV = '2.35';

const nova = (method: string, url: string, token: string, body?: unknown, mv = MV) =>
  t.request(method, url, { token, body, mv });

async function createGroup(name: string, token = demo): Promise<{ id: string } & Record<string, unknown>> {
  const res = await nova('POST', SG, token, { security_group: { name, description: `${name} desc` } });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.security_group;
}

test('create → 200 with the group in Nova format (no egress rules); it is a Neutron group', async () => {
  const g = await createGroup('web');
  assert.deepEqual(Object.keys(g).sort(), ['description', 'id', 'name', 'rules', 'tenant_id']);
  assert.equal(g.name, 'web');
  assert.equal(g.description, 'web desc');
  assert.equal(g.tenant_id, demoId);
  assert.deepEqual(g.rules, []);
  const stored = await t.rt.store.db
    .selectFrom('security_groups')
    .selectAll()
    .where('id', '=', g.id)
    .executeTakeFirst();
  assert.equal(stored?.name, 'web');
  assert.equal(stored?.project_id, demoId);
  const neutron = await t.request('GET', `/network/v2.0/security-groups/${g.id}`, { token: demo });
  assert.equal(neutron.status, 200);
  assert.equal(neutron.body.security_group.security_group_rules.length, 2);
});

test("list → the project's groups sorted by name, the default group with its ingress rules", async () => {
  await createGroup('app');
  const res = await nova('GET', SG, demo);
  assert.equal(res.status, 200);
  const names = res.body.security_groups.map((g: { name: string }) => g.name);
  assert.deepEqual(names, [...names].sort());
  assert.ok(names.includes('default') && names.includes('app') && names.includes('web'));
  const dflt = res.body.security_groups.find((g: { name: string }) => g.name === 'default');
  assert.equal(dflt.rules.length, 2, 'only the two ingress rules of the default group');
  for (const r of dflt.rules) {
    assert.deepEqual(r.group, { name: 'default', tenant_id: demoId });
    assert.deepEqual(r.ip_range, {});
    assert.equal(r.ip_protocol, null);
    assert.equal(r.from_port, null);
    assert.equal(r.parent_group_id, dflt.id);
  }
  const paged = await nova('GET', `${SG}?limit=1&offset=1`, demo);
  assert.equal(paged.body.security_groups.length, 1);
  // another project's groups are not listed
  const other = await nova('GET', SG, alt);
  assert.ok(!other.body.security_groups.some((g: { tenant_id: string }) => g.tenant_id === demoId));
  const all = await nova('GET', `${SG}?all_tenants=1`, admin);
  assert.ok(all.body.security_groups.some((g: { tenant_id: string }) => g.tenant_id === demoId));
});

test("show / update / delete with Nova's codes; bad ids are 400, unknown 404", async () => {
  const g = await createGroup('tmp');
  const shown = await nova('GET', `${SG}/${g.id}`, demo);
  assert.equal(shown.status, 200);
  assert.equal(shown.body.security_group.name, 'tmp');

  const upd = await nova('PUT', `${SG}/${g.id}`, demo, { security_group: { name: 'tmp2', description: 'd2' } });
  assert.equal(upd.status, 200);
  assert.equal(upd.body.security_group.name, 'tmp2');
  const row = await t.rt.store.db.selectFrom('security_groups').selectAll().where('id', '=', g.id).executeTakeFirst();
  assert.equal(row?.description, 'd2');

  const bad = await nova('GET', `${SG}/not-a-uuid`, demo);
  assert.equal(bad.status, 400);
  assert.equal(bad.body.badRequest.message, 'Security group id should be uuid');
  const missing = await nova('GET', `${SG}/7c9a1b5e-0000-4000-8000-000000000000`, demo);
  assert.equal(missing.status, 404);
  assert.match(missing.body.itemNotFound.message, /Security group 7c9a1b5e-0000-4000-8000-000000000000 does not exist/);
  const hidden = await nova('GET', `${SG}/${g.id}`, alt);
  assert.equal(hidden.status, 404);

  const del = await nova('DELETE', `${SG}/${g.id}`, demo);
  assert.equal(del.status, 202);
  assert.equal(
    await t.rt.store.db.selectFrom('security_groups').select('id').where('id', '=', g.id).executeTakeFirst(),
    undefined,
  );
  assert.equal((await nova('DELETE', `${SG}/${g.id}`, demo)).status, 404);
});

test('create checks: empty body, missing key, name and description must be strings, default is 403', async () => {
  const empty = await nova('POST', SG, demo, {});
  assert.equal(empty.status, 400);
  assert.equal(empty.body.badRequest.message, "The request body can't be empty");
  const missing = await nova('POST', SG, demo, { other: {} });
  assert.equal(missing.body.badRequest.message, 'Missing parameter security_group');
  const noDesc = await nova('POST', SG, demo, { security_group: { name: 'x' } });
  assert.equal(noDesc.status, 400);
  assert.equal(noDesc.body.badRequest.message, 'description is not a string or unicode');
  const long = await nova('POST', SG, demo, { security_group: { name: 'n'.repeat(256), description: '' } });
  assert.equal(long.status, 400);
  assert.equal(long.body.badRequest.message, 'name has 256 characters, more than 255.');
  const dflt = await nova('POST', SG, demo, { security_group: { name: 'default', description: '' } });
  assert.equal(dflt.status, 403);
  assert.equal(dflt.body.forbidden.message, 'Default security group already exists.');
});

test('a group a port uses cannot be deleted: Neutron 409 becomes Nova 400', async () => {
  const g = await createGroup('busy');
  const net = await t.request('POST', '/network/v2.0/networks', { token: demo, body: { network: { name: 'pn' } } });
  await t.request('POST', '/network/v2.0/subnets', {
    token: demo,
    body: { subnet: { network_id: net.body.network.id, cidr: '10.71.0.0/24' } },
  });
  const port = await t.request('POST', '/network/v2.0/ports', {
    token: demo,
    body: { port: { network_id: net.body.network.id, security_groups: [g.id] } },
  });
  assert.equal(port.status, 201);
  const del = await nova('DELETE', `${SG}/${g.id}`, demo);
  assert.equal(del.status, 400);
  assert.equal(del.body.badRequest.message, `Security Group ${g.id} in use.`);
});

test('rules: cidr and group rules in Nova format, stored as Neutron ingress rules; delete 202', async () => {
  const g = await createGroup('ruled');
  const ssh = await nova('POST', RULES, demo, {
    security_group_rule: { parent_group_id: g.id, ip_protocol: 'tcp', from_port: 22, to_port: 22, cidr: '10.0.0.0/8' },
  });
  assert.equal(ssh.status, 200, JSON.stringify(ssh.body));
  const r = ssh.body.security_group_rule;
  assert.deepEqual(r, {
    id: r.id,
    parent_group_id: g.id,
    ip_protocol: 'tcp',
    from_port: 22,
    to_port: 22,
    group: {},
    ip_range: { cidr: '10.0.0.0/8' },
  });
  const row = await t.rt.store.db
    .selectFrom('security_group_rules')
    .selectAll()
    .where('id', '=', r.id)
    .executeTakeFirst();
  assert.equal(row?.direction, 'ingress');
  assert.equal(row?.ethertype, 'IPv4');
  assert.equal(row?.port_range_min, 22);
  assert.equal(row?.remote_ip_prefix, '10.0.0.0/8');

  const src = await createGroup('src');
  const fromGroup = await nova('POST', RULES, demo, {
    security_group_rule: { parent_group_id: g.id, ip_protocol: 'tcp', group_id: src.id },
  });
  assert.equal(fromGroup.status, 200, JSON.stringify(fromGroup.body));
  assert.equal(fromGroup.body.security_group_rule.from_port, 1);
  assert.equal(fromGroup.body.security_group_rule.to_port, 65535);
  assert.deepEqual(fromGroup.body.security_group_rule.group, { name: 'src', tenant_id: demoId });
  assert.deepEqual(fromGroup.body.security_group_rule.ip_range, {});

  const icmp = await nova('POST', RULES, demo, {
    security_group_rule: { parent_group_id: g.id, ip_protocol: 'icmp', from_port: -1, to_port: -1, cidr: '0.0.0.0/0' },
  });
  assert.equal(icmp.status, 200);
  assert.equal(icmp.body.security_group_rule.from_port, -1);

  const shown = await nova('GET', `${SG}/${g.id}`, demo);
  assert.equal(shown.body.security_group.rules.length, 3);

  const dup = await nova('POST', RULES, demo, {
    security_group_rule: { parent_group_id: g.id, ip_protocol: 'tcp', from_port: 22, to_port: 22, cidr: '10.0.0.0/8' },
  });
  assert.equal(dup.status, 400);
  assert.equal(dup.body.badRequest.message, `This rule already exists in group ${g.id}`);

  const del = await nova('DELETE', `${RULES}/${r.id}`, demo);
  assert.equal(del.status, 202);
  assert.equal(
    await t.rt.store.db.selectFrom('security_group_rules').select('id').where('id', '=', r.id).executeTakeFirst(),
    undefined,
  );
  assert.equal((await nova('DELETE', `${RULES}/${r.id}`, demo)).status, 404);
});

test("rule checks with Nova's texts", async () => {
  const g = await createGroup('checks');
  const cases: Array<[Record<string, unknown>, number, string]> = [
    [{ parent_group_id: 'x' }, 400, 'Security group id should be uuid'],
    [
      { parent_group_id: '7c9a1b5e-0000-4000-8000-000000000000', ip_protocol: 'tcp' },
      404,
      'Security group 7c9a1b5e-0000-4000-8000-000000000000 does not exist',
    ],
    [{ parent_group_id: g.id, cidr: '10.0.0.0/8' }, 400, 'Not enough parameters to build a valid rule.'],
    [
      { parent_group_id: g.id, ip_protocol: 'tcp', from_port: 'a', to_port: 22 },
      400,
      'Invalid input received: To and From ports must be integers',
    ],
    [
      { parent_group_id: g.id, ip_protocol: 'tcp', from_port: 30, to_port: 22 },
      400,
      'Invalid port range 30:22. Former value cannot be greater than the later',
    ],
    [
      { parent_group_id: g.id, ip_protocol: 'udp', from_port: 0, to_port: 22 },
      400,
      'Invalid port range 0:22. Valid UDP ports should be between 1-65535',
    ],
    [
      { parent_group_id: g.id, ip_protocol: 'icmp', from_port: 300, to_port: 1 },
      400,
      'Invalid port range 300:1. For ICMP, the type:code must be valid',
    ],
    [{ parent_group_id: g.id, ip_protocol: 'gre', from_port: 1, to_port: 2 }, 400, 'Invalid IP protocol gre.'],
    [
      { parent_group_id: g.id, ip_protocol: 'tcp', cidr: '10.0.0.300/8' },
      400,
      '10.0.0.300/8 is not a valid IP network.',
    ],
    [
      { parent_group_id: g.id, ip_protocol: 'tcp', from_port: 1, to_port: 2, cidr: '10.0.0.1/0' },
      400,
      'Bad prefix for network in cidr 10.0.0.1/0',
    ],
  ];
  for (const [rule, status, message] of cases) {
    const res = await nova('POST', RULES, demo, { security_group_rule: rule });
    assert.equal(res.status, status, JSON.stringify(rule));
    const body = status === 404 ? res.body.itemNotFound : res.body.badRequest;
    assert.equal(body.message, message, JSON.stringify(rule));
  }
});

test('os-networks and os-tenant-networks list the visible networks in their old shapes', async () => {
  const net = await t.request('POST', '/network/v2.0/networks', { token: demo, body: { network: { name: 'nn' } } });
  const id = net.body.network.id;
  const list = await nova('GET', '/compute/v2.1/os-networks', demo);
  assert.equal(list.status, 200);
  const mine = list.body.networks.find((n: { id: string }) => n.id === id);
  assert.deepEqual(mine, {
    id,
    cidr: null,
    netmask: null,
    gateway: null,
    broadcast: null,
    dns1: null,
    dns2: null,
    cidr_v6: null,
    gateway_v6: null,
    label: 'nn',
    netmask_v6: null,
  });
  const asAdmin = await nova('GET', `/compute/v2.1/os-networks/${id}`, admin);
  assert.equal(asAdmin.status, 200);
  assert.equal(asAdmin.body.network.label, 'nn');
  assert.equal(asAdmin.body.network.project_id, null);
  const tenant = await nova('GET', '/compute/v2.1/os-tenant-networks', demo);
  assert.ok(
    tenant.body.networks.some((n: unknown) => JSON.stringify(n) === JSON.stringify({ id, cidr: 'None', label: 'nn' })),
  );
  const one = await nova('GET', `/compute/v2.1/os-tenant-networks/${id}`, demo);
  assert.deepEqual(one.body, { network: { id, cidr: 'None', label: 'nn' } });
  const hidden = await nova('GET', `/compute/v2.1/os-networks/${id}`, alt);
  assert.equal(hidden.status, 404);
  assert.equal(hidden.body.itemNotFound.message, 'Network not found');
});

test('from microversion 2.36 the proxies are 404', async () => {
  for (const url of [SG, '/compute/v2.1/os-networks', '/compute/v2.1/os-tenant-networks']) {
    const res = await nova('GET', url, demo, undefined, '2.36');
    assert.equal(res.status, 404, url);
  }
  const create = await nova('POST', SG, demo, { security_group: { name: 'late', description: '' } }, '2.36');
  assert.equal(create.status, 404);
});

test('the extension list names os-networks and os-tenant-networks', async () => {
  const res = await t.request('GET', '/compute/v2.1/extensions', { token: demo });
  const aliases = res.body.extensions.map((e: { alias: string }) => e.alias);
  for (const a of ['os-networks', 'os-tenant-networks', 'os-security-groups']) assert.ok(aliases.includes(a), a);
});

test('a member URL without an id (/os-security-groups/) → 404 itemNotFound, not the bad-uuid 400', async () => {
  for (const method of ['GET', 'DELETE']) {
    const res = await nova(method, `${SG}/`, demo);
    assert.equal(res.status, 404, `${method} ${JSON.stringify(res.body)}`);
    assert.equal(res.body.itemNotFound.code, 404);
  }
});
