/**
 * os-migrateLive: MIGRATING, then ACTIVE on the destination through the live_migrate operation;
 * the live-migration row with its progress; /servers/{id}/migrations while it runs;
 * force_complete and abort (2.22 / 2.24 / 2.65); Nova's 400/403/404/409 answers and the 2.34
 * asynchronous checks.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, waitFor, type TestApp } from '../../helpers/app.js';
import { findInstance } from '../../../src/store/repositories/instance-repository.js';
import { CIRROS, waitSettled, waitState } from './servers-engine-helpers.js';

let t: TestApp;
let demo: string;
let admin: string;
before(async () => {
  t = await startTestApp();
  demo = await t.tokenFor('demo');
  admin = await t.tokenFor('admin');
});
after(async () => {
  await t.close();
});

const act = (id: string) => `/compute/v2.1/servers/${id}/action`;
const live = (id: string, body: Record<string, unknown>, mv = '2.25', token = admin) =>
  t.request('POST', act(id), { token, mv, body: { 'os-migrateLive': body } });

async function bootActive(): Promise<string> {
  const r = await t.request('POST', '/compute/v2.1/servers', {
    token: demo,
    mv: '2.37',
    body: { server: { name: 'lm', imageRef: CIRROS, flavorRef: '1', networks: 'auto' } },
  });
  assert.equal(r.status, 202, r.text);
  const id = r.body.server.id as string;
  await waitState(t.rt, id, 'active');
  await waitSettled(t.rt, [id]);
  return id;
}

const migrationsOf = (id: string) =>
  t.rt.store.db.selectFrom('migrations').selectAll().where('instance_uuid', '=', id).orderBy('seq').execute();

async function events(id: string, name: string) {
  const rows = await t.rt.store.db
    .selectFrom('instance_action_events')
    .innerJoin('instance_actions', 'instance_actions.id', 'instance_action_events.action_id')
    .select(['event', 'result'])
    .where('instance_uuid', '=', id)
    .where('action', '=', name)
    .execute();
  return rows.map((r) => `${r.event}:${r.result}`).sort();
}

/** the copy takes this long, so a test can look at a running migration */
async function slowCopy<T>(ms: number, fn: () => Promise<T>): Promise<T> {
  const before0 = t.rt.config.fake.liveMigrationMs;
  t.rt.config.fake.liveMigrationMs = ms;
  try {
    return await fn();
  } finally {
    t.rt.config.fake.liveMigrationMs = before0;
  }
}

test('os-migrateLive (auto) → ACTIVE on another host, migration completed with its progress', async () => {
  const id = await bootActive();
  const orig = await findInstance(t.rt.store.db, id);
  const r = await live(id, { host: null, block_migration: 'auto' });
  assert.equal(r.status, 202, r.text);
  assert.equal(r.text, '');
  await waitFor(async () => (await findInstance(t.rt.store.db, id))?.task_state === null || undefined, 'no task');
  await waitSettled(t.rt, [id]);
  const row = await findInstance(t.rt.store.db, id);
  assert.equal(row?.vm_state, 'active');
  assert.notEqual(row?.host, orig?.host);
  const [m] = await migrationsOf(id);
  assert.equal(m?.migration_type, 'live-migration');
  assert.equal(m?.status, 'completed');
  assert.equal(m?.source_compute, orig?.host);
  assert.equal(m?.dest_compute, row?.host);
  assert.equal(m?.memory_total, 512 * 1024 * 1024);
  assert.deepEqual([m?.memory_processed, m?.memory_remaining], [512 * 1024 * 1024, 0]);
  assert.deepEqual(await events(id, 'live-migration'), [
    'compute_live_migration:Success',
    'compute_post_live_migration_at_destination:Success',
    'compute_pre_live_migration:Success',
    'conductor_live_migrate_instance:Success',
  ]);
  // the ports follow the server
  const p = await t.request('GET', `/network/v2.0/ports?device_id=${id}`, { token: admin });
  for (const port of p.body.ports as Array<Record<string, unknown>>) assert.equal(port['binding:host_id'], row?.host);
  // finished: no longer listed under the server
  const list = await t.request('GET', `/compute/v2.1/servers/${id}/migrations`, { token: admin, mv: '2.23' });
  assert.equal(list.status, 200, list.text);
  assert.deepEqual(list.body.migrations, []);
});

test('a running live migration: listed, shown, force_complete; abort of a finished one is 400', async () => {
  const id = await bootActive();
  await slowCopy(3000, async () => {
    assert.equal((await live(id, { host: null, block_migration: false })).status, 202);
    const m = await waitFor(async () => (await migrationsOf(id)).find((x) => x.status === 'running'), 'running');
    const base = `/compute/v2.1/servers/${id}/migrations`;
    const list = await t.request('GET', base, { token: admin, mv: '2.80' });
    assert.equal(list.status, 200, list.text);
    assert.equal(list.body.migrations.length, 1);
    const v = list.body.migrations[0];
    assert.equal(v.id, m.seq);
    assert.equal(v.server_uuid, id);
    assert.equal(v.status, 'running');
    assert.equal(v.memory_total_bytes, 512 * 1024 * 1024);
    assert.equal(v.disk_total_bytes, 0);
    assert.equal(v.uuid, m.uuid);
    assert.equal(typeof v.project_id, 'string');
    const show = await t.request('GET', `${base}/${m.seq}`, { token: admin, mv: '2.23' });
    assert.equal(show.status, 200, show.text);
    assert.equal(show.body.migration.id, m.seq);
    assert.equal('uuid' in show.body.migration, false);
    const old = await t.request('GET', base, { token: admin, mv: '2.22' });
    assert.equal(old.status, 404);
    const forbidden = await t.request('GET', base, { token: demo, mv: '2.23' });
    assert.equal(forbidden.status, 403, forbidden.text);
    // the server's status while it moves
    const s = await t.request('GET', `/compute/v2.1/servers/${id}`, { token: admin });
    assert.equal(s.body.server.status, 'MIGRATING');
    const fc = await t.request('POST', `${base}/${m.seq}/action`, {
      token: admin,
      mv: '2.22',
      body: { force_complete: null },
    });
    assert.equal(fc.status, 202, fc.text);
    await waitFor(async () => (await findInstance(t.rt.store.db, id))?.task_state === null || undefined, 'no task');
    await waitSettled(t.rt, [id]);
    assert.equal((await migrationsOf(id))[0]?.status, 'completed');
    assert.deepEqual(await events(id, 'live_migration_force_complete'), [
      'compute_live_migration_force_complete:Success',
    ]);
    const gone = await t.request('GET', `${base}/${m.seq}`, { token: admin, mv: '2.23' });
    assert.equal(gone.status, 404);
    assert.equal(gone.body.itemNotFound.message, `Live migration ${m.seq} for server ${id} is not in progress.`);
    // no task now: force_complete and abort are 409
    const late = await t.request('DELETE', `${base}/${m.seq}`, { token: admin, mv: '2.24' });
    assert.equal(late.status, 409, late.text);
  });
});

