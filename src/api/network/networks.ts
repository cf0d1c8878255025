/** /v2.0/networks (neutron/api/v2 networks resource, with external-net, network-mtu, port-security). */
import type { FastifyRequest } from 'fastify';
import type { Runtime } from '../../runtime.js';
import type { RouteDef } from '../../http/route-table.js';
import * as repo from '../../store/repositories/network-repository.js';
import { createNetwork, deleteNetwork, getVisibleNetwork } from '../../services/network/network-service.js';
import { networkNotFound, neutronPolicy } from '../../domain/ports/network-errors.js';
import { boolFilter, httpBadRequest, optBool, optString, projectFilter, queryValues, requireAdminFor, resourceBody, selectFields } from './request.js';
import { networkView } from './views/networks.js';
import { listBody } from './paging.js';
import { networkRoot } from './extensions.js';

const CREATE_ATTRS = ['name', 'description', 'admin_state_up', 'shared', 'router:external', 'mtu', 'tenant_id', 'project_id',
  'port_security_enabled', 'availability_zone_hints'] as const;
const UPDATE_ATTRS = ['name', 'description', 'admin_state_up', 'shared', 'router:external', 'mtu', 'port_security_enabled'] as const;

function mtuOf(body: Record<string, unknown>): number | undefined {
  const v = body.mtu;
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 68 || v > 9000) {
    throw httpBadRequest(`Invalid input for mtu. Reason: '${String(v)}' is not in range 68 through 9000.`);
  }
  return v;
}

export function networkRoutes(rt: Runtime): RouteDef[] {
  const db = rt.store.db;
  const render = async (request: FastifyRequest, rows: repo.NetworkRow[]) => {
    const subnets = await repo.listSubnets(db, { networkIds: rows.map((r) => r.id) });
    return rows.map((n) => networkView(n, subnets.filter((s) => s.network_id === n.id).map((s) => s.id)));
  };
  const load = async (request: FastifyRequest) => getVisibleNetwork(db, request.ctx, (request.params as { networkId: string }).networkId);
  const requireOwner = (request: FastifyRequest, n: repo.NetworkRow, action: string) => {
    if (!request.ctx.isAdmin && n.project_id !== request.ctx.projectId) {
      // visible through shared/external but not the caller's: Neutron answers 403 for writes
      throw neutronPolicy(action);
    }
  };
  return [
    {
      method: 'GET', url: '/networks', policy: 'get_network',
      handler: async (request) => {
        const rows = await repo.listNetworks(db, {
          ids: queryValues(request, 'id'), names: queryValues(request, 'name'), projectIds: projectFilter(request),
          shared: boolFilter(request, 'shared'), routerExternal: boolFilter(request, 'router:external'),
          statuses: queryValues(request, 'status'), visibleTo: request.ctx.isAdmin ? null : request.ctx.projectId ?? '',
        });
        const adminState = boolFilter(request, 'admin_state_up');
        const filtered = adminState === undefined ? rows : rows.filter((r) => r.admin_state_up === adminState);
        return listBody(request, 'networks', `${networkRoot(rt, request)}/v2.0/networks`, await render(request, filtered), networkNotFound);
      },
    },
    {
      method: 'GET', url: '/networks/:networkId', policy: 'get_network',
      handler: async (request) => ({ network: selectFields(request, (await render(request, [await load(request)]))[0]) }),
    },
    {
      method: 'POST', url: '/networks', policy: 'create_network',
      handler: async (request, reply) => {
        const b = resourceBody(request, 'network', CREATE_ATTRS);
        requireAdminFor(request, 'create_network', b, ['shared', 'router:external']);
        const owner = optString(b, 'project_id') ?? optString(b, 'tenant_id');
        if (owner !== undefined && owner !== request.ctx.projectId && !request.ctx.isAdmin) throw neutronPolicy('create_network');
        const n = await createNetwork(db, {
          projectId: owner ?? request.ctx.projectId ?? '', name: optString(b, 'name'), description: optString(b, 'description'),
          shared: optBool(b, 'shared'), routerExternal: optBool(b, 'router:external'), adminStateUp: optBool(b, 'admin_state_up'), mtu: mtuOf(b),
          portSecurityEnabled: optBool(b, 'port_security_enabled'),
        });
        reply.code(201);
        return { network: selectFields(request, (await render(request, [n]))[0]) };
      },
    },
    {
      method: 'PUT', url: '/networks/:networkId', policy: 'update_network',
      handler: async (request) => {
        const n = await load(request);
        const b = resourceBody(request, 'network', UPDATE_ATTRS);
        requireOwner(request, n, 'update_network');
        requireAdminFor(request, 'update_network', b, ['shared', 'router:external']);
        const patch: Partial<repo.NetworkRow> = { updated_at: new Date().toISOString() };
        const name = optString(b, 'name'); if (name !== undefined) patch.name = name;
        const description = optString(b, 'description'); if (description !== undefined) patch.description = description;
        const adminUp = optBool(b, 'admin_state_up'); if (adminUp !== undefined) patch.admin_state_up = adminUp ? 1 : 0;
        const shared = optBool(b, 'shared'); if (shared !== undefined) patch.shared = shared ? 1 : 0;
        const ext = optBool(b, 'router:external'); if (ext !== undefined) patch.router_external = ext ? 1 : 0;
        const mtu = mtuOf(b); if (mtu !== undefined) patch.mtu = mtu;
        const ps = optBool(b, 'port_security_enabled'); if (ps !== undefined) patch.port_security_enabled = ps ? 1 : 0;
        await repo.updateNetwork(db, n.id, patch);
        const updated = await repo.findNetwork(db, n.id);
        if (!updated) throw networkNotFound(n.id);
        return { network: selectFields(request, (await render(request, [updated]))[0]) };
      },
    },
    {
      method: 'DELETE', url: '/networks/:networkId', policy: 'delete_network',
      handler: async (request, reply) => {
        const n = await load(request);
        requireOwner(request, n, 'delete_network');
        await deleteNetwork(rt.store, n.id);
        return reply.code(204).send();
      },
    },
  ];
}
