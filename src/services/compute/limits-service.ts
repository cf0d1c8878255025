/**
 * A project's quota limits and usage (nova/quota.py, as GET /limits reports them): the limits
 * quota-service resolves (project row > 'default' quota class > config), and the resources its
 * live instances hold.
 */
import type { Runtime } from '../../runtime.js';
import { projectUsage } from '../../store/repositories/usage-queries.js';
import type { Usage } from '../../store/repositories/usage-queries.js';
import { effectiveQuotas, type QuotaResource } from './quota-service.js';
import { countServerGroups } from '../../store/repositories/server-group-repository.js';

export interface ProjectLimits {
  usage: Usage;
  /** the project's server groups (totalServerGroupsUsed) */
  serverGroups: number;
  /** the project's limit for a resource */
  limit: (resource: QuotaResource) => number;
}

export async function projectLimits(rt: Runtime, projectId: string): Promise<ProjectLimits> {
  const [usage, limits, serverGroups] = await Promise.all([
    projectUsage(rt.store.db, projectId),
    effectiveQuotas(rt, projectId),
    countServerGroups(rt.store.db, projectId),
  ]);
  return { usage, serverGroups, limit: (resource) => limits[resource] };
}
