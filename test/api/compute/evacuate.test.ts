/**
 * evacuate: only from a host that is down (forced down through os-services here); the server is
 * rebuilt on another host (ACTIVE there, an 'evacuation' migration done); Nova's answers by
 * microversion (onSharedStorage and adminPass below 2.14, force 2.29–2.67).
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

const evacuate = (id: string, body: Record<string, unknown>, mv = '2.14', token = admin) =>
  t.request('POST', `/compute/v2.1/servers/${id}/action`, { token, mv, body: { evacuate: body } });

async function bootActive(): Promise<string> {
  const r = await t.request('POST', '/compute/v2.1/servers', {
    token: demo,
    mv: '2.37',
    body: { server: { name: 'ev', imageRef: CIRROS, flavorRef: '1', networks: 'auto' } },
  });
  assert.equal(r.status, 202, r.text);
  const id = r.body.server.id as string;
  await waitState(t.rt, id, 'active');
  await waitSettled(t.rt, [id]);
  return id;
}

async function forceDown(host: string, down: boolean) {
  const r = await t.request('PUT', '/compute/v2.1/os-services/force-down', {
    token: admin,
    mv: '2.11',
    body: { host, binary: 'nova-compute', forced_down: down },
  });
  assert.equal(r.status, 200, r.text);
}

test('the host is up: 400 ComputeServiceInUse; down: rebuilt ACTIVE on another host', async () => {
  const id = await bootActive();
  const orig = await findInstance(t.rt.store.db, id);
  const source = orig?.host ?? '';
  const inUse = await evacuate(id, {});
  assert.equal(inUse.status, 400, inUse.text);
  assert.equal(inUse.body.badRequest.message, `Compute service of ${source} is still in use.`);
  await forceDown(source, true);
  try {
    const r = await evacuate(id, {});
    assert.equal(r.status, 200, r.text);
    assert.equal(r.text, '');
    await waitSettled(t.rt, [id]);
    const row = await waitState(t.rt, id, 'active');
    assert.notEqual(row.host, source);
    const [m] = await t.rt.store.db.selectFrom('migrations').selectAll().where('instance_uuid', '=', id).execute();
    assert.equal(m?.migration_type, 'evacuation');
    assert.equal(m?.status, 'done');
    assert.deepEqual([m?.source_compute, m?.dest_compute], [source, row.host]);
    const acts = await t.request('GET', `/compute/v2.1/servers/${id}/os-instance-actions`, { token: admin });
    assert.ok((acts.body.instanceActions as Array<{ action: string }>).some((a) => a.action === 'evacuate'));
    const p = await t.request('GET', `/network/v2.0/ports?device_id=${id}`, { token: admin });
    for (const port of p.body.ports as Array<Record<string, unknown>>) assert.equal(port['binding:host_id'], row.host);
  } finally {
    await forceDown(source, false);
  }
});

test('below 2.14: onSharedStorage required, adminPass returned, password on shared storage refused', async () => {
  const id = await bootActive();
  const source = (await findInstance(t.rt.store.db, id))?.host ?? '';
  const missing = await evacuate(id, {}, '2.13');
  assert.equal(missing.status, 400);
  assert.match(missing.body.badRequest.message, /'onSharedStorage' is a required property/);
  await forceDown(source, true);
  try {
    const shared = await evacuate(id, { onSharedStorage: true, adminPass: 'x' }, '2.13');
    assert.equal(shared.status, 400, shared.text);
    assert.equal(shared.body.badRequest.message, "admin password can't be changed on existing disk");
    const r = await evacuate(id, { onSharedStorage: 'false', adminPass: 'Secret1' }, '2.13');
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body, { adminPass: 'Secret1' });
    await waitSettled(t.rt, [id]);
    await waitState(t.rt, id, 'active');
  } finally {
    await forceDown(source, false);
  }
});

test('host checks, force, policy and state', async () => {
  const id = await bootActive();
  const source = (await findInstance(t.rt.store.db, id))?.host ?? '';
  const unknown = await evacuate(id, { host: 'nowhere' });
  assert.equal(unknown.status, 404, unknown.text);
  assert.equal(unknown.body.itemNotFound.message, 'Compute host nowhere not found.');
  const same = await evacuate(id, { host: source });
  assert.equal(same.status, 400, same.text);
  assert.equal(same.body.badRequest.message, "The target host can't be the same one.");
  const force = await evacuate(id, { force: true }, '2.29');
  assert.equal(force.status, 400, force.text);
  assert.equal(force.body.badRequest.message, "Can't force to a non-provided destination");
  const noForce = await evacuate(id, { force: false }, '2.68');
  assert.equal(noForce.status, 400, noForce.text);
  const policy = await evacuate(id, {}, '2.14', demo);
  assert.equal(policy.status, 403, policy.text);
  assert.equal(policy.body.forbidden.message, "Policy doesn't allow os_compute_api:os-evacuate to be performed.");
  assert.equal(
    (await t.request('POST', `/compute/v2.1/servers/${id}/action`, { token: demo, body: { pause: null } })).status,
    202,
  );
  await waitState(t.rt, id, 'paused');
  await waitSettled(t.rt, [id]);
  const paused = await evacuate(id, {});
  assert.equal(paused.status, 409, paused.text);
  assert.equal(
    paused.body.conflictingRequest.message,
    `Cannot 'evacuate' instance ${id} while it is in vm_state paused`,
  );
});
