/** /v2.0/floatingips (router extension's floating IPs). */
import type { FastifyRequest } from 'fastify';
import type { Runtime } from '../../runtime.js';
import { route, type RouteDef } from '../../http/route-table.js';
import {
  createFloatingIpFor,
  deleteFloatingIpFor,
  listFloatingIpsFor,
  showFloatingIp,
  updateFloatingIpFor,
  type Association,
} from '../../services/network/l3-service.js';
import { floatingIpNotFound, invalidAttribute, requiredAttributeMissing } from '../../domain/ports/network-errors.js';
import type { NeutronRouteTarget } from '../../policy/network-rules.js';
import { perRequest } from '../../http/request-memo.js';
import {
  ifMatchRevision,
  ipOrThrow,
  optString,
  projectFilter,
  queryValues,
  requireOwnProject,
  resourceBody,
  STANDARD_READ_ONLY,
  updateBody,
  selectFields,
  setAttributes,
} from './request.js';
import { floatingIpView } from './views/l3.js';
import { listBody } from './paging.js';
import { taggedList, withTagsOne } from './tags.js';
import { networkRoot } from './extensions.js';
import { checkFloatingIpDnsName, parseDnsDomain } from '../../domain/ports/dns.js';

const UPDATE_ATTRS = ['port_id', 'fixed_ip_address', 'description'] as const;
const CREATE_ATTRS = [
  ...UPDATE_ATTRS,
  'floating_network_id',
  'floating_ip_address',
  'subnet_id',
  'tenant_id',
  'project_id',
  'dns_name',
  'dns_domain',
] as const;

/** what Neutron's floating IP attribute map (with dns-integration) shows but no PUT may change */
const READ_ONLY = [
  ...STANDARD_READ_ONLY,
  'floating_ip_address',
  'subnet_id',
  'floating_network_id',
  'router_id',
  'status',
  'dns_name',
  'dns_domain',
  'tags',
];

/** port_id (+ fixed_ip_address): undefined leaves the association, null removes it */
function association(b: Record<string, unknown>): Association | null | undefined {
  const port = b.port_id;
  if (port === undefined) return undefined;
  if (port === null) return null;
  if (typeof port !== 'string') throw invalidAttribute('port_id', `'${JSON.stringify(port)}' is not a valid UUID`);
  const fixed = b.fixed_ip_address;
  return {
    portId: port,
    fixedIpAddress: fixed === undefined || fixed === null ? undefined : ipOrThrow(fixed, 'fixed_ip_address'),
  };
}

export function floatingIpRoutes(rt: Runtime): Array<RouteDef<NeutronRouteTarget>> {
  const load = perRequest((request: FastifyRequest & { params: { fipId: string } }) =>
    showFloatingIp(rt, request.ctx, request.params.fipId),
  );
  return [
    route({
      method: 'GET',
      url: '/floatingips',
      policy: 'get_floatingip',
      handler: async (request) => {
        const rows = await listFloatingIpsFor(rt, request.ctx, {
          ids: queryValues(request, 'id'),
          projectIds: projectFilter(request),
          floatingNetworkIds: queryValues(request, 'floating_network_id'),
          floatingIpAddresses: queryValues(request, 'floating_ip_address'),
          portIds: queryValues(request, 'port_id'),
          fixedIpAddresses: queryValues(request, 'fixed_ip_address'),
          routerIds: queryValues(request, 'router_id'),
          statuses: queryValues(request, 'status'),
          descriptions: queryValues(request, 'description'),
        });
        return listBody(
          request,
          'floatingips',
          `${networkRoot(rt, request)}/v2.0/floatingips`,
          await taggedList(rt, request, 'floatingips', rows.map(floatingIpView)),
          floatingIpNotFound,
        );
      },
    }),
    route({
      method: 'GET',
      url: '/floatingips/:fipId',
      policy: 'get_floatingip',
      handler: async (request) => ({
        floatingip: selectFields(request, await withTagsOne(rt, 'floatingips', floatingIpView(await load(request)))),
      }),
    }),
    route({
      method: 'POST',
      url: '/floatingips',
      policy: 'create_floatingip',
      target: async (request) => {
        const b = resourceBody(request.body, 'floatingip', CREATE_ATTRS);
        return { target: { project_id: requireOwnProject(request, b) }, attributes: setAttributes(b, CREATE_ATTRS) };
      },
      handler: async (request, reply) => {
        const b = resourceBody(request.body, 'floatingip', CREATE_ATTRS);
        if (typeof b.floating_network_id !== 'string') throw requiredAttributeMissing('floating_network_id');
        checkFloatingIpDnsName(b.dns_name);
        parseDnsDomain(b.dns_domain);
        const created = await createFloatingIpFor(rt, request.ctx, {
          projectId: requireOwnProject(request, b),
          floatingNetworkId: b.floating_network_id,
          floatingIpAddress:
            b.floating_ip_address === undefined || b.floating_ip_address === null
              ? undefined
              : ipOrThrow(b.floating_ip_address, 'floating_ip_address'),
          subnetId: optString(b, 'subnet_id'),
          description: optString(b, 'description'),
          association: association(b) ?? undefined,
        });
        reply.code(201);
        return { floatingip: selectFields(request, floatingIpView(created)) };
      },
    }),
    route({
      method: 'PUT',
      url: '/floatingips/:fipId',
      policy: 'update_floatingip',
      target: async (request) => ({
        target: { project_id: (await load(request)).project_id },
        attributes: setAttributes(updateBody(request.body, 'floatingip', UPDATE_ATTRS, READ_ONLY), UPDATE_ATTRS),
      }),
      handler: async (request) => {
        const b = updateBody(request.body, 'floatingip', UPDATE_ATTRS, READ_ONLY);
        const updated = await updateFloatingIpFor(
          rt,
          request.ctx,
          await load(request),
          { description: optString(b, 'description'), association: association(b) },
          ifMatchRevision(request),
        );
        return { floatingip: selectFields(request, await withTagsOne(rt, 'floatingips', floatingIpView(updated))) };
      },
    }),
    route({
      method: 'DELETE',
      url: '/floatingips/:fipId',
      policy: 'delete_floatingip',
      target: async (request) => ({ target: { project_id: (await load(request)).project_id } }),
      handler: async (request, reply) => {
        await deleteFloatingIpFor(rt, await load(request), ifMatchRevision(request));
        return reply.code(204).send();
      },
    }),
  ];
}
