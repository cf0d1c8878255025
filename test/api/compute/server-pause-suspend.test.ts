/**
 * pause / unpause / suspend / resume and os-resetState through the HTTP API, carried out by the
 * in-process agent on the fake driver: states, power states, status, instance actions and their
 * events, Nova's 409/403/400 answers, and what the other actions do from the new states.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, waitFor, type TestApp } from '../../helpers/app.js';
import { FakeDriver } from '../../../src/virt/fake/fake-driver.js';
import { ComputeAgent } from '../../../src/agent/agent.js';
import { InstanceService } from '../../../src/services/compute/instance-service.js';
import { first } from '../../../src/lib/arrays.js';
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

async function bootActive(): Promise<string> {
  const r = await t.request('POST', '/compute/v2.1/servers', {
    token: demo,
    mv: '2.37',
    body: {
      server: { name: 'ps', imageRef: '6a1a3f1e-9a43-4c3f-9b7a-2b1f0f6e8c01', flavorRef: '1', networks: 'none' },
    },
  });
  assert.equal(r.status, 202, r.text);
  const id = r.body.server.id as string;
  await waitState(t.rt, id, 'active');
  await waitSettled(t.rt, [id]);
  return id;
}

async function action(id: string, body: unknown, token = demo) {
  return t.request('POST', act(id), { token, body });
}

async function show(id: string) {
  const r = await t.request('GET', `/compute/v2.1/servers/${id}`, { token: admin });
  assert.equal(r.status, 200, r.text);
  return r.body.server as Record<string, unknown>;
}

async function events(id: string, name: string) {
  return t.rt.store.db
    .selectFrom('instance_action_events')
    .innerJoin('instance_actions', 'instance_actions.id', 'instance_action_events.action_id')
    .select(['event', 'result'])
    .where('instance_uuid', '=', id)
    .where('action', '=', name)
    .execute();
}

test('pause → PAUSED (power 3) → unpause → ACTIVE; suspend → SUSPENDED (power 7) → resume → ACTIVE', async () => {
  const id = await bootActive();
  const steps: [string, string, string, number, string][] = [
    ['pause', 'paused', 'PAUSED', 3, 'compute_pause_instance'],
    ['unpause', 'active', 'ACTIVE', 1, 'compute_unpause_instance'],
    ['suspend', 'suspended', 'SUSPENDED', 7, 'compute_suspend_instance'],
    ['resume', 'active', 'ACTIVE', 1, 'compute_resume_instance'],
  ];
  for (const [name, vm, status, power, event] of steps) {
    const r = await action(id, { [name]: null });
    assert.equal(r.status, 202, `${name}: ${r.text}`);
    assert.equal(r.text, '');
    await waitState(t.rt, id, vm);
    await waitSettled(t.rt, [id]);
    const s = await show(id);
    assert.equal(s.status, status);
    assert.equal(s['OS-EXT-STS:vm_state'], vm);
    assert.equal(s['OS-EXT-STS:task_state'], null);
    assert.equal(s['OS-EXT-STS:power_state'], power);
    assert.deepEqual(await events(id, name), [{ event, result: 'Success' }]);
  }
  // the instance action list names them as Nova does
  const list = await t.request('GET', `/compute/v2.1/servers/${id}/os-instance-actions`, { token: demo });
  assert.deepEqual(list.body.instanceActions.map((a: { action: string }) => a.action).sort(), [
    'create',
    'pause',
    'resume',
    'suspend',
    'unpause',
  ]);
});

test('the task state is written in the request (pausing) and the status stays ACTIVE meanwhile', async () => {
  // no agent for this host: the row keeps its task until someone runs the operation
  const row = await insertServer(t, demoProject, { host: 'nowhere-host', node: 'nowhere-host' });
  assert.equal((await action(row.uuid, { pause: {} })).status, 202);
  const cur = await findInstance(t.rt.store.db, row.uuid);
  assert.deepEqual([cur?.vm_state, cur?.task_state], ['active', 'pausing']);
  assert.equal((await show(row.uuid)).status, 'ACTIVE');
  const op = await t.rt.store.db
    .selectFrom('operations')
    .select(['kind', 'host', 'status'])
    .where('instance_uuid', '=', row.uuid)
    .executeTakeFirstOrThrow();
  assert.deepEqual(op, { kind: 'pause', host: 'nowhere-host', status: 'pending' });
  // a second pause while pausing: task_state conflict
  const again = await action(row.uuid, { pause: null });
  assert.equal(again.status, 409);
  assert.equal(
    again.body.conflictingRequest.message,
    `Cannot 'pause' instance ${row.uuid} while it is in task_state pausing`,
  );
});

test('wrong states are 409 with Nova texts, nothing written', async () => {
  const cases: [string, Record<string, unknown>, string][] = [
    ['pause', { vm_state: 'paused', power_state: 3 }, 'vm_state paused'],
    ['pause', { vm_state: 'stopped', power_state: 4 }, 'vm_state stopped'],
    ['unpause', {}, 'vm_state active'],
    ['suspend', { vm_state: 'stopped', power_state: 4 }, 'vm_state stopped'],
    ['suspend', { vm_state: 'suspended', power_state: 7 }, 'vm_state suspended'],
    ['resume', { vm_state: 'paused', power_state: 3 }, 'vm_state paused'],
    ['resume', {}, 'vm_state active'],
    ['suspend', { task_state: 'rebooting' }, 'task_state rebooting'],
  ];
  for (const [name, over, state] of cases) {
    const row = await insertServer(t, demoProject, over);
    const r = await action(row.uuid, { [name]: null });
    assert.equal(r.status, 409, `${name} ${JSON.stringify(over)}`);
    assert.deepEqual(r.body, {
      conflictingRequest: { code: 409, message: `Cannot '${name}' instance ${row.uuid} while it is in ${state}` },
    });
    const cur = await findInstance(t.rt.store.db, row.uuid);
    assert.equal(cur?.task_state, row.task_state);
  }
  // never launched: Nova's generic text
  const unlaunched = await insertServer(t, demoProject, { launched_at: null });
  const r = await action(unlaunched.uuid, { pause: null });
  assert.equal(r.status, 409);
  assert.equal(r.body.conflictingRequest.message, `Instance ${unlaunched.uuid} is in an invalid state for 'pause'`);
});

test('lock, visibility, policy and schema checks', async () => {
  const locked = await insertServer(t, demoProject, { locked: 1, locked_by: 'admin', host: 'nowhere-host' });
  const r = await action(locked.uuid, { suspend: null });
  assert.equal(r.status, 409);
  assert.equal(r.body.conflictingRequest.message, `Instance ${locked.uuid} is locked`);
  // an admin passes the lock
  assert.equal((await action(locked.uuid, { suspend: null }, admin)).status, 202);
  // another project's server: 404
  const other = await insertServer(t, await projectId(t, 'admin'));
  const nf = await action(other.uuid, { pause: null });
  assert.equal(nf.status, 404);
  assert.equal(nf.body.itemNotFound.message, `Instance ${other.uuid} could not be found.`);
  // schema: the action key only
  const extra = await action(other.uuid, { pause: null, x: 1 });
  assert.equal(extra.status, 400);
  // os-resetState: admin only (403 after the 404), schema before everything
  const mine = await insertServer(t, demoProject);
  const forbidden = await action(mine.uuid, { 'os-resetState': { state: 'error' } });
  assert.equal(forbidden.status, 403);
  assert.equal(
    forbidden.body.forbidden.message,
    "Policy doesn't allow os_compute_api:os-admin-actions:reset_state to be performed.",
  );
  for (const body of [
    { 'os-resetState': { state: 'paused' } },
    { 'os-resetState': {} },
    { 'os-resetState': { state: 'error', x: 1 } },
    { 'os-resetState': null },
  ]) {
    const bad = await action(mine.uuid, body, admin);
    assert.equal(bad.status, 400, JSON.stringify(body));
    assert.ok(bad.body.badRequest.message.startsWith('Invalid input for field/attribute'), bad.text);
  }
  assert.equal((await findInstance(t.rt.store.db, mine.uuid))?.vm_state, 'active');
});

test('os-resetState sets vm_state, clears the task, records a finished resetState action', async () => {
  const row = await insertServer(t, demoProject, { task_state: 'pausing', host: 'nowhere-host', locked: 1 });
  const r = await action(row.uuid, { 'os-resetState': { state: 'error' } }, admin);
  assert.equal(r.status, 202, r.text);
  let cur = await findInstance(t.rt.store.db, row.uuid);
  assert.deepEqual([cur?.vm_state, cur?.task_state], ['error', null]);
  assert.equal((await show(row.uuid)).status, 'ERROR');
  const actions = await t.rt.store.db
    .selectFrom('instance_actions')
    .selectAll()
    .where('instance_uuid', '=', row.uuid)
    .execute();
  assert.equal(actions.length, 1);
  assert.equal(actions[0]?.action, 'resetState');
  assert.ok(actions[0]?.finish_time);
  assert.deepEqual(await events(row.uuid, 'resetState'), []);
  assert.equal((await action(row.uuid, { 'os-resetState': { state: 'active' } }, admin)).status, 202);
  cur = await findInstance(t.rt.store.db, row.uuid);
  assert.deepEqual([cur?.vm_state, cur?.task_state], ['active', null]);
});

test('from PAUSED and SUSPENDED: stop and soft reboot are 409, hard reboot makes it ACTIVE, delete works', async () => {
  for (const [name, vm] of [
    ['pause', 'paused'],
    ['suspend', 'suspended'],
  ] as const) {
    const id = await bootActive();
    assert.equal((await action(id, { [name]: null })).status, 202);
    await waitState(t.rt, id, vm);
    await waitSettled(t.rt, [id]);
    const stop = await action(id, { 'os-stop': null });
    assert.equal(stop.status, 409);
    assert.equal(stop.body.conflictingRequest.message, `Cannot 'stop' instance ${id} while it is in vm_state ${vm}`);
    const soft = await action(id, { reboot: { type: 'SOFT' } });
    assert.equal(soft.body.conflictingRequest.message, `Cannot 'reboot' instance ${id} while it is in vm_state ${vm}`);
    assert.equal((await action(id, { reboot: { type: 'HARD' } })).status, 202);
    await waitState(t.rt, id, 'active');
    await waitSettled(t.rt, [id]);
    assert.equal((await show(id))['OS-EXT-STS:power_state'], 1);
    // and again into the held state, then deleted from there
    assert.equal((await action(id, { [name]: null })).status, 202);
    await waitState(t.rt, id, vm);
    await waitSettled(t.rt, [id]);
    assert.equal((await t.request('DELETE', `/compute/v2.1/servers/${id}`, { token: demo })).status, 204);
    await waitState(t.rt, id, 'deleted');
  }
});

test('a failing driver call clears the task, keeps the vm_state and records an Error event', async () => {
  const t2 = await startTestApp({}, { agent: false });
  const driver = new FakeDriver(t2.rt);
  const agent = new ComputeAgent(t2.rt, { driver });
  await agent.start();
  try {
    const svc = new InstanceService(t2.rt);
    const ctx = await ctxFor(t2.rt, 'demo');
    const i = first((await svc.create(ctx, serverReq())).instances);
    await waitState(t2.rt, i.uuid, 'active');
    await waitSettled(t2.rt, [i.uuid]);
    driver.failNext('suspend', i.uuid, 'guest memory could not be saved');
    await svc.suspend(fresh(ctx), i.uuid);
    await waitSettled(t2.rt, [i.uuid]);
    const cur = await findInstance(t2.rt.store.db, i.uuid);
    assert.deepEqual([cur?.vm_state, cur?.task_state, cur?.power_state], ['active', null, 1]);
    const ev = await t2.rt.store.db
      .selectFrom('instance_action_events')
      .innerJoin('instance_actions', 'instance_actions.id', 'instance_action_events.action_id')
      .select(['event', 'result', 'traceback'])
      .where('instance_uuid', '=', i.uuid)
      .where('action', '=', 'suspend')
      .executeTakeFirstOrThrow();
    assert.deepEqual([ev.event, ev.result], ['compute_suspend_instance', 'Error']);
    assert.match(ev.traceback ?? '', /guest memory could not be saved/);
    // the user may retry
    await svc.suspend(fresh(ctx), i.uuid);
    await waitState(t2.rt, i.uuid, 'suspended');
  } finally {
    await agent.stop();
    await t2.close();
  }
});

/** a hypervisor whose pause never returns: the agent is stopped under it, as in a crash */
class HangingPauseDriver extends FakeDriver {
  override pause(): Promise<void> {
    return new Promise(() => undefined);
  }
}

