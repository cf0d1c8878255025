/**
 * GET /os-availability-zone[/detail] (nova/api/openstack/compute/availability_zone.py): zones of
 * the compute hosts; a zone is available when any host in it is enabled and up. The detail view
 * (admin) lists each host with its nova-compute service.
 */
import type { Runtime } from '../../runtime.js';
import { route, type RouteDef } from '../../http/route-table.js';
import { listComputeHosts, type ComputeHostRow } from '../../services/compute/host-reads.js';
import { listServices } from '../../services/compute/service-admin.js';
import { COMPUTE_BINARY, INTERNAL_ZONE } from '../../domain/compute-services.js';

const hostUp = (h: ComputeHostRow) => h.state === 'up' && !h.forced_down;
const hostEnabled = (h: ComputeHostRow) => h.status === 'enabled';

export function availabilityZoneRoutes(rt: Runtime): RouteDef[] {
  const zones = async (detail: boolean) => {
    const hosts = await listComputeHosts(rt);
    const byZone = new Map<string, ComputeHostRow[]>();
    for (const h of hosts) byZone.set(h.availability_zone, [...(byZone.get(h.availability_zone) ?? []), h]);
    const info: Array<{ zoneName: string; zoneState: { available: boolean }; hosts: Record<string, unknown> | null }> =
      [...byZone.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([zoneName, hs]) => {
          const hostsView = detail
            ? Object.fromEntries(
                hs.map((h) => [
                  h.host,
                  {
                    'nova-compute': {
                      available: hostUp(h),
                      active: hostEnabled(h),
                      updated_at: h.last_seen_at.replace('Z', ''),
                    },
                  },
                ]),
              )
            : null;
          return { zoneName, zoneState: { available: hs.some((h) => hostEnabled(h) && hostUp(h)) }, hosts: hostsView };
        });
    if (detail) {
      // the detail view also shows the 'internal' zone of the control services (nova-conductor,
      // nova-scheduler), as _describe_availability_zones_verbose does
      const control = (await listServices(rt)).filter((s) => s.binary !== COMPUTE_BINARY);
      if (control.length) {
        const hosts: Record<string, Record<string, unknown>> = {};
        for (const c of control) {
          hosts[c.host] = {
            ...hosts[c.host],
            [c.binary]: {
              available: c.state === 'up',
              active: c.status === 'enabled',
              updated_at: c.updatedAt ? c.updatedAt.replace('Z', '') : null,
            },
          };
        }
        info.push({ zoneName: INTERNAL_ZONE, zoneState: { available: true }, hosts });
        info.sort((a, b) => a.zoneName.localeCompare(b.zoneName));
      }
    }
    return { availabilityZoneInfo: info };
  };
  return [
    route({
      method: 'GET',
      url: '/os-availability-zone',
      policy: 'os_compute_api:os-availability-zone:list',
      target: () => ({}),
      handler: () => zones(false),
    }),
    route({
      method: 'GET',
      url: '/os-availability-zone/detail',
      policy: 'os_compute_api:os-availability-zone:detail',
      target: () => ({}),
      handler: () => zones(true),
    }),
  ];
}
