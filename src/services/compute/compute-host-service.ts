/**
 * Compute hosts as their agents see them: registration at start, the heartbeat, which hosts are
 * down (their agent stopped heartbeating), and the scheduler's pick among an agent's hosts.
 */
import { randomUUID } from 'node:crypto';
import type { Runtime } from '../../runtime.js';
import type { DbOrTrx } from '../../store/database.js';
import { downHosts, heartbeatHosts } from '../../store/repositories/compute-host-repository.js';
import { usageByHost } from '../../store/repositories/instance-repository.js';

/** registers (or re-registers) the agent's hosts as up, with the capabilities of its driver */
export async function registerHosts(
  rt: Runtime,
  hosts: string[],
  agentId: string,
  capabilities: object,
): Promise<void> {
  const c = rt.config.compute;
  const db = rt.store.db;
  const caps = JSON.stringify(capabilities);
  for (const host of hosts) {
    const now = rt.clock().toISOString();
    const updated = await db
      .updateTable('compute_hosts')
      .set({ agent_id: agentId, last_seen_at: now, state: 'up', capabilities: caps })
      .where('host', '=', host)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) > 0) continue;
    // seq is Nova's small integer hypervisor id: the next free one, retried if another agent took it
    for (let attempt = 0; attempt < 20; attempt++) {
      const { max } = await db
        .selectFrom('compute_hosts')
        .select((eb) => eb.fn.max('seq').as('max'))
        .executeTakeFirstOrThrow();
      const seq = Number(max ?? 0) + 1;
      try {
        await db
          .insertInto('compute_hosts')
          .values({
            id: randomUUID(),
            seq,
            host,
            node: host,
            availability_zone: c.availabilityZone,
            hypervisor_type: 'fake',
            host_ip: `192.168.1.${((seq - 1) % 254) + 1}`,
            vcpus: c.hostVcpus,
            memory_mb: c.hostMemoryMb,
            local_gb: c.hostDiskGb,
            status: 'enabled',
            state: 'up',
            disabled_reason: null,
            agent_id: agentId,
            last_seen_at: now,
            created_at: now,
            capabilities: caps,
          })
          .execute();
        break;
      } catch (e) {
        if (!rt.store.adapter.isUniqueViolation(e)) throw e;
        // either the seq or the node was taken meanwhile; if the node now exists, it is registered
        const exists = await db.selectFrom('compute_hosts').select('id').where('node', '=', host).executeTakeFirst();
        if (exists) break;
      }
    }
  }
}

export const heartbeat = (rt: Runtime, hosts: string[]): Promise<void> =>
  heartbeatHosts(rt.store.db, hosts, rt.clock().toISOString());

/**
 * Hosts other than `mine` whose agent has not heartbeated for compute.hostDownAfterMs (Nova's
 * service_down_time); they are marked 'down' on the way.
 */
export function hostsDown(rt: Runtime, mine: string[]): Promise<string[]> {
  const cutoff = new Date(rt.clock().getTime() - rt.config.compute.hostDownAfterMs).toISOString();
  return downHosts(rt.store.db, cutoff, mine);
}

export interface HostPick {
  host: string;
  node: string;
  az: string;
}

/** what a server group adds to a pick (services/compute/group-placement.ts) */
export interface PickConstraints {
  /** read through this (the caller's transaction) instead of the store */
  db?: DbOrTrx;
  /** the (anti-)affinity filters: false drops the host */
  allow?: (host: string) => boolean;
  /** the soft-(anti-)affinity weighers: a higher weight wins before free RAM is compared */
  weight?: (host: string) => number;
}

/**
 * The filter scheduler over `hosts`: enabled, in the requested zone, with room for the flavor;
 * RAMWeigher spreads onto the host with the most free memory. null: no valid host.
 */
export async function pickHost(
  rt: Runtime,
  hosts: string[],
  inst: { vcpus: number; memory_mb: number; root_gb: number; requested_availability_zone: string | null },
  constraints: PickConstraints = {},
): Promise<HostPick | null> {
  const db = constraints.db ?? rt.store.db;
  const allow = constraints.allow ?? (() => true);
  const weight = constraints.weight ?? (() => 0);
  // ComputeFilter: a service disabled or forced down through os-services takes no new builds
  let q = db
    .selectFrom('compute_hosts')
    .selectAll()
    .where('host', 'in', hosts)
    .where('status', '=', 'enabled')
    .where('forced_down', '=', 0);
  if (inst.requested_availability_zone) q = q.where('availability_zone', '=', inst.requested_availability_zone);
  const rows = await q.orderBy('seq').execute();
  const used = await usageByHost(db);
  let best: (HostPick & { freeRam: number; weight: number }) | null = null;
  for (const h of rows) {
    const u = used.get(h.host) ?? { vcpus: 0, ram: 0, disk: 0 };
    const free = { vcpus: h.vcpus - u.vcpus, ram: h.memory_mb - u.ram, disk: h.local_gb - u.disk };
    if (free.vcpus < inst.vcpus || free.ram < inst.memory_mb || free.disk < inst.root_gb) continue;
    if (!allow(h.host)) continue;
    const w = weight(h.host);
    if (!best || w > best.weight || (w === best.weight && free.ram > best.freeRam))
      best = { host: h.host, node: h.node, az: h.availability_zone, freeRam: free.ram, weight: w };
  }
  return best && { host: best.host, node: best.node, az: best.az };
}

/** a compute host's row by its name (undefined: no such host) */
export const findHost = (db: DbOrTrx, host: string) =>
  db.selectFrom('compute_hosts').selectAll().where('host', '=', host).executeTakeFirst();

/**
 * The scheduler's answer for a move (cold or live migration, evacuation): among the hosts the
 * source host's agent drives (an agent can only hand a guest to a hypervisor it runs), up and
 * not the source, the one pickHost chooses; `target` (a host the request named) narrows the
 * candidates to it. null: no valid host.
 */
export async function pickMoveDestination(
  rt: Runtime,
  db: DbOrTrx,
  inst: {
    host: string | null;
    vcpus: number;
    memory_mb: number;
    root_gb: number;
    requested_availability_zone: string | null;
  },
  target?: string | null,
  /** an evacuation: any agent's host (the destination's agent rebuilds it; the source is down) */
  anyAgent = false,
): Promise<HostPick | null> {
  const source = inst.host && !anyAgent ? await findHost(db, inst.host) : undefined;
  const cutoff = new Date(rt.clock().getTime() - rt.config.compute.hostDownAfterMs).toISOString();
  let q = db.selectFrom('compute_hosts').select('host').where('state', '=', 'up').where('last_seen_at', '>=', cutoff);
  if (source?.agent_id) q = q.where('agent_id', '=', source.agent_id);
  else if (source) q = q.where('agent_id', 'is', null);
  if (inst.host) q = q.where('host', '!=', inst.host);
  if (target) q = q.where('host', '=', target);
  const hosts = (await q.execute()).map((r) => r.host);
  if (!hosts.length) return null;
  // a host named by the request bypasses the zone the server asked for (as Nova's RequestSpec does)
  return pickHost(rt, hosts, target ? { ...inst, requested_availability_zone: null } : inst, { db });
}

/** servicegroup_api.service_is_up of a compute host: heartbeating and not forced down */
export async function hostIsUp(rt: Runtime, db: DbOrTrx, host: string): Promise<boolean> {
  const h = await findHost(db, host);
  if (!h) return false;
  const cutoff = rt.clock().getTime() - rt.config.compute.hostDownAfterMs;
  return !h.forced_down && h.state === 'up' && Date.parse(h.last_seen_at) >= cutoff;
}
