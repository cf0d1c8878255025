/**
 * Instances active in a period (nova/db/main/api.py instance_get_active_by_window_joined):
 * launched before its end and not terminated before its start, deleted ones included, ordered
 * by project then uuid for paging.
 */
import type { DbOrTrx } from '../database.js';

export interface UsageInstance {
  uuid: string;
  display_name: string;
  project_id: string;
  vm_state: string;
  flavor: string;
  vcpus: number;
  memory_mb: number;
  root_gb: number;
  launched_at: string;
  terminated_at: string | null;
}

export async function instancesActiveInWindow(
  db: DbOrTrx,
  q: { start: string; end: string; projectId?: string; limit: number; after?: { project_id: string; uuid: string } },
): Promise<UsageInstance[]> {
  let query = db
    .selectFrom('instances')
    .select([
      'uuid',
      'display_name',
      'project_id',
      'vm_state',
      'flavor',
      'vcpus',
      'memory_mb',
      'root_gb',
      'launched_at',
      'terminated_at',
    ])
    .where('launched_at', 'is not', null)
    .where('launched_at', '<', q.end)
    .where((eb) => eb.or([eb('terminated_at', 'is', null), eb('terminated_at', '>', q.start)]));
  if (q.projectId !== undefined) query = query.where('project_id', '=', q.projectId);
  if (q.after) {
    const a = q.after;
    query = query.where((eb) =>
      eb.or([
        eb('project_id', '>', a.project_id),
        eb.and([eb('project_id', '=', a.project_id), eb('uuid', '>', a.uuid)]),
      ]),
    );
  }
  const rows = await query.orderBy('project_id').orderBy('uuid').limit(q.limit).execute();
  return rows.map((r) => ({ ...r, launched_at: String(r.launched_at) }));
}

export async function findInstanceForMarker(
  db: DbOrTrx,
  uuid: string,
): Promise<{ project_id: string; uuid: string } | undefined> {
  return db.selectFrom('instances').select(['project_id', 'uuid']).where('uuid', '=', uuid).executeTakeFirst();
}

/**
 * How many instances each host had active in [start, end) (the same window as
 * instancesActiveInWindow, deleted ones included), as nova-compute's _instance_usage_audit counts
 * its own instances for the period.
 */
export async function countActiveInWindowByHost(
  db: DbOrTrx,
  q: { start: string; end: string },
): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('instances')
    .select((eb) => ['host', eb.fn.countAll<number | string>().as('n')])
    .where('host', 'is not', null)
    .where('launched_at', 'is not', null)
    .where('launched_at', '<', q.end)
    .where((eb) => eb.or([eb('terminated_at', 'is', null), eb('terminated_at', '>', q.start)]))
    .groupBy('host')
    .execute();
  return new Map(rows.map((r) => [String(r.host), Number(r.n)]));
}