test('an agent that dies mid-pause: its restart pauses the server; out of attempts the task is cleared', async () => {
  for (const attempts of [5, 1]) {
    const t2 = await startTestApp({ compute: { maxOperationAttempts: attempts } }, { agent: false });
    try {
      const svc = new InstanceService(t2.rt);
      const ctx = await ctxFor(t2.rt, 'demo');
      const first1 = new ComputeAgent(t2.rt, { agentId: 'agent-p', driver: new HangingPauseDriver(t2.rt) });
      await first1.start();
      const i = first((await svc.create(ctx, serverReq())).instances);
      await waitState(t2.rt, i.uuid, 'active');
      await waitSettled(t2.rt, [i.uuid]);
      await svc.pause(fresh(ctx), i.uuid);
      await waitFor(async () => {
        const op = await t2.rt.store.db
          .selectFrom('operations')
          .select('status')
          .where('instance_uuid', '=', i.uuid)
          .where('kind', '=', 'pause')
          .executeTakeFirst();
        return op?.status === 'running';
      }, 'the pause to be running');
      await first1.stop({ drain: false });
      // the restarted agent (same id, an empty hypervisor that adopts the store's guests)
      const again = new ComputeAgent(t2.rt, { agentId: 'agent-p' });
      await again.start();
      try {
        const end = attempts > 1 ? 'paused' : 'active';
        const row = await waitState(t2.rt, i.uuid, end);
        await waitSettled(t2.rt, [i.uuid]);
        assert.equal(row.power_state, attempts > 1 ? 3 : 1);
        const ev = await t2.rt.store.db
          .selectFrom('instance_action_events')
          .innerJoin('instance_actions', 'instance_actions.id', 'instance_action_events.action_id')
          .select(['result'])
          .where('instance_uuid', '=', i.uuid)
          .where('action', '=', 'pause')
          .execute();
        assert.deepEqual(ev.map((e) => e.result).sort(), attempts > 1 ? ['Error', 'Success'] : ['Error']);
      } finally {
        await again.stop();
      }
    } finally {
      await t2.close();
    }
  }
});

