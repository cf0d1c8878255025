/**
 * Neutron's agent schedulers over the simulated agents (agent-service.ts): the dhcp_agent_scheduler
 * extension (neutron/db/agentschedulers_db.py, scheduler/dhcp_agent_scheduler.py) and the
 * l3_agent_scheduler extension (db/l3_agentschedulers_db.py, scheduler/l3_agent_scheduler.py).
 *
 * A network is scheduled onto one DHCP agent (dhcp_agents_per_network = 1) when it gets a subnet or
 * a port, as the DHCP notifier does on subnet_create_end / port_create_end; a router onto one L3
 * agent when it is created with a gateway, updated or given an interface, as the L3 notifier does
 * on routers_updated. Either goes to the lightest live, admin-up agent in its availability zone
 * hints (WeightScheduler, LeastRoutersScheduler). Admins move them by hand. Races are decided by
 * the bindings' primary key and UNIQUE(resource, binding_index).
 */
import type { Runtime } from '../../runtime.js';
import * as bindings from '../../store/repositories/agent-binding-repository.js';
import type { BindingKind } from '../../store/repositories/agent-binding-repository.js';
import * as netRepo from '../../store/repositories/network-repository.js';
import * as l3 from '../../store/repositories/l3-repository.js';
import { listAgents, showAgent, type Agent } from './agent-service.js';
import { DHCP_AGENTS_PER_NETWORK, L3_AGENTS_PER_ROUTER, vacantBindingIndex } from './agent-auto-schedule.js';
import {
  agentNotFound,
  invalidDhcpAgent,
  invalidL3Agent,
  networkHostedByDhcpAgent,
  networkNotFound,
  networkNotHostedByDhcpAgent,
  routerHostedByL3Agent,
  routerL3AgentMismatch,
  routerNotFound,
} from '../../domain/ports/network-errors.js';

const DHCP = 'DHCP agent';
const L3 = 'L3 agent';
/** a lost race on a binding index is tried again this many times before giving up quietly */
const ATTEMPTS = 5;

/** insertBinding, where a resource or agent deleted meanwhile (foreign key) is a lost race too. */
async function tryBind(rt: Runtime, kind: BindingKind, resourceId: string, agentId: string, index: number) {
  try {
    return await bindings.insertBinding(rt.store.db, kind, resourceId, agentId, index);
  } catch (err) {
    if (rt.store.adapter.isRetryableConflict(err)) return false;
    throw err;
  }
}

/** The agents of a kind hosting a resource, in binding order. */
async function hostingAgents(rt: Runtime, kind: BindingKind, resourceId: string): Promise<Agent[]> {
  const bound = await bindings.listBindings(rt.store.db, kind, { resourceIds: [resourceId] });
  if (bound.length === 0) return [];
  const agents = await listAgents(rt, { ids: bound.map((b) => b.agentId) });
  return bound.flatMap((b) => agents.filter((a) => a.row.id === b.agentId));
}

/** The ids of the resources an agent hosts; AgentNotFound for an unknown agent. */
async function hostedBy(rt: Runtime, kind: BindingKind, agentId: string): Promise<string[]> {
  await showAgent(rt, agentId);
  return (await bindings.listBindings(rt.store.db, kind, { agentIds: [agentId] })).map((b) => b.resourceId);
}

/**
 * Binds a resource to the lightest candidate unless it has its agents already. Losing the index
 * to a concurrent scheduler is fine: someone did the job (Neutron's DhcpFilter.bind says so).
 */
async function scheduleOnto(rt: Runtime, kind: BindingKind, resourceId: string, hintsJson: string): Promise<void> {
  const db = rt.store.db;
  const perResource = kind === 'dhcp' ? DHCP_AGENTS_PER_NETWORK : L3_AGENTS_PER_ROUTER;
  const bound = await bindings.listBindings(db, kind, { resourceIds: [resourceId] });
  if (bound.length >= perResource) return;
  const hints = JSON.parse(hintsJson) as string[];
  const load = await bindings.bindingCounts(db, kind);
  const candidates = (
    await listAgents(rt, { agentTypes: [kind === 'dhcp' ? DHCP : L3], adminStateUp: true, alive: true })
  )
    .filter((a) => !bound.some((b) => b.agentId === a.row.id))
    .filter((a) => hints.length === 0 || hints.includes(a.row.availability_zone))
    .sort((a, b) => (load.get(a.row.id) ?? 0) - (load.get(b.row.id) ?? 0) || a.row.host.localeCompare(b.row.host));
  const chosen = candidates[0];
  if (!chosen) return;
  const index = vacantBindingIndex(
    perResource,
    bound.map((b) => b.bindingIndex),
    false,
  );
  if (index !== null) await tryBind(rt, kind, resourceId, chosen.row.id, index);
}

/**
 * After a subnet or port is created on a network (DhcpAgentNotifyAPI._notify_agents): schedule
 * it if it has no DHCP agent. Like Neutron's after-create notification, a failure here is logged,
 * never the request's answer.
 */
export async function scheduleNetwork(rt: Runtime, networkId: string): Promise<void> {
  try {
    const network = await netRepo.findNetwork(rt.store.db, networkId);
    if (network) await scheduleOnto(rt, 'dhcp', network.id, network.availability_zone_hints);
  } catch (err) {
    rt.log.warn({ err, networkId }, 'scheduling the network onto a DHCP agent failed');
  }
}

