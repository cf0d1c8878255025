/**
 * GET /servers/{id}/os-security-groups (nova/api/openstack/compute/security_groups.py
 * ServerSecurityGroupController), served at every microversion: the security groups of the
 * server's ports, in Nova's format. Order as Nova: instance 404, then the policy with the
 * instance's project.
 */
import type { Runtime } from '../../runtime.js';
import { route, type RouteDef } from '../../http/route-table.js';
import { serverSecurityGroups } from '../../services/compute/server-security-groups.js';
import { requestServer, serverProject } from './server-lookup.js';

export function serverSecurityGroupRoutes(rt: Runtime): RouteDef[] {
  return [
    route({
      method: 'GET',
      url: '/servers/:serverId/os-security-groups',
      policy: 'os_compute_api:os-security-groups:list',
      target: serverProject(rt),
      handler: async (request) => {
        const row = await requestServer(rt, request);
        return { security_groups: await serverSecurityGroups(rt, request.ctx, row.uuid) };
      },
    }),
  ];
}
