/**
 * The migrate action (cold migration): the scheduler's destination, VERIFY_RESIZE with the same
 * flavor on another host, confirm and revert, migration_type 'migration', the 2.56 host, and
 * Nova's 400/403/404/409 answers.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../helpers/app.js';
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
const action = (id: string, body: unknown, token = admin, mv?: string) =>
  t.request('POST', act(id), { token, body, ...(mv ? { mv } : {}) });

async function bootActive(): Promise<string> {
  const r = await t.request('POST', '/compute/v2.1/servers', {
    token: demo,
    mv: '2.37',
    body: { server: { name: 'mig', imageRef: CIRROS, flavorRef: '1', networks: 'none' } },
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

test('migrate → VERIFY_RESIZE on another host, same flavor → confirmResize → ACTIVE there', async () => {
  const id = await bootActive();
  const orig = await findInstance(t.rt.store.db, id);
  const r = await action(id, { migrate: null });
  assert.equal(r.status, 202, r.text);
  assert.equal(r.text, '');
  const row = await waitState(t.rt, id, 'resized');
  await waitSettled(t.rt, [id]);
  assert.notEqual(row.host, orig?.host);
  assert.equal(row.flavor_id, '1');
  const [m] = await migrationsOf(id);
  assert.equal(m?.migration_type, 'migration');
  assert.equal(m?.status, 'finished');
  assert.equal(m?.source_compute, orig?.host);
  assert.equal(m?.dest_compute, row.host);
  assert.deepEqual([m?.old_instance_type_id, m?.new_instance_type_id], ['1', '1']);
  assert.ok(typeof m?.seq === 'number' && m.seq > 0);
  assert.deepEqual(await events(id, 'migrate'), ['compute_prep_resize:Success', 'compute_resize_instance:Success']);
  const s = await t.request('GET', `/compute/v2.1/servers/${id}`, { token: admin });
  assert.equal(s.body.server.status, 'VERIFY_RESIZE');
  const c = await action(id, { confirmResize: null });
  assert.equal(c.status, 204, c.text);
  const done = await waitState(t.rt, id, 'active');
  await waitSettled(t.rt, [id]);
  assert.equal(done.host, row.host);
  assert.equal((await migrationsOf(id))[0]?.status, 'confirmed');
});

test('migrate then revertResize: back on the source host', async () => {
  const id = await bootActive();
  const orig = await findInstance(t.rt.store.db, id);
  assert.equal((await action(id, { migrate: null })).status, 202);
  await waitState(t.rt, id, 'resized');
  await waitSettled(t.rt, [id]);
  assert.equal((await action(id, { revertResize: null })).status, 202);
  const back = await waitState(t.rt, id, 'active');
  await waitSettled(t.rt, [id]);
  assert.equal(back.host, orig?.host);
  assert.equal((await migrationsOf(id))[0]?.status, 'reverted');
});

test('2.56: migrate to a named host; the own host, an unknown host and a bad body are 400', async () => {
  const id = await bootActive();
  const orig = await findInstance(t.rt.store.db, id);
  const hosts = (await t.rt.store.db.selectFrom('compute_hosts').select('host').orderBy('seq').execute()).map(
    (h) => h.host,
  );
  const other = hosts.find((h) => h !== orig?.host) ?? '';
  const self = await action(id, { migrate: { host: orig?.host } }, admin, '2.56');
  assert.equal(self.status, 400, self.text);
  assert.equal(self.body.badRequest.message, 'Cannot migrate to the host where the server is currently running.');
  const unknown = await action(id, { migrate: { host: 'nowhere' } }, admin, '2.56');
  assert.equal(unknown.status, 400, unknown.text);
  assert.equal(unknown.body.badRequest.message, 'Compute host nowhere could not be found.');
  const bad = await action(id, { migrate: { host: 'a', extra: 1 } }, admin, '2.56');
  assert.equal(bad.status, 400, bad.text);
  assert.match(bad.body.badRequest.message, /Additional properties are not allowed/);
  // before 2.56 the host is not looked at (any body)
  assert.equal((await findInstance(t.rt.store.db, id))?.task_state, null);
  const r = await action(id, { migrate: { host: other } }, admin, '2.56');
  assert.equal(r.status, 202, r.text);
  const row = await waitState(t.rt, id, 'resized');
  await waitSettled(t.rt, [id]);
  assert.equal(row.host, other);
  assert.equal((await action(id, { confirmResize: null })).status, 204);
  await waitState(t.rt, id, 'active');
  await waitSettled(t.rt, [id]);
});

test('no other host with room: 400 NoValidHost, the server untouched', async () => {
  const id = await bootActive();
  const orig = await findInstance(t.rt.store.db, id);
  // every other host disabled through os-services: the scheduler has nowhere to go
  await t.rt.store.db
    .updateTable('compute_hosts')
    .set({ status: 'disabled' })
    .where('host', '!=', orig?.host ?? '')
    .execute();
  try {
    const r = await action(id, { migrate: null });
    assert.equal(r.status, 400, r.text);
    assert.equal(r.body.badRequest.message, 'No valid host was found. No valid host found for cold migrate');
    const row = await findInstance(t.rt.store.db, id);
    assert.deepEqual([row?.vm_state, row?.task_state, row?.host], ['active', null, orig?.host]);
    assert.equal((await migrationsOf(id)).length, 0);
  } finally {
    await t.rt.store.db.updateTable('compute_hosts').set({ status: 'enabled' }).execute();
  }
});

test('policy, visibility, lock and state: 403, 404, 409', async () => {
  const id = await bootActive();
  const forbidden = await action(id, { migrate: null }, demo);
  assert.equal(forbidden.status, 403, forbidden.text);
  assert.equal(
    forbidden.body.forbidden.message,
    "Policy doesn't allow os_compute_api:os-migrate-server:migrate to be performed.",
  );
  const missing = await action('00000000-0000-4000-8000-000000000000', { migrate: null });
  assert.equal(missing.status, 404, missing.text);
  assert.equal((await action(id, { lock: null }, demo)).status, 202);
  // the admin may act on a locked server (as Nova's check_instance_lock lets admins through)
  assert.equal((await action(id, { unlock: null }, demo)).status, 202);
  assert.equal((await action(id, { pause: null }, demo)).status, 202);
  await waitState(t.rt, id, 'paused');
  await waitSettled(t.rt, [id]);
  const paused = await action(id, { migrate: null });
  assert.equal(paused.status, 409, paused.text);
  assert.equal(
    paused.body.conflictingRequest.message,
    `Cannot 'migrate' instance ${id} while it is in vm_state paused`,
  );
});
