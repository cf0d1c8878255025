/**
 * Neutron's agents (neutron/db/agents_db.py), simulated: one DHCP agent and one L3 agent on every
 * compute host the store knows. They register when first read (as a real agent does at its first
 * report_state), heartbeat with their host (alive within Neutron's agent_down_time, 75 s), and a
 * deleted agent comes back under a new id once its host heartbeats again, as a running agent
 * re-registers. Availability zones (GET /availability_zones) are derived from them as Neutron
 * derives them.
 */
import type { Runtime } from '../../runtime.js';
import type { DbOrTrx } from '../../store/database.js';
import * as repo from '../../store/repositories/network-agent-repository.js';
import type { NetworkAgentRow } from '../../store/repositories/network-agent-repository.js';
import { listComputeHosts } from '../../store/repositories/usage-queries.js';
import { agentNotFound, availabilityZoneNotFound } from '../../domain/ports/network-errors.js';
import { newUuid } from '../../lib/ids.js';
import { deleteAgentBindings } from '../../store/repositories/agent-binding-repository.js';
import { autoScheduleOnto } from './agent-auto-schedule.js';

export type { NetworkAgentRow } from '../../store/repositories/network-agent-repository.js';

/** neutron.conf agent_down_time's default */
export const AGENT_DOWN_TIME_MS = 75_000;

/** the agent kinds stackbox simulates: Neutron's type names, binaries and RPC topics */
export const AGENT_KINDS = [
  { type: 'DHCP agent', binary: 'neutron-dhcp-agent', topic: 'dhcp_agent', resource: 'network' },
  { type: 'L3 agent', binary: 'neutron-l3-agent', topic: 'l3_agent', resource: 'router' },
] as const;

export interface Agent {
  row: NetworkAgentRow;
  heartbeat: string;
  alive: boolean;
  configurations: Record<string, unknown>;
}

/** Registers the agents of every known host (and revives deleted ones whose host heartbeated since). */
async function register(db: DbOrTrx): Promise<{ rows: NetworkAgentRow[]; heartbeats: Map<string, string> }> {
  const hosts = await listComputeHosts(db);
  const heartbeats = new Map<string, string>();
  const zones = new Map<string, string>();
  for (const h of hosts) {
    if ((heartbeats.get(h.host) ?? '') < h.last_seen_at) heartbeats.set(h.host, h.last_seen_at);
    if (!zones.has(h.host)) zones.set(h.host, h.availability_zone);
  }
  let rows = await repo.allAgents(db);
  // the (type, host) of each agent that starts now: it takes what no agent hosts yet
  const started: Array<{ type: string; host: string }> = [];
  for (const [host, seen] of heartbeats) {
    for (const k of AGENT_KINDS) {
      const row = rows.find((r) => r.host === host && r.agent_type === k.type);
      if (!row) {
        await repo.registerAgent(db, {
          id: newUuid(),
          agent_type: k.type,
          binary: k.binary,
          topic: k.topic,
          host,
          availability_zone: zones.get(host) ?? 'nova',
          description: null,
          created_at: seen,
          started_at: seen,
          deleted_at: null,
        });
        started.push({ type: k.type, host });
      } else if (row.deleted_at !== null && seen > row.deleted_at) {
        await repo.reviveAgent(db, row.id, row.deleted_at, newUuid(), seen);
        started.push({ type: k.type, host });
      }
    }
  }
  if (started.length > 0) {
    rows = await repo.allAgents(db);
    for (const s of started) {
      const row = rows.find((r) => r.host === s.host && r.agent_type === s.type && r.deleted_at === null);
      if (row) await autoScheduleOnto(db, row);
    }
  }
  return { rows: rows.filter((r) => r.deleted_at === null), heartbeats };
}

async function build(rt: Runtime, db: DbOrTrx): Promise<Agent[]> {
  const { rows, heartbeats } = await register(db);
  const load = await repo.agentLoad(db);
  const now = rt.clock().getTime();
  return rows.map((row) => {
    const heartbeat = heartbeats.get(row.host) ?? row.started_at;
    const alive = now - Date.parse(heartbeat) <= AGENT_DOWN_TIME_MS;
    const configurations: Record<string, unknown> =
      row.agent_type === 'DHCP agent'
        ? {
            dhcp_driver: 'neutron.agent.linux.dhcp.Dnsmasq',
            dhcp_lease_duration: 86400,
            log_agent_heartbeats: false,
            networks: load.networks,
            notifies_port_ready: true,
            ports: load.ports,
            subnets: load.subnets,
          }
        : {
            agent_mode: 'legacy',
            ex_gw_ports: load.gateways,
            floating_ips: load.floatingIps,
            handle_internal_only_routers: true,
            interface_driver: 'openvswitch',
            interfaces: load.interfaces,
            log_agent_heartbeats: false,
            routers: load.routers,
          };
    return { row, heartbeat, alive, configurations };
  });
}

