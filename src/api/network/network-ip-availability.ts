/** /v2.0/network-ip-availabilities (network-ip-availability extension; admin only upstream). */
import type { FastifyReply } from 'fastify';
import { neutronAllowed, type NeutronRouteTarget } from '../../policy/network-rules.js';
import type { Runtime } from '../../runtime.js';
import { route, type RouteDef } from '../../http/route-table.js';
import { listIpAvailabilities, showIpAvailability } from '../../services/network/ip-availability-service.js';
import { networkNotFound, resourceNotFound } from '../../domain/ports/network-errors.js';
import { projectFilter, queryValues, selectFields, type HasQuery } from './request.js';
import { ipAvailabilityView, jsonWithBigInts } from './views/network-ip-availability.js';
import { listBody } from './paging.js';
import { networkRoot } from './extensions.js';

const RULE = 'get_network_ip_availability';

/** Neutron does not validate the filter: another value matches no subnet, so no network */
function ipVersion(request: HasQuery): number | undefined {
  const v = queryValues(request, 'ip_version')?.at(-1);
  if (v === undefined) return undefined;
  return v === '4' || v === '6' ? Number(v) : 0;
}

const sendJson = (reply: FastifyReply, body: unknown) => reply.type('application/json').send(jsonWithBigInts(body));

export function networkIpAvailabilityRoutes(rt: Runtime): Array<RouteDef<NeutronRouteTarget>> {
  return [
    route({
      method: 'GET',
      url: '/network-ip-availabilities',
      policy: RULE,
      handler: async (request, reply) => {
        // Neutron filters a collection by the item policy: a member gets an empty list
        const allowed = (p: string) => neutronAllowed(request.ctx, RULE, { project_id: p });
        const rows = await listIpAvailabilities(rt, request.ctx, {
          networkIds: queryValues(request, 'network_id'),
          networkNames: queryValues(request, 'network_name'),
          projectIds: projectFilter(request),
          ipVersion: ipVersion(request),
        });
        return sendJson(
          reply,
          listBody(
            request,
            'network_ip_availabilities',
            `${networkRoot(rt, request)}/v2.0/network-ip-availabilities`,
            rows.filter((a) => allowed(a.network.project_id)).map(ipAvailabilityView),
            networkNotFound,
          ),
        );
      },
    }),
    route({
      method: 'GET',
      url: '/network-ip-availabilities/:networkId',
      policy: RULE,
      handler: async (request, reply) => {
        const a = await showIpAvailability(rt, request.ctx, request.params.networkId);
        if (!neutronAllowed(request.ctx, RULE, { project_id: a.network.project_id })) throw resourceNotFound();
        return sendJson(reply, { network_ip_availability: selectFields(request, ipAvailabilityView(a)) });
      },
    }),
  ];
}
