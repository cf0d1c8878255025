/**
 * SQL for the agent scheduler bindings (migration 0036): networks on DHCP agents, routers on L3
 * agents. Both tables have the same shape, so each query names the table and its resource column.
 */
import type { DbOrTrx } from '../database.js';

export type BindingKind = 'dhcp' | 'l3';

const TABLES = {
  dhcp: { table: 'network_dhcp_agent_bindings', column: 'network_id' },
  l3: { table: 'router_l3_agent_bindings', column: 'router_id' },
} as const;

export interface Binding {
  resourceId: string;
  agentId: string;
  bindingIndex: number;
}

/** The bindings of some resources or of some agents (deleted agents' bindings are gone with them). */
export async function listBindings(
  db: DbOrTrx,
  kind: BindingKind,
  f: { resourceIds?: string[]; agentIds?: string[] },
): Promise<Binding[]> {
  const { table, column } = TABLES[kind];
  if (f.resourceIds?.length === 0 || f.agentIds?.length === 0) return [];
  let q = db.selectFrom(table).select([`${column} as resource_id`, 'agent_id', 'binding_index']);
  if (f.resourceIds) q = q.where(column, 'in', f.resourceIds);
  if (f.agentIds) q = q.where('agent_id', 'in', f.agentIds);
  const rows = await q.orderBy('binding_index').execute();
  return rows.map((r) => ({
    resourceId: String(r.resource_id),
    agentId: r.agent_id,
    bindingIndex: Number(r.binding_index),
  }));
}

/**
 * Inserts a binding unless the pair or the index is already taken (by a concurrent request too):
 * false when nothing was inserted, and the caller looks at what won.
 */
export async function insertBinding(
  db: DbOrTrx,
  kind: BindingKind,
  resourceId: string,
  agentId: string,
  bindingIndex: number,
): Promise<boolean> {
  const { table, column } = TABLES[kind];
  const values =
    column === 'network_id'
      ? { network_id: resourceId, agent_id: agentId, binding_index: bindingIndex }
      : { router_id: resourceId, agent_id: agentId, binding_index: bindingIndex };
  const r = await db
    .insertInto(table)
    .values(values)
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function deleteBinding(
  db: DbOrTrx,
  kind: BindingKind,
  resourceId: string,
  agentId: string,
): Promise<boolean> {
  const { table, column } = TABLES[kind];
  const r = await db
    .deleteFrom(table)
    .where(column, '=', resourceId)
    .where('agent_id', '=', agentId)
    .executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** A deleted agent's bindings go with it (Neutron deletes the agent row, cascading). */
export async function deleteAgentBindings(db: DbOrTrx, agentId: string): Promise<void> {
  for (const { table } of Object.values(TABLES)) await db.deleteFrom(table).where('agent_id', '=', agentId).execute();
}

/** How many resources each agent hosts (the weight Neutron's schedulers choose the lightest by). */
export async function bindingCounts(db: DbOrTrx, kind: BindingKind): Promise<Map<string, number>> {
  const { table } = TABLES[kind];
  const rows = await db
    .selectFrom(table)
    .select((eb) => ['agent_id', eb.fn.countAll<number | string>().as('n')])
    .groupBy('agent_id')
    .execute();
  return new Map(rows.map((r) => [r.agent_id, Number(r.n)]));
}

/**
 * Networks an agent starting up takes (auto_schedule_networks): those with a DHCP-enabled subnet
 * and no DHCP agent yet, with their availability zone hints.
 */
export const unhostedDhcpNetworks = (db: DbOrTrx) =>
  db
    .selectFrom('networks')
    .select(['id', 'availability_zone_hints'])
    .where('id', 'in', db.selectFrom('subnets').select('network_id').where('enable_dhcp', '=', 1))
    .where('id', 'not in', db.selectFrom('network_dhcp_agent_bindings').select('network_id'))
    .orderBy('created_at')
    .execute();

/** Routers an L3 agent starting up takes (auto_schedule_routers): centralized ones with no agent yet. */
export const unhostedRouters = (db: DbOrTrx) =>
  db
    .selectFrom('routers')
    .select(['id', 'availability_zone_hints'])
    .where('distributed', '=', 0)
    .where('id', 'not in', db.selectFrom('router_l3_agent_bindings').select('router_id'))
    .orderBy('created_at')
    .execute();

/**
 * The zones of the agents hosting each resource (get_network_availability_zones /
 * get_router_availability_zones: the hosting agents' zones), sorted.
 */
export async function hostingZones(
  db: DbOrTrx,
  kind: BindingKind,
  resourceIds: string[],
): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  const bound = await listBindings(db, kind, { resourceIds });
  if (bound.length === 0) return out;
  const agents = await db
    .selectFrom('network_agents')
    .select(['id', 'availability_zone'])
    .where('id', 'in', [...new Set(bound.map((b) => b.agentId))])
    .where('deleted_at', 'is', null)
    .execute();
  for (const b of bound) {
    const zone = agents.find((a) => a.id === b.agentId)?.availability_zone;
    if (zone === undefined) continue;
    const zones = out.get(b.resourceId) ?? [];
    if (!zones.includes(zone)) zones.push(zone);
    out.set(b.resourceId, zones.sort());
  }
  return out;
}
