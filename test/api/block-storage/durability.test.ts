/**
 * Volume work is durable: the state change and its operation row commit together, so work left
 * by a process that died (here: no agent running, or one that ran it already) is finished by the
 * next agent, and running an operation twice changes nothing.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, waitFor, type TestApp } from '../../helpers/app.js';
import { startProcessServices, type ProcessServices } from '../../../src/process-services.js';
import { placeVolume } from '../../../src/services/block-storage/volume-backend.js';

const V = '/volume/v3';
let t: TestApp;
let services: ProcessServices | null = null;
after(async () => {
  await services?.stop();
  await t?.close();
});

test('a create and an extend left without an agent are finished when one starts', async () => {
  t = await startTestApp({}, { agent: false });
  const demo = await t.tokenFor('demo');
  const a = await t.request('POST', `${V}/volumes`, { token: demo, body: { volume: { size: 1 } } });
  const b = await t.request('POST', `${V}/volumes`, { token: demo, body: { volume: { size: 2 } } });
  assert.equal(a.status, 202);
  const ops = await t.rt.store.db
    .selectFrom('operations')
    .select(['kind', 'status', 'payload'])
    .where('kind', '=', 'volume_create')
    .execute();
  assert.equal(ops.length, 2);
  assert.ok(ops.every((o) => o.status === 'pending'));
  assert.deepEqual(
    ops.map((o) => (JSON.parse(o.payload) as { volumeId: string }).volumeId).sort(),
    [a.body.volume.id, b.body.volume.id].sort(),
  );

  // the executor step is idempotent: a second run of a finished create changes nothing
  assert.equal(await placeVolume(t.rt, b.body.volume.id), 'available');
  assert.equal(await placeVolume(t.rt, b.body.volume.id), 'skipped');
  const pool = await t.rt.store.db.selectFrom('volume_pools').selectAll().executeTakeFirstOrThrow();
  assert.equal(pool.allocated_gb, 2);

  const ext = await t.request('POST', `${V}/volumes/${b.body.volume.id}/action`, {
    token: demo,
    body: { 'os-extend': { new_size: 4 } },
  });
  assert.equal(ext.status, 202);
  const row = await t.rt.store.db
    .selectFrom('volumes')
    .selectAll()
    .where('id', '=', b.body.volume.id)
    .executeTakeFirstOrThrow();
  assert.equal(row.status, 'extending');
  assert.equal(row.extend_to, 4);

  services = await startProcessServices(t.rt, { agent: true });
  const va = await waitFor(async () => {
    const r = await t.request('GET', `${V}/volumes/${a.body.volume.id}`, { token: demo });
    return r.body.volume.status === 'available' ? r.body.volume : null;
  }, 'a available');
  assert.equal(va.size, 1);
  const vb = await waitFor(async () => {
    const r = await t.request('GET', `${V}/volumes/${b.body.volume.id}`, { token: demo });
    return r.body.volume.status === 'available' ? r.body.volume : null;
  }, 'b extended');
  assert.equal(vb.size, 4);
  const after = await t.rt.store.db.selectFrom('volume_pools').selectAll().executeTakeFirstOrThrow();
  assert.equal(after.allocated_gb, 5);
  // the row is marked done just after the step's own transaction commits
  await waitFor(async () => {
    const ops = await t.rt.store.db
      .selectFrom('operations')
      .select('status')
      .where('kind', 'like', 'volume_%')
      .execute();
    return ops.every((o) => o.status === 'done');
  }, 'operations done');
});
