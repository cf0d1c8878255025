/** Cinder's GET /os-availability-zone: the one zone the simulated backend serves. */
import type { Runtime } from '../../runtime.js';
import { route, type RouteDef } from '../../http/route-table.js';

export function availabilityZoneRoutes(rt: Runtime): RouteDef[] {
  return [
    route({
      method: 'GET',
      url: '/os-availability-zone',
      policy: 'volume_extension:availability_zone_list',
      target: () => ({}),
      handler: async () => ({
        availabilityZoneInfo: [{ zoneName: rt.config.blockStorage.availabilityZone, zoneState: { available: true } }],
      }),
    }),
  ];
}
