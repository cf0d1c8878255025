/**
 * Cinder's deprecated os-hosts (cinder/api/contrib/hosts.py), admin only: the list of enabled
 * services and one cinder-volume host's usage per project. Its update and the
 * startup/shutdown/reboot actions (not implemented in Cinder either) are not served.
 */
import type { Runtime } from '../../runtime.js';
import { route, type RawQuery, type RouteDef } from '../../http/route-table.js';
import { VolumeHostService } from '../../services/block-storage/volume-host-service.js';
import { cinderTime } from './views/volumes.js';

const last = (q: RawQuery, key: string): string | undefined => {
  const v = q[key];
  return Array.isArray(v) ? v[v.length - 1] : v;
};

/** the usage row of hosts.py show; Cinder gives every number as a string */
const resource = (host: string, project: string, u: { v: number; gb: number; s: number; sgb: number }) => ({
  resource: {
    host,
    project,
    volume_count: String(u.v),
    total_volume_gb: String(u.gb),
    snapshot_count: String(u.s),
    total_snapshot_gb: String(u.sgb),
  },
});

export function hostRoutes(rt: Runtime): RouteDef[] {
  const svc = new VolumeHostService(rt);
  return [
    route({
      method: 'GET',
      url: '/os-hosts',
      policy: 'volume_extension:hosts',
      target: () => ({}),
      handler: async (request) => ({
        hosts: (await svc.hosts(last(request.query, 'zone'))).map((s) => ({
          host_name: s.host,
          // a service's topic is its binary's name in Cinder
          service: s.binary,
          zone: s.zone,
          'service-status': 'available',
          'service-state': 'enabled',
          'last-update': cinderTime(s.updatedAt),
        })),
      }),
    }),
    route({
      method: 'GET',
      url: '/os-hosts/:host',
      policy: 'volume_extension:hosts',
      target: () => ({}),
      handler: async (request) => {
        const host = request.params.host;
        const usage = await svc.hostUsage(host);
        const total = usage.reduce(
          (t, u) => ({
            v: t.v + u.volumes,
            gb: t.gb + u.gigabytes,
            s: t.s + u.snapshots,
            sgb: t.sgb + u.snapshotGigabytes,
          }),
          { v: 0, gb: 0, s: 0, sgb: 0 },
        );
        return {
          host: [
            resource(host, '(total)', total),
            ...usage.map((u) =>
              resource(host, u.project_id, { v: u.volumes, gb: u.gigabytes, s: u.snapshots, sgb: u.snapshotGigabytes }),
            ),
          ],
        };
      },
    }),
  ];
}
