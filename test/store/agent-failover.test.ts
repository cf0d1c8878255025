/**
 * Scale-out failure handling (issue 22): two agents own two disjoint host sets on one store. One
 * of them dies with builds, power actions and interface attaches in flight; the other must fail
 * that work cleanly once the host is down (compute.hostDownAfterMs), and the dead agent, when it
 * comes back with the same hosts, must take back what it was still running at once (stable
 * agent identity) instead of waiting for the leases.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DB_URL, testSchemaName, waitFor } from '../helpers/app.js';
import { exactly } from '../helpers/elements.js';
import { testConfig, type Config, type DeepPartial } from '../../src/config/config.js';
import { FakeDriver } from '../../src/virt/fake/fake-driver.js';
import type { GuestSpec } from '../../src/virt/driver.js';
import { openRuntime } from '../../src/bootstrap.js';
import { ComputeAgent, stableAgentId } from '../../src/agent/agent.js';
import { claimOperations } from '../../src/operations/claim.js';
import { enqueueOperation } from '../../src/operations/enqueue.js';
import { InstanceService } from '../../src/services/compute/instance-service.js';
import { InterfaceService } from '../../src/services/compute/interface-service.js';
import type { Runtime } from '../../src/runtime.js';
import { ctxFor, fresh, serverReq, waitState } from '../api/compute/servers-engine-helpers.js';

const HOSTS_A = ['compute1', 'compute2'];
const HOSTS_B = ['compute3', 'compute4'];

/** small real delays, so work is in flight when the agent dies */
const TIMINGS = {
  spawnMs: 30,
  powerOnMs: 20,
  powerOffMs: 20,
  rebootMs: 20,
  destroyMs: 10,
  plugVifMs: 5,
  unplugVifMs: 5,
};

interface Place {
  config: Config;
  schema?: string;
  cleanup(): void;
}

