import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp } from '../../helpers/app.js';
import { FakeDriver } from '../../../src/virt/fake/fake-driver.js';
import { ComputeAgent } from '../../../src/agent/agent.js';
import { InstanceService } from '../../../src/services/compute/instance-service.js';
import { findInstance } from '../../../src/store/repositories/instance-repository.js';
import { isDomainError } from '../../../src/domain/errors.js';
import { exactly, first } from '../../helpers/elements.js';
import { ctxFor, fresh, serverReq, waitSettled, waitState } from './servers-engine-helpers.js';

const rejects = async (p: Promise<unknown>, status: number, message: string | RegExp) => {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(isDomainError(e), String(e));
    assert.equal(e.status, status);
    if (typeof message === 'string') assert.equal(e.message, message);
    else assert.match(e.message, message);
    return true;
  });
};

test('a created server is built to ACTIVE on a host with create action and build event', async () => {
  const t = await startTestApp();
  try {
    const svc = new InstanceService(t.rt);
    const ctx = await ctxFor(t.rt, 'demo');
    const res = await svc.create(ctx, serverReq({ name: 'web server', tags: ['a', 'b'] }));
    assert.equal(res.instances.length, 1);
    assert.ok(res.adminPass.length >= 8);
    const inst = first(res.instances);
    assert.equal(inst.vm_state, 'building');
    assert.equal(inst.task_state, 'scheduling');
    assert.equal(inst.hostname, 'web-server');
    const done = await waitState(t.rt, inst.uuid, 'active');
    assert.equal(done.power_state, 1);
    assert.match(done.host ?? '', /^compute\d+$/);
    assert.ok(done.launched_at);
    await waitSettled(t.rt, [inst.uuid]);
    const actions = await t.rt.store.db
      .selectFrom('instance_actions')
      .selectAll()
      .where('instance_uuid', '=', inst.uuid)
      .execute();
    assert.deepEqual(
      actions.map((a) => [a.action, a.request_id]),
      [['create', ctx.requestId]],
    );
    const events = await t.rt.store.db
      .selectFrom('instance_action_events')
      .selectAll()
      .where('action_id', '=', first(actions).id)
      .execute();
    assert.deepEqual(
      events.map((e) => [e.event, e.result]),
      [['compute__do_build_and_run_instance', 'Success']],
    );
  } finally {
    await t.close();
  }
});

test('multi-create names instances name-1..name-N with one reservation', async () => {
  const t = await startTestApp();
  try {
    const svc = new InstanceService(t.rt);
    const res = await svc.create(await ctxFor(t.rt, 'demo'), serverReq({ name: 'multi', minCount: 2, maxCount: 3 }));
    assert.deepEqual(
      res.instances.map((i) => i.display_name),
      ['multi-1', 'multi-2', 'multi-3'],
    );
    assert.ok(res.instances.every((i) => i.reservation_id === res.reservationId));
    for (const i of res.instances) await waitState(t.rt, i.uuid, 'active');
  } finally {
    await t.close();
  }
});

test('create rejects unknown flavor, image, key and zone with Nova 400 messages', async () => {
  const t = await startTestApp();
  try {
    const svc = new InstanceService(t.rt);
    const ctx = await ctxFor(t.rt, 'demo');
    await rejects(svc.create(ctx, serverReq({ flavorRef: 'nope' })), 400, 'Flavor nope could not be found.');
    await rejects(svc.create(ctx, serverReq({ imageRef: 'nope' })), 400, 'Image nope could not be found.');
    await rejects(svc.create(ctx, serverReq({ keyName: 'missing' })), 400, 'Invalid key_name provided.');
    await rejects(
      svc.create(ctx, serverReq({ availabilityZone: 'mars' })),
      400,
      'The requested availability zone is not available',
    );
  } finally {
    await t.close();
  }
});

test('create over quota is 403 with the used and limit counts', async () => {
  const t = await startTestApp({ quotas: { instances: 2, cores: 4 } });
  try {
    const svc = new InstanceService(t.rt);
    const ctx = await ctxFor(t.rt, 'demo');
    await svc.create(ctx, serverReq());
    await rejects(
      svc.create(ctx, serverReq({ minCount: 2, maxCount: 2 })),
      403,
      'Quota exceeded for instances: Requested 2, but already used 1 of 2 instances',
    );
    await rejects(
      svc.create(ctx, serverReq({ flavorRef: '5' })),
      403,
      'Quota exceeded for cores: Requested 8, but already used 1 of 4 cores',
    );
  } finally {
    await t.close();
  }
});

