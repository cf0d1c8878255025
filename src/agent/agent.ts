/**
 * The compute agent: owns hosts <prefix>1..N, claims their operations from the store and runs
 * them on the virt driver. The in-process bus only shortens latency; the agent also polls, so
 * work enqueued by another process (or a lost wake-up) is still picked up.
 */
import { randomUUID } from 'node:crypto';
import type { Runtime } from '../runtime.js';
import type { VirtDriver } from '../virt/driver.js';
import { FakeDriver } from '../virt/fake/fake-driver.js';
import { VmState } from '../domain/instances/states.js';
import { claimOperations, completeOperation, failOperation, renewLeases, retryOperation } from '../operations/claim.js';
import type { OperationsTable } from '../store/tables/operations.table.js';
import { errorText, guestSpec, type ExecContext } from './executors/common.js';
import { executeBuild } from './executors/build.js';
import { executeDelete } from './executors/delete.js';
import { executePower } from './executors/power.js';
import { executeExternalEvents } from './executors/external-event.js';
import { executeAttachInterface, executeDetachInterface } from './executors/interfaces.js';
import { recover, settle } from './recovery.js';

/** operations claimed at a time; a full batch means more may be waiting */
const CLAIM_BATCH = 32;

export interface AgentOptions { agentId?: string; driver?: VirtDriver }

