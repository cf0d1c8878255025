/**
 * Neutron's metering labels and label rules: admin-only writes, a project reader's view of its own
 * labels, the plugin's prefix checks, the 409 on an overlapping remote_ip_prefix, cascade on label
 * delete, and the extensions advertised.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../helpers/app.js';

let t: TestApp;
let admin: string;
let demo: string;
let demoId: string;

before(async () => {
  t = await startTestApp({}, { agent: false });
  admin = await t.tokenFor('admin');
  demo = await t.tokenFor('demo');
  demoId =
    (await t.rt.store.db.selectFrom('projects').select('id').where('name', '=', 'demo').executeTakeFirst())?.id ?? '';
});
after(async () => {
  await t.close();
});

const LABELS = '/network/v2.0/metering/metering-labels';
const RULES = '/network/v2.0/metering/metering-label-rules';
const GHOST = '11111111-2222-3333-4444-555555555555';

const req = (method: string, url: string, token: string, body?: unknown) => t.request(method, url, { token, body });

async function label(body: Record<string, unknown> = {}): Promise<Record<string, unknown> & { id: string }> {
  const res = await req('POST', LABELS, admin, { metering_label: { name: 'l', ...body } });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body.metering_label;
}

const rule = (labelId: string, body: Record<string, unknown>) =>
  req('POST', RULES, admin, { metering_label_rule: { metering_label_id: labelId, ...body } });

test('extensions metering and metering_source_and_destination_fields are listed', async () => {
  const res = await req('GET', '/network/v2.0/extensions', demo);
  const aliases = res.body.extensions.map((e: { alias: string }) => e.alias);
  assert.ok(aliases.includes('metering'));
  assert.ok(aliases.includes('metering_source_and_destination_fields'));
  const one = await req('GET', '/network/v2.0/extensions/metering', demo);
  assert.equal(one.status, 200);
  assert.equal(one.body.extension.name, 'Neutron Metering');
});

test('label create → 201 in Neutron shape; stored; admin may set another project and shared', async () => {
  const l = await label({ name: 'l1', description: 'd' });
  assert.deepEqual(Object.keys(l), ['id', 'name', 'description', 'shared', 'project_id', 'tenant_id']);
  assert.equal(l.name, 'l1');
  assert.equal(l.description, 'd');
  assert.equal(l.shared, false);
  const stored = await t.rt.store.db
    .selectFrom('metering_labels')
    .selectAll()
    .where('id', '=', l.id)
    .executeTakeFirst();
  assert.equal(stored?.name, 'l1');
  const other = await label({ name: 'l2', shared: 'true', tenant_id: demoId });
  assert.equal(other.project_id, demoId);
  assert.equal(other.shared, true);
  const shown = await req('GET', `${LABELS}/${other.id}`, admin);
  assert.equal(shown.status, 200);
  assert.deepEqual(shown.body.metering_label, other);
  const listed = await req('GET', `${LABELS}?name=l2`, admin);
  assert.deepEqual(listed.body.metering_labels, [other]);
});

test('label bad input → Neutron 400s', async () => {
  const unknown = await req('POST', LABELS, admin, { metering_label: { name: 'x', bogus: 1 } });
  assert.equal(unknown.status, 400);
  assert.deepEqual(unknown.body, {
    NeutronError: { type: 'HTTPBadRequest', message: "Unrecognized attribute(s) 'bogus'", detail: '' },
  });
  const shared = await req('POST', LABELS, admin, { metering_label: { shared: 'maybe' } });
  assert.equal(shared.status, 400);
  assert.deepEqual(shared.body.NeutronError, {
    type: 'InvalidInput',
    message: "Invalid input for operation: 'maybe' cannot be converted to boolean.",
    detail: '',
  });
  const name = await req('POST', LABELS, admin, { metering_label: { name: 5 } });
  assert.equal(name.body.NeutronError.message, "Invalid input for name. Reason: '5' is not a valid string.");
  const put = await req('PUT', `${LABELS}/${GHOST}`, admin, { metering_label: { name: 'y' } });
  assert.equal(put.status, 405);
});

test('non-admin: 403 on writes, own labels readable by a reader, others 404; rules never visible', async () => {
  const mine = await label({ name: 'demo-label', tenant_id: demoId });
  const theirs = await label({ name: 'admin-label' });
  const create = await req('POST', LABELS, demo, { metering_label: { name: 'x' } });
  assert.equal(create.status, 403);
  assert.deepEqual(create.body.NeutronError, {
    type: 'PolicyNotAuthorized',
    message: 'rule:create_metering_label is disallowed by policy',
    detail: '',
  });
  const list = await req('GET', LABELS, demo);
  assert.equal(list.status, 200);
  const ids = list.body.metering_labels.map((l: { id: string; project_id: string }) => l.id);
  assert.ok(ids.includes(mine.id));
  assert.ok(!ids.includes(theirs.id));
  assert.ok(list.body.metering_labels.every((l: { project_id: string }) => l.project_id === demoId));
  assert.equal((await req('GET', `${LABELS}/${mine.id}`, demo)).status, 200);
  const other = await req('GET', `${LABELS}/${theirs.id}`, demo);
  assert.equal(other.status, 404);
  assert.deepEqual(other.body.NeutronError, {
    type: 'MeteringLabelNotFound',
    message: `Metering label '${theirs.id}' does not exist.`,
    detail: '',
  });
  const del = await req('DELETE', `${LABELS}/${mine.id}`, demo);
  assert.equal(del.status, 403);
  assert.equal(del.body.NeutronError.message, 'rule:delete_metering_label is disallowed by policy');
  assert.equal((await req('DELETE', `${LABELS}/${theirs.id}`, demo)).status, 404);

  const r = await rule(mine.id, { direction: 'ingress', remote_ip_prefix: '10.10.0.0/24' });
  assert.equal(r.status, 201);
  const rid = r.body.metering_label_rule.id;
  const ruleCreate = await req('POST', RULES, demo, {
    metering_label_rule: { metering_label_id: mine.id, direction: 'ingress', remote_ip_prefix: '10.11.0.0/24' },
  });
  assert.equal(ruleCreate.status, 403);
  assert.equal(ruleCreate.body.NeutronError.message, 'rule:create_metering_label_rule is disallowed by policy');
  assert.deepEqual((await req('GET', RULES, demo)).body, { metering_label_rules: [] });
  const showRule = await req('GET', `${RULES}/${rid}`, demo);
  assert.equal(showRule.status, 404);
  assert.deepEqual(showRule.body.NeutronError, {
    type: 'HTTPNotFound',
    message: 'The resource could not be found.',
    detail: '',
  });
  assert.equal((await req('DELETE', `${RULES}/${rid}`, demo)).status, 404);
  assert.ok(
    await t.rt.store.db.selectFrom('metering_label_rules').select('id').where('id', '=', rid).executeTakeFirst(),
  );
});

test('rule create → 201 with prefixes as netaddr prints them; show and list', async () => {
  const l = await label();
  const r1 = await rule(l.id, { direction: 'ingress', remote_ip_prefix: '10.0.0.0/24' });
  assert.equal(r1.status, 201, JSON.stringify(r1.body));
  assert.deepEqual(Object.keys(r1.body.metering_label_rule), [
    'id',
    'metering_label_id',
    'direction',
    'remote_ip_prefix',
    'source_ip_prefix',
    'destination_ip_prefix',
    'excluded',
  ]);
  assert.deepEqual(
    { ...r1.body.metering_label_rule, id: 'x' },
    {
      id: 'x',
      metering_label_id: l.id,
      direction: 'ingress',
      remote_ip_prefix: '10.0.0.0/24',
      source_ip_prefix: null,
      destination_ip_prefix: null,
      excluded: false,
    },
  );
  const r2 = await rule(l.id, {
    direction: 'egress',
    source_ip_prefix: '10.0.0.0/24',
    destination_ip_prefix: '10.1.0.5',
  });
  assert.equal(r2.status, 201);
  assert.equal(r2.body.metering_label_rule.remote_ip_prefix, null);
  assert.equal(r2.body.metering_label_rule.destination_ip_prefix, '10.1.0.5/32');
  const r3 = await rule(l.id, { direction: 'egress', remote_ip_prefix: '10.9.0.1/255.255.255.0', excluded: 'yes' });
  assert.equal(r3.status, 201);
  assert.equal(r3.body.metering_label_rule.remote_ip_prefix, '10.9.0.1/24');
  assert.equal(r3.body.metering_label_rule.excluded, true);
  const r4 = await rule(l.id, { direction: 'egress', remote_ip_prefix: '2001:DB8:0::1/64' });
  assert.equal(r4.body.metering_label_rule.remote_ip_prefix, '2001:db8::1/64');

  const shown = await req('GET', `${RULES}/${r1.body.metering_label_rule.id}`, admin);
  assert.deepEqual(shown.body.metering_label_rule, r1.body.metering_label_rule);
  const list = await req('GET', `${RULES}?metering_label_id=${l.id}&direction=egress`, admin);
  assert.equal(list.body.metering_label_rules.length, 3);
  const excluded = await req('GET', `${RULES}?metering_label_id=${l.id}&excluded=true`, admin);
  assert.deepEqual(
    excluded.body.metering_label_rules.map((r: { id: string }) => r.id),
    [r3.body.metering_label_rule.id],
  );
});

test('overlapping remote_ip_prefix of the same label, direction and excluded → 409', async () => {
  const l = await label();
  assert.equal((await rule(l.id, { direction: 'ingress', remote_ip_prefix: '10.0.0.0/24' })).status, 201);
  const dup = await rule(l.id, { direction: 'ingress', remote_ip_prefix: '10.0.0.128/25' });
  assert.equal(dup.status, 409);
  assert.deepEqual(dup.body, {
    NeutronError: {
      type: 'MeteringLabelRuleOverlaps',
      message: "Metering label rule with remote_ip_prefix '10.0.0.128/25' overlaps another.",
      detail: '',
    },
  });
  // excluded, the other direction, or another label: no overlap
  assert.equal(
    (await rule(l.id, { direction: 'ingress', remote_ip_prefix: '10.0.0.128/25', excluded: true })).status,
    201,
  );
  assert.equal((await rule(l.id, { direction: 'egress', remote_ip_prefix: '10.0.0.0/24' })).status, 201);
  const l2 = await label();
  assert.equal((await rule(l2.id, { direction: 'ingress', remote_ip_prefix: '10.0.0.0/24' })).status, 201);
  // concurrent identical rules: exactly one wins
  const l3 = await label();
  const both = await Promise.all([
    rule(l3.id, { direction: 'ingress', remote_ip_prefix: '192.0.2.0/24' }),
    rule(l3.id, { direction: 'ingress', remote_ip_prefix: '192.0.2.0/24' }),
  ]);
  assert.deepEqual(both.map((r) => r.status).sort(), [201, 409]);
  const stored = await t.rt.store.db
    .selectFrom('metering_label_rules')
    .select('id')
    .where('metering_label_id', '=', l3.id)
    .execute();
  assert.equal(stored.length, 1);
});

test('rule bad input → Neutron errors (400, 404)', async () => {
  const l = await label();
  const cases: Array<[Record<string, unknown>, number, string, string]> = [
    [
      { remote_ip_prefix: '10.9.0.0/24' },
      400,
      'HTTPBadRequest',
      "Failed to parse request. Required attribute 'direction' not specified",
    ],
    [
      { direction: 'up', remote_ip_prefix: '10.9.0.0/24' },
      400,
      'HTTPBadRequest',
      'Invalid input for direction. Reason: up is not in valid_values.',
    ],
    [
      { direction: 'egress', remote_ip_prefix: 'garbage' },
      400,
      'Invalid',
      "remote_ip_prefix: garbage is invalid ['garbage' does not appear to be an IPv4 or IPv6 interface].",
    ],
    [
      { direction: 'egress', source_ip_prefix: '10.0.0.0/33' },
      400,
      'Invalid',
      "source_ip_prefix: 10.0.0.0/33 is invalid ['10.0.0.0/33' does not appear to be an IPv4 or IPv6 interface].",
    ],
    [
      { direction: 'egress', remote_ip_prefix: '10.0.0.0/24', source_ip_prefix: '10.0.0.0/24' },
      400,
      'Invalid',
      "Cannot use 'remote-ip-prefix' in conjunction with 'source-ip-prefix' or 'destination-ip-prefix'.",
    ],
    [
      { direction: 'egress' },
      400,
      'Invalid',
      "You must define at least one of the following parameters 'remote_ip_prefix', or 'source_ip_prefix' or 'destination_ip_prefix'.",
    ],
  ];
  for (const [body, status, type, message] of cases) {
    const res = await rule(l.id, body);
    assert.equal(res.status, status, JSON.stringify(body));
    assert.deepEqual(res.body.NeutronError, { type, message, detail: '' }, JSON.stringify(body));
  }
  const noLabel = await req('POST', RULES, admin, {
    metering_label_rule: { direction: 'egress', remote_ip_prefix: '10.9.0.0/24' },
  });
  assert.equal(
    noLabel.body.NeutronError.message,
    "Failed to parse request. Required attribute 'metering_label_id' not specified",
  );
  const badId = await rule('nope', { direction: 'egress', remote_ip_prefix: '10.9.0.0/24' });
  assert.equal(badId.status, 400);
  assert.equal(
    badId.body.NeutronError.message,
    "Invalid input for metering_label_id. Reason: 'nope' is not a valid UUID.",
  );
  const ghost = await rule(GHOST, { direction: 'egress', remote_ip_prefix: '10.9.0.0/24' });
  assert.equal(ghost.status, 404);
  assert.deepEqual(ghost.body.NeutronError, {
    type: 'MeteringLabelNotFound',
    message: `Metering label '${GHOST}' does not exist.`,
    detail: '',
  });
  const stored = await t.rt.store.db
    .selectFrom('metering_label_rules')
    .select('id')
    .where('metering_label_id', '=', l.id)
    .execute();
  assert.equal(stored.length, 0);
});

test('delete: rule 204; label 204 takes its rules; missing ones 404', async () => {
  const l = await label();
  const r1 = (await rule(l.id, { direction: 'ingress', remote_ip_prefix: '10.0.0.0/24' })).body.metering_label_rule;
  const r2 = (await rule(l.id, { direction: 'egress', remote_ip_prefix: '10.0.0.0/24' })).body.metering_label_rule;
  assert.equal((await req('DELETE', `${RULES}/${r1.id}`, admin)).status, 204);
  const gone = await req('GET', `${RULES}/${r1.id}`, admin);
  assert.equal(gone.status, 404);
  assert.deepEqual(gone.body.NeutronError, {
    type: 'MeteringLabelRuleNotFound',
    message: `Metering label rule '${r1.id}' does not exist.`,
    detail: '',
  });
  assert.equal((await req('DELETE', `${RULES}/${r1.id}`, admin)).status, 404);
  assert.equal((await req('DELETE', `${LABELS}/${l.id}`, admin)).status, 204);
  assert.equal((await req('GET', `${RULES}/${r2.id}`, admin)).status, 404);
  assert.equal(
    await t.rt.store.db.selectFrom('metering_label_rules').select('id').where('id', '=', r2.id).executeTakeFirst(),
    undefined,
  );
  const again = await req('DELETE', `${LABELS}/${l.id}`, admin);
  assert.equal(again.status, 404);
  assert.equal(again.body.NeutronError.type, 'MeteringLabelNotFound');
});