export interface AgentQuery {
  ids?: string[];
  agentTypes?: string[];
  binaries?: string[];
  topics?: string[];
  hosts?: string[];
  descriptions?: string[];
  /** 'true' / 'false' as given */
  alive?: boolean;
  adminStateUp?: boolean;
  availabilityZones?: string[];
}

const pick = (values: string[] | undefined, v: string | null) => values === undefined || values.includes(v ?? '');

export async function listAgents(rt: Runtime, q: AgentQuery = {}): Promise<Agent[]> {
  const all = await build(rt, rt.store.db);
  return all.filter(
    (a) =>
      pick(q.ids, a.row.id) &&
      pick(q.agentTypes, a.row.agent_type) &&
      pick(q.binaries, a.row.binary) &&
      pick(q.topics, a.row.topic) &&
      pick(q.hosts, a.row.host) &&
      pick(q.descriptions, a.row.description) &&
      pick(q.availabilityZones, a.row.availability_zone) &&
      (q.alive === undefined || a.alive === q.alive) &&
      (q.adminStateUp === undefined || (a.row.admin_state_up === 1) === q.adminStateUp),
  );
}

export async function showAgent(rt: Runtime, id: string): Promise<Agent> {
  const [a] = await listAgents(rt, { ids: [id] });
  if (!a) throw agentNotFound(id);
  return a;
}

/** PUT /agents/{id}: admin_state_up and description only. */
export async function updateAgent(
  rt: Runtime,
  id: string,
  c: { adminStateUp?: boolean; description?: string | null },
): Promise<Agent> {
  await showAgent(rt, id);
  const patch: { admin_state_up?: number; description?: string | null } = {};
  if (c.adminStateUp !== undefined) patch.admin_state_up = c.adminStateUp ? 1 : 0;
  if (c.description !== undefined) patch.description = c.description;
  if (Object.keys(patch).length > 0 && !(await repo.updateAgent(rt.store.db, id, patch))) throw agentNotFound(id);
  return showAgent(rt, id);
}

/** DELETE /agents/{id}: the agent's networks and routers are left without it, as Neutron's cascade does. */
export async function deleteAgent(rt: Runtime, id: string): Promise<void> {
  await showAgent(rt, id);
  await rt.store.transaction(async (trx) => {
    if (!(await repo.softDeleteAgent(trx, id, rt.clock().toISOString()))) throw agentNotFound(id);
    await deleteAgentBindings(trx, id);
  });
}

export interface AvailabilityZone {
  name: string;
  resource: string;
  state: 'available' | 'unavailable';
}

/** Neutron's _list_availability_zones: per (zone, resource), available when an agent there is admin-up. */
export async function listAvailabilityZones(rt: Runtime): Promise<AvailabilityZone[]> {
  const result = new Map<string, AvailabilityZone>();
  for (const a of await listAgents(rt)) {
    const kind = AGENT_KINDS.find((k) => k.type === a.row.agent_type);
    if (!kind || !a.row.availability_zone) continue;
    const key = `${a.row.availability_zone}\u0000${kind.resource}`;
    const up = a.row.admin_state_up === 1 || result.get(key)?.state === 'available';
    result.set(key, {
      name: a.row.availability_zone,
      resource: kind.resource,
      state: up ? 'available' : 'unavailable',
    });
  }
  return [...result.values()];
}

/**
 * availability_zone_hints of a new network or router: each must name a zone of that resource
 * (Neutron's validate_availability_zones: 404 AvailabilityZoneNotFound otherwise).
 */
export async function validateAvailabilityZoneHints(
  rt: Runtime,
  resource: 'network' | 'router',
  hints: string[] | undefined,
): Promise<void> {
  if (!hints || hints.length === 0) return;
  const zones = (await listAvailabilityZones(rt)).filter((z) => z.resource === resource).map((z) => z.name);
  const missing = hints.find((h) => !zones.includes(h));
  if (missing !== undefined) throw availabilityZoneNotFound(missing);
}

/** The zones a network or router is served in: those of the admin-up agents of its kind, within its hints. */
export async function servingZones(rt: Runtime, resource: 'network' | 'router', hints: string[]): Promise<string[]> {
  const zones = (await listAvailabilityZones(rt))
    .filter((z) => z.resource === resource && z.state === 'available')
    .map((z) => z.name);
  return [...new Set(zones)].filter((z) => hints.length === 0 || hints.includes(z)).sort();
}
