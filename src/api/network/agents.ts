/** /v2.0/agents (agent extension; admin only): the simulated DHCP and L3 agents of the compute hosts. */
import { neutronAllowed, type NeutronRouteTarget } from '../../policy/network-rules.js';
import type { Runtime } from '../../runtime.js';
import { route, type RouteDef } from '../../http/route-table.js';
import { deleteAgent, listAgents, showAgent, updateAgent } from '../../services/network/agent-service.js';
import { agentNotFound, resourceNotFound } from '../../domain/ports/network-errors.js';
import { optBool, optString, queryValues, resourceBody, selectFields, toBool, type HasQuery } from './request.js';
import { agentView } from './views/agents.js';
import { listBody } from './paging.js';
import { networkRoot } from './extensions.js';

const UPDATE_ATTRS = ['admin_state_up', 'description'] as const;

const boolQuery = (request: HasQuery, name: string): boolean | undefined => {
  const v = queryValues(request, name)?.at(-1);
  return v === undefined ? undefined : toBool(v, name);
};

/** the rules are admin-only; Neutron hides what a caller may not read rather than refusing */
const admin = (request: { ctx: Parameters<typeof neutronAllowed>[0] }, rule: string) =>
  neutronAllowed(request.ctx, rule, { project_id: '' });

/**
 * A write a non-admin may not make: Neutron's policy hook loads the agent first (AgentNotFound
 * when there is none) and only then hides the refusal as webob's plain 404.
 */
async function hidden(rt: Runtime, id: string): Promise<never> {
  await showAgent(rt, id);
  throw resourceNotFound();
}

export function agentRoutes(rt: Runtime): Array<RouteDef<NeutronRouteTarget>> {
  return [
    route({
      method: 'GET',
      url: '/agents',
      policy: 'get_agent',
      handler: async (request) => {
        const rows = admin(request, 'get_agent')
          ? await listAgents(rt, {
              ids: queryValues(request, 'id'),
              agentTypes: queryValues(request, 'agent_type'),
              binaries: queryValues(request, 'binary'),
              topics: queryValues(request, 'topic'),
              hosts: queryValues(request, 'host'),
              descriptions: queryValues(request, 'description'),
              availabilityZones: queryValues(request, 'availability_zone'),
              alive: boolQuery(request, 'alive'),
              adminStateUp: boolQuery(request, 'admin_state_up'),
            })
          : [];
        return listBody(
          request,
          'agents',
          `${networkRoot(rt, request)}/v2.0/agents`,
          rows.map(agentView),
          agentNotFound,
        );
      },
    }),
    route({
      method: 'GET',
      url: '/agents/:agentId',
      policy: 'get_agent',
      handler: async (request) => {
        if (!admin(request, 'get_agent')) throw resourceNotFound();
        return { agent: selectFields(request, agentView(await showAgent(rt, request.params.agentId))) };
      },
    }),
    route({
      method: 'PUT',
      url: '/agents/:agentId',
      policy: 'update_agent',
      handler: async (request) => {
        if (!admin(request, 'update_agent')) await hidden(rt, request.params.agentId);
        const b = resourceBody(request.body, 'agent', UPDATE_ATTRS);
        const description = b.description === null ? null : optString(b, 'description');
        const a = await updateAgent(rt, request.params.agentId, {
          adminStateUp: optBool(b, 'admin_state_up'),
          description,
        });
        return { agent: selectFields(request, agentView(a)) };
      },
    }),
    route({
      method: 'DELETE',
      url: '/agents/:agentId',
      policy: 'delete_agent',
      handler: async (request, reply) => {
        if (!admin(request, 'delete_agent')) await hidden(rt, request.params.agentId);
        await deleteAgent(rt, request.params.agentId);
        return reply.code(204).send();
      },
    }),
  ];
}