test('stop, start, soft and hard reboot go through their task states back to a stable state', async () => {
  const t = await startTestApp();
  try {
    const svc = new InstanceService(t.rt);
    const ctx = await ctxFor(t.rt, 'demo');
    const i = first((await svc.create(ctx, serverReq())).instances);
    await waitState(t.rt, i.uuid, 'active');
    const stopping = await svc.stop(fresh(ctx), i.uuid);
    assert.equal(stopping.task_state, 'powering-off');
    assert.equal((await waitState(t.rt, i.uuid, 'stopped')).power_state, 4);
    assert.equal((await svc.start(fresh(ctx), i.uuid)).task_state, 'powering-on');
    assert.equal((await waitState(t.rt, i.uuid, 'active')).power_state, 1);
    assert.equal((await svc.reboot(fresh(ctx), i.uuid, 'SOFT')).task_state, 'rebooting');
    await waitState(t.rt, i.uuid, 'active');
    assert.equal((await svc.reboot(fresh(ctx), i.uuid, 'HARD')).task_state, 'rebooting_hard');
    await waitState(t.rt, i.uuid, 'active');
    await waitSettled(t.rt, [i.uuid]);
    const actions = await t.rt.store.db
      .selectFrom('instance_actions')
      .innerJoin('instance_action_events', 'instance_action_events.action_id', 'instance_actions.id')
      .select(['action', 'event', 'result'])
      .where('instance_uuid', '=', i.uuid)
      .orderBy('instance_action_events.start_time')
      .execute();
    assert.deepEqual(
      actions.map((a) => `${a.action}:${a.event}:${a.result}`),
      [
        'create:compute__do_build_and_run_instance:Success',
        'stop:compute_stop_instance:Success',
        'start:compute_start_instance:Success',
        'reboot:compute_reboot_instance:Success',
        'reboot:compute_reboot_instance:Success',
      ],
    );
  } finally {
    await t.close();
  }
});

test('actions in the wrong state are 409 with Nova messages', async () => {
  const t = await startTestApp();
  try {
    const svc = new InstanceService(t.rt);
    const ctx = await ctxFor(t.rt, 'demo');
    const i = first((await svc.create(ctx, serverReq())).instances);
    await waitState(t.rt, i.uuid, 'active');
    await rejects(svc.start(ctx, i.uuid), 409, `Cannot 'start' instance ${i.uuid} while it is in vm_state active`);
    await svc.stop(fresh(ctx), i.uuid);
    // still powering-off (or already stopped): both are refused for a second stop
    await rejects(
      svc.stop(ctx, i.uuid),
      409,
      new RegExp(`^Cannot 'stop' instance ${i.uuid} while it is in (task_state powering-off|vm_state stopped)$`),
    );
    await waitState(t.rt, i.uuid, 'stopped');
    await rejects(svc.stop(ctx, i.uuid), 409, `Cannot 'stop' instance ${i.uuid} while it is in vm_state stopped`);
    await rejects(
      svc.reboot(ctx, i.uuid, 'SOFT'),
      409,
      `Cannot 'reboot' instance ${i.uuid} while it is in vm_state stopped`,
    );
    await svc.reboot(fresh(ctx), i.uuid, 'HARD'); // hard reboot is allowed from stopped
    await waitState(t.rt, i.uuid, 'active');
  } finally {
    await t.close();
  }
});

test('a locked server refuses actions from its owner but not from an admin; admin lock needs override to unlock', async () => {
  const t = await startTestApp();
  try {
    const svc = new InstanceService(t.rt);
    const demo = await ctxFor(t.rt, 'demo');
    const admin = await ctxFor(t.rt, 'admin');
    const i = first((await svc.create(demo, serverReq())).instances);
    await waitState(t.rt, i.uuid, 'active');
    const locked = await svc.lock(fresh(demo), i.uuid, 'maintenance');
    assert.deepEqual([locked.locked, locked.locked_by, locked.locked_reason], [1, 'owner', 'maintenance']);
    await rejects(svc.stop(demo, i.uuid), 409, `Instance ${i.uuid} is locked`);
    await rejects(svc.delete(demo, i.uuid), 409, `Instance ${i.uuid} is locked`);
    await svc.unlock(fresh(demo), i.uuid);
    await svc.lock(fresh(admin), i.uuid, null);
    assert.equal((await findInstance(t.rt.store.db, i.uuid))?.locked_by, 'admin');
    await rejects(
      svc.unlock(demo, i.uuid),
      403,
      "Policy doesn't allow os_compute_api:os-lock-server:unlock:unlock_override to be performed.",
    );
    await svc.stop(fresh(admin), i.uuid);
    await waitState(t.rt, i.uuid, 'stopped');
    const actions = await t.rt.store.db
      .selectFrom('instance_actions')
      .select('action')
      .where('instance_uuid', '=', i.uuid)
      .orderBy('start_time')
      .execute();
    assert.deepEqual(actions.map((a) => a.action).sort(), ['create', 'lock', 'lock', 'stop', 'unlock']);
  } finally {
    await t.close();
  }
});

