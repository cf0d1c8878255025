import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, waitFor, type TestApp } from '../../helpers/app.js';

let t: TestApp;
let demo: string;
let admin: string;
let alt: string;
const V = '/volume/v3';
const MV = { 'openstack-api-version': 'volume 3.3' };
const mv = (v: string) => ({ 'openstack-api-version': `volume ${v}` });

before(async () => {
  t = await startTestApp({
    blockStorage: { poolCapacityGb: 50, quotas: { volumes: 20, gigabytes: 1000 } },
    seedUsers: [{ name: 'alt', password: 'secret', project: 'alt', roles: ['member', 'reader'] }],
  });
  demo = await t.tokenFor('demo');
  admin = await t.tokenFor('admin');
  alt = await t.tokenFor('alt');
});
after(async () => {
  await t.close();
});

const volumeStatus = (id: string, status: string, token = demo) =>
  waitFor(async () => {
    const r = await t.request('GET', `${V}/volumes/${id}`, { token, headers: mv('3.70') });
    return r.body?.volume?.status === status ? r.body.volume : null;
  }, `volume ${status}`);

async function typeWith(name: string, extra_specs: Record<string, string>): Promise<string> {
  const r = await t.request('POST', `${V}/types`, { token: admin, body: { volume_type: { name, extra_specs } } });
  assert.equal(r.status, 200, r.text);
  return r.body.volume_type.id as string;
}

/** a volume that ends in error: too big for the pool, or of a type no backend matches */
async function failedVolume(body: Record<string, unknown>, token = demo): Promise<{ id: string; requestId: string }> {
  const r = await t.request('POST', `${V}/volumes`, { token, body: { volume: body } });
  assert.equal(r.status, 202, r.text);
  await volumeStatus(r.body.volume.id, 'error', token);
  return { id: r.body.volume.id as string, requestId: r.headers['x-openstack-request-id'] as string };
}

test('GET /messages from 3.3: empty at first; show and delete 404; before 3.3 404', async () => {
  const r = await t.request('GET', `${V}/messages`, { token: demo, headers: MV });
  assert.equal(r.status, 200);
  assert.deepEqual(r.body, { messages: [] });
  const id = '00000000-0000-0000-0000-000000000001';
  const show = await t.request('GET', `${V}/messages/${id}`, { token: demo, headers: MV });
  assert.deepEqual(show.body, { itemNotFound: { code: 404, message: `Message ${id} could not be found.` } });
  const del = await t.request('DELETE', `${V}/messages/${id}`, { token: demo, headers: MV });
  assert.equal(del.status, 404);
  const old = await t.request('GET', `${V}/messages`, { token: demo });
  assert.equal(old.status, 404);
  assert.equal((await t.request('GET', `${V}/messages`, { headers: MV })).status, 401);
});

test('a volume the scheduler cannot place records its message: fields, show, delete', async () => {
  const typeId = await typeWith('bogus-proto', { storage_protocol: 'nope', vendor_name: 'nobody' });
  const { id: volId, requestId } = await failedVolume({ size: 1, volume_type: typeId });
  const list = await t.request('GET', `${V}/messages`, { token: demo, headers: MV });
  assert.equal(list.status, 200);
  const m = list.body.messages.find((x: { resource_uuid: string }) => x.resource_uuid === volId);
  assert.ok(m, JSON.stringify(list.body));
  assert.deepEqual(Object.keys(m).sort(), [
    'created_at',
    'event_id',
    'guaranteed_until',
    'id',
    'links',
    'message_level',
    'request_id',
    'resource_type',
    'resource_uuid',
    'user_message',
  ]);
  assert.equal(m.event_id, 'VOLUME_VOLUME_001_003');
  assert.equal(m.user_message, 'schedule allocate volume:Could not find any available weighted backend.');
  assert.equal(m.message_level, 'ERROR');
  assert.equal(m.resource_type, 'VOLUME');
  assert.equal(m.request_id, requestId);
  assert.match(m.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?$/);
  // guaranteed for Cinder's message_ttl (30 days)
  const ttl = Date.parse(`${m.guaranteed_until}Z`) - Date.parse(`${m.created_at}Z`);
  assert.equal(ttl, 2592000 * 1000);
  assert.match(m.links[0].href, new RegExp(`/volume/v3/messages/${m.id}$`));

  const show = await t.request('GET', `${V}/messages/${m.id}`, { token: demo, headers: MV });
  assert.equal(show.status, 200);
  assert.deepEqual(show.body, { message: m });
  // another project sees nothing of it; an admin sees it
  assert.equal((await t.request('GET', `${V}/messages/${m.id}`, { token: alt, headers: MV })).status, 404);
  const altList = await t.request('GET', `${V}/messages`, { token: alt, headers: MV });
  assert.deepEqual(altList.body, { messages: [] });
  assert.equal((await t.request('DELETE', `${V}/messages/${m.id}`, { token: alt, headers: MV })).status, 404);
  const adminList = await t.request('GET', `${V}/messages`, { token: admin, headers: MV });
  assert.ok(adminList.body.messages.some((x: { id: string }) => x.id === m.id));

  const del = await t.request('DELETE', `${V}/messages/${m.id}`, { token: demo, headers: MV });
  assert.equal(del.status, 204);
  assert.equal(del.text, '');
  assert.equal((await t.request('GET', `${V}/messages/${m.id}`, { token: demo, headers: MV })).status, 404);
});

