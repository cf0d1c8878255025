/**
 * /v2.0/service-providers (service-type extension): what Neutron Zed lists with its default
 * configuration and the L3 router plugin, the router flavors' providers (none is the default).
 * Read-only configuration, as upstream: there is nothing to store.
 */
import type { NeutronRouteTarget } from '../../policy/network-rules.js';
import type { Runtime } from '../../runtime.js';
import { route, type RouteDef } from '../../http/route-table.js';
import { queryValues, selectFields } from './request.js';

export const SERVICE_PROVIDERS = [
  { service_type: 'L3_ROUTER_NAT', name: 'dvrha', default: false },
  { service_type: 'L3_ROUTER_NAT', name: 'dvr', default: false },
  { service_type: 'L3_ROUTER_NAT', name: 'ha', default: false },
  { service_type: 'L3_ROUTER_NAT', name: 'single_node', default: false },
] as const;

export function serviceProviderRoutes(_rt: Runtime): Array<RouteDef<NeutronRouteTarget>> {
  return [
    route({
      method: 'GET',
      url: '/service-providers',
      policy: 'get_service_provider',
      handler: async (request) => {
        const types = queryValues(request, 'service_type');
        const names = queryValues(request, 'name');
        const rows = SERVICE_PROVIDERS.filter(
          (p) => (!types || types.includes(p.service_type)) && (!names || names.includes(p.name)),
        );
        return { service_providers: rows.map((p) => selectFields(request, { ...p })) };
      },
    }),
  ];
}