test('abort (2.24) of a running live migration: back to ACTIVE on the source, migration cancelled', async () => {
  const id = await bootActive();
  const orig = await findInstance(t.rt.store.db, id);
  await slowCopy(3000, async () => {
    assert.equal((await live(id, { host: null, block_migration: 'auto' })).status, 202);
    const m = await waitFor(async () => (await migrationsOf(id)).find((x) => x.status === 'running'), 'running');
    const base = `/compute/v2.1/servers/${id}/migrations`;
    const none = await t.request('DELETE', `${base}/999999`, { token: admin, mv: '2.24' });
    assert.equal(none.status, 404, none.text);
    assert.equal(none.body.itemNotFound.message, `Migration 999999 not found for instance ${id}`);
    const r = await t.request('DELETE', `${base}/${m.seq}`, { token: admin, mv: '2.24' });
    assert.equal(r.status, 202, r.text);
    const row = await findInstance(t.rt.store.db, id);
    assert.deepEqual([row?.vm_state, row?.task_state, row?.host], ['active', null, orig?.host]);
    assert.equal((await migrationsOf(id))[0]?.status, 'cancelled');
    await waitSettled(t.rt, [id]);
    const after0 = await findInstance(t.rt.store.db, id);
    assert.equal(after0?.host, orig?.host);
    assert.equal((await migrationsOf(id))[0]?.status, 'cancelled');
    assert.deepEqual(await events(id, 'live_migration_cancel'), ['compute_live_migration_abort:Success']);
  });
});

test('host checks: unknown host 400, own host 400 below 2.34, error migration at 2.34+, force without host', async () => {
  const id = await bootActive();
  const orig = await findInstance(t.rt.store.db, id);
  const unknown = await live(id, { host: 'nowhere', block_migration: 'auto' });
  assert.equal(unknown.status, 400, unknown.text);
  assert.equal(unknown.body.badRequest.message, 'Compute host nowhere could not be found.');
  const self = await live(id, { host: orig?.host, block_migration: 'auto' }, '2.30');
  assert.equal(self.status, 400, self.text);
  assert.equal(self.body.badRequest.message, `Unable to migrate instance (${id}) to current host (${orig?.host}).`);
  const force = await live(id, { host: null, block_migration: 'auto', force: true }, '2.30');
  assert.equal(force.status, 400, force.text);
  assert.equal(force.body.badRequest.message, "Can't force to a non-provided destination");
  // 2.34+: the conductor's checks are asynchronous; the migration ends in error, the server stays
  const async0 = await live(id, { host: orig?.host, block_migration: 'auto' }, '2.34');
  assert.equal(async0.status, 202, async0.text);
  const row = await findInstance(t.rt.store.db, id);
  assert.deepEqual([row?.vm_state, row?.task_state, row?.host], ['active', null, orig?.host]);
  const [m] = await migrationsOf(id);
  assert.equal(m?.status, 'error');
  assert.deepEqual(await events(id, 'live-migration'), ['conductor_live_migrate_instance:Error']);
});

test('schemas by microversion, policy and state', async () => {
  const id = await bootActive();
  const noDisk = await live(id, { host: null, block_migration: false }, '2.1');
  assert.equal(noDisk.status, 400);
  assert.match(noDisk.body.badRequest.message, /'disk_over_commit' is a required property/);
  const auto = await live(id, { host: null, block_migration: 'auto', disk_over_commit: false }, '2.1');
  assert.equal(auto.status, 400);
  const forced = await live(id, { host: null, block_migration: 'auto', force: false }, '2.68');
  assert.equal(forced.status, 400);
  assert.match(forced.body.badRequest.message, /Additional properties are not allowed \('force' was unexpected\)/);
  const policy = await live(id, { host: null, block_migration: 'auto' }, '2.25', demo);
  assert.equal(policy.status, 403, policy.text);
  assert.equal(
    policy.body.forbidden.message,
    "Policy doesn't allow os_compute_api:os-migrate-server:migrate_live to be performed.",
  );
  assert.equal((await t.request('POST', act(id), { token: demo, body: { 'os-stop': null } })).status, 202);
  await waitState(t.rt, id, 'stopped');
  await waitSettled(t.rt, [id]);
  const stopped = await live(id, { host: null, block_migration: 'auto' });
  assert.equal(stopped.status, 409, stopped.text);
  assert.equal(
    stopped.body.conflictingRequest.message,
    `Cannot 'os-migrateLive' instance ${id} while it is in vm_state stopped`,
  );
});
