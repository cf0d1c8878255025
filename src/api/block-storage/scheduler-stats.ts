/**
 * Cinder's GET /scheduler-stats/get_pools (contrib/scheduler_stats.py) and GET /capabilities/{host}
 * (contrib/capabilities.py), from the simulated LVM backend: its pools' capacities are the
 * configured ones, the allocations and volume counts real.
 */
import type { Runtime } from '../../runtime.js';
import { route, type RawQuery, type RouteDef } from '../../http/route-table.js';
import { VolumeHostService, type PoolInfo } from '../../services/block-storage/volume-host-service.js';
import { notABoolean } from '../../domain/volumes/errors.js';
import { parseBoolString } from '../../lib/bool-from-string.js';
import { backendNameOf, LVM_DRIVER as DRIVER, poolCapabilities } from '../../domain/volumes/capabilities.js';

/** the backend name: the middle of host@backend#pool */
const backendName = (p: PoolInfo): string => backendNameOf(p.name);

export function schedulerStatsRoutes(rt: Runtime): RouteDef[] {
  const svc = new VolumeHostService(rt);
  return [
    route({
      method: 'GET',
      url: '/scheduler-stats/get_pools',
      policy: 'scheduler_extension:scheduler_stats:get_pools',
      target: () => ({}),
      handler: async (request) => {
        const raw: RawQuery[string] = request.query.detail;
        const given = Array.isArray(raw) ? raw[raw.length - 1] : raw;
        // utils.get_bool_param
        const detail = given === undefined ? false : parseBoolString(given);
        if (detail === undefined) throw notABoolean('detail', given ?? '');
        const now = rt.clock().toISOString().replace('Z', '');
        const pools = await svc.pools();
        return {
          pools: pools.map((p) =>
            detail ? { name: p.name, capabilities: poolCapabilities(p, now) } : { name: p.name },
          ),
        };
      },
    }),
    route({
      method: 'GET',
      url: '/capabilities/:host',
      policy: 'volume_extension:capabilities',
      target: () => ({}),
      handler: async (request) => {
        const { service, pool } = await svc.capabilitiesOf(request.params.host);
        return {
          namespace: `OS::Storage::Capabilities::${service.host}`,
          vendor_name: DRIVER.vendor_name,
          volume_backend_name: backendName(pool),
          // the backend's capabilities name no pool (what Zed's LVM-based drivers report)
          pool_name: null,
          driver_version: DRIVER.driver_version,
          storage_protocol: DRIVER.storage_protocol,
          display_name: null,
          description: null,
          visibility: null,
          replication_targets: [],
          // driver.init_capabilities: the standard properties every driver reports
          properties: {
            thin_provisioning: {
              title: 'Thin Provisioning',
              description: 'Sets thin provisioning.',
              type: 'boolean',
            },
            compression: { title: 'Compression', description: 'Enables compression.', type: 'boolean' },
            qos: { title: 'QoS', description: 'Enables QoS.', type: 'boolean' },
            replication_enabled: {
              title: 'Replication',
              description: 'Enables replication.',
              type: 'boolean',
            },
          },
        };
      },
    }),
  ];
}
