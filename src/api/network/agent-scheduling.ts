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

export function agentSchedulingRoutes(rt: Runtime): Array<RouteDef<NeutronRouteTarget>> {
  const networks = async (request: FastifyRequest, ids: string[]) =>
    ids.length === 0
      ? []
      : (await listNetworksFor(rt, request.ctx, { ids })).map((n) =>
          visibleAttributes(request.ctx, 'network', networkTarget(n), networkView(n, n.subnetIds)),
        );
  const routers = async (request: FastifyRequest, ids: string[]) =>
    ids.length === 0
      ? []
      : (await listRoutersFor(rt, request.ctx, { ids })).map((r) =>
          visibleAttributes(request.ctx, 'router', { project_id: r.project_id }, routerView(r)),
        );
  return [
    route({
      method: 'GET',
      url: '/networks/:networkId/dhcp-agents',
      policy: 'get_dhcp-agents',
      target: adminOnly,
      handler: async (request) => ({
        agents: (await dhcpAgentsHostingNetwork(rt, request.params.networkId)).map(agentView),
      }),
    }),
    route({
      method: 'GET',
      url: '/agents/:agentId/dhcp-networks',
      policy: 'get_dhcp-networks',
      target: adminOnly,
      handler: async (request) => ({
        networks: await networks(request, await networksOnDhcpAgent(rt, request.params.agentId)),
      }),
    }),
    route({
      method: 'POST',
      url: '/agents/:agentId/dhcp-networks',
      policy: 'create_dhcp-network',
      target: adminOnly,
      handler: async (request, reply) => {
        await addNetworkToDhcpAgent(rt, request.params.agentId, idInBody(request.body, 'network_id'));
        // the controller returns None, which Neutron's JSON renderer writes as null
        return reply.code(201).type('application/json').send('null');
      },
    }),
    route({
      method: 'DELETE',
      url: '/agents/:agentId/dhcp-networks/:networkId',
      policy: 'delete_dhcp-network',
      target: adminOnly,
      handler: async (request, reply) => {
        await removeNetworkFromDhcpAgent(rt, request.params.agentId, request.params.networkId);
        return reply.code(204).send();
      },
    }),
    route({
      method: 'GET',
      url: '/routers/:routerId/l3-agents',
      policy: 'get_l3-agents',
      target: adminOnly,
      handler: async (request) => ({
        agents: (await l3AgentsHostingRouter(rt, request.params.routerId)).map(agentView),
      }),
    }),
    route({
      method: 'GET',
      url: '/agents/:agentId/l3-routers',
      policy: 'get_l3-routers',
      target: adminOnly,
      handler: async (request) => ({
        routers: await routers(request, await routersOnL3Agent(rt, request.params.agentId)),
      }),
    }),
    route({
      method: 'POST',
      url: '/agents/:agentId/l3-routers',
      policy: 'create_l3-router',
      target: adminOnly,
      handler: async (request, reply) => {
        await addRouterToL3Agent(rt, request.params.agentId, idInBody(request.body, 'router_id'));
        return reply.code(201).type('application/json').send('null');
      },
    }),
    route({
      method: 'DELETE',
      url: '/agents/:agentId/l3-routers/:routerId',
      policy: 'delete_l3-router',
      target: adminOnly,
      handler: async (request, reply) => {
        await removeRouterFromL3Agent(rt, request.params.agentId, request.params.routerId);
        return reply.code(204).send();
      },
    }),
  ];
}