/**
 * After a router is created with a gateway, updated or given an interface (routers_updated with
 * schedule_routers): a centralized router without an L3 agent gets one. The simulated agents run
 * in legacy mode, which never hosts a distributed router (get_l3_agent_candidates).
 */
export async function scheduleRouter(rt: Runtime, routerId: string): Promise<void> {
  try {
    const router = await l3.findRouter(rt.store.db, routerId);
    if (router && router.distributed !== 1) await scheduleOnto(rt, 'l3', router.id, router.availability_zone_hints);
  } catch (err) {
    rt.log.warn({ err, routerId }, 'scheduling the router onto an L3 agent failed');
  }
}

/** GET /networks/{id}/dhcp-agents: Neutron answers an empty list for an unknown network too. */
export const dhcpAgentsHostingNetwork = (rt: Runtime, networkId: string) => hostingAgents(rt, 'dhcp', networkId);

/** GET /agents/{id}/dhcp-networks: the network ids (AgentNotFound for an unknown agent). */
export const networksOnDhcpAgent = (rt: Runtime, agentId: string) => hostedBy(rt, 'dhcp', agentId);

/** POST /agents/{id}/dhcp-networks (add_network_to_dhcp_agent). */
export async function addNetworkToDhcpAgent(rt: Runtime, agentId: string, networkId: string): Promise<void> {
  const db = rt.store.db;
  if (!(await netRepo.findNetwork(db, networkId))) throw networkNotFound(networkId);
  const agent = await showAgent(rt, agentId);
  if (agent.row.agent_type !== DHCP || agent.row.admin_state_up !== 1) throw invalidDhcpAgent(agentId);
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const bound = await bindings.listBindings(db, 'dhcp', { resourceIds: [networkId] });
    if (bound.some((b) => b.agentId === agentId)) throw networkHostedByDhcpAgent(networkId, agentId);
    // forced: an admin may put a network on more agents than dhcp_agents_per_network
    const index = vacantBindingIndex(
      DHCP_AGENTS_PER_NETWORK,
      bound.map((b) => b.bindingIndex),
      true,
    );
    if (index !== null && (await tryBind(rt, 'dhcp', networkId, agentId, index))) return;
  }
  // a pair bound meanwhile is the conflict; otherwise the network or the agent went away under us
  const bound = await bindings.listBindings(db, 'dhcp', { resourceIds: [networkId] });
  if (bound.some((b) => b.agentId === agentId)) throw networkHostedByDhcpAgent(networkId, agentId);
  if (!(await netRepo.findNetwork(db, networkId))) throw networkNotFound(networkId);
  throw agentNotFound(agentId);
}

/** DELETE /agents/{id}/dhcp-networks/{network_id} (remove_network_from_dhcp_agent). */
export async function removeNetworkFromDhcpAgent(rt: Runtime, agentId: string, networkId: string): Promise<void> {
  await showAgent(rt, agentId);
  if (!(await bindings.deleteBinding(rt.store.db, 'dhcp', networkId, agentId)))
    throw networkNotHostedByDhcpAgent(networkId, agentId);
}

/** GET /routers/{id}/l3-agents: RouterNotFound for an unknown router. */
export async function l3AgentsHostingRouter(rt: Runtime, routerId: string): Promise<Agent[]> {
  if (!(await l3.findRouter(rt.store.db, routerId))) throw routerNotFound(routerId);
  return hostingAgents(rt, 'l3', routerId);
}

/** GET /agents/{id}/l3-routers: the router ids (AgentNotFound for an unknown agent). */
export const routersOnL3Agent = (rt: Runtime, agentId: string) => hostedBy(rt, 'l3', agentId);

/**
 * POST /agents/{id}/l3-routers (add_router_to_l3_agent): a router already on this agent is left
 * as it is (Neutron answers 201 and does nothing); on another agent it is a 409.
 */
export async function addRouterToL3Agent(rt: Runtime, agentId: string, routerId: string): Promise<void> {
  const db = rt.store.db;
  const router = await l3.findRouter(db, routerId);
  if (!router) throw routerNotFound(routerId);
  const agent = await showAgent(rt, agentId);
  if (agent.row.agent_type !== L3) throw invalidL3Agent(agentId);
  // validate_agent_router_combination: the simulated agents run in legacy mode
  if (router.distributed === 1) throw routerL3AgentMismatch(routerId, agentId);
  if (agent.row.admin_state_up !== 1) throw invalidL3Agent(agentId);
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const bound = await bindings.listBindings(db, 'l3', { resourceIds: [routerId] });
    if (bound.some((b) => b.agentId === agentId)) return;
    // check_agent_router_scheduling_needed: a centralized router has one agent
    if (bound[0]) throw routerHostedByL3Agent(routerId, bound[0].agentId);
    if (await tryBind(rt, 'l3', routerId, agentId, 1)) return;
  }
  if (!(await l3.findRouter(db, routerId))) throw routerNotFound(routerId);
  throw agentNotFound(agentId);
}

/** DELETE /agents/{id}/l3-routers/{router_id}: no error when it was not there; RouterNotFound after. */
export async function removeRouterFromL3Agent(rt: Runtime, agentId: string, routerId: string): Promise<void> {
  await showAgent(rt, agentId);
  await bindings.deleteBinding(rt.store.db, 'l3', routerId, agentId);
  if (!(await l3.findRouter(rt.store.db, routerId))) throw routerNotFound(routerId);
}
