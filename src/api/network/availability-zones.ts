/** /v2.0/availability_zones (availability_zone extension): the zones of the agents, as Neutron lists them. */
import type { NeutronRouteTarget } from '../../policy/network-rules.js';
import type { Runtime } from '../../runtime.js';
import { route, type RouteDef } from '../../http/route-table.js';
import { listAvailabilityZones } from '../../services/network/agent-service.js';
import { queryValues, selectFields } from './request.js';

export function availabilityZoneRoutes(rt: Runtime): Array<RouteDef<NeutronRouteTarget>> {
  return [
    route({
      method: 'GET',
      url: '/availability_zones',
      policy: 'get_availability_zone',
      handler: async (request) => {
        const names = queryValues(request, 'name');
        const resources = queryValues(request, 'resource');
        const states = queryValues(request, 'state');
        const zones = (await listAvailabilityZones(rt)).filter(
          (z) =>
            (!names || names.includes(z.name)) &&
            (!resources || resources.includes(z.resource)) &&
            (!states || states.includes(z.state)),
        );
        return { availability_zones: zones.map((z) => selectFields(request, { ...z })) };
      },
    }),
  ];
}
