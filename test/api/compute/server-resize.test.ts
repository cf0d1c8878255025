/**
 * resize, confirmResize and revertResize through the HTTP API, carried out by the in-process
 * agent on the fake driver: VERIFY_RESIZE with the new flavor on another host, the migration
 * record through its statuses, confirm and revert, Nova's 400/403/409 answers, instance actions
 * and events, resize_confirm_window, and an agent that dies mid-resize.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { FakeDriver } from '../../../src/virt/fake/fake-driver.js';
import { ComputeAgent } from '../../../src/agent/agent.js';
import { InstanceService } from '../../../src/services/compute/instance-service.js';
import { first } from '../../../src/lib/arrays.js';
import { ArchiveService } from '../../../src/services/maintenance/archive-service.js';
import { findInstance } from '../../../src/store/repositories/instance-repository.js';
import { insertServer, projectId } from './server-fixtures.js';
import { ctxFor, fresh, serverReq, waitSettled, waitState } from './servers-engine-helpers.js';

let t: TestApp;
let demo: string;
let admin: string;
let demoProject: string;
before(async () => {
  t = await startTestApp();
  demo = await t.tokenFor('demo');
  admin = await t.tokenFor('admin');
  demoProject = await projectId(t, 'demo');
});
after(async () => {
  await t.close();
});

const act = (id: string) => `/compute/v2.1/servers/${id}/action`;

async function bootActive(flavorRef = '1'): Promise<string> {
  const r = await t.request('POST', '/compute/v2.1/servers', {
    token: demo,
    mv: '2.37',
    body: { server: { name: 'rs', imageRef: '6a1a3f1e-9a43-4c3f-9b7a-2b1f0f6e8c01', flavorRef, networks: 'none' } },
  });
  assert.equal(r.status, 202, r.text);
  const id = r.body.server.id as string;
  await waitState(t.rt, id, 'active');
  await waitSettled(t.rt, [id]);
  return id;
}

const action = (id: string, body: unknown, token = demo) => t.request('POST', act(id), { token, body });

async function show(id: string) {
  const r = await t.request('GET', `/compute/v2.1/servers/${id}`, { token: admin, mv: '2.47' });
  assert.equal(r.status, 200, r.text);
  return r.body.server as Record<string, unknown> & { flavor: { original_name: string; vcpus: number } };
}

const migrations = (id: string) =>
  t.rt.store.db.selectFrom('migrations').selectAll().where('instance_uuid', '=', id).execute();

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

test('resize → VERIFY_RESIZE on another host with the new flavor → confirm → ACTIVE', async () => {
  const id = await bootActive();
  const before0 = await findInstance(t.rt.store.db, id);
  const r = await action(id, { resize: { flavorRef: '2' } });
  assert.equal(r.status, 202, r.text);
  assert.equal(r.text, '');
  const row = await waitState(t.rt, id, 'resized');
  await waitSettled(t.rt, [id]);
  assert.equal(row.flavor_id, '2');
  assert.deepEqual([row.vcpus, row.memory_mb, row.root_gb], [1, 2048, 20]);
  assert.notEqual(row.host, before0?.host, 'another host had room');
  const s = await show(id);
  assert.equal(s.status, 'VERIFY_RESIZE');
  assert.equal(s.flavor.original_name, 'm1.small');
  const [m] = await migrations(id);
  assert.equal(m?.status, 'finished');
  assert.equal(m?.source_compute, before0?.host);
  assert.equal(m?.dest_compute, row.host);
  assert.deepEqual([m?.old_instance_type_id, m?.new_instance_type_id], ['1', '2']);
  assert.deepEqual(await events(id, 'resize'), ['compute_prep_resize:Success', 'compute_resize_instance:Success']);
  // the guest now runs on the destination, and the source one is kept (powered off) for a revert
  const c = await action(id, { confirmResize: null });
  assert.equal(c.status, 204, c.text);
  const done = await waitState(t.rt, id, 'active');
  await waitSettled(t.rt, [id]);
  assert.equal(done.flavor_id, '2');
  assert.equal(done.host, row.host);
  assert.equal((await migrations(id))[0]?.status, 'confirmed');
  assert.equal((await show(id)).status, 'ACTIVE');
  assert.deepEqual(await events(id, 'confirmResize'), ['compute_confirm_resize:Success']);
  // confirmed once: a second confirm finds the server no longer resized
  const again = await action(id, { confirmResize: null });
  assert.equal(again.status, 409, again.text);
});

test('revertResize → the old flavor on the old host, migration reverted', async () => {
  const id = await bootActive();
  const orig = await findInstance(t.rt.store.db, id);
  assert.equal((await action(id, { resize: { flavorRef: '3', 'OS-DCF:diskConfig': 'AUTO' } })).status, 202);
  const resized = await waitState(t.rt, id, 'resized');
  await waitSettled(t.rt, [id]);
  assert.equal(resized.disk_config, 'AUTO');
  const r = await action(id, { revertResize: {} });
  assert.equal(r.status, 202, r.text);
  const back = await waitState(t.rt, id, 'active');
  await waitSettled(t.rt, [id]);
  assert.deepEqual([back.flavor_id, back.vcpus, back.memory_mb, back.host], ['1', 1, 512, orig?.host]);
  assert.equal((await migrations(id))[0]?.status, 'reverted');
  assert.equal((await show(id)).flavor.original_name, 'm1.tiny');
  assert.deepEqual(await events(id, 'revertResize'), [
    'compute_finish_revert_resize:Success',
    'compute_revert_resize:Success',
  ]);
});

test('the server’s ports follow it: binding:host_id on the destination, back on the source after a revert', async () => {
  const r0 = await t.request('POST', '/compute/v2.1/servers', {
    token: demo,
    mv: '2.37',
    body: {
      server: { name: 'rs-net', imageRef: '6a1a3f1e-9a43-4c3f-9b7a-2b1f0f6e8c01', flavorRef: '1', networks: 'auto' },
    },
  });
  assert.equal(r0.status, 202, r0.text);
  const id = r0.body.server.id as string;
  const booted = await waitState(t.rt, id, 'active');
  await waitSettled(t.rt, [id]);
  const hostsOfPorts = async () => {
    const p = await t.request('GET', `/network/v2.0/ports?device_id=${id}`, { token: admin });
    assert.equal(p.status, 200, p.text);
    return (p.body.ports as Array<Record<string, unknown>>).map((x) => x['binding:host_id']);
  };
  const before0 = await hostsOfPorts();
  assert.ok(before0.length > 0, 'the server has a port');
  assert.deepEqual(
    before0,
    before0.map(() => booted.host),
  );
  assert.equal((await action(id, { resize: { flavorRef: '2' } })).status, 202);
  const resized = await waitState(t.rt, id, 'resized');
  await waitSettled(t.rt, [id]);
  assert.deepEqual(
    await hostsOfPorts(),
    before0.map(() => resized.host),
  );
  assert.equal((await action(id, { revertResize: null })).status, 202);
  await waitState(t.rt, id, 'active');
  await waitSettled(t.rt, [id]);
  assert.deepEqual(await hostsOfPorts(), before0);
});

test('a stopped server resizes and stays SHUTOFF after confirm', async () => {
  const id = await bootActive();
  assert.equal((await action(id, { 'os-stop': null })).status, 202);
  await waitState(t.rt, id, 'stopped');
  await waitSettled(t.rt, [id]);
  assert.equal((await action(id, { resize: { flavorRef: '2' } })).status, 202);
  const r = await waitState(t.rt, id, 'resized');
  assert.equal(r.power_state, 4);
  await waitSettled(t.rt, [id]);
  assert.equal((await action(id, { confirmResize: null })).status, 204);
  const s = await waitState(t.rt, id, 'stopped');
  assert.equal(s.flavor_id, '2');
});

test("Nova's answers: same flavor, unknown flavor, zero disk, bad body, not resized, lock, state, quota", async () => {
  const id = await bootActive('2');
  const same = await action(id, { resize: { flavorRef: '2' } });
  assert.equal(same.status, 400);
  assert.equal(same.body.badRequest.message, 'When resizing, instances must change flavor!');
  const unknown = await action(id, { resize: { flavorRef: 'nope' } });
  assert.equal(unknown.status, 400);
  assert.equal(unknown.body.badRequest.message, 'Flavor nope could not be found.');
  const missing = await action(id, { resize: {} });
  assert.equal(missing.status, 400);
  assert.match(missing.body.badRequest.message, /'flavorRef' is a required property/);
  // a zero-disk flavor (admin-made)
  const f = await t.request('POST', '/compute/v2.1/flavors', {
    token: admin,
    body: { flavor: { name: 'zero-disk', ram: 512, vcpus: 1, disk: 0, id: 'zd1' } },
  });
  assert.equal(f.status, 200, f.text);
  const zero = await action(id, { resize: { flavorRef: 'zd1' } });
  assert.equal(zero.status, 400);
  assert.equal(
    zero.body.badRequest.message,
    'Server disk was unable to be resized because: Resize to zero disk flavor is not allowed.',
  );
  const notResized = await action(id, { revertResize: null });
  assert.equal(notResized.status, 409);
  assert.match(
    notResized.body.conflictingRequest.message,
    /Cannot 'revertResize' instance .* while it is in vm_state active/,
  );
  // locked by the admin: the owner gets 409
  assert.equal((await action(id, { lock: null }, admin)).status, 202);
  const locked = await action(id, { resize: { flavorRef: '3' } });
  assert.equal(locked.status, 409);
  assert.match(locked.body.conflictingRequest.message, /is locked/);
  assert.equal((await action(id, { unlock: null }, admin)).status, 202);
  // paused: not a state resize is allowed from
  assert.equal((await action(id, { pause: null })).status, 202);
  await waitState(t.rt, id, 'paused');
  await waitSettled(t.rt, [id]);
  const paused = await action(id, { resize: { flavorRef: '3' } });
  assert.equal(paused.status, 409);
  assert.match(paused.body.conflictingRequest.message, /Cannot 'resize' instance .* while it is in vm_state paused/);
  assert.equal((await action(id, { unpause: null })).status, 202);
  await waitState(t.rt, id, 'active');
  await waitSettled(t.rt, [id]);
  // the quota counts the growth only: cores limited to what the project uses now
  const usage = await t.rt.store.db
    .selectFrom('instances')
    .select((eb) => eb.fn.sum<number>('vcpus').as('c'))
    .where('project_id', '=', demoProject)
    .where('deleted', '=', 0)
    .executeTakeFirst();
  const used = Number(usage?.c ?? 0);
  const q = await t.request('PUT', `/compute/v2.1/os-quota-sets/${demoProject}`, {
    token: admin,
    body: { quota_set: { cores: used } },
  });
  assert.equal(q.status, 200, q.text);
  try {
    const over = await action(id, { resize: { flavorRef: '3' } });
    assert.equal(over.status, 403, over.text);
    assert.equal(
      over.body.forbidden.message,
      `Quota exceeded for cores: Requested 1, but already used ${used} of ${used} cores`,
    );
    assert.equal((await findInstance(t.rt.store.db, id))?.task_state, null);
  } finally {
    await t.request('DELETE', `/compute/v2.1/os-quota-sets/${demoProject}`, { token: admin });
  }
  assert.equal((await migrations(id)).length, 0, 'no refused request left a migration');
});

test('shrinking the disk fails on the compute host: back to ACTIVE with a fault, migration error', async () => {
  const id = await bootActive('2');
  assert.equal((await action(id, { resize: { flavorRef: '1' } })).status, 202);
  await waitSettled(t.rt, [id]);
  const row = await waitState(t.rt, id, 'active');
  assert.equal(row.flavor_id, '2');
  assert.match(row.fault ?? '', /Unable to resize disk down/);
  assert.equal((await migrations(id))[0]?.status, 'error');
  assert.deepEqual(await events(id, 'resize'), ['compute_prep_resize:Error']);
});

test('20 concurrent resizes of one server: one accepted, one migration; two confirms: one wins', async () => {
  const row = await insertServer(t, demoProject, { host: 'nowhere-host', node: 'nowhere-host' });
  const results = await Promise.all(Array.from({ length: 20 }, () => action(row.uuid, { resize: { flavorRef: '2' } })));
  assert.deepEqual(results.map((r) => r.status).sort(), [202, ...Array.from({ length: 19 }, () => 409)]);
  assert.equal((await migrations(row.uuid)).length, 1);
  // a finished resize decided twice at once: the database lets one through
  const id = await bootActive();
  assert.equal((await action(id, { resize: { flavorRef: '2' } })).status, 202);
  await waitState(t.rt, id, 'resized');
  await waitSettled(t.rt, [id]);
  const two = await Promise.all([action(id, { confirmResize: null }), action(id, { revertResize: null })]);
  const codes = two.map((r) => r.status).sort();
  assert.equal(codes.filter((c) => c === 204 || c === 202).length, 1, JSON.stringify(codes));
  await waitSettled(t.rt, [id]);
  const m = await migrations(id);
  assert.ok(['confirmed', 'reverted'].includes(m[0]?.status ?? ''), m[0]?.status);
});

test('resize_confirm_window: the agent confirms a finished resize on its own', async () => {
  const t2 = await startTestApp({ compute: { resizeConfirmWindow: 1, operationLeaseMs: 600 } });
  try {
    const svc = new InstanceService(t2.rt);
    const ctx = await ctxFor(t2.rt, 'demo');
    const i = first((await svc.create(ctx, serverReq())).instances);
    await waitState(t2.rt, i.uuid, 'active');
    await waitSettled(t2.rt, [i.uuid]);
    await svc.resize(fresh(ctx), i.uuid, '2');
    await waitState(t2.rt, i.uuid, 'resized');
    const done = await waitState(t2.rt, i.uuid, 'active', null, 8000);
    assert.equal(done.flavor_id, '2');
    const m = await t2.rt.store.db.selectFrom('migrations').selectAll().where('instance_uuid', '=', i.uuid).execute();
    assert.equal(m[0]?.status, 'confirmed');
  } finally {
    await t2.close();
  }
});

/** a hypervisor whose spawn never returns once armed: the agent is stopped under it, as in a crash */
class HangingSpawnDriver extends FakeDriver {
  hang = false;
  override spawn(host: string, spec: Parameters<FakeDriver['spawn']>[1]): Promise<void> {
    return this.hang ? new Promise(() => undefined) : super.spawn(host, spec);
  }
}

