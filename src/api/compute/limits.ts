/**
 * GET /limits (nova/api/openstack/compute/limits.py, views/limits.py): absolute quota limits and
 * the project's usage counted from its live instances. Network-proxy keys go at 2.36, image
 * metadata at 2.39, personality at 2.57 (as the upstream view builder filters them).
 */
import type { Runtime } from '../../runtime.js';
import { route, type RouteDef } from '../../http/route-table.js';
import { limitsQuery } from './schemas/queries.js';
import { authorize } from '../../policy/check.js';
import { projectLimits } from '../../services/compute/limits-service.js';

export function limitsRoutes(rt: Runtime): RouteDef[] {
  return [
    route({
      method: 'GET',
      url: '/limits',
      policy: 'os_compute_api:limits',
      query: limitsQuery,
      target: () => ({}),
      handler: async (request) => {
        const raw = request.query.tenant_id;
        const asked = Array.isArray(raw) ? raw[raw.length - 1] : raw;
        let projectId = request.ctx.projectId ?? '';
        // another project's limits need limits:other_project (403 otherwise, limits.py _get_limits)
        if (asked !== undefined && asked !== projectId) {
          authorize(request.ctx, 'os_compute_api:limits:other_project', { project_id: asked });
          projectId = asked;
        }
        const { usage, limit, serverGroups } = await projectLimits(rt, projectId);
        const mv = request.mv;
        const absolute: Record<string, number> = {
          maxServerMeta: limit('metadata_items'),
          maxTotalCores: limit('cores'),
          maxTotalInstances: limit('instances'),
          maxTotalKeypairs: limit('key_pairs'),
          maxTotalRAMSize: limit('ram'),
          maxServerGroups: limit('server_groups'),
          maxServerGroupMembers: limit('server_group_members'),
          totalCoresUsed: usage.cores,
          totalInstancesUsed: usage.instances,
          totalRAMUsed: usage.ram,
          totalServerGroupsUsed: serverGroups,
        };
        if (!mv.atLeast('2.36')) {
          Object.assign(absolute, {
            maxSecurityGroupRules: limit('security_group_rules'),
            maxSecurityGroups: limit('security_groups'),
            maxTotalFloatingIps: limit('floating_ips'),
            totalFloatingIpsUsed: 0,
            totalSecurityGroupsUsed: 0,
          });
        }
        if (!mv.atLeast('2.39')) absolute.maxImageMeta = limit('metadata_items');
        if (!mv.atLeast('2.57'))
          Object.assign(absolute, {
            maxPersonality: limit('injected_files'),
            maxPersonalitySize: limit('injected_file_content_bytes'),
          });
        return { limits: { absolute, rate: [] } };
      },
    }),
  ];
}
