/**
 * The part of Neutron's agent schedulers that needs nothing but the store: binding indexes
 * (neutron/scheduler/base_scheduler.py get_vacant_binding_index) and what an agent takes when it
 * starts (auto_schedule_networks / auto_schedule_routers: every resource still without an agent).
 * agent-service.ts calls the latter when it registers an agent; agent-scheduling-service.ts holds
 * the rest of the rules.
 */
import type { DbOrTrx } from '../../store/database.js';
import type { NetworkAgentRow } from '../../store/repositories/network-agent-repository.js';
import * as bindings from '../../store/repositories/agent-binding-repository.js';

/** neutron.conf dhcp_agents_per_network's default */
export const DHCP_AGENTS_PER_NETWORK = 1;
/** a centralized, non-HA router lives on one L3 agent */
export const L3_AGENTS_PER_ROUTER = 1;

/**
 * The lowest free index in 1..slots; past that, only for a manual binding (force), the next one
 * (Neutron lets an admin exceed dhcp_agents_per_network by hand). Null: no room.
 */
export function vacantBindingIndex(slots: number, taken: number[], force: boolean): number | null {
  for (let i = 1; i <= slots; i++) if (!taken.includes(i)) return i;
  if (!force) return null;
  for (let i = 1; ; i++) if (!taken.includes(i)) return i;
}

const withinHints = (hintsJson: string, zone: string) => {
  const hints = JSON.parse(hintsJson) as string[];
  return hints.length === 0 || hints.includes(zone);
};

/** A DHCP or L3 agent that has just registered takes what no agent hosts yet (index 1: none had one). */
export async function autoScheduleOnto(db: DbOrTrx, agent: NetworkAgentRow): Promise<void> {
  if (agent.admin_state_up !== 1) return;
  if (agent.agent_type === 'DHCP agent') {
    for (const n of await bindings.unhostedDhcpNetworks(db))
      if (withinHints(n.availability_zone_hints, agent.availability_zone))
        await bindings.insertBinding(db, 'dhcp', n.id, agent.id, 1);
  } else if (agent.agent_type === 'L3 agent') {
    for (const r of await bindings.unhostedRouters(db))
      if (withinHints(r.availability_zone_hints, agent.availability_zone))
        await bindings.insertBinding(db, 'l3', r.id, agent.id, 1);
  }
}