function place(patch: DeepPartial<Config>): Place {
  const base = { fake: TIMINGS, agentPollMs: 20, ...patch } as DeepPartial<Config>;
  if (DB_URL)
    return { config: testConfig({ ...base, databaseUrl: DB_URL }), schema: testSchemaName(), cleanup: () => {} };
  const dir = mkdtempSync(join(tmpdir(), 'stackbox-failover-'));
  return {
    config: testConfig({ ...base, memory: false, dataDir: dir }),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** a hypervisor that can be made to hang: every call after hang() never returns (a dead process) */
class DyingDriver extends FakeDriver {
  private dead = false;
  hang(): void {
    this.dead = true;
  }
  private gate<T>(run: () => Promise<T>): Promise<T> {
    return this.dead ? new Promise<T>(() => undefined) : run();
  }
  override spawn(host: string, g: GuestSpec) {
    return this.gate(() => super.spawn(host, g));
  }
  override destroy(host: string, u: string) {
    return this.gate(() => super.destroy(host, u));
  }
  override powerOn(host: string, u: string) {
    return this.gate(() => super.powerOn(host, u));
  }
  override powerOff(host: string, u: string, g: boolean) {
    return this.gate(() => super.powerOff(host, u, g));
  }
  override reboot(host: string, u: string, t: 'SOFT' | 'HARD') {
    return this.gate(() => super.reboot(host, u, t));
  }
  override plugVif(host: string, u: string, p: string) {
    return this.gate(() => super.plugVif(host, u, p));
  }
  override unplugVif(host: string, u: string, p: string) {
    return this.gate(() => super.unplugVif(host, u, p));
  }
}

async function hostOf(rt: Runtime, uuid: string): Promise<string | null> {
  const r = await rt.store.db.selectFrom('instances').select('host').where('uuid', '=', uuid).executeTakeFirstOrThrow();
  return r.host;
}

/** waits until every listed operation kind has been claimed (status running) by `agentId` */
async function waitRunning(rt: Runtime, agentId: string, n: number): Promise<void> {
  await waitFor(
    async () => {
      const rows = await rt.store.db
        .selectFrom('operations')
        .select('id')
        .where('claimed_by', '=', agentId)
        .where('status', '=', 'running')
        .execute();
      return rows.length >= n;
    },
    `${n} operations running on ${agentId}`,
    5000,
  );
}

/** B's in-flight builds have reached the hypervisor (ports allocated, spawning) */
async function waitSpawning(rt: Runtime, uuids: string[]): Promise<void> {
  await waitFor(async () => {
    const rows = await rt.store.db.selectFrom('instances').select('task_state').where('uuid', 'in', uuids).execute();
    return rows.every((r) => r.task_state === 'spawning');
  }, 'builds to reach spawning');
}

test("a dead agent's work is failed cleanly by the live one, and the agent comes back up", async () => {
  const p = place({ compute: { hostDownAfterMs: 600, operationLeaseMs: 60000, rpcResponseTimeout: 20 } });
  const rt = await openRuntime(p.config, { schema: p.schema });
  const driverB = new DyingDriver(rt);
  const b = new ComputeAgent(rt, { hosts: HOSTS_B, driver: driverB });
  let a: ComputeAgent | null = null;
  let b2: ComputeAgent | null = null;
  try {
    await b.start();
    const svc = new InstanceService(rt);
    const ifaces = new InterfaceService(rt);
    const demo = await ctxFor(rt, 'demo');
    // B alone first: its servers are on its hosts, one of them stopped
    const first = exactly(
      (await svc.create(fresh(demo), serverReq({ minCount: 4, maxCount: 4, networks: 'auto' }))).instances.map(
        (i) => i.uuid,
      ),
      4,
      'servers created on B',
    );
    for (const u of first) await waitState(rt, u, 'active');
    await svc.stop(fresh(demo), first[0]);
    await waitState(rt, first[0], 'stopped');
    for (const u of first) assert.ok(HOSTS_B.includes((await hostOf(rt, u)) ?? ''));

    // B's hypervisor hangs: everything B claims from now on stays in flight
    driverB.hang();
    const building = exactly(
      (await svc.create(fresh(demo), serverReq({ minCount: 3, maxCount: 3, networks: 'auto' }))).instances.map(
        (i) => i.uuid,
      ),
      3,
      'servers building',
    );
    await svc.start(fresh(demo), first[0]);
    await svc.stop(fresh(demo), first[1]);
    await svc.reboot(fresh(demo), first[2], 'SOFT');
    const attach = ifaces.attach(fresh(demo), await svc.get(demo, first[3]), {}).then(
      () => 'attached',
      (e: Error) => e.message,
    );
    await waitSpawning(rt, building);
    await waitRunning(rt, b.agentId, 7);
    // the crash: B stops claiming and heartbeating, its operations stay 'running' under its id
    await b.stop({ drain: false });

    // A takes over the store; its own work goes on while B's host is being declared down
    a = new ComputeAgent(rt, { hosts: HOSTS_A });
    await a.start();
    const second = exactly(
      (await svc.create(fresh(demo), serverReq({ minCount: 3, maxCount: 3, networks: 'auto' }))).instances.map(
        (i) => i.uuid,
      ),
      3,
      'servers created on A',
    );
    for (const u of second) await waitState(rt, u, 'active');
    await svc.stop(fresh(demo), second[0]);
    for (const u of second) assert.ok(HOSTS_A.includes((await hostOf(rt, u)) ?? ''));

    // nothing is left pending or running for B's hosts
    await waitFor(
      async () => {
        const open = await rt.store.db
          .selectFrom('operations')
          .select('id')
          .where('host', 'in', HOSTS_B)
          .where('status', 'in', ['pending', 'running'])
          .execute();
        return open.length === 0;
      },
      'operations of the dead hosts to be failed',
      8000,
    );
    assert.match(await attach, /Failed to attach network adapter device/);
    await waitState(rt, second[0], 'stopped');
    const all = [...first, ...building, ...second];
    // a failed row is settled right after it is taken: wait for the last settle to land
    await waitFor(async () => {
      const busy = await rt.store.db
        .selectFrom('instances')
        .select('uuid')
        .where('uuid', 'in', all)
        .where('task_state', 'is not', null)
        .execute();
      return busy.length === 0;
    }, 'every server to be settled');

    const rows = await rt.store.db
      .selectFrom('instances')
      .select(['uuid', 'vm_state', 'task_state', 'fault'])
      .where('uuid', 'in', all)
      .execute();
    for (const r of rows) {
      assert.equal(r.task_state, null, `${r.uuid} has no task left`);
      assert.ok(['active', 'stopped', 'error'].includes(r.vm_state), `${r.uuid} is ${r.vm_state}`);
      if (r.vm_state === 'error') assert.match(JSON.parse(r.fault ?? '{}').message, /Compute host compute[34] is down/);
    }
    // the interrupted builds are ERROR with their ports released; the power actions kept their states
    for (const u of building) assert.equal(rows.find((r) => r.uuid === u)?.vm_state, 'error');
    const ports = await rt.store.db.selectFrom('ports').select('id').where('device_id', 'in', building).execute();
    assert.deepEqual(ports, []);
    const vifs = await rt.store.db
      .selectFrom('virtual_interfaces')
      .select('id')
      .where('instance_uuid', 'in', building)
      .execute();
    assert.deepEqual(vifs, []);
    // the attach gave its port back: the server keeps only the port it was built with. The failed
    // attach sets no task state, so nothing above waited for its settle: wait for it here
    await waitFor(async () => {
      const attached = await rt.store.db
        .selectFrom('virtual_interfaces')
        .select('id')
        .where('instance_uuid', '=', first[3])
        .execute();
      return attached.length === 1;
    }, 'the failed attach to give its interface back');
    assert.deepEqual(
      rows
        .filter((r) => first.includes(r.uuid))
        .map((r) => r.vm_state)
        .sort(),
      ['active', 'active', 'active', 'stopped'],
    );
    // each failed step says why, as an Error event
    const events = await rt.store.db
      .selectFrom('instance_action_events')
      .innerJoin('instance_actions', 'instance_actions.id', 'instance_action_events.action_id')
      .select(['instance_uuid', 'event', 'result', 'traceback'])
      .where('instance_uuid', 'in', building)
      .execute();
    for (const u of building) {
      const ev = events.find((e) => e.instance_uuid === u && e.event === 'compute__do_build_and_run_instance');
      assert.equal(ev?.result, 'Error');
      assert.match(ev?.traceback ?? '', /is down/);
    }
    const hosts = await rt.store.db.selectFrom('compute_hosts').select(['host', 'state']).orderBy('host').execute();
    assert.deepEqual(
      hosts.map((h) => `${h.host}:${h.state}`),
      ['compute1:up', 'compute2:up', 'compute3:down', 'compute4:down'],
    );

    // B comes back with the same hosts: up again, and it runs new work on them
    b2 = new ComputeAgent(rt, { hosts: HOSTS_B });
    assert.equal(b2.agentId, b.agentId);
    await b2.start();
    const hb = await rt.store.db.selectFrom('compute_hosts').select('state').where('host', 'in', HOSTS_B).execute();
    assert.deepEqual(
      hb.map((h) => h.state),
      ['up', 'up'],
    );
    await svc.delete(fresh(demo), building[0]);
    await waitFor(
      async () =>
        (
          await rt.store.db
            .selectFrom('instances')
            .select('deleted')
            .where('uuid', '=', building[0])
            .executeTakeFirstOrThrow()
        ).deleted === 1,
      'the ERROR server to be deleted',
    );
  } finally {
    await b2?.stop();
    await a?.stop();
    await rt.store.close();
    p.cleanup();
  }
});

test('a restarted agent resumes its own running operations within a second', async () => {
  // leases far longer than the test: only the stable identity can explain a quick resume
  const p = place({ compute: { operationLeaseMs: 60000, hostDownAfterMs: 60000 } });
  const rt = await openRuntime(p.config, { schema: p.schema });
  const driverB = new DyingDriver(rt);
  const b = new ComputeAgent(rt, { hosts: HOSTS_B, driver: driverB });
  const a = new ComputeAgent(rt, { hosts: HOSTS_A });
  let b2: ComputeAgent | null = null;
  try {
    await b.start();
    const svc = new InstanceService(rt);
    const demo = await ctxFor(rt, 'demo');
    const up = exactly(
      (await svc.create(fresh(demo), serverReq({ minCount: 2, maxCount: 2, networks: 'auto' }))).instances.map(
        (i) => i.uuid,
      ),
      2,
      'servers created',
    );
    for (const u of up) await waitState(rt, u, 'active');
    driverB.hang();
    const building = exactly(
      (await svc.create(fresh(demo), serverReq({ minCount: 3, maxCount: 3, networks: 'auto' }))).instances.map(
        (i) => i.uuid,
      ),
      3,
      'servers building',
    );
    await svc.stop(fresh(demo), up[0]);
    await waitSpawning(rt, building);
    await waitRunning(rt, b.agentId, 4);
    await b.stop({ drain: false });
    const interrupted = await rt.store.db
      .selectFrom('operations')
      .select(['id', 'attempts'])
      .where('claimed_by', '=', b.agentId)
      .where('status', '=', 'running')
      .execute();
    assert.equal(interrupted.length, 4);
    await a.start();

    const started = Date.now();
    b2 = new ComputeAgent(rt, { hosts: HOSTS_B });
    await b2.start();
    // resumed = every interrupted row claimed again (a second attempt) by the restarted agent; the
    // leases are a minute long, so only the stable identity explains it. Measured to the claim,
    // not to ACTIVE, so a loaded CI machine's slower fake spawns do not count against it.
    await waitFor(
      async () => {
        const rows = await rt.store.db
          .selectFrom('operations')
          .select(['id', 'attempts'])
          .where(
            'id',
            'in',
            interrupted.map((o) => o.id),
          )
          .execute();
        return rows.every((r) => r.attempts > (interrupted.find((o) => o.id === r.id)?.attempts ?? 0));
      },
      'the interrupted operations to be claimed again',
      1000,
    );
    assert.ok(Date.now() - started < 1000, `resumed in ${Date.now() - started} ms`);
    for (const u of building) await waitState(rt, u, 'active', null, 5000);
    await waitState(rt, up[0], 'stopped', null, 5000);
    for (const u of [...building, ...up]) assert.ok(HOSTS_B.includes((await hostOf(rt, u)) ?? ''));
    // the agent marks an operation done in its own transaction after the state write the waits
    // above saw, so on a loaded machine a row may still be running for a moment
    const settled = async () => {
      const ops = await rt.store.db
        .selectFrom('operations')
        .select(['status', 'claimed_by'])
        .where('instance_uuid', 'in', [...building, up[0]])
        .where('kind', 'in', ['build', 'stop'])
        .execute();
      return ops.every((o) => o.status !== 'running' && o.status !== 'pending') ? ops : null;
    };
    const ops = await waitFor(settled, 'the resumed operations to be marked done');
    assert.ok(ops.every((o) => o.status === 'done' && o.claimed_by === b.agentId));
  } finally {
    await b2?.stop();
    await a.stop();
    await rt.store.close();
    p.cleanup();
  }
});

test('an agent never claims an operation bound to a host it does not own', async () => {
  const p = place({});
  const rt = await openRuntime(p.config, { schema: p.schema });
  try {
    const at = rt.clock().toISOString();
    await rt.store.transaction(async (trx) => {
      await enqueueOperation(
        trx,
        { kind: 'start', instanceUuid: 'i-b', host: 'compute3', requestId: null, payload: { actionId: 'x' } },
        at,
      );
      await enqueueOperation(
        trx,
        { kind: 'build', instanceUuid: 'i-any', host: null, requestId: null, payload: { actionId: 'y' } },
        at,
      );
      await enqueueOperation(
        trx,
        {
          kind: 'stop',
          instanceUuid: 'i-a',
          host: 'compute1',
          requestId: null,
          payload: { actionId: 'z', graceful: true },
        },
        at,
      );
    });
    const mine = await claimOperations(rt, { agentId: stableAgentId(HOSTS_A), hosts: HOSTS_A, limit: 10 });
    assert.deepEqual(mine.map((o) => o.instance_uuid).sort(), ['i-a', 'i-any']);
    const rows = await rt.store.db
      .selectFrom('operations')
      .select(['instance_uuid', 'status', 'claimed_by'])
      .orderBy('instance_uuid')
      .execute();
    assert.deepEqual(rows, [
      { instance_uuid: 'i-a', status: 'running', claimed_by: 'agent:compute1,compute2' },
      { instance_uuid: 'i-any', status: 'running', claimed_by: 'agent:compute1,compute2' },
      { instance_uuid: 'i-b', status: 'pending', claimed_by: null },
    ]);
  } finally {
    await rt.store.close();
    p.cleanup();
  }
});

test("an unbound operation whose instance is on another agent's host is handed back, not marked done", async () => {
  const p = place({});
  const rt = await openRuntime(p.config, { schema: p.schema });
  const b = new ComputeAgent(rt, { hosts: HOSTS_B });
  const a = new ComputeAgent(rt, { hosts: HOSTS_A });
  try {
    await b.start();
    const svc = new InstanceService(rt);
    const demo = await ctxFor(rt, 'demo');
    const [vm] = exactly(
      (await svc.create(fresh(demo), serverReq())).instances.map((i) => i.uuid),
      1,
      'servers created',
    );
    await waitState(rt, vm, 'active');
    await b.stop();
    // a row written before operations carried their host (or by a buggy caller): no host at all
    const opId = await rt.store.transaction((trx) =>
      enqueueOperation(
        trx,
        {
          kind: 'stop',
          instanceUuid: vm,
          host: null,
          requestId: null,
          payload: { actionId: 'none', graceful: true },
        },
        rt.clock().toISOString(),
      ),
    );
    await a.start();
    const op = await waitFor(async () => {
      const r = await rt.store.db
        .selectFrom('operations')
        .select(['status', 'host', 'claimed_by', 'attempts'])
        .where('id', '=', opId)
        .executeTakeFirstOrThrow();
      return r.host !== null ? r : null;
    }, 'the operation to be handed back');
    const owner = await hostOf(rt, vm);
    assert.ok(owner && HOSTS_B.includes(owner));
    assert.deepEqual(op, { status: 'pending', host: owner, claimed_by: null, attempts: 0 });
    // and A never claims it again
    await new Promise((r) => setTimeout(r, 200));
    const again = await rt.store.db
      .selectFrom('operations')
      .select(['status', 'claimed_by'])
      .where('id', '=', opId)
      .executeTakeFirstOrThrow();
    assert.deepEqual(again, { status: 'pending', claimed_by: null });
  } finally {
    await a.stop();
    await rt.store.close();
    p.cleanup();
  }
});

test("after an outage of the whole cloud, the first agent back does not fail the others' work", async () => {
  // every heartbeat is old after an outage: a host is judged down only by an agent that has been
  // up for the whole hostDownAfterMs window itself, so B has that long to come back
  const p = place({ compute: { hostDownAfterMs: 1500, operationLeaseMs: 60000 } });
  const rt = await openRuntime(p.config, { schema: p.schema });
  const driverB = new DyingDriver(rt);
  const b = new ComputeAgent(rt, { hosts: HOSTS_B, driver: driverB });
  const a = new ComputeAgent(rt, { hosts: HOSTS_A });
  let b2: ComputeAgent | null = null;
  try {
    await b.start();
    const svc = new InstanceService(rt);
    const demo = await ctxFor(rt, 'demo');
    driverB.hang();
    const building = (
      await svc.create(fresh(demo), serverReq({ minCount: 2, maxCount: 2, networks: 'auto' }))
    ).instances.map((i) => i.uuid);
    await waitSpawning(rt, building);
    await b.stop({ drain: false });
    // the outage: B's hosts last reported an hour ago
    const hourAgo = new Date(rt.clock().getTime() - 3600_000).toISOString();
    await rt.store.db
      .updateTable('compute_hosts')
      .set({ last_seen_at: hourAgo })
      .where('host', 'in', HOSTS_B)
      .execute();

    await a.start();
    // several housekeeping rounds of A (every hostDownAfterMs / 3)
    await new Promise((r) => setTimeout(r, 800));
    const open = await rt.store.db
      .selectFrom('operations')
      .select('status')
      .where('host', 'in', HOSTS_B)
      .where('kind', '=', 'build')
      .execute();
    assert.deepEqual(
      open.map((o) => o.status),
      ['running', 'running'],
    );
    const states = await rt.store.db.selectFrom('compute_hosts').select('state').where('host', 'in', HOSTS_B).execute();
    assert.deepEqual(
      states.map((s) => s.state),
      ['up', 'up'],
    );

    b2 = new ComputeAgent(rt, { hosts: HOSTS_B });
    await b2.start();
    for (const u of building) await waitState(rt, u, 'active', null, 2000);
  } finally {
    await b2?.stop();
    await a.stop();
    await rt.store.close();
    p.cleanup();
  }
});