test('the capabilities filter: matching specs place the volume; a pool too small records a message', async () => {
  const ok = await typeWith('good-proto', {
    storage_protocol: 'iSCSI',
    vendor_name: 'Open Source',
    multiattach: '<is> True',
    'capabilities:volume_backend_name': 'lvm',
    'RESKEY:whatever': 'ignored',
    total_capacity_gb: '>= 10',
  });
  const r = await t.request('POST', `${V}/volumes`, { token: demo, body: { volume: { size: 1, volume_type: ok } } });
  assert.equal(r.status, 202, r.text);
  await volumeStatus(r.body.volume.id, 'available');
  const or = await typeWith('or-proto', { storage_protocol: '<or> FC <or> iSCSI' });
  const r2 = await t.request('POST', `${V}/volumes`, { token: demo, body: { volume: { size: 1, volume_type: or } } });
  await volumeStatus(r2.body.volume.id, 'available');
  const unknown = await typeWith('no-such-cap', { spec1: 'val1' });
  const failed = await failedVolume({ size: 1, volume_type: unknown });

  const big = await failedVolume({ size: 60 });
  const list = await t.request('GET', `${V}/messages`, { token: demo, headers: MV });
  const mine = list.body.messages.filter((x: { resource_uuid: string }) =>
    [big.id, failed.id].includes(x.resource_uuid),
  );
  assert.equal(mine.length, 2);
  // newest first
  assert.equal(mine[0].resource_uuid, big.id);
  assert.equal(mine[0].event_id, 'VOLUME_VOLUME_001_003');
});

test('3.5 filters, sort and paging; 3.34 rejects a member filter not configured', async () => {
  const vols = [];
  for (let i = 0; i < 3; i++) vols.push((await failedVolume({ size: 70 })).id);
  const byUuid = await t.request('GET', `${V}/messages?resource_uuid=${vols[1]}`, { token: demo, headers: mv('3.5') });
  assert.equal(byUuid.status, 200);
  assert.equal(byUuid.body.messages.length, 1);
  assert.equal(byUuid.body.messages[0].resource_uuid, vols[1]);
  // before 3.5 filters are ignored
  const ignored = await t.request('GET', `${V}/messages?resource_uuid=${vols[1]}`, { token: demo, headers: MV });
  assert.ok(ignored.body.messages.length >= 3);
  // a key no message has matches nothing (before 3.34); from 3.34 a member is refused
  const odd = await t.request('GET', `${V}/messages?colour=red`, { token: demo, headers: mv('3.5') });
  assert.deepEqual(odd.body, { messages: [] });
  const refused = await t.request('GET', `${V}/messages?colour=red`, { token: demo, headers: mv('3.34') });
  assert.equal(refused.status, 400);
  assert.deepEqual(refused.body, {
    badRequest: { code: 400, message: 'Invalid filters colour are found in query options.' },
  });
  const lvl = await t.request('GET', `${V}/messages?message_level=ERROR&all_tenants=1`, {
    token: demo,
    headers: mv('3.34'),
  });
  assert.equal(lvl.status, 200);
  assert.ok(lvl.body.messages.length >= 3);

  const page1 = await t.request('GET', `${V}/messages?limit=2&sort=created_at:asc`, {
    token: demo,
    headers: mv('3.5'),
  });
  assert.equal(page1.body.messages.length, 2);
  assert.equal(page1.body.messages_links[0].rel, 'next');
  const all = await t.request('GET', `${V}/messages?sort=created_at:asc`, { token: demo, headers: mv('3.5') });
  const ids = all.body.messages.map((x: { id: string }) => x.id);
  assert.deepEqual(
    page1.body.messages.map((x: { id: string }) => x.id),
    ids.slice(0, 2),
  );
  const page2 = await t.request('GET', `${V}/messages?limit=2&sort=created_at:asc&marker=${ids[1]}`, {
    token: demo,
    headers: mv('3.5'),
  });
  assert.deepEqual(
    page2.body.messages.map((x: { id: string }) => x.id),
    ids.slice(2, 4),
  );
  const badSort = await t.request('GET', `${V}/messages?sort=colour`, { token: demo, headers: mv('3.5') });
  assert.equal(badSort.status, 400);
  const badMarker = await t.request('GET', `${V}/messages?marker=00000000-0000-0000-0000-00000000000f`, {
    token: demo,
    headers: mv('3.5'),
  });
  assert.equal(badMarker.status, 404);
});

test('an expired message is no longer shown, and is reaped when the next one is recorded', async () => {
  const { id } = await failedVolume({ size: 80 });
  const row = await t.rt.store.db
    .selectFrom('volume_messages')
    .selectAll()
    .where('resource_uuid', '=', id)
    .executeTakeFirstOrThrow();
  await t.rt.store.db
    .updateTable('volume_messages')
    .set({ expires_at: '2000-01-01T00:00:00.000Z' })
    .where('id', '=', row.id)
    .execute();
  assert.equal((await t.request('GET', `${V}/messages/${row.id}`, { token: demo, headers: MV })).status, 404);
  const list = await t.request('GET', `${V}/messages`, { token: demo, headers: MV });
  assert.ok(!list.body.messages.some((x: { id: string }) => x.id === row.id));
  await failedVolume({ size: 90 });
  const gone = await t.rt.store.db
    .selectFrom('volume_messages')
    .select('id')
    .where('id', '=', row.id)
    .executeTakeFirst();
  assert.equal(gone, undefined);
});