export class ComputeAgent {
  readonly agentId: string;
  readonly hosts: string[];
  readonly driver: VirtDriver;
  private readonly x: ExecContext;
  private stopped = false;
  private loopDone: Promise<void> | null = null;
  private readonly inFlight = new Set<Promise<void>>();
  private wake: (() => void) | null = null;
  /** a wake-up that arrived while the loop was busy claiming */
  private woken = false;
  private unsubscribe: (() => void) | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly rt: Runtime, opts: AgentOptions = {}) {
    this.agentId = opts.agentId ?? `agent-${randomUUID()}`;
    const c = rt.config.compute;
    this.hosts = Array.from({ length: c.hosts }, (_, i) => `${c.hostPrefix}${i + 1}`);
    this.driver = opts.driver ?? new FakeDriver(rt);
    this.x = { rt, driver: this.driver, hosts: this.hosts };
  }

  async start(): Promise<void> {
    await this.registerHosts();
    await this.resync();
    await recover(this.x, this.agentId);
    this.unsubscribe = this.rt.bus.onOperationEnqueued((host) => {
      if (host === null || this.hosts.includes(host)) this.poke();
    });
    // heartbeat and lease recovery (another agent's crash) on a slow timer
    const every = Math.max(100, Math.floor(this.rt.config.compute.operationLeaseMs / 3));
    this.timer = setInterval(() => { void this.housekeeping(); }, every);
    this.timer.unref();
    this.loopDone = this.loop();
  }

  /** stops claiming and waits for the operations in flight */
  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    if (this.timer) clearInterval(this.timer);
    this.wake?.();
    await this.loopDone;
    await Promise.allSettled([...this.inFlight]);
  }

  private async registerHosts(): Promise<void> {
    const c = this.rt.config.compute;
    const db = this.rt.store.db;
    const capabilities = JSON.stringify(this.driver.capabilities);
    for (const host of this.hosts) {
      const now = new Date().toISOString();
      const updated = await db.updateTable('compute_hosts').set({ agent_id: this.agentId, last_seen_at: now, state: 'up', capabilities })
        .where('host', '=', host).executeTakeFirst();
      if (Number(updated.numUpdatedRows) > 0) continue;
      // seq is Nova's small integer hypervisor id: the next free one, retried if another agent took it
      for (let attempt = 0; attempt < 20; attempt++) {
        const { max } = await db.selectFrom('compute_hosts').select((eb) => eb.fn.max('seq').as('max')).executeTakeFirstOrThrow();
        const seq = Number(max ?? 0) + 1;
        try {
          await db.insertInto('compute_hosts').values({
            id: randomUUID(), seq, host, node: host, availability_zone: c.availabilityZone, hypervisor_type: 'fake',
            host_ip: `192.168.1.${((seq - 1) % 254) + 1}`, vcpus: c.hostVcpus, memory_mb: c.hostMemoryMb, local_gb: c.hostDiskGb,
            status: 'enabled', state: 'up', disabled_reason: null, agent_id: this.agentId, last_seen_at: now, created_at: now, capabilities,
          }).execute();
          break;
        } catch (e) {
          if (!this.rt.store.adapter.isUniqueViolation(e)) throw e;
          // either the seq or the node was taken meanwhile; if the node now exists, it is registered
          const exists = await db.selectFrom('compute_hosts').select('id').where('node', '=', host).executeTakeFirst();
          if (exists) break;
        }
      }
    }
  }

  /** a restarted process has an empty fake hypervisor: put back the guests the store says exist */
  private async resync(): Promise<void> {
    if (!(this.driver instanceof FakeDriver)) return;
    // only the columns a guest needs: reading whole rows (flavor JSON, user data…) of 10,000
    // servers at start-up left ~40 MB of heap behind (bench RSS scenario, docs/performance.md)
    const rows = await this.rt.store.db.selectFrom('instances')
      .select(['uuid', 'display_name', 'vcpus', 'memory_mb', 'root_gb', 'host', 'power_state'])
      .where('host', 'in', this.hosts).where('deleted', '=', 0).where('vm_state', '!=', VmState.BUILDING).execute();
    for (const r of rows) if (r.host) this.driver.adopt(r.host, guestSpec(r), r.power_state);
  }

  private async housekeeping(): Promise<void> {
    try {
      await this.rt.store.db.updateTable('compute_hosts').set({ last_seen_at: new Date().toISOString() })
        .where('host', 'in', this.hosts).execute();
      // renew the leases of what we are still running, so only a dead agent's work is taken over
      await renewLeases(this.rt, this.agentId);
      await recover(this.x, null);
      this.wake?.();
    } catch (e) {
      if (!this.stopped) this.rt.log.warn({ err: e }, 'compute agent housekeeping failed');
    }
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      let claimed: OperationsTable[] = [];
      try {
        claimed = await claimOperations(this.rt, { agentId: this.agentId, hosts: this.hosts, limit: CLAIM_BATCH });
      } catch (e) {
        if (this.stopped) break;
        this.rt.log.warn({ err: e }, 'compute agent could not claim operations');
      }
      for (const op of claimed) {
        const p = this.execute(op).finally(() => { this.inFlight.delete(p); });
        this.inFlight.add(p);
      }
      // a short batch means the queue was empty: claim again when an enqueue pokes us (work that
      // operations create is enqueued, so it pokes too) or at the next poll, not at once: every
      // empty claim is a write-path UPDATE that competes with the API for the store
      if (claimed.length < CLAIM_BATCH && !this.stopped && !this.woken) await this.sleep(this.rt.config.agentPollMs);
      this.woken = false;
    }
  }

  private poke(): void {
    this.woken = true;
    this.wake?.();
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(() => { this.wake = null; resolve(); }, ms);
      this.wake = () => { clearTimeout(t); this.wake = null; resolve(); };
    });
  }

  private async execute(op: OperationsTable): Promise<void> {
    try {
      if (op.kind === 'build') await executeBuild(this.x, op);
      else if (op.kind === 'delete') await executeDelete(this.x, op);
      else if (op.kind === 'start' || op.kind === 'stop' || op.kind === 'reboot' || op.kind === 'rebuild') await executePower(this.x, op, op.kind);
      else if (op.kind === 'external_event') await executeExternalEvents(this.x, op);
      else if (op.kind === 'attach_interface') await executeAttachInterface(this.x, op);
      else if (op.kind === 'detach_interface') await executeDetachInterface(this.x, op);
      else throw new Error(`unknown operation kind ${op.kind}`);
      await completeOperation(this.rt, op.id);
    } catch (e) {
      // a store failure mid-operation: the lease expires and recovery retries or settles it
      if (this.stopped) return;
      this.rt.log.error({ err: e, op: op.id }, 'compute operation failed');
      try {
        if (op.attempts < this.rt.config.compute.maxOperationAttempts) await retryOperation(this.rt, op.id, 1000);
        else {
          const failed = await failOperation(this.rt, op.id, errorText(e));
          if (failed) await settle(this.x, failed);
        }
      } catch (e2) {
        this.rt.log.error({ err: e2, op: op.id }, 'compute operation could not be settled');
      }
    }
  }
}
