import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, waitFor, type TestApp } from '../../helpers/app.js';
import { DEFAULT_IMAGES } from '../../../src/store/seed.js';
import { first } from '../../helpers/elements.js';

let t: TestApp;
let admin: string;
let demo: string;
before(async () => {
  t = await startTestApp({ compute: { hosts: 3 } });
  admin = await t.tokenFor('admin');
  demo = await t.tokenFor('demo');
  await waitFor(
    async () => (await t.rt.store.db.selectFrom('compute_hosts').select('id').execute()).length === 3,
    'three hosts registered',
  );
});
after(async () => {
  await t.close();
});

const A = '/compute/v2.1/os-aggregates';
const action = (id: number, body: unknown, token = admin) => t.request('POST', `${A}/${id}/action`, { token, body });
const zoneOfHost = async (host: string) =>
  (
    await t.rt.store.db
      .selectFrom('compute_hosts')
      .select('availability_zone')
      .where('host', '=', host)
      .executeTakeFirstOrThrow()
  ).availability_zone;

async function boot(name: string, az?: string) {
  const r = await t.request('POST', '/compute/v2.1/servers', {
    token: demo,
    body: {
      server: {
        name,
        imageRef: first(DEFAULT_IMAGES, 'DEFAULT_IMAGES').id,
        flavorRef: '1',
        ...(az ? { availability_zone: az } : {}),
      },
    },
  });
  return r;
}
const settle = (id: string) =>
  waitFor(async () => {
    const s = await t.request('GET', `/compute/v2.1/servers/${id}`, { token: admin });
    return ['ACTIVE', 'ERROR'].includes(s.body.server.status) ? s.body.server : null;
  }, `${id} settles`);

test('create, show, list, update, delete; Nova fields and errors; admin only', async () => {
  assert.equal((await t.request('GET', A, { token: demo })).status, 403);
  const c = await t.request('POST', A, { token: admin, body: { aggregate: { name: 'agg1' } } });
  assert.equal(c.status, 200, c.text);
  assert.deepEqual(Object.keys(c.body.aggregate).sort(), [
    'availability_zone',
    'created_at',
    'deleted',
    'deleted_at',
    'id',
    'name',
    'updated_at',
  ]);
  assert.equal(c.body.aggregate.availability_zone, null);
  const id = c.body.aggregate.id as number;
  assert.equal(typeof id, 'number');
  const dup = await t.request('POST', A, { token: admin, body: { aggregate: { name: 'agg1' } } });
  assert.equal(dup.status, 409);
  assert.equal(dup.body.conflictingRequest.message, 'Aggregate agg1 already exists.');
  assert.equal((await t.request('POST', A, { token: admin, body: { aggregate: {} } })).status, 400);

  const show = await t.request('GET', `${A}/${id}`, { token: admin, mv: '2.41' });
  assert.equal(show.status, 200);
  assert.deepEqual(show.body.aggregate.hosts, []);
  assert.deepEqual(show.body.aggregate.metadata, {});
  assert.match(show.body.aggregate.uuid, /^[0-9a-f-]{36}$/);
  assert.equal('uuid' in (await t.request('GET', `${A}/${id}`, { token: admin })).body.aggregate, false);
  const nf = await t.request('GET', `${A}/9999`, { token: admin });
  assert.equal(nf.status, 404);
  assert.equal(nf.body.itemNotFound.message, 'Aggregate 9999 could not be found.');
  const bad = await t.request('GET', `${A}/abc`, { token: admin });
  assert.equal(bad.status, 400);

  const u = await t.request('PUT', `${A}/${id}`, { token: admin, body: { aggregate: { name: 'agg1b' } } });
  assert.equal(u.status, 200, u.text);
  assert.equal(u.body.aggregate.name, 'agg1b');
  assert.equal((await t.request('PUT', `${A}/${id}`, { token: admin, body: { aggregate: {} } })).status, 400);
  const list = await t.request('GET', A, { token: admin });
  assert.deepEqual(
    list.body.aggregates.map((a: { name: string }) => a.name),
    ['agg1b'],
  );
  const del = await t.request('DELETE', `${A}/${id}`, { token: admin });
  assert.equal(del.status, 200);
  assert.equal((await t.rt.store.db.selectFrom('aggregates').selectAll().execute()).length, 0);
});

