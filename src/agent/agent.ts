/**
 * The compute agent: owns hosts <prefix>1..N, claims their operations from the store and runs
 * them on the virt driver. The in-process bus only shortens latency; the agent also polls, so
 * work enqueued by another process (or a lost wake-up) is still picked up.
 */
import { createHash } from 'node:crypto';
import type { Runtime } from '../runtime.js';
import type { VirtDriver } from '../virt/driver.js';
import { FakeDriver } from '../virt/fake/fake-driver.js';
import {
  claimOperations,
  completeOperation,
  failOperation,
  failStaleOperation,
  handBackOperation,
  openOperationsOfHosts,
  renewLeases,
  retryOperation,
} from '../operations/claim.js';
import type { OperationRow } from '../operations/claim.js';
import { heartbeat, hostsDown, registerHosts } from '../services/compute/compute-host-service.js';
import { guestsOnHosts, loadInstance } from '../services/compute/instance-lifecycle.js';
import { autoConfirmResizes } from '../services/compute/resize-service.js';
import { offloadDueShelved } from '../services/compute/shelve-service.js';
import { errorText, guestSpec, HandBack, type ExecContext } from './executors/common.js';
import { operationSpec } from '../operations/registry.js';
import { recover, settle } from './recovery.js';

/** operations claimed at a time; a full batch means more may be waiting */
const CLAIM_BATCH = 32;

export interface AgentOptions {
  /** default: derived from the host set (stableAgentId), so a restart recognises its own work */
  agentId?: string;
  driver?: VirtDriver;
  /** the hosts this agent owns (default: <hostPrefix>1..<hosts> from the config) */
  hosts?: string[];
}

/**
 * One identity per host set: a restarted agent for the same hosts is the same agent, so it takes
 * back the operations it was running at once instead of waiting for their leases. Two agents must
 * therefore never own the same hosts at the same time (one agent per host set, as one
 * nova-compute per host).
 */
