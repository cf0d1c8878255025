/** /v2.0/routers (router, ext-gw-mode, extraroute) with add/remove_router_interface. */
import type { FastifyRequest } from 'fastify';
import type { Runtime } from '../../runtime.js';
import { route, type RouteDef } from '../../http/route-table.js';
import {
  addRouterInterfaceFor,
  createRouterFor,
  deleteRouterFor,
  listRoutersFor,
  removeRouterInterfaceFor,
  showRouter,
  updateRouterFor,
  type GatewaySpec,
  type Route,
  type Router,
} from '../../services/network/l3-service.js';
import { invalidAttribute, resourceBodyRequired, routerNotFound } from '../../domain/ports/network-errors.js';
import { visibleAttributes, type NeutronRouteTarget, type SetAttribute } from '../../policy/network-rules.js';
import { perRequest } from '../../http/request-memo.js';
import {
  azHints,
  ifMatchRevision,
  isRecord,
  optBool,
  optString,
  projectFilter,
  queryValues,
  requireOwnProject,
  resourceBody,
  STANDARD_READ_ONLY,
  updateBody,
  selectFields,
} from './request.js';
import { routerView } from './views/l3.js';
import { listBody } from './paging.js';
import { taggedList, withTagsOne } from './tags.js';
import { networkRoot } from './extensions.js';

const UPDATE_ATTRS = [
  'name',
  'description',
  'admin_state_up',
  'external_gateway_info',
  'routes',
  'distributed',
  'ha',
] as const;
const CREATE_ATTRS = [
  ...UPDATE_ATTRS.filter((a) => a !== 'routes'),
  'availability_zone_hints',
  'tenant_id',
  'project_id',
] as const;

/** what Neutron's router attribute map (with its extensions) shows but no PUT may change */
const READ_ONLY = [...STANDARD_READ_ONLY, 'status', 'availability_zones', 'availability_zone_hints', 'tags'];
const GW_KEYS = ['network_id', 'enable_snat', 'external_fixed_ips'];

/** external_gateway_info: null or {} removes the gateway; otherwise network_id is required. */
function gateway(v: unknown): GatewaySpec | null | undefined {
  if (v === undefined) return undefined;
  if (v === null) return null;
  if (!isRecord(v)) throw invalidAttribute('external_gateway_info', `'${JSON.stringify(v)}' is not a dictionary`);
  if (Object.keys(v).length === 0) return null;
  const extra = Object.keys(v).filter((k) => !GW_KEYS.includes(k));
  if (extra.length > 0)
    throw invalidAttribute('external_gateway_info', `Unexpected keys supplied: ${extra.join(', ')}`);
  if (typeof v.network_id !== 'string')
    throw invalidAttribute('external_gateway_info', `'${JSON.stringify(v.network_id ?? null)}' is not a valid UUID`);
  let fixedIps: GatewaySpec['fixedIps'];
  if (v.external_fixed_ips !== undefined && v.external_fixed_ips !== null) {
    if (!Array.isArray(v.external_fixed_ips))
      throw invalidAttribute('external_gateway_info', `'${JSON.stringify(v.external_fixed_ips)}' is not a list`);
    fixedIps = v.external_fixed_ips.map((x: unknown) => {
      if (!isRecord(x)) throw invalidAttribute('external_gateway_info', `'${JSON.stringify(x)}' is not a dictionary`);
      return { subnetId: optString(x, 'subnet_id'), ipAddress: optString(x, 'ip_address') };
    });
  }
  return { networkId: v.network_id, enableSnat: optBool(v, 'enable_snat'), fixedIps };
}

function routes(v: unknown): Route[] | undefined {
  if (v === undefined) return undefined;
  if (v === null) return [];
  if (!Array.isArray(v)) throw invalidAttribute('routes', `'${JSON.stringify(v)}' is not a list`);
  return v.map((x: unknown) => {
    if (!isRecord(x) || typeof x.destination !== 'string' || typeof x.nexthop !== 'string')
      throw invalidAttribute(
        'routes',
        `Validation of dictionary's keys failed. Expected keys: {'destination', 'nexthop'}`,
      );
    return { destination: x.destination, nexthop: x.nexthop };
  });
}

/** the attributes a router body sets, external_gateway_info with its keys (as neutron/policy.py does for dicts) */
function routerAttributes(b: Record<string, unknown>, attrs: readonly string[]): SetAttribute[] {
  const out: SetAttribute[] = [];
  for (const name of attrs) {
    const v = b[name];
    if (v === undefined) continue;
    if (name === 'external_gateway_info' && isRecord(v)) out.push({ name, subKeys: Object.keys(v) });
    else out.push({ name });
  }
  return out;
}

