/**
 * GET /os-migrations: admin only; the fields per microversion (2.23 migration_type and links to
 * in-progress live migrations, 2.59 uuid and paging, 2.80 user_id/project_id); the filters.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { findInstance } from '../../../src/store/repositories/instance-repository.js';
import { CIRROS, waitSettled, waitState } from './servers-engine-helpers.js';

let t: TestApp;
let demo: string;
let admin: string;
let id: string;
before(async () => {
  t = await startTestApp();
  demo = await t.tokenFor('demo');
  admin = await t.tokenFor('admin');
  const r = await t.request('POST', '/compute/v2.1/servers', {
    token: demo,
    mv: '2.37',
    body: { server: { name: 'om', imageRef: CIRROS, flavorRef: '1', networks: 'none' } },
  });
  assert.equal(r.status, 202, r.text);
  id = r.body.server.id as string;
  await waitState(t.rt, id, 'active');
  await waitSettled(t.rt, [id]);
  // a cold migration (confirmed), then a resize (finished, awaiting confirmation)
  const act = (body: unknown) => t.request('POST', `/compute/v2.1/servers/${id}/action`, { token: admin, body });
  assert.equal((await act({ migrate: null })).status, 202);
  await waitState(t.rt, id, 'resized');
  await waitSettled(t.rt, [id]);
  assert.equal((await act({ confirmResize: null })).status, 204);
  await waitState(t.rt, id, 'active');
  await waitSettled(t.rt, [id]);
  assert.equal((await act({ resize: { flavorRef: '2' } })).status, 202);
  await waitState(t.rt, id, 'resized');
  await waitSettled(t.rt, [id]);
});
after(async () => {
  await t.close();
});

const list = (query = '', mv = '2.1', token = admin) =>
  t.request('GET', `/compute/v2.1/os-migrations${query}`, { token, mv });

test('admin only', async () => {
  const r = await list('', '2.1', demo);
  assert.equal(r.status, 403, r.text);
  assert.equal(r.body.forbidden.message, "Policy doesn't allow os_compute_api:os-migrations:index to be performed.");
});

test('2.1: newest first, no migration_type or uuid', async () => {
  const r = await list(`?instance_uuid=${id}`);
  assert.equal(r.status, 200, r.text);
  const ms = r.body.migrations as Array<Record<string, unknown>>;
  assert.equal(ms.length, 2);
  assert.deepEqual(
    ms.map((m) => m.status),
    ['finished', 'confirmed'],
  );
  const m = ms[0] as Record<string, unknown>;
  assert.deepEqual(Object.keys(m).sort(), [
    'created_at',
    'dest_compute',
    'dest_host',
    'dest_node',
    'id',
    'instance_uuid',
    'new_instance_type_id',
    'old_instance_type_id',
    'source_compute',
    'source_node',
    'status',
    'updated_at',
  ]);
  assert.deepEqual([m.old_instance_type_id, m.new_instance_type_id], [1, 2]);
  assert.match(String(m.created_at), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/);
  assert.equal(typeof m.id, 'number');
  const row = await findInstance(t.rt.store.db, id);
  assert.equal(m.dest_compute, row?.host);
});

test('2.23 migration_type, 2.59 uuid, 2.80 user and project; filters', async () => {
  const r = await list(`?instance_uuid=${id}&migration_type=migration`, '2.80');
  assert.equal(r.status, 200, r.text);
  const [m] = r.body.migrations as Array<Record<string, unknown>>;
  assert.equal(r.body.migrations.length, 1);
  assert.equal(m?.migration_type, 'migration');
  assert.equal(typeof m?.uuid, 'string');
  assert.equal(typeof m?.user_id, 'string');
  assert.equal(typeof m?.project_id, 'string');
  assert.equal('links' in (m ?? {}), false);
  const byStatus = await list(`?instance_uuid=${id}&status=finished`, '2.23');
  assert.deepEqual(
    (byStatus.body.migrations as Array<Record<string, unknown>>).map((x) => x.migration_type),
    ['resize'],
  );
  const byHost = await list(`?host=nowhere`, '2.23');
  assert.deepEqual(byHost.body.migrations, []);
  // 2.59 rejects parameters it does not know; before it anything goes
  const unknown = await list('?foo=1', '2.59');
  assert.equal(unknown.status, 400, unknown.text);
  assert.equal((await list('?foo=1', '2.58')).status, 200);
});

test('2.59 paging: limit, next link with the marker, unknown marker', async () => {
  const first = await list(`?instance_uuid=${id}&limit=1`, '2.59');
  assert.equal(first.status, 200, first.text);
  assert.equal(first.body.migrations.length, 1);
  const next = first.body.migrations_links?.[0]?.href as string;
  assert.match(next, /os-migrations\?.*marker=/);
  const marker = first.body.migrations[0].uuid as string;
  const second = await list(`?instance_uuid=${id}&limit=5&marker=${marker}`, '2.59');
  assert.equal(second.status, 200, second.text);
  assert.equal(second.body.migrations.length, 1);
  assert.equal(second.body.migrations[0].status, 'confirmed');
  assert.equal('migrations_links' in second.body, false);
  const bad = await list('?marker=00000000-0000-4000-8000-000000000000', '2.59');
  assert.equal(bad.status, 400, bad.text);
  assert.equal(bad.body.badRequest.message, 'Marker 00000000-0000-4000-8000-000000000000 could not be found.');
});

test('a flavor with a UUID id: its internal integer id, kept after the flavor is deleted', async () => {
  const flavorId = '0d6c2e7a-41b4-4c53-9f0e-5b1c9f2b7a10';
  const f = await t.request('POST', '/compute/v2.1/flavors', {
    token: admin,
    body: { flavor: { name: 'om-uuid', id: flavorId, ram: 4096, vcpus: 2, disk: 40 } },
  });
  assert.equal(f.status, 200, f.text);
  const r = await t.request('POST', '/compute/v2.1/servers', {
    token: demo,
    mv: '2.37',
    body: { server: { name: 'om-u', imageRef: CIRROS, flavorRef: '2', networks: 'none' } },
  });
  assert.equal(r.status, 202, r.text);
  const sid = r.body.server.id as string;
  await waitState(t.rt, sid, 'active');
  await waitSettled(t.rt, [sid]);
  const resize = await t.request('POST', `/compute/v2.1/servers/${sid}/action`, {
    token: admin,
    body: { resize: { flavorRef: flavorId } },
  });
  assert.equal(resize.status, 202, resize.text);
  await waitState(t.rt, sid, 'resized');
  await waitSettled(t.rt, [sid]);
  // Nova numbers flavors in the order they were made: the six seeded ones, then this one
  const ids = async () => {
    const l = await list(`?instance_uuid=${sid}`, '2.80');
    assert.equal(l.status, 200, l.text);
    const [m] = l.body.migrations as Array<Record<string, unknown>>;
    return [m?.old_instance_type_id, m?.new_instance_type_id];
  };
  assert.deepEqual(await ids(), [2, 7]);
  assert.equal((await t.request('DELETE', `/compute/v2.1/flavors/${flavorId}`, { token: admin })).status, 202);
  assert.deepEqual(await ids(), [2, 7]);
  // sort_key=id sorts by the internal id too: the flavor made next comes after the seeded UUID one
  const g = await t.request('POST', '/compute/v2.1/flavors', {
    token: admin,
    body: { flavor: { name: 'om-next', id: '0a', ram: 64, vcpus: 1, disk: 1 } },
  });
  assert.equal(g.status, 200, g.text);
  const sorted = await t.request('GET', '/compute/v2.1/flavors?sort_key=id&sort_dir=desc&limit=2', { token: admin });
  assert.deepEqual(
    (sorted.body.flavors as Array<{ id: string }>).map((x) => x.id),
    ['0a', 'c6b1ea2e-6ab1-4a54-9f4b-7f2d3f1c0b01'],
  );
});
