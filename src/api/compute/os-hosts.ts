/**
 * /os-hosts (nova/api/openstack/compute/hosts.py), served from 2.1 to 2.42 and 404 from 2.43:
 * list, show with resources, PUT status/maintenance_mode, and the startup/shutdown/reboot power
 * actions (GET, as Nova routes them). All admin-only with an empty target.
 */
import type { Runtime } from '../../runtime.js';
import { route, type RawQuery, type RouteDef } from '../../http/route-table.js';
import {
  hostPowerAction,
  hostResources,
  listHostServices,
  setHostEnabled,
  setHostMaintenance,
  type HostPowerAction,
} from '../../services/compute/host-admin.js';
import { hostUpdate } from './schemas/os-hosts.js';

const P = 'os_compute_api:os-hosts';
const MAX = '2.42';
const target = () => ({});

/** HostController.update's read_enabled */
const enabled = (v: string): boolean => v.trim().toLowerCase() === 'enable';

/** webob's GET.get: the last value of a repeated parameter */
const lastOf = (q: RawQuery, k: string): string | undefined => {
  const v = q[k];
  return Array.isArray(v) ? v.at(-1) : v;
};

export function hostRoutes(rt: Runtime): RouteDef[] {
  const power = (action: HostPowerAction, rule: string): RouteDef =>
    route({
      method: 'GET',
      url: `/os-hosts/:host/${action}`,
      policy: `${P}:${rule}`,
      target,
      maxVersion: MAX,
      handler: async (request) => ({
        host: request.params.host,
        power_action: await hostPowerAction(rt, request.params.host, action),
      }),
    });
  return [
    route({
      method: 'GET',
      url: '/os-hosts',
      policy: `${P}:list`,
      target,
      maxVersion: MAX,
      handler: async (request) => ({ hosts: await listHostServices(rt, lastOf(request.query, 'zone') || undefined) }),
    }),
    route({
      method: 'GET',
      url: '/os-hosts/:host',
      policy: `${P}:show`,
      target,
      maxVersion: MAX,
      handler: async (request) => ({
        host: (await hostResources(rt, request.params.host)).map((resource) => ({ resource })),
      }),
    }),
    route({
      method: 'PUT',
      url: '/os-hosts/:host',
      policy: `${P}:update`,
      target,
      maxVersion: MAX,
      body: hostUpdate,
      handler: async (request) => {
        const host = request.params.host;
        const b = request.body;
        const result: Record<string, string> = { host };
        if (b.status !== undefined) result.status = await setHostEnabled(rt, host, enabled(b.status));
        if (b.maintenance_mode !== undefined)
          result.maintenance_mode = await setHostMaintenance(rt, host, enabled(b.maintenance_mode));
        return result;
      },
    }),
    power('startup', 'start'),
    power('shutdown', 'shutdown'),
    power('reboot', 'reboot'),
  ];
}