function interfaceBody(body: unknown): { subnetId?: string; portId?: string } {
  if (!isRecord(body)) throw resourceBodyRequired();
  return { subnetId: optString(body, 'subnet_id'), portId: optString(body, 'port_id') };
}

export function routerRoutes(rt: Runtime): Array<RouteDef<NeutronRouteTarget>> {
  const render = (request: FastifyRequest, r: Router) =>
    visibleAttributes(request.ctx, 'router', { project_id: r.project_id }, routerView(r));
  const load = perRequest((request: FastifyRequest & { params: { routerId: string } }) =>
    showRouter(rt, request.ctx, request.params.routerId),
  );
  return [
    route({
      method: 'GET',
      url: '/routers',
      policy: 'get_router',
      handler: async (request) => {
        const rows = await listRoutersFor(rt, request.ctx, {
          ids: queryValues(request, 'id'),
          names: queryValues(request, 'name'),
          projectIds: projectFilter(request),
        });
        return listBody(
          request,
          'routers',
          `${networkRoot(rt, request)}/v2.0/routers`,
          await taggedList(
            rt,
            request,
            'routers',
            rows.map((r) => render(request, r)),
          ),
          routerNotFound,
        );
      },
    }),
    route({
      method: 'GET',
      url: '/routers/:routerId',
      policy: 'get_router',
      handler: async (request) => ({
        router: selectFields(request, await withTagsOne(rt, 'routers', render(request, await load(request)))),
      }),
    }),
    route({
      method: 'POST',
      url: '/routers',
      policy: 'create_router',
      target: async (request) => {
        const b = resourceBody(request.body, 'router', CREATE_ATTRS);
        return { target: { project_id: requireOwnProject(request, b) }, attributes: routerAttributes(b, CREATE_ATTRS) };
      },
      handler: async (request, reply) => {
        const b = resourceBody(request.body, 'router', CREATE_ATTRS);
        const created = await createRouterFor(rt, {
          projectId: requireOwnProject(request, b),
          name: optString(b, 'name'),
          description: optString(b, 'description'),
          adminStateUp: optBool(b, 'admin_state_up'),
          gateway: gateway(b.external_gateway_info),
          distributed: optBool(b, 'distributed'),
          ha: optBool(b, 'ha'),
          availabilityZoneHints: azHints(b),
        });
        reply.code(201);
        return { router: selectFields(request, render(request, created)) };
      },
    }),
    route({
      method: 'PUT',
      url: '/routers/:routerId',
      policy: 'update_router',
      target: async (request) => ({
        target: { project_id: (await load(request)).project_id },
        attributes: routerAttributes(updateBody(request.body, 'router', UPDATE_ATTRS, READ_ONLY), UPDATE_ATTRS),
      }),
      handler: async (request) => {
        const b = updateBody(request.body, 'router', UPDATE_ATTRS, READ_ONLY);
        const updated = await updateRouterFor(
          rt,
          await load(request),
          {
            name: optString(b, 'name'),
            description: optString(b, 'description'),
            adminStateUp: optBool(b, 'admin_state_up'),
            gateway: gateway(b.external_gateway_info),
            routes: routes(b.routes),
            distributed: optBool(b, 'distributed'),
            ha: optBool(b, 'ha'),
          },
          ifMatchRevision(request),
        );
        return { router: selectFields(request, await withTagsOne(rt, 'routers', render(request, updated))) };
      },
    }),
    route({
      method: 'DELETE',
      url: '/routers/:routerId',
      policy: 'delete_router',
      target: async (request) => ({ target: { project_id: (await load(request)).project_id } }),
      handler: async (request, reply) => {
        await deleteRouterFor(rt, await load(request), ifMatchRevision(request));
        return reply.code(204).send();
      },
    }),
    route({
      method: 'PUT',
      url: '/routers/:routerId/add_router_interface',
      policy: 'add_router_interface',
      target: async (request) => ({ target: { project_id: (await load(request)).project_id } }),
      handler: async (request) =>
        addRouterInterfaceFor(rt, request.ctx, await load(request), interfaceBody(request.body)),
    }),
    route({
      method: 'PUT',
      url: '/routers/:routerId/remove_router_interface',
      policy: 'remove_router_interface',
      target: async (request) => ({ target: { project_id: (await load(request)).project_id } }),
      handler: async (request) => removeRouterInterfaceFor(rt, await load(request), interfaceBody(request.body)),
    }),
  ];
}
