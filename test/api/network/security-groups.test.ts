/**
 * Security groups and rules (Neutron's security-group extension): the default group with its
 * rules, create/update/delete with Neutron's 409s, rules with their validation and the
 * database-decided SecurityGroupRuleExists, and ports' security_groups / port_security_enabled.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../helpers/app.js';

let t: TestApp;
let admin: string;
let demo: string;
let alt: string;
let netId: string;
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
  netId = (await t.request('POST', '/network/v2.0/networks', { token: demo, body: { network: { name: 'sgnet' } } }))
    .body.network.id;
  await t.request('POST', '/network/v2.0/subnets', {
    token: demo,
    body: { subnet: { network_id: netId, cidr: '10.61.0.0/24' } },
  });
});
after(async () => {
  await t.close();
});

const G = '/network/v2.0/security-groups';
const R = '/network/v2.0/security-group-rules';
const P = '/network/v2.0/ports';

type Rule = Record<string, unknown>;
const summary = (rules: Rule[]) =>
  rules
    .map((r) => `${String(r.direction)} ${String(r.ethertype)} ${r.remote_group_id === null ? '-' : 'group'}`)
    .sort();

async function newGroup(name: string, token = demo): Promise<Record<string, unknown> & { id: string }> {
  const res = await t.request('POST', G, { token, body: { security_group: { name, description: `${name} d` } } });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body.security_group;
}

const createRule = (body: Record<string, unknown>, token = demo) =>
  t.request('POST', R, { token, body: { security_group_rule: body } });

test('the default group comes with its four rules: egress IPv4/IPv6, ingress from the group itself', async () => {
  const res = await t.request('GET', `${G}?name=default`, { token: demo });
  assert.equal(res.status, 200);
  assert.equal(res.body.security_groups.length, 1);
  const g = res.body.security_groups[0];
  assert.equal(g.stateful, true);
  assert.deepEqual(summary(g.security_group_rules), [
    'egress IPv4 -',
    'egress IPv6 -',
    'ingress IPv4 group',
    'ingress IPv6 group',
  ]);
  for (const r of g.security_group_rules) {
    if (r.remote_group_id !== null) assert.equal(r.remote_group_id, g.id);
    assert.equal(r.security_group_id, g.id);
    assert.equal(r.protocol, null);
    assert.equal(r.normalized_cidr, null);
  }
  const stored = await t.rt.store.db
    .selectFrom('security_group_rules')
    .selectAll()
    .where('security_group_id', '=', g.id)
    .execute();
  assert.equal(stored.length, 4);
});

test('create → 201 with egress rules only; show, list filters, update, delete', async () => {
  const g = await newGroup('web');
  assert.equal(g.name, 'web');
  assert.equal(g.description, 'web d');
  assert.equal(g.revision_number, 0);
  assert.deepEqual(summary(g.security_group_rules as Rule[]), ['egress IPv4 -', 'egress IPv6 -']);
  assert.equal(g.tenant_id, g.project_id);

  const shown = await t.request('GET', `${G}/${g.id}?fields=name&fields=id`, { token: demo });
  assert.deepEqual(shown.body.security_group, { name: 'web', id: g.id });
  const listed = await t.request('GET', `${G}?name=web`, { token: demo });
  assert.deepEqual(
    listed.body.security_groups.map((x: { id: string }) => x.id),
    [g.id],
  );
  assert.equal((await t.request('GET', `${G}/${g.id}`, { token: alt })).status, 404, 'other projects do not see it');

  const up = await t.request('PUT', `${G}/${g.id}`, {
    token: demo,
    body: { security_group: { name: 'web2', description: 'new' } },
  });
  assert.equal(up.status, 200);
  assert.equal(up.body.security_group.name, 'web2');
  assert.equal(up.body.security_group.revision_number, 1);

  const del = await t.request('DELETE', `${G}/${g.id}`, { token: demo });
  assert.equal(del.status, 204);
  assert.equal((await t.request('GET', `${G}/${g.id}`, { token: demo })).status, 404);
  const rules = await t.rt.store.db
    .selectFrom('security_group_rules')
    .select('id')
    .where('security_group_id', '=', g.id)
    .execute();
  assert.equal(rules.length, 0, 'its rules went with it');
});

test('bulk create {"security_groups": [...]} → 201 with both', async () => {
  const res = await t.request('POST', G, {
    token: demo,
    body: { security_groups: [{ name: 'bulk-a' }, { name: 'bulk-b' }] },
  });
  assert.equal(res.status, 201);
  assert.deepEqual(
    res.body.security_groups.map((g: { name: string }) => g.name),
    ['bulk-a', 'bulk-b'],
  );
  const empty = await t.request('POST', G, { token: demo, body: { security_groups: [] } });
  assert.equal(empty.status, 400);
  assert.equal(empty.body.NeutronError.message, 'Resources required');
});

test("the name 'default', renaming or deleting the default group: Neutron's 409s", async () => {
  const named = await t.request('POST', G, { token: demo, body: { security_group: { name: 'Default' } } });
  assert.equal(named.status, 409);
  assert.deepEqual(named.body.NeutronError, {
    type: 'SecurityGroupDefaultAlreadyExists',
    message: 'Default security group already exists.',
    detail: '',
  });
  const def = (await t.request('GET', `${G}?name=default`, { token: demo })).body.security_groups[0];
  const rename = await t.request('PUT', `${G}/${def.id}`, { token: demo, body: { security_group: { name: 'x' } } });
  assert.equal(rename.status, 409);
  assert.equal(rename.body.NeutronError.type, 'SecurityGroupCannotUpdateDefault');
  assert.equal(rename.body.NeutronError.message, 'Updating default security group not allowed.');
  const describe = await t.request('PUT', `${G}/${def.id}`, {
    token: demo,
    body: { security_group: { description: 'still default' } },
  });
  assert.equal(describe.status, 200, 'its description may change');
  const del = await t.request('DELETE', `${G}/${def.id}`, { token: demo });
  assert.equal(del.status, 409);
  assert.deepEqual(del.body.NeutronError, {
    type: 'SecurityGroupCannotRemoveDefault',
    message: 'Insufficient rights for removing default security group.',
    detail: '',
  });
  const unknown = await t.request('PUT', `${G}/${def.id}`, { token: demo, body: { security_group: { rules: [] } } });
  assert.equal(unknown.status, 400);
  assert.equal(unknown.body.NeutronError.message, "Unrecognized attribute(s) 'rules'");
});

test('If-Match: revision_number=N: a stale revision → 412, the current one passes', async () => {
  const g = await newGroup('rev');
  const stale = await t.request('PUT', `${G}/${g.id}`, {
    token: demo,
    headers: { 'if-match': 'revision_number=7' },
    body: { security_group: { description: 'x' } },
  });
  assert.equal(stale.status, 412);
  assert.equal(stale.body.NeutronError.message, 'Constrained to 7, but current revision is 0');
  const ok = await t.request('PUT', `${G}/${g.id}`, {
    token: demo,
    headers: { 'if-match': 'revision_number=0' },
    body: { security_group: { description: 'x' } },
  });
  assert.equal(ok.status, 200);
  const bad = await t.request('DELETE', `${G}/${g.id}`, { token: demo, headers: { 'if-match': 'revision_number=a' } });
  assert.equal(bad.status, 400);
  assert.equal((await t.request('DELETE', `${G}/${g.id}`, { token: demo })).status, 204);
});

test('rule create: tcp 22 → 201, listed in the group; the same rule again → 409 naming the first', async () => {
  const g = await newGroup('ssh');
  const res = await createRule({
    security_group_id: g.id,
    direction: 'ingress',
    protocol: 'TCP',
    port_range_min: 22,
    port_range_max: '22',
    remote_ip_prefix: '10.0.0.5/24',
    description: 'ssh',
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  const r = res.body.security_group_rule;
  assert.equal(r.protocol, 'tcp');
  assert.equal(r.ethertype, 'IPv4');
  assert.equal(r.port_range_min, 22);
  assert.equal(r.port_range_max, 22);
  assert.equal(r.remote_ip_prefix, '10.0.0.5/24');
  assert.equal(r.normalized_cidr, '10.0.0.0/24');
  assert.equal(r.description, 'ssh');
  const shown = await t.request('GET', `${G}/${g.id}`, { token: demo });
  assert.ok(shown.body.security_group.security_group_rules.some((x: Rule) => x.id === r.id));
  assert.equal(shown.body.security_group.revision_number, 1, 'a rule moves its group revision');

  // by number instead of name: the same rule for Neutron
  const again = await createRule({
    security_group_id: g.id,
    direction: 'ingress',
    protocol: '6',
    port_range_min: 22,
    port_range_max: 22,
    remote_ip_prefix: '10.0.0.5/24',
  });
  assert.equal(again.status, 409);
  assert.deepEqual(again.body.NeutronError, {
    type: 'SecurityGroupRuleExists',
    message: `Security group rule already exists. Rule id is ${r.id}.`,
    detail: '',
  });

  const list = await t.request('GET', `${R}?security_group_id=${g.id}&direction=ingress`, { token: demo });
  assert.deepEqual(
    list.body.security_group_rules.map((x: Rule) => x.id),
    [r.id],
  );
  assert.equal((await t.request('GET', `${R}/${r.id}`, { token: alt })).status, 404);
  assert.equal((await t.request('GET', `${R}/${r.id}`, { token: admin })).status, 200);
  assert.equal((await t.request('DELETE', `${R}/${r.id}`, { token: demo })).status, 204);
  const gone = await t.request('GET', `${R}/${r.id}`, { token: demo });
  assert.equal(gone.status, 404);
  assert.deepEqual(gone.body.NeutronError, {
    type: 'SecurityGroupRuleNotFound',
    message: `Security group rule ${r.id} does not exist`,
    detail: '',
  });
});

test('two identical rules at once: exactly one is stored, the other gets 409 SecurityGroupRuleExists', async () => {
  const g = await newGroup('race');
  const body = {
    security_group_id: g.id,
    direction: 'ingress',
    protocol: 'udp',
    port_range_min: 53,
    port_range_max: 53,
  };
  const results = await Promise.all(Array.from({ length: 6 }, () => createRule(body)));
  const statuses = results.map((x) => x.status).sort();
  assert.deepEqual(statuses, [201, 409, 409, 409, 409, 409]);
  const stored = await t.rt.store.db
    .selectFrom('security_group_rules')
    .selectAll()
    .where('security_group_id', '=', g.id)
    .where('protocol', '=', 'udp')
    .execute();
  assert.equal(stored.length, 1);
  for (const x of results.filter((y) => y.status === 409))
    assert.equal(x.body.NeutronError.message, `Security group rule already exists. Rule id is ${stored[0]?.id}.`);
});

test("rule validation: Neutron's 400s for ports, ICMP, protocols, ethertypes and prefixes", async () => {
  const g = await newGroup('valid');
  const cases: Array<[Record<string, unknown>, string, string]> = [
    [
      { direction: 'ingress', protocol: 'tcp', port_range_min: 30, port_range_max: 20 },
      'SecurityGroupInvalidPortRange',
      'For TCP/UDP protocols, port_range_min must be <= port_range_max',
    ],
    [
      { direction: 'ingress', protocol: 'tcp', port_range_min: 0, port_range_max: 20 },
      'SecurityGroupInvalidPortValue',
      'Invalid value for port 0',
    ],
    [
      { direction: 'ingress', protocol: 'tcp', port_range_min: 70000, port_range_max: 70000 },
      'SecurityGroupInvalidPortValue',
      'Invalid value for port 70000',
    ],
    [
      { direction: 'ingress', port_range_min: 22, port_range_max: 22 },
      'SecurityGroupProtocolRequiredWithPorts',
      'Must also specify protocol if port range is given.',
    ],
    [
      { direction: 'ingress', protocol: 'icmp', port_range_min: 300 },
      'SecurityGroupInvalidIcmpValue',
      'Invalid value for ICMP type (port_range_min) 300. It must be 0 to 255.',
    ],
    [
      { direction: 'ingress', protocol: 'icmp', port_range_max: 0 },
      'SecurityGroupMissingIcmpType',
      'ICMP code (port-range-max) 0 is provided but ICMP type (port-range-min) is missing.',
    ],
    [
      { direction: 'ingress', protocol: 'gre', port_range_min: 1, port_range_max: 2 },
      'SecurityGroupInvalidProtocolForPort',
      'Ports cannot be specified for protocol 47. Ports are only supported for DCCP, SCTP, TCP, UDP, UDPLITE.',
    ],
    [
      { direction: 'ingress', ethertype: 'IPv6', remote_ip_prefix: '10.0.0.0/8' },
      'SecurityGroupRuleParameterConflict',
      'Conflicting value ethertype IPv6 for CIDR 10.0.0.0/8',
    ],
    [
      { direction: 'ingress', protocol: 'ipv6-icmp', ethertype: 'IPv4' },
      'SecurityGroupEthertypeConflictWithProtocol',
      'Invalid ethertype IPv4 for protocol ipv6-icmp.',
    ],
    [
      { direction: 'ingress', remote_ip_prefix: '10.0.0.300' },
      'InvalidCIDR',
      'Invalid CIDR 10.0.0.300 given as IP prefix.',
    ],
    [
      { direction: 'ingress', ethertype: 'IPv5' },
      'SecurityGroupRuleInvalidEtherType',
      "Security group rule for ethertype 'IPv5' not supported. Allowed values are ['IPv4', 'IPv6'].",
    ],
    [
      { direction: 'ingress', remote_ip_prefix: '10.0.0.0/8', remote_group_id: g.id },
      'SecurityGroupMultipleRemoteEntites',
      'Only one of remote_ip_prefix or remote_group_id or remote_address_group_id may be provided.',
    ],
    [
      { direction: 'sideways' },
      'HTTPBadRequest',
      'Invalid input for direction. Reason: sideways is not in valid_values.',
    ],
  ];
  for (const [body, type, message] of cases) {
    const res = await createRule({ security_group_id: g.id, ...body });
    assert.equal(res.status, 400, JSON.stringify(body));
    assert.deepEqual(res.body.NeutronError, { type, message, detail: '' }, JSON.stringify(body));
  }
  const proto = await createRule({ security_group_id: g.id, direction: 'ingress', protocol: 'foo' });
  assert.equal(proto.status, 400);
  assert.equal(proto.body.NeutronError.type, 'SecurityGroupRuleInvalidProtocol');
  assert.match(
    proto.body.NeutronError.message,
    /^Security group rule protocol foo not supported\. Only protocol values \[None, 'ah', /,
  );
  const missing = await createRule({ security_group_id: g.id });
  assert.equal(
    missing.body.NeutronError.message,
    "Failed to parse request. Required attribute 'direction' not specified",
  );
  const noGroup = await createRule({ security_group_id: '00000000-0000-0000-0000-000000000000', direction: 'ingress' });
  assert.equal(noGroup.status, 404);
  assert.equal(noGroup.body.NeutronError.type, 'SecurityGroupNotFound');
  const others = await createRule({ security_group_id: g.id, direction: 'ingress' }, alt);
  assert.equal(others.status, 404, "another project's group is not found");
  const stored = await t.rt.store.db
    .selectFrom('security_group_rules')
    .select('id')
    .where('security_group_id', '=', g.id)
    .execute();
  assert.equal(stored.length, 2, 'only the two egress rules of the new group');
});

test('normalisation: IPv6 icmp becomes ipv6-icmp, the full port range none, an address gets its /32', async () => {
  const g = await newGroup('norm');
  const icmp6 = await createRule({
    security_group_id: g.id,
    direction: 'ingress',
    ethertype: 'ipv6',
    protocol: 'icmp',
  });
  assert.equal(icmp6.status, 201);
  assert.equal(icmp6.body.security_group_rule.protocol, 'ipv6-icmp');
  assert.equal(icmp6.body.security_group_rule.ethertype, 'IPv6');
  const all = await createRule({
    security_group_id: g.id,
    direction: 'ingress',
    protocol: 'udp',
    port_range_min: 1,
    port_range_max: 65535,
    remote_ip_prefix: '192.168.1.10',
  });
  assert.equal(all.status, 201);
  assert.equal(all.body.security_group_rule.port_range_min, null);
  assert.equal(all.body.security_group_rule.port_range_max, null);
  assert.equal(all.body.security_group_rule.remote_ip_prefix, '192.168.1.10/32');
  const icmpType = await createRule({
    security_group_id: g.id,
    direction: 'ingress',
    protocol: 'icmp',
    port_range_min: 8,
    port_range_max: 0,
  });
  assert.equal(icmpType.status, 201, 'ICMP type 8 code 0');
  // 0.0.0.0/0 is the same as no prefix for the duplicate check
  const anyPrefix = await createRule({ security_group_id: g.id, direction: 'egress', remote_ip_prefix: '0.0.0.0/0' });
  assert.equal(anyPrefix.status, 409);
});

test('bulk rules: all or nothing; one group at a time', async () => {
  const g = await newGroup('bulkrules');
  const h = await newGroup('bulkrules2');
  const ok = await t.request('POST', R, {
    token: demo,
    body: {
      security_group_rules: [
        { security_group_id: g.id, direction: 'ingress', protocol: 'tcp', port_range_min: 80, port_range_max: 80 },
        { security_group_id: g.id, direction: 'ingress', protocol: 'tcp', port_range_min: 443, port_range_max: 443 },
      ],
    },
  });
  assert.equal(ok.status, 201);
  assert.equal(ok.body.security_group_rules.length, 2);
  const dup = await t.request('POST', R, {
    token: demo,
    body: {
      security_group_rules: [
        { security_group_id: g.id, direction: 'ingress', protocol: 'tcp', port_range_min: 8080, port_range_max: 8080 },
        { security_group_id: g.id, direction: 'ingress', protocol: 'tcp', port_range_min: 80, port_range_max: 80 },
      ],
    },
  });
  assert.equal(dup.status, 409);
  const rows = await t.rt.store.db
    .selectFrom('security_group_rules')
    .select('port_range_min')
    .where('security_group_id', '=', g.id)
    .where('port_range_min', '=', 8080)
    .execute();
  assert.equal(rows.length, 0, 'the first rule of a failed bulk is not kept');
  const two = await t.request('POST', R, {
    token: demo,
    body: {
      security_group_rules: [
        { security_group_id: g.id, direction: 'ingress', protocol: 'tcp', port_range_min: 81, port_range_max: 81 },
        { security_group_id: h.id, direction: 'ingress', protocol: 'tcp', port_range_min: 81, port_range_max: 81 },
      ],
    },
  });
  assert.equal(two.status, 400);
  assert.equal(two.body.NeutronError.type, 'SecurityGroupNotSingleGroupRules');
});

test('remote_group_id must be a group of the project; deleting that group removes the rules naming it', async () => {
  const g = await newGroup('app');
  const db = await newGroup('db');
  const res = await createRule({ security_group_id: db.id, direction: 'ingress', remote_group_id: g.id });
  assert.equal(res.status, 201);
  assert.equal(res.body.security_group_rule.remote_group_id, g.id);
  const foreign = await newGroup('foreign', alt);
  const bad = await createRule({ security_group_id: db.id, direction: 'ingress', remote_group_id: foreign.id });
  assert.equal(bad.status, 404);
  assert.equal(bad.body.NeutronError.message, `Security group ${foreign.id} does not exist`);
  const ag = await createRule({
    security_group_id: db.id,
    direction: 'ingress',
    remote_address_group_id: '11111111-1111-1111-1111-111111111111',
  });
  assert.equal(ag.status, 404);
  assert.equal(ag.body.NeutronError.type, 'AddressGroupNotFound');
  assert.equal((await t.request('DELETE', `${G}/${g.id}`, { token: demo })).status, 204);
  assert.equal((await t.request('GET', `${R}/${res.body.security_group_rule.id}`, { token: demo })).status, 404);
});

test('ports: security_groups on create/update, SecurityGroupInUse, port_security_enabled rules', async () => {
  const g = await newGroup('portsg');
  const c = await t.request('POST', P, { token: demo, body: { port: { network_id: netId, security_groups: [g.id] } } });
  assert.equal(c.status, 201);
  assert.deepEqual(c.body.port.security_groups, [g.id]);
  const portId = c.body.port.id as string;
  const binding = await t.rt.store.db
    .selectFrom('port_security_group_bindings')
    .selectAll()
    .where('port_id', '=', portId)
    .execute();
  assert.deepEqual(
    binding.map((b) => b.security_group_id),
    [g.id],
  );

  const inUse = await t.request('DELETE', `${G}/${g.id}`, { token: demo });
  assert.equal(inUse.status, 409);
  assert.deepEqual(inUse.body.NeutronError, {
    type: 'SecurityGroupInUse',
    message: `Security Group ${g.id} in use.`,
    detail: '',
  });

  const foreign = await newGroup('foreign-port', alt);
  const notMine = await t.request('PUT', `${P}/${portId}`, {
    token: demo,
    body: { port: { security_groups: [foreign.id] } },
  });
  assert.equal(notMine.status, 404);
  assert.equal(notMine.body.NeutronError.message, `Security group ${foreign.id} does not exist`);

  const psecOff = await t.request('PUT', `${P}/${portId}`, {
    token: demo,
    body: { port: { port_security_enabled: false } },
  });
  assert.equal(psecOff.status, 409);
  assert.equal(psecOff.body.NeutronError.type, 'PortSecurityPortHasSecurityGroup');
  const both = await t.request('PUT', `${P}/${portId}`, {
    token: demo,
    body: { port: { port_security_enabled: false, security_groups: [] } },
  });
  assert.equal(both.status, 200);
  assert.deepEqual(both.body.port.security_groups, []);
  assert.equal(both.body.port.port_security_enabled, false);
  assert.equal((await t.request('DELETE', `${G}/${g.id}`, { token: demo })).status, 204, 'no longer in use');

  const create = await t.request('POST', P, {
    token: demo,
    body: { port: { network_id: netId, port_security_enabled: false, security_groups: [both.body.port.id] } },
  });
  assert.equal(create.status, 400);
  assert.deepEqual(create.body.NeutronError, {
    type: 'PortSecurityAndIPRequiredForSecurityGroups',
    message: 'Port security must be enabled and port must have an IP address in order to use security groups.',
    detail: '',
  });
});

test('ports filtered by security_groups=<id>; security_groups: null clears them', async () => {
  const g = await newGroup('filtered');
  const a = await t.request('POST', P, { token: demo, body: { port: { network_id: netId, security_groups: [g.id] } } });
  const b = await t.request('POST', P, { token: demo, body: { port: { network_id: netId } } });
  assert.equal(b.status, 201);
  const listed = await t.request('GET', `${P}?security_groups=${g.id}`, { token: demo });
  assert.deepEqual(
    listed.body.ports.map((p: { id: string }) => p.id),
    [a.body.port.id],
  );
  const cleared = await t.request('PUT', `${P}/${a.body.port.id}`, {
    token: demo,
    body: { port: { security_groups: null } },
  });
  assert.equal(cleared.status, 200);
  assert.deepEqual(cleared.body.port.security_groups, []);
  assert.deepEqual((await t.request('GET', `${P}?security_groups=${g.id}`, { token: demo })).body.ports, []);
});

test('allowed_address_pairs: stored with the port MAC by default, validated, and only with port security', async () => {
  const c = await t.request('POST', P, {
    token: demo,
    body: {
      port: {
        network_id: netId,
        allowed_address_pairs: [
          { ip_address: '10.61.0.200' },
          { ip_address: '10.62.0.0/24', mac_address: 'FA:16:3E:AA:BB:CC' },
        ],
      },
    },
  });
  assert.equal(c.status, 201, c.text);
  const port = c.body.port;
  // in Neutron's key order, MAC then address (the recorded port-create-extras), not the request's
  const pairs = [
    { ip_address: '10.61.0.200', mac_address: port.mac_address as string },
    { ip_address: '10.62.0.0/24', mac_address: 'fa:16:3e:aa:bb:cc' },
  ];
  if (pairs[0]!.mac_address > pairs[1]!.mac_address) pairs.reverse();
  assert.deepEqual(port.allowed_address_pairs, pairs);
  const stored = await t.rt.store.db
    .selectFrom('ports')
    .select('allowed_address_pairs')
    .where('id', '=', port.id)
    .execute();
  assert.equal(JSON.parse(stored[0]?.allowed_address_pairs ?? '[]').length, 2);
  const reordered = await t.request('PUT', `${P}/${port.id}`, {
    token: demo,
    body: { port: { allowed_address_pairs: [{ ip_address: '10.9.0.2' }, { ip_address: '10.9.0.1' }] } },
  });
  assert.deepEqual(
    reordered.body.port.allowed_address_pairs.map((p: { ip_address: string }) => p.ip_address),
    ['10.9.0.1', '10.9.0.2'],
  );

  const dup = await t.request('PUT', `${P}/${port.id}`, {
    token: demo,
    body: { port: { allowed_address_pairs: [{ ip_address: '10.0.0.1' }, { ip_address: '10.0.0.1' }] } },
  });
  assert.equal(dup.status, 400);
  assert.deepEqual(dup.body.NeutronError, {
    type: 'DuplicateAddressPairInRequest',
    message: 'Request contains duplicate address pair: mac_address None ip_address 10.0.0.1.',
    detail: '',
  });
  const noIp = await t.request('PUT', `${P}/${port.id}`, {
    token: demo,
    body: { port: { allowed_address_pairs: [{ mac_address: 'fa:16:3e:00:00:01' }] } },
  });
  assert.equal(noIp.status, 400);
  assert.equal(noIp.body.NeutronError.message, 'AllowedAddressPair must contain ip_address');
  const badIp = await t.request('PUT', `${P}/${port.id}`, {
    token: demo,
    body: { port: { allowed_address_pairs: [{ ip_address: 'nope' }] } },
  });
  assert.equal(badIp.status, 400);
  // neutron_lib raises HTTPBadRequest with the validator's text (recorded: port-create-bad-address-pair-400)
  assert.deepEqual(badIp.body.NeutronError, {
    type: 'HTTPBadRequest',
    message: "'nope' is not a valid IP address",
    detail: '',
  });

  // pairs are checked before groups: the port still has its group (parity case
  // port-update-port-security-with-pairs-409)
  for (const body of [
    { port_security_enabled: false },
    { port_security_enabled: false, allowed_address_pairs: [{ ip_address: '10.0.0.7' }] },
  ]) {
    const both = await t.request('PUT', `${P}/${port.id}`, { token: demo, body: { port: body } });
    assert.equal(both.status, 409);
    assert.equal(both.body.NeutronError.type, 'AddressPairAndPortSecurityRequired');
  }
  const psec = await t.request('PUT', `${P}/${port.id}`, {
    token: demo,
    body: { port: { port_security_enabled: false, security_groups: [] } },
  });
  assert.equal(psec.status, 409);
  assert.deepEqual(psec.body.NeutronError, {
    type: 'AddressPairAndPortSecurityRequired',
    message: 'Port Security must be enabled in order to have allowed address pairs on a port.',
    detail: '',
  });
  const off = await t.request('PUT', `${P}/${port.id}`, {
    token: demo,
    body: { port: { port_security_enabled: false, security_groups: [], allowed_address_pairs: null } },
  });
  assert.equal(off.status, 200, off.text);
  assert.deepEqual(off.body.port.allowed_address_pairs, []);

  // on another project's shared network a member may not set them (create_port:allowed_address_pairs)
  const priv = (await t.request('GET', '/network/v2.0/networks?name=private', { token: demo })).body.networks[0];
  const forbidden = await t.request('POST', P, {
    token: demo,
    body: { port: { network_id: priv.id, allowed_address_pairs: [{ ip_address: '10.0.0.250' }] } },
  });
  assert.equal(forbidden.status, 403);
});

test('deleting a group while ports are created with it: never both, never a 500', async () => {
  for (let round = 0; round < 4; round++) {
    const g = await newGroup(`race-del-${round}`);
    const [del, ...ports] = await Promise.all([
      t.request('DELETE', `${G}/${g.id}`, { token: demo }),
      ...Array.from({ length: 3 }, () =>
        t.request('POST', P, { token: demo, body: { port: { network_id: netId, security_groups: [g.id] } } }),
      ),
    ]);
    assert.ok(del && [204, 409].includes(del.status), `delete: ${del?.status} ${del?.text}`);
    for (const p of ports) assert.ok([201, 404].includes(p.status), `port: ${p.status} ${p.text}`);
    const created = ports.filter((p) => p.status === 201).length;
    if (del?.status === 204) {
      assert.equal(created, 0, 'a deleted group is on no port');
      const bound = await t.rt.store.db
        .selectFrom('port_security_group_bindings')
        .select('port_id')
        .where('security_group_id', '=', g.id)
        .execute();
      assert.equal(bound.length, 0);
    } else {
      assert.ok(created > 0, 'in use: some port has it');
    }
  }
});

test("a project's first requests at once create one default group with its four rules", async () => {
  const fresh = await t.tokenFor('fresh');
  const results = await Promise.all([
    ...Array.from({ length: 4 }, () => t.request('GET', G, { token: fresh })),
    ...Array.from({ length: 4 }, () => t.request('GET', R, { token: fresh })),
  ]);
  for (const r of results) assert.equal(r.status, 200, r.text);
  const projectId = results[0]?.body.security_groups[0]?.project_id as string;
  const groups = await t.rt.store.db
    .selectFrom('security_groups')
    .selectAll()
    .where('project_id', '=', projectId)
    .execute();
  assert.equal(groups.length, 1);
  const rules = await t.rt.store.db
    .selectFrom('security_group_rules')
    .select('id')
    .where('security_group_id', '=', groups[0]?.id ?? '')
    .execute();
  assert.equal(rules.length, 4);
});
