/**
 * A project's quota limits and usage (nova/quota.py, as GET /limits reports them): the
 * configured defaults, overridden per resource by the project's quotas rows, and the resources
 * its live instances hold.
 */
import type { Runtime } from '../../runtime.js';
import { projectUsage, quotaOverrides } from '../../store/repositories/usage-queries.js';
import type { Usage } from '../../store/repositories/usage-queries.js';

export interface ProjectLimits {
  usage: Usage;
  /** the project's limit for a resource: its override, else `dflt` */
  limit: (resource: string, dflt: number) => number;
}

export async function projectLimits(rt: Runtime, projectId: string): Promise<ProjectLimits> {
  const [usage, overrides] = await Promise.all([
    projectUsage(rt.store.db, projectId),
    quotaOverrides(rt.store.db, projectId),
  ]);
  return { usage, limit: (resource, dflt) => overrides.get(resource) ?? dflt };
}