test('20 concurrent stops: exactly one is accepted, the rest are 409', async () => {
  const t = await startTestApp();
  try {
    const svc = new InstanceService(t.rt);
    const ctx = await ctxFor(t.rt, 'demo');
    const i = first((await svc.create(ctx, serverReq())).instances);
    await waitState(t.rt, i.uuid, 'active');
    const results = await Promise.allSettled(Array.from({ length: 20 }, () => svc.stop(fresh(ctx), i.uuid)));
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
    for (const r of results) if (r.status === 'rejected') assert.equal((r.reason as { status: number }).status, 409);
    await waitState(t.rt, i.uuid, 'stopped');
    const ops = await t.rt.store.db
      .selectFrom('operations')
      .select('kind')
      .where('instance_uuid', '=', i.uuid)
      .where('kind', '=', 'stop')
      .execute();
    assert.equal(ops.length, 1);
  } finally {
    await t.close();
  }
});

test('delete marks the server deleted; get then 404s unless deleted rows are allowed', async () => {
  const t = await startTestApp();
  try {
    const svc = new InstanceService(t.rt);
    const ctx = await ctxFor(t.rt, 'demo');
    const i = first((await svc.create(ctx, serverReq())).instances);
    await waitState(t.rt, i.uuid, 'active');
    await svc.delete(fresh(ctx), i.uuid);
    const gone = await waitState(t.rt, i.uuid, 'deleted');
    assert.equal(gone.deleted, 1);
    assert.ok(gone.terminated_at);
    await rejects(svc.get(ctx, i.uuid), 404, `Instance ${i.uuid} could not be found.`);
    assert.equal((await svc.get(ctx, i.uuid, { allowDeleted: true })).uuid, i.uuid);
    await rejects(svc.get(ctx, 'not-a-uuid'), 404, 'Instance not-a-uuid could not be found.');
    const other = await ctxFor(t.rt, 'admin');
    const mine = first((await svc.create(other, serverReq())).instances);
    await rejects(svc.get(ctx, mine.uuid), 404, `Instance ${mine.uuid} could not be found.`);
  } finally {
    await t.close();
  }
});

test('no host with room: the server goes to ERROR with a NoValidHost fault and an Error event', async () => {
  const t = await startTestApp({ compute: { hosts: 1, hostVcpus: 1 } });
  try {
    const svc = new InstanceService(t.rt);
    const ctx = await ctxFor(t.rt, 'demo');
    const i = first((await svc.create(ctx, serverReq({ flavorRef: '3' }))).instances);
    const failed = await waitState(t.rt, i.uuid, 'error');
    const fault = JSON.parse(failed.fault ?? '{}');
    assert.equal(fault.code, 500);
    assert.equal(fault.message, 'No valid host was found. There are not enough hosts available.');
    assert.ok(fault.details && fault.created);
    await waitSettled(t.rt, [i.uuid]);
    const ev = await t.rt.store.db
      .selectFrom('instance_action_events')
      .innerJoin('instance_actions', 'instance_actions.id', 'instance_action_events.action_id')
      .select(['event', 'result', 'message'])
      .where('instance_uuid', '=', i.uuid)
      .execute();
    assert.deepEqual(ev, [{ event: 'conductor_schedule_and_build_instances', result: 'Error', message: 'Error' }]);
    // an ERROR server that never reached a host is deleted at once
    await svc.delete(fresh(ctx), i.uuid);
    assert.equal((await findInstance(t.rt.store.db, i.uuid))?.deleted, 1);
  } finally {
    await t.close();
  }
});

