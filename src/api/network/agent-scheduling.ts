/**
 * The agent scheduler extensions (admin only): dhcp_agent_scheduler
 * (/networks/{id}/dhcp-agents, /agents/{id}/dhcp-networks) and l3_agent_scheduler
 * (/routers/{id}/l3-agents, /agents/{id}/l3-routers). Neutron's controllers check their rule
 * against an empty target, so a member gets 403, not 404.
 */
import type { FastifyRequest } from 'fastify';
import type { NeutronRouteTarget } from '../../policy/network-rules.js';
import { visibleAttributes } from '../../policy/network-rules.js';
import type { Runtime } from '../../runtime.js';
import type { Agent } from '../../services/network/agent-service.js';
import { route, type RouteDef } from '../../http/route-table.js';
import {
  addNetworkToDhcpAgent,
  addRouterToL3Agent,
  dhcpAgentsHostingNetwork,
  l3AgentsHostingRouter,
  networksOnDhcpAgent,
  removeNetworkFromDhcpAgent,
  removeRouterFromL3Agent,
  routersOnL3Agent,
} from '../../services/network/agent-scheduling-service.js';
import { listNetworksFor } from '../../services/network/network-service.js';
import { listRoutersFor } from '../../services/network/l3-service.js';
import { requiredAttributeMissing, resourceBodyRequired } from '../../domain/ports/network-errors.js';
import { isRecord } from './request.js';
import { agentView } from './views/agents.js';
import { networkView } from './views/networks.js';
import { routerView } from './views/l3.js';
import { networkTarget } from './networks.js';

/** the rules are checked against nothing but the caller (policy.enforce(context, rule, {})) */
const adminOnly = async (): Promise<NeutronRouteTarget> => ({ target: { project_id: '' } });

/** The id a POST body names; Neutron looks up whatever it is given, so a non-string is just not found. */
function idInBody(body: unknown, key: string): string {
  if (!isRecord(body)) throw resourceBodyRequired();
  const v = body[key];
  if (v === undefined || v === null) throw requiredAttributeMissing(key);
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/**
 * One scheduler's four routes: the agents hosting a resource, the resources an agent hosts, and
 * adding or removing one (Neutron's controllers answer None, written as null, with 201).
 */
interface Scheduler {
  /** 'dhcp' or 'l3': the URL's and the policy rules' words */
  kind: string;
  /** the hosted resource's collection and id key (networks/network_id, routers/router_id) */
  resources: 'networks' | 'routers';
  idKey: string;
  /** the agents' side of the URL (dhcp-networks, l3-routers) */
  hosted: string;
  hostingAgents(rt: Runtime, resourceId: string): Promise<Agent[]>;
  hostedBy(rt: Runtime, agentId: string): Promise<string[]>;
  add(rt: Runtime, agentId: string, resourceId: string): Promise<void>;
  remove(rt: Runtime, agentId: string, resourceId: string): Promise<void>;
}

const SCHEDULERS: Scheduler[] = [
  {
    kind: 'dhcp',
    resources: 'networks',
    idKey: 'network_id',
    hosted: 'dhcp-networks',
    hostingAgents: dhcpAgentsHostingNetwork,
    hostedBy: networksOnDhcpAgent,
    add: addNetworkToDhcpAgent,
    remove: removeNetworkFromDhcpAgent,
  },
  {
    kind: 'l3',
    resources: 'routers',
    idKey: 'router_id',
    hosted: 'l3-routers',
    hostingAgents: l3AgentsHostingRouter,
    hostedBy: routersOnL3Agent,
    add: addRouterToL3Agent,
    remove: removeRouterFromL3Agent,
  },
];

export function agentSchedulingRoutes(rt: Runtime): Array<RouteDef<NeutronRouteTarget>> {
  /** the hosted resources as the caller may see them, in the collection's own view */
  const views = async (request: FastifyRequest, s: Scheduler, ids: string[]) => {
    if (ids.length === 0) return [];
    if (s.resources === 'networks')
      return (await listNetworksFor(rt, request.ctx, { ids })).map((n) =>
        visibleAttributes(request.ctx, 'network', networkTarget(n), networkView(n, n.subnetIds)),
      );
    return (await listRoutersFor(rt, request.ctx, { ids })).map((r) =>
      visibleAttributes(request.ctx, 'router', { project_id: r.project_id }, routerView(r)),
    );
  };
  return SCHEDULERS.flatMap((s) => {
    const one = s.hosted.replace(/s$/, ''); // dhcp-network, l3-router
    return [
      route({
        method: 'GET',
        url: `/${s.resources}/:resourceId/${s.kind}-agents`,
        policy: `get_${s.kind}-agents`,
        target: adminOnly,
        handler: async (request) => ({
          agents: (await s.hostingAgents(rt, request.params.resourceId)).map(agentView),
        }),
      }),
      route({
        method: 'GET',
        url: `/agents/:agentId/${s.hosted}`,
        policy: `get_${s.hosted}`,
        target: adminOnly,
        handler: async (request) => ({
          [s.resources]: await views(request, s, await s.hostedBy(rt, request.params.agentId)),
        }),
      }),
      route({
        method: 'POST',
        url: `/agents/:agentId/${s.hosted}`,
        policy: `create_${one}`,
        target: adminOnly,
        handler: async (request, reply) => {
          await s.add(rt, request.params.agentId, idInBody(request.body, s.idKey));
          // the controller returns None, which Neutron's JSON renderer writes as null
          return reply.code(201).type('application/json').send('null');
        },
      }),
      route({
        method: 'DELETE',
        url: `/agents/:agentId/${s.hosted}/:resourceId`,
        policy: `delete_${one}`,
        target: adminOnly,
        handler: async (request, reply) => {
          await s.remove(rt, request.params.agentId, request.params.resourceId);
          return reply.code(204).send();
        },
      }),
    ];
  });
}