test('the extension list names the pause, suspend and admin-actions extensions', async () => {
  for (const [alias, name] of [
    ['os-pause-server', 'PauseServer'],
    ['os-suspend-server', 'SuspendServer'],
    ['os-admin-actions', 'AdminActions'],
  ]) {
    const r = await t.request('GET', `/compute/v2.1/extensions/${alias}`, { token: demo });
    assert.equal(r.status, 200, alias);
    assert.equal(r.body.extension.name, name);
  }
});

test('20 concurrent pauses and suspends of one server: exactly one is accepted, the rest are 409', async () => {
  const row = await insertServer(t, demoProject, { host: 'nowhere-host', node: 'nowhere-host' });
  const results = await Promise.all(
    Array.from({ length: 20 }, (_, i) => action(row.uuid, { [i % 2 ? 'suspend' : 'pause']: null })),
  );
  const codes = results.map((r) => r.status).sort();
  assert.deepEqual(codes, [202, ...Array.from({ length: 19 }, () => 409)]);
  const ops = await t.rt.store.db
    .selectFrom('operations')
    .select('kind')
    .where('instance_uuid', '=', row.uuid)
    .execute();
  assert.equal(ops.length, 1);
  const acts = await t.rt.store.db
    .selectFrom('instance_actions')
    .select('action')
    .where('instance_uuid', '=', row.uuid)
    .execute();
  assert.equal(acts.length, 1);
  assert.equal(acts[0]?.action, ops[0]?.kind);
});