test('a failing spawn leaves the server in ERROR with the fault; a failing stop clears the task', async () => {
  const t = await startTestApp({}, { agent: false });
  const driver = new FakeDriver(t.rt);
  const agent = new ComputeAgent(t.rt, { driver });
  try {
    const svc = new InstanceService(t.rt);
    const ctx = await ctxFor(t.rt, 'demo');
    const [bad, good] = exactly(
      (await svc.create(ctx, serverReq({ minCount: 2, maxCount: 2 }))).instances,
      2,
      'created instances',
    );
    driver.failNext('spawn', bad.uuid, 'disk image corrupt');
    await agent.start();
    const b = await waitState(t.rt, bad.uuid, 'error');
    assert.equal(JSON.parse(b.fault ?? '{}').message, `Build of instance ${bad.uuid} aborted: disk image corrupt`);
    await waitState(t.rt, good.uuid, 'active');
    driver.failNext('powerOff', good.uuid, 'guest refused to shut down');
    await svc.stop(fresh(ctx), good.uuid);
    const after = await waitState(t.rt, good.uuid, 'active');
    assert.equal(after.power_state, 1);
    await waitSettled(t.rt, [good.uuid]);
    const ev = await t.rt.store.db
      .selectFrom('instance_action_events')
      .innerJoin('instance_actions', 'instance_actions.id', 'instance_action_events.action_id')
      .select(['event', 'result', 'traceback'])
      .where('instance_uuid', '=', good.uuid)
      .where('action', '=', 'stop')
      .executeTakeFirstOrThrow();
    assert.equal(ev.result, 'Error');
    assert.match(ev.traceback ?? '', /guest refused to shut down/);
  } finally {
    await agent.stop();
    await t.close();
  }
});

test('requested networks get bound ports recorded as virtual interfaces; delete releases them', async () => {
  const t = await startTestApp();
  try {
    const svc = new InstanceService(t.rt);
    const ctx = await ctxFor(t.rt, 'demo');
    const db = t.rt.store.db;
    const priv = await db.selectFrom('networks').select('id').where('name', '=', 'private').executeTakeFirstOrThrow();
    const a = first((await svc.create(ctx, serverReq({ networks: [{ uuid: priv.id, tag: 'nic1' }] }))).instances);
    const b = first((await svc.create(ctx, serverReq({ networks: 'auto' }))).instances);
    const ra = await waitState(t.rt, a.uuid, 'active');
    await waitState(t.rt, b.uuid, 'active');
    const vifs = await db
      .selectFrom('virtual_interfaces')
      .selectAll()
      .where('instance_uuid', 'in', [a.uuid, b.uuid])
      .execute();
    assert.equal(vifs.length, 2);
    const va = vifs.find((v) => v.instance_uuid === a.uuid)!;
    assert.deepEqual([va.network_id, va.tag, va.created_by_compute], [priv.id, 'nic1', 1]);
    const port = await db.selectFrom('ports').selectAll().where('id', '=', va.port_id).executeTakeFirstOrThrow();
    assert.deepEqual([port.device_id, port.device_owner, port.binding_host_id], [a.uuid, 'compute:nova', ra.host]);
    await svc.delete(fresh(ctx), a.uuid);
    await waitState(t.rt, a.uuid, 'deleted');
    assert.equal(await db.selectFrom('ports').select('id').where('id', '=', va.port_id).executeTakeFirst(), undefined);
    assert.equal(
      (await db.selectFrom('virtual_interfaces').select('id').where('instance_uuid', '=', a.uuid).execute()).length,
      0,
    );
  } finally {
    await t.close();
  }
});

test('start/stop/reboot of a server that never reached a host is 409 not ready', async () => {
  const t = await startTestApp({}, { agent: false });
  try {
    const svc = new InstanceService(t.rt);
    const ctx = await ctxFor(t.rt, 'demo');
    const i = first((await svc.create(ctx, serverReq())).instances);
    await rejects(svc.stop(ctx, i.uuid), 409, `Instance ${i.uuid} is not ready`);
    await rejects(svc.start(ctx, i.uuid), 409, `Instance ${i.uuid} is not ready`);
    await rejects(svc.reboot(ctx, i.uuid, 'HARD'), 409, `Instance ${i.uuid} is not ready`);
    // no agent: the scheduling server is deleted locally
    await svc.delete(fresh(ctx), i.uuid);
    assert.equal((await findInstance(t.rt.store.db, i.uuid))?.vm_state, 'deleted');
  } finally {
    await t.close();
  }
});