test('an agent that dies mid-resize: its restart finishes it; out of attempts it is rolled back', async () => {
  for (const attempts of [5, 1]) {
    const t2 = await startTestApp({ compute: { maxOperationAttempts: attempts } }, { agent: false });
    try {
      const svc = new InstanceService(t2.rt);
      const ctx = await ctxFor(t2.rt, 'demo');
      const driver = new HangingSpawnDriver(t2.rt);
      const first1 = new ComputeAgent(t2.rt, { agentId: 'agent-r', driver });
      await first1.start();
      const i = first((await svc.create(ctx, serverReq())).instances);
      const booted = await waitState(t2.rt, i.uuid, 'active');
      await waitSettled(t2.rt, [i.uuid]);
      driver.hang = true;
      await svc.resize(fresh(ctx), i.uuid, '2');
      await waitState(t2.rt, i.uuid, 'active', 'resize_finish');
      await first1.stop({ drain: false });
      const again = new ComputeAgent(t2.rt, { agentId: 'agent-r' });
      await again.start();
      try {
        if (attempts > 1) {
          const row = await waitState(t2.rt, i.uuid, 'resized');
          assert.equal(row.flavor_id, '2');
          await waitSettled(t2.rt, [i.uuid]);
          const m = await t2.rt.store.db.selectFrom('migrations').selectAll().execute();
          assert.equal(m[0]?.status, 'finished');
        } else {
          const row = await waitState(t2.rt, i.uuid, 'active');
          await waitSettled(t2.rt, [i.uuid]);
          assert.deepEqual([row.flavor_id, row.host], ['1', booted.host]);
          const m = await t2.rt.store.db.selectFrom('migrations').selectAll().execute();
          assert.equal(m[0]?.status, 'error');
        }
      } finally {
        await again.stop();
      }
    } finally {
      await t2.close();
    }
  }
});

test('db archive moves a deleted server’s migrations to shadow_migrations; purge deletes them', async () => {
  const id = await bootActive();
  assert.equal((await action(id, { resize: { flavorRef: '2' } })).status, 202);
  await waitState(t.rt, id, 'resized');
  await waitSettled(t.rt, [id]);
  assert.equal((await t.request('DELETE', `/compute/v2.1/servers/${id}`, { token: demo })).status, 204);
  await waitState(t.rt, id, 'deleted');
  await waitSettled(t.rt, [id]);
  const service = new ArchiveService(t.rt);
  const later = new Date(t.rt.clock().getTime() + 86_400_000);
  const run = await service.archive({ before: later });
  assert.ok(run.counts.migrations >= 1, JSON.stringify(run.counts));
  assert.equal((await migrations(id)).length, 0);
  const shadow = await t.rt.store.db
    .selectFrom('shadow_migrations')
    .selectAll()
    .where('instance_uuid', '=', id)
    .execute();
  assert.equal(shadow.length, 1);
  await service.purge({ before: later });
  assert.equal(
    (await t.rt.store.db.selectFrom('shadow_migrations').select('uuid').where('instance_uuid', '=', id).execute())
      .length,
    0,
  );
});