export function stableAgentId(hosts: string[]): string {
  const key = [...hosts].sort().join(',');
  return key.length <= 200
    ? `agent:${key}`
    : `agent:sha256:${createHash('sha256').update(key).digest('hex').slice(0, 32)}`;
}

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
  /** runtime-clock time of start(); see failWorkOfDownHosts */
  private startedAt = 0;

  constructor(
    private readonly rt: Runtime,
    opts: AgentOptions = {},
  ) {
    const c = rt.config.compute;
    this.hosts = opts.hosts ?? Array.from({ length: c.hosts }, (_, i) => `${c.hostPrefix}${i + 1}`);
    this.agentId = opts.agentId ?? stableAgentId(this.hosts);
    this.driver = opts.driver ?? new FakeDriver(rt);
    this.x = { rt, driver: this.driver, hosts: this.hosts, agentId: this.agentId };
  }

  async start(): Promise<void> {
    this.startedAt = this.rt.clock().getTime();
    await registerHosts(this.rt, this.hosts, this.agentId, this.driver.capabilities);
    await this.resync();
    await recover(this.x, this.agentId);
    this.unsubscribe = this.rt.bus.onOperationEnqueued((host) => {
      if (host === null || this.hosts.includes(host)) this.poke();
    });
    // heartbeat, lease recovery and dead hosts (another agent's crash) on a slow timer
    const c = this.rt.config.compute;
    const every = Math.max(100, Math.floor(Math.min(c.operationLeaseMs, c.hostDownAfterMs) / 3));
    this.timer = setInterval(() => {
      void this.housekeeping();
    }, every);
    this.timer.unref();
    this.loopDone = this.loop();
  }

  /**
   * Stops claiming and heartbeating; waits for the operations in flight unless drain is false
   * (an abrupt stop: they stay 'running' under this agent's id, as after a crash).
   */
  async stop(opts: { drain?: boolean } = {}): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    if (this.timer) clearInterval(this.timer);
    this.wake?.();
    await this.loopDone;
    if (opts.drain !== false) await Promise.allSettled([...this.inFlight]);
  }

  /** a restarted process may have an empty hypervisor: the driver adopts the guests the store says exist */
  private async resync(): Promise<void> {
    for (const r of await guestsOnHosts(this.rt, this.hosts))
      if (r.host) this.driver.adopt(r.host, guestSpec(r), r.power_state);
  }

  private async housekeeping(): Promise<void> {
    try {
      await heartbeat(this.rt, this.hosts);
      // renew the leases of what we are still running, so only a dead agent's work is taken over
      await renewLeases(this.rt, this.agentId);
      await recover(this.x, null);
      await this.failWorkOfDownHosts();
      // resize_confirm_window: confirm the finished resizes on our hosts nobody decided on
      await autoConfirmResizes(this.rt, this.hosts);
      // shelved_offload_time > 0: offload the servers shelved on our hosts for longer than that
      await offloadDueShelved(this.rt, this.hosts);
      this.wake?.();
    } catch (e) {
      if (!this.stopped) this.rt.log.warn({ err: e }, 'compute agent housekeeping failed');
    }
  }

  /**
   * A host whose agent stopped heartbeating for compute.hostDownAfterMs is down: its unfinished
   * operations can never run, so they are failed and settled here (server to ERROR with a fault,
   * task cleared, ports released, an Error event; a delete completes locally as Nova's API does
   * for a down compute service). Builds still being scheduled carry no host and are unaffected.
   */
  private async failWorkOfDownHosts(): Promise<void> {
    const c = this.rt.config.compute;
    // a host is judged down only by an agent that has itself been up for the whole window: after
    // an outage of the whole cloud every heartbeat is old, and the first agent back must not fail
    // the work of agents that are still starting
    if (this.rt.clock().getTime() - this.startedAt < c.hostDownAfterMs) return;
    const dead = await hostsDown(this.rt, this.hosts);
    const reason = (op: OperationRow) =>
      `Compute host ${op.host ?? ''} is down: its agent has not reported for more than ${c.hostDownAfterMs} ms, so operation ${op.kind} could not run there`;
    for (const open of await openOperationsOfHosts(this.rt, dead)) {
      if (this.stopped) return;
      try {
        // each row is settled as soon as it is taken, so a sweep cut short leaves no failed row unsettled for long
        const op = await failStaleOperation(this.rt, open, reason(open));
        if (op) await settle(this.x, op, { hostDown: true });
      } catch (e) {
        this.rt.log.error({ err: e, op: open.id }, 'operation of a down host could not be settled');
      }
    }
  }

  /**
   * The host that must run `op`, when it is not one of ours: an unbound row (scheduling, or a
   * delete of a never-scheduled server) whose instance has a host by now.
   */
  private async foreignHost(op: OperationRow): Promise<string | null> {
    if (op.host !== null) return this.hosts.includes(op.host) ? null : op.host;
    if (!op.instance_uuid) return null;
    const inst = await loadInstance(this.rt, op.instance_uuid);
    return inst?.host && !this.hosts.includes(inst.host) ? inst.host : null;
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      let claimed: OperationRow[] = [];
      try {
        claimed = await claimOperations(this.rt, { agentId: this.agentId, hosts: this.hosts, limit: CLAIM_BATCH });
      } catch (e) {
        if (this.stopped) break;
        this.rt.log.warn({ err: e }, 'compute agent could not claim operations');
      }
      for (const op of claimed) {
        const p = this.execute(op).finally(() => {
          this.inFlight.delete(p);
        });
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
      const t = setTimeout(() => {
        this.wake = null;
        resolve();
      }, ms);
      this.wake = () => {
        clearTimeout(t);
        this.wake = null;
        resolve();
      };
    });
  }

  private async execute(op: OperationRow): Promise<void> {
    try {
      const foreign = await this.foreignHost(op);
      if (foreign !== null) throw new HandBack(foreign);
      const spec = operationSpec(op.kind);
      if (!spec) throw new Error(`unknown operation kind ${op.kind}`);
      await spec.execute(this.x, op);
      await completeOperation(this.rt, op.id, this.agentId);
    } catch (e) {
      if (e instanceof HandBack) {
        await handBackOperation(this.rt, op.id, this.agentId, e.host).catch((e2: unknown) =>
          this.rt.log.warn({ err: e2, op: op.id }, 'operation could not be handed back'),
        );
        return;
      }
      // a store failure mid-operation: the lease expires and recovery retries or settles it
      if (this.stopped) return;
      this.rt.log.error({ err: e, op: op.id }, 'compute operation failed');
      try {
        if (op.attempts < this.rt.config.compute.maxOperationAttempts) await retryOperation(this.rt, op.id, 1000);
        else {
          const failed = await failOperation(this.rt, op.id, this.agentId, errorText(e));
          if (failed) await settle(this.x, failed);
        }
      } catch (e2) {
        this.rt.log.error({ err: e2, op: op.id }, 'compute operation could not be settled');
      }
    }
  }
}
