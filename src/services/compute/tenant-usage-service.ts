/**
 * os-simple-tenant-usage (nova/api/openstack/compute/simple_tenant_usage.py): per project, the
 * hours each instance was up in [start, end] and the vCPU/RAM/disk-hours they add up to.
 */
import type { Runtime } from '../../runtime.js';
import { badRequest } from '../../domain/errors.js';
import { findInstanceForMarker, instancesActiveInWindow } from '../../store/repositories/tenant-usage-queries.js';

export interface ServerUsage {
  instance_id: string;
  name: string;
  tenant_id: string;
  flavor: string;
  hours: number;
  memory_mb: number;
  local_gb: number;
  vcpus: number;
  /** ISO instants (the view formats them) */
  started_at: string;
  ended_at: string | null;
  state: string;
  uptime: number;
}

export interface TenantUsage {
  tenant_id: string;
  server_usages?: ServerUsage[];
  total_local_gb_usage: number;
  total_vcpus_usage: number;
  total_memory_mb_usage: number;
  total_hours: number;
  start: string;
  stop: string;
}

const FORMATS = [
  /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)$/,
  /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)\.(\d{1,6})$/,
  /^(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)\.(\d{1,6})$/,
];

/** _parse_datetime: Nova's three strptime formats, read as UTC; absent → now */
export function parseUsageTime(raw: string | undefined, now: Date): Date {
  if (!raw) return now;
  for (const f of FORMATS) {
    const m = f.exec(raw);
    if (!m) continue;
    const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
    const us = m[7] ? Number(m[7].padEnd(6, '0')) : 0;
    const t = new Date(Date.UTC(y, mo - 1, d, h, mi, s, Math.floor(us / 1000)));
    if (t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d && h < 24 && mi < 60 && s < 60)
      return t;
  }
  throw badRequest('Invalid datetime string: Datetime is in invalid format');
}

export interface UsageQuery {
  start: Date;
  stop: Date;
  projectId?: string;
  detailed: boolean;
  limit: number;
  marker?: string;
}

/** _tenant_usages_for_period; `servers` is every server usage (paging counts them) */
export async function tenantUsages(
  rt: Runtime,
  q: UsageQuery,
): Promise<{ usages: TenantUsage[]; servers: ServerUsage[] }> {
  if (!(q.start < q.stop)) {
    throw badRequest('Invalid start time. The start time cannot occur after the end time.');
  }
  const now = rt.clock();
  const stop = q.stop > now ? now : q.stop;
  let after: { project_id: string; uuid: string } | undefined;
  if (q.marker !== undefined) {
    after = await findInstanceForMarker(rt.store.db, q.marker);
    if (!after) throw badRequest(`Marker ${q.marker} could not be found.`);
  }
  const rows = await instancesActiveInWindow(rt.store.db, {
    start: q.start.toISOString(),
    end: stop.toISOString(),
    projectId: q.projectId,
    limit: q.limit,
    after,
  });
  const byProject = new Map<string, TenantUsage>();
  const servers: ServerUsage[] = [];
  for (const r of rows) {
    const launched = new Date(r.launched_at);
    const terminated = r.terminated_at ? new Date(r.terminated_at) : null;
    const from = launched > q.start ? launched : q.start;
    const to = terminated && terminated < stop ? terminated : stop;
    const hours = Math.max(0, to.getTime() - from.getTime()) / 3_600_000;
    let flavorName = '';
    let ephemeral = 0;
    try {
      const f = JSON.parse(r.flavor) as { name?: string; ephemeral_gb?: number };
      flavorName = f.name ?? '';
      ephemeral = f.ephemeral_gb ?? 0;
    } catch {
      /* a flavor that cannot be read shows as '' (as a deleted one does in Nova) */
    }
    const info: ServerUsage = {
      instance_id: r.uuid,
      name: r.display_name,
      tenant_id: r.project_id,
      flavor: flavorName,
      hours,
      memory_mb: r.memory_mb,
      local_gb: r.root_gb + ephemeral,
      vcpus: r.vcpus,
      started_at: r.launched_at,
      ended_at: r.terminated_at,
      state: terminated ? 'terminated' : r.vm_state,
      uptime: Math.trunc(((terminated ?? now).getTime() - launched.getTime()) / 1000),
    };
    let summary = byProject.get(r.project_id);
    if (!summary) {
      summary = {
        tenant_id: r.project_id,
        ...(q.detailed ? { server_usages: [] } : {}),
        total_local_gb_usage: 0,
        total_vcpus_usage: 0,
        total_memory_mb_usage: 0,
        total_hours: 0,
        start: q.start.toISOString(),
        stop: stop.toISOString(),
      };
      byProject.set(r.project_id, summary);
    }
    summary.total_local_gb_usage += info.local_gb * hours;
    summary.total_vcpus_usage += info.vcpus * hours;
    summary.total_memory_mb_usage += info.memory_mb * hours;
    summary.total_hours += hours;
    servers.push(info);
    summary.server_usages?.push(info);
  }
  return { usages: [...byProject.values()], servers };
}