test('an AZ aggregate moves its hosts into the zone; os-availability-zone and builds follow', async () => {
  const c = await t.request('POST', A, {
    token: admin,
    body: { aggregate: { name: 'a1', availability_zone: 'z1' } },
  });
  assert.equal(c.status, 200, c.text);
  assert.equal(c.body.aggregate.availability_zone, 'z1');
  const id = c.body.aggregate.id as number;
  const add = await action(id, { add_host: { host: 'compute2' } });
  assert.equal(add.status, 200, add.text);
  assert.deepEqual(add.body.aggregate.hosts, ['compute2']);
  assert.deepEqual(add.body.aggregate.metadata, { availability_zone: 'z1' });
  assert.equal(await zoneOfHost('compute2'), 'z1');
  const again = await action(id, { add_host: { host: 'compute2' } });
  assert.equal(again.status, 409);
  assert.equal(again.body.conflictingRequest.message, `Aggregate ${id} already has host compute2.`);
  const nohost = await action(id, { add_host: { host: 'nohost' } });
  assert.equal(nohost.status, 404);
  assert.equal(nohost.body.itemNotFound.message, 'Compute host nohost could not be found.');
  assert.equal((await action(id, { add_host: { host: 'compute1' } }, demo)).status, 403);
  assert.equal((await action(id, { bogus: {} })).status, 400);

  const zones = await t.request('GET', '/compute/v2.1/os-availability-zone', { token: demo });
  assert.deepEqual(
    zones.body.availabilityZoneInfo.map((z: { zoneName: string }) => z.zoneName),
    ['nova', 'z1'],
  );

  // a build asking for z1 lands on compute2
  const r = await boot('in-z1', 'z1');
  assert.equal(r.status, 202, r.text);
  const s = await settle(r.body.server.id);
  assert.equal(s.status, 'ACTIVE');
  assert.equal(s['OS-EXT-SRV-ATTR:host'], 'compute2');
  assert.equal(s['OS-EXT-AZ:availability_zone'], 'z1');

  // another zone for a host already in z1 is refused
  const c2 = await t.request('POST', A, { token: admin, body: { aggregate: { name: 'a2', availability_zone: 'z2' } } });
  const id2 = c2.body.aggregate.id as number;
  const clash = await action(id2, { add_host: { host: 'compute2' } });
  assert.equal(clash.status, 409);
  assert.equal(
    clash.body.conflictingRequest.message,
    `Cannot add host to aggregate ${id2}. Reason: One or more hosts already in availability zone(s) ['z1'].`,
  );
  // renaming the zone of a host with instances is refused; an empty zone too
  const rezone = await action(id, { set_metadata: { metadata: { availability_zone: 'z9' } } });
  assert.equal(rezone.status, 400);
  assert.equal(
    rezone.body.badRequest.message,
    `Cannot update metadata of aggregate ${id}. Reason: One or more hosts contain instances in this zone.`,
  );
  const empty = await action(id, { set_metadata: { metadata: { availability_zone: null } } });
  assert.equal(empty.status, 400);
  // other metadata: set, then removed with null
  const meta = await action(id, { set_metadata: { metadata: { ssd: 'true' } } });
  assert.equal(meta.status, 200, meta.text);
  assert.deepEqual(meta.body.aggregate.metadata, { availability_zone: 'z1', ssd: 'true' });
  const unset = await action(id, { set_metadata: { metadata: { ssd: null } } });
  assert.deepEqual(unset.body.aggregate.metadata, { availability_zone: 'z1' });
  // the host with an instance cannot leave its zone; a non-member cannot be removed
  const leave = await action(id, { remove_host: { host: 'compute2' } });
  assert.equal(leave.status, 409);
  const notMember = await action(id, { remove_host: { host: 'compute1' } });
  assert.equal(notMember.status, 404);
  assert.equal(notMember.body.itemNotFound.message, `Cannot remove host compute1 in aggregate ${id}`);
  const notEmpty = await t.request('DELETE', `${A}/${id}`, { token: admin });
  assert.equal(notEmpty.status, 400);
  assert.equal(
    notEmpty.body.badRequest.message,
    `Cannot remove host from aggregate ${id}. Reason: Host aggregate is not empty.`,
  );

  // z2's only host is disabled … NoValidHost; with compute3 in z2 a build lands there
  const add3 = await action(id2, { add_host: { host: 'compute3' } });
  assert.equal(add3.status, 200, add3.text);
  await t.request('PUT', '/compute/v2.1/os-services/disable', {
    token: admin,
    body: { host: 'compute3', binary: 'nova-compute' },
  });
  const none = await settle((await boot('in-z2', 'z2')).body.server.id);
  assert.equal(none.status, 'ERROR');
  await t.request('PUT', '/compute/v2.1/os-services/enable', {
    token: admin,
    body: { host: 'compute3', binary: 'nova-compute' },
  });
  const ok = await settle((await boot('in-z2b', 'z2')).body.server.id);
  assert.equal(ok.status, 'ACTIVE');
  assert.equal(ok['OS-EXT-SRV-ATTR:host'], 'compute3');
  assert.equal((await boot('nowhere', 'z7')).status, 400);
});

test('an empty host leaves its zone with remove_host; the aggregate can then be deleted', async () => {
  const c = await t.request('POST', A, { token: admin, body: { aggregate: { name: 'a3', availability_zone: 'z3' } } });
  const id = c.body.aggregate.id as number;
  assert.equal((await action(id, { add_host: { host: 'compute1' } })).status, 200);
  assert.equal(await zoneOfHost('compute1'), 'z3');
  const r = await action(id, { remove_host: { host: 'compute1' } });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.body.aggregate.hosts, []);
  assert.equal(await zoneOfHost('compute1'), 'nova');
  assert.equal((await t.request('DELETE', `${A}/${id}`, { token: admin })).status, 200);
});
