/**
 * Segments (segment, standard-attr-segment, multi-provider, subnet-segmentid-writable,
 * l2_adjacency, ip_allocation): admin-only CRUD with Neutron's answers, the segments table as the
 * one store of what networks hold, multi-provider networks, subnets on segments, and the database
 * deciding two segments asking for one VLAN at once.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../helpers/app.js';

let t: TestApp;
let admin: string;
let demo: string;

const N = '/network/v2.0';

before(async () => {
  t = await startTestApp({}, { agent: false });
  admin = await t.tokenFor('admin');
  demo = await t.tokenFor('demo');
});
after(async () => {
  await t.close();
});

const req = (method: string, path: string, body?: unknown, token = admin) =>
  t.request(method, `${N}${path}`, { token, body });
const err = (type: string, message: string) => ({ NeutronError: { type, message, detail: '' } });

async function network(body: Record<string, unknown> = {}): Promise<Record<string, unknown> & { id: string }> {
  const res = await req('POST', '/networks', { network: { name: 'sn', ...body } });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body.network;
}
const segmentRows = (networkId: string) =>
  t.rt.store.db
    .selectFrom('network_segments')
    .selectAll()
    .where('network_id', '=', networkId)
    .orderBy('segment_index')
    .execute();
const flat = (networkId: string, physnet: string, extra: Record<string, unknown> = {}) =>
  req('POST', '/segments', {
    segment: { network_id: networkId, network_type: 'flat', physical_network: physnet, ...extra },
  });

test("a network's segments: the provider one, then created ones; the network shows them as Neutron does", async () => {
  const n = await network({ 'provider:network_type': 'flat', 'provider:physical_network': 'sx1' });
  const listed = await req('GET', `/segments?network_id=${n.id}`);
  assert.equal(listed.status, 200);
  assert.equal(listed.body.segments.length, 1);
  const first = listed.body.segments[0];
  assert.deepEqual(Object.keys(first).sort(), [
    'created_at',
    'description',
    'id',
    'name',
    'network_id',
    'network_type',
    'physical_network',
    'revision_number',
    'segmentation_id',
    'updated_at',
  ]);
  // a network's own segment carries no name or description
  assert.equal(first.name, null);
  assert.equal(first.description, null);
  assert.equal(first.network_type, 'flat');

  const created = await req('POST', '/segments', {
    segment: {
      network_id: n.id,
      network_type: 'vlan',
      physical_network: 'physnet1',
      segmentation_id: 100,
      name: 's1',
    },
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  assert.equal(created.body.segment.name, 's1');
  assert.equal(created.body.segment.description, '');
  assert.equal(created.body.segment.segmentation_id, 100);
  const rows = await segmentRows(n.id);
  assert.deepEqual(
    rows.map((r) => [r.segment_index, r.segment_key]),
    [
      [0, 'flat:sx1'],
      [1, 'vlan:physnet1:100'],
    ],
  );
  // two segments: the multi-provider list, no provider:* attributes
  const shown = (await req('GET', `/networks/${n.id}`)).body.network;
  assert.deepEqual(shown.segments, [
    { 'provider:network_type': 'flat', 'provider:physical_network': 'sx1', 'provider:segmentation_id': null },
    { 'provider:network_type': 'vlan', 'provider:physical_network': 'physnet1', 'provider:segmentation_id': 100 },
  ]);
  assert.equal('provider:network_type' in shown, false);
  assert.equal(shown.l2_adjacency, true);
  // a member sees neither
  const mine = (await req('GET', `/networks?id=${n.id}`, undefined, demo)).body.networks;
  assert.deepEqual(mine, []);
});

test('create errors: duplicate type on a physical network, in use elsewhere, unknown network, bad input', async () => {
  const n = await network({ 'provider:network_type': 'flat', 'provider:physical_network': 'sx2' });
  assert.deepEqual(
    (await flat(n.id, 'sx2')).body,
    err(
      'NeutronDbObjectDuplicateEntry',
      "Failed to create a duplicate NetworkSegment: for attribute(s) ['network_id', 'network_type', 'physical_network'] with value(s) None",
    ),
  );
  assert.deepEqual(
    (await flat(n.id, 'public')).body,
    err('FlatNetworkInUse', 'Unable to create the flat network. Physical network public is in use.'),
  );
  const bogus = await req('POST', '/segments', { segment: { network_id: n.id, network_type: 'bogus' } });
  assert.equal(bogus.status, 400);
  assert.deepEqual(
    bogus.body,
    err('InvalidInput', "Invalid input for operation: network_type value 'bogus' not supported."),
  );
  const missing = '00000000-0000-0000-0000-000000000000';
  const nf = await flat(missing, 'sx9');
  assert.equal(nf.status, 404);
  assert.deepEqual(nf.body, err('NetworkNotFound', `Network ${missing} could not be found.`));
  const noNet = await req('POST', '/segments', { segment: { network_type: 'vlan' } });
  assert.deepEqual(
    noNet.body,
    err('HTTPBadRequest', "Failed to parse request. Required attribute 'network_id' not specified"),
  );
  const noType = await req('POST', '/segments', { segment: { network_id: n.id } });
  assert.deepEqual(
    noType.body,
    err('HTTPBadRequest', "Failed to parse request. Required attribute 'network_type' not specified"),
  );
  const badName = await flat(n.id, 'sx3', { name: 5 });
  assert.equal(badName.status, 400);
  // nothing of the failed creates was stored
  assert.equal((await segmentRows(n.id)).length, 1);
});

test('admin only: members get 403 on create, 404 on the rest, an empty list', async () => {
  const n = await network({ 'provider:network_type': 'flat', 'provider:physical_network': 'sx4' });
  const [s] = await segmentRows(n.id);
  const create = await req('POST', '/segments', { segment: { network_id: n.id, network_type: 'vlan' } }, demo);
  assert.equal(create.status, 403);
  assert.deepEqual(create.body, err('PolicyNotAuthorized', 'rule:create_segment is disallowed by policy'));
  const hidden = err('HTTPNotFound', 'The resource could not be found.');
  assert.deepEqual((await req('GET', `/segments/${s!.id}`, undefined, demo)).body, hidden);
  assert.deepEqual((await req('PUT', `/segments/${s!.id}`, { segment: { name: 'x' } }, demo)).body, hidden);
  const del = await req('DELETE', `/segments/${s!.id}`, undefined, demo);
  assert.equal(del.status, 404);
  assert.deepEqual((await req('GET', '/segments', undefined, demo)).body, { segments: [] });
  assert.equal((await segmentRows(n.id)).length, 1);
});

test('update: name and description only; show and list filters, sorting, paging', async () => {
  const n = await network({ 'provider:network_type': 'flat', 'provider:physical_network': 'sx5' });
  const [s] = await segmentRows(n.id);
  const u = await req('PUT', `/segments/${s!.id}`, { segment: { name: 'x', description: 'dd' } });
  assert.equal(u.status, 200);
  assert.equal(u.body.segment.name, 'x');
  assert.equal(u.body.segment.description, 'dd');
  assert.equal(u.body.segment.revision_number, s!.revision_number + 1);
  const cleared = await req('PUT', `/segments/${s!.id}`, { segment: { name: null } });
  assert.equal(cleared.body.segment.name, null);
  assert.deepEqual(
    (await req('PUT', `/segments/${s!.id}`, { segment: { segmentation_id: 5 } })).body,
    err('HTTPBadRequest', 'Cannot update read-only attribute segmentation_id'),
  );
  const missing = '00000000-0000-0000-0000-000000000001';
  const nf = await req('GET', `/segments/${missing}`);
  assert.deepEqual(nf.body, err('SegmentNotFound', `Segment ${missing} could not be found.`));
  assert.equal((await req('PUT', `/segments/${missing}`, { segment: { name: 'y' } })).status, 404);

  await flat(n.id, 'sx6', { name: 'b' });
  await flat(n.id, 'sx7', { name: 'a' });
  const sorted = await req('GET', `/segments?network_id=${n.id}&sort_key=name&sort_dir=asc&fields=name`);
  assert.deepEqual(sorted.body.segments, [{ name: null }, { name: 'a' }, { name: 'b' }]);
  const page = await req('GET', `/segments?network_id=${n.id}&limit=2`);
  assert.equal(page.body.segments.length, 2);
  assert.equal(page.body.segments_links[0].rel, 'next');
  const byPhysnet = await req('GET', `/segments?physical_network=sx6`);
  assert.deepEqual(
    byPhysnet.body.segments.map((x: { name: string }) => x.name),
    ['b'],
  );
  assert.deepEqual(
    (await req('GET', '/segments?segmentation_id=100')).body,
    err('HTTPBadRequest', "['segmentation_id'] is invalid attribute for filtering"),
  );
});

test('subnets on segments: same network, all or none; a segment with subnets cannot go', async () => {
  const n = await network({ 'provider:network_type': 'flat', 'provider:physical_network': 'sx8' });
  const other = await network({ 'provider:network_type': 'flat', 'provider:physical_network': 'sx10' });
  const seg = (await flat(n.id, 'sx11')).body.segment;
  const [otherSeg] = await segmentRows(other.id);
  const subnet = (body: Record<string, unknown>, token = admin) =>
    req('POST', '/subnets', { subnet: { network_id: n.id, ip_version: 4, ...body } }, token);
  const on = await subnet({ cidr: '10.71.0.0/24', segment_id: seg.id });
  assert.equal(on.status, 201, JSON.stringify(on.body));
  assert.equal(on.body.subnet.segment_id, seg.id);
  assert.deepEqual(
    (await subnet({ cidr: '10.71.1.0/24' })).body,
    err(
      'SubnetsNotAllAssociatedWithSegments',
      `All of the subnets on network '${n.id}' must either all be associated with segments or all not associated with any segment.`,
    ),
  );
  assert.deepEqual(
    (await subnet({ cidr: '10.71.2.0/24', segment_id: otherSeg!.id })).body,
    err(
      'NetworkIdsDontMatch',
      `The subnet's network id, '${n.id}', doesn't match the network_id of segment '${otherSeg!.id}'`,
    ),
  );
  const missing = '00000000-0000-0000-0000-000000000002';
  assert.deepEqual(
    (await subnet({ cidr: '10.71.3.0/24', segment_id: missing })).body,
    err('SegmentNotFound', `Segment ${missing} could not be found.`),
  );
  assert.deepEqual(
    (await subnet({ cidr: '10.71.3.0/24', segment_id: 'bad' })).body,
    err('HTTPBadRequest', "Invalid input for segment_id. Reason: 'bad' is not a valid UUID."),
  );
  // only the one subnet was stored
  const stored = await t.rt.store.db
    .selectFrom('subnets')
    .select('segment_id')
    .where('network_id', '=', n.id)
    .execute();
  assert.deepEqual(stored, [{ segment_id: seg.id }]);
  assert.equal((await req('GET', `/networks/${n.id}`)).body.network.l2_adjacency, false);
  // segment_id is the admin's to read
  const del = await req('DELETE', `/segments/${seg.id}`);
  assert.equal(del.status, 409);
  assert.deepEqual(
    del.body,
    err(
      'SegmentInUse',
      `Segment '${seg.id}' cannot be deleted: The segment is still associated with subnet(s) ${on.body.subnet.id}.`,
    ),
  );
  assert.equal((await req('DELETE', `/subnets/${on.body.subnet.id}`)).status, 204);
  assert.equal((await req('DELETE', `/segments/${seg.id}`)).status, 204);
  assert.equal((await segmentRows(n.id)).length, 1);
});

test('a subnet moves onto the single segment of its network (subnet-segmentid-writable)', async () => {
  const n = await network({ 'provider:network_type': 'flat', 'provider:physical_network': 'sx12' });
  const [seg] = await segmentRows(n.id);
  const sub = (await req('POST', '/subnets', { subnet: { network_id: n.id, cidr: '10.72.0.0/24' } })).body.subnet;
  assert.equal(sub.segment_id, null);
  const moved = await req('PUT', `/subnets/${sub.id}`, { subnet: { segment_id: seg!.id } });
  assert.equal(moved.status, 200, JSON.stringify(moved.body));
  assert.equal(moved.body.subnet.segment_id, seg!.id);
  const second = (await flat(n.id, 'sx13')).body.segment;
  assert.deepEqual(
    (await req('PUT', `/subnets/${sub.id}`, { subnet: { segment_id: second.id } })).body,
    err(
      'SubnetSegmentAssociationChangeNotAllowed',
      'A subnet that is already associated with a segment cannot have its segment association changed.',
    ),
  );
});

test('the last segment may go: provider attributes become null; deleting the network removes its segments', async () => {
  const n = await network({ 'provider:network_type': 'flat', 'provider:physical_network': 'sx14' });
  const [seg] = await segmentRows(n.id);
  assert.equal((await req('DELETE', `/segments/${seg!.id}`)).status, 204);
  const shown = (await req('GET', `/networks/${n.id}`)).body.network;
  assert.equal(shown['provider:network_type'], null);
  assert.equal(shown['provider:physical_network'], null);
  // its physical network is free again
  const again = await network({ 'provider:network_type': 'flat', 'provider:physical_network': 'sx14' });
  await flat(again.id, 'sx15');
  assert.equal((await req('DELETE', `/networks/${again.id}`)).status, 204);
  assert.deepEqual(await segmentRows(again.id), []);
});

test('multi-provider: segments on create, with Neutron errors; never both with provider:*', async () => {
  const segments = [
    { 'provider:network_type': 'vlan', 'provider:physical_network': 'physnet1', 'provider:segmentation_id': 300 },
    { 'provider:network_type': 'flat', 'provider:physical_network': 'mp1' },
  ];
  const n = await network({ segments });
  assert.deepEqual(n.segments, [segments[0], { ...segments[1], 'provider:segmentation_id': null }]);
  assert.deepEqual(
    (await segmentRows(n.id)).map((r) => r.segment_index),
    [0, 1],
  );
  const post = (body: Record<string, unknown>, token = admin) =>
    req('POST', '/networks', { network: { name: 'mp', ...body } }, token);
  assert.deepEqual(
    (
      await post({
        'provider:network_type': 'flat',
        'provider:physical_network': 'mp2',
        segments: [{ 'provider:network_type': 'flat', 'provider:physical_network': 'mp3' }],
      })
    ).body,
    err('SegmentsSetInConjunctionWithProviders', 'Segments and provider values cannot both be set.'),
  );
  const dup = { 'provider:network_type': 'flat', 'provider:physical_network': 'mp4' };
  assert.deepEqual(
    (await post({ segments: [dup, dup] })).body,
    err('SegmentsContainDuplicateEntry', 'Duplicate segment entry in request.'),
  );
  const twoVlans = await post({ segments: [{ 'provider:network_type': 'vlan' }, { 'provider:network_type': 'vlan' }] });
  assert.equal(twoVlans.status, 409);
  assert.equal(twoVlans.body.NeutronError.type, 'NeutronDbObjectDuplicateEntry');
  assert.deepEqual(
    (await post({ segments: [{ 'provider:physical_network': 'mp5' }] })).body,
    err('InvalidInput', 'Invalid input for operation: network_type required.'),
  );
  assert.deepEqual(
    (await post({ segments: [{ 'provider:network_type': 'flat', 'provider:physical_network': 'mp6', foo: 1 }] })).body,
    err('HTTPBadRequest', "Unrecognized attribute(s) 'foo'"),
  );
  const one = await post({ segments: [{ 'provider:network_type': 'flat', 'provider:physical_network': 'mp7' }] });
  assert.equal(one.body.network['provider:physical_network'], 'mp7');
  const tenant = await post({ segments: [] });
  assert.equal(tenant.body.network['provider:network_type'], 'vxlan');
  const member = await post(
    { segments: [{ 'provider:network_type': 'flat', 'provider:physical_network': 'mp8' }] },
    demo,
  );
  assert.equal(member.status, 403);
  assert.equal(
    member.body.NeutronError.message,
    '(rule:create_network and (rule:create_network:segments and (rule:create_network:segments:provider:network_type and rule:create_network:segments:provider:physical_network and rule:create_network:segments:provider:segmentation_id))) is disallowed by policy',
  );
  // a failed create leaves no network behind
  const left = await t.rt.store.db.selectFrom('networks').select('id').where('name', '=', 'mp').execute();
  assert.equal(left.length, 2);
});

test('ports: ip_allocation is immediate, none for a port asked to have no fixed IPs', async () => {
  const n = await network();
  await req('POST', '/subnets', { subnet: { network_id: n.id, cidr: '10.73.0.0/24' } });
  const p = await req('POST', '/ports', { port: { network_id: n.id } });
  assert.equal(p.body.port.ip_allocation, 'immediate');
  const none = await req('POST', '/ports', { port: { network_id: n.id, fixed_ips: [] } });
  assert.equal(none.body.port.ip_allocation, 'none');
});

test('race: two segments asking for one VLAN at once → exactly one wins, the other 409, never 500', async () => {
  const a = await network({ 'provider:network_type': 'flat', 'provider:physical_network': 'sx20' });
  const b = await network({ 'provider:network_type': 'flat', 'provider:physical_network': 'sx21' });
  const results = await Promise.all(
    [a, b, a, b].map((n) =>
      req('POST', '/segments', {
        segment: { network_id: n.id, network_type: 'vlan', physical_network: 'physnet1', segmentation_id: 777 },
      }),
    ),
  );
  const codes = results.map((r) => r.status).sort();
  assert.deepEqual(codes, [201, 409, 409, 409], JSON.stringify(results.map((r) => r.body)));
  for (const r of results.filter((x) => x.status === 409))
    assert.ok(['VlanIdInUse', 'NeutronDbObjectDuplicateEntry'].includes(r.body.NeutronError.type));
  const held = await t.rt.store.db
    .selectFrom('network_segments')
    .select('id')
    .where('segment_key', '=', 'vlan:physnet1:777')
    .execute();
  assert.equal(held.length, 1);
  // many segments added to one network at once take distinct indexes
  const c = await network({ 'provider:network_type': 'flat', 'provider:physical_network': 'sx22' });
  const many = await Promise.all([1, 2, 3, 4].map((i) => flat(c.id, `sx22-${i}`)));
  assert.deepEqual(
    many.map((r) => r.status),
    [201, 201, 201, 201],
    JSON.stringify(many.map((r) => r.body)),
  );
  assert.deepEqual(
    (await segmentRows(c.id)).map((r) => r.segment_index),
    [0, 1, 2, 3, 4],
  );
});
