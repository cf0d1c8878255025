/** Reads the Mogan dialect needs that the Nova list API does not: ident lookup, plain project lists. */
import type { DbOrTrx } from '../database.js';
import type { InstancesTable } from '../tables/instances.table.js';

/** Non-deleted instances of a project (or of every project), oldest first as Mogan's DB returns them. */
export async function listLiveInstances(db: DbOrTrx, projectId: string | null): Promise<InstancesTable[]> {
  let q = db.selectFrom('instances').selectAll().where('deleted', '=', 0);
  if (projectId !== null) q = q.where('project_id', '=', projectId);
  return q.orderBy('created_at').orderBy('uuid').execute();
}

/** Live instances of the project with this display name (instance_ident may be a name). */
export async function findLiveByName(db: DbOrTrx, projectId: string, name: string): Promise<InstancesTable[]> {
  return db
    .selectFrom('instances')
    .selectAll()
    .where('deleted', '=', 0)
    .where('project_id', '=', projectId)
    .where('display_name', '=', name)
    .limit(2)
    .execute();
}

/** Is a graceful stop pending for the instance? (Nova's task_state cannot say.) */
export async function hasPendingGracefulStop(db: DbOrTrx, uuid: string): Promise<boolean> {
  const row = await db
    .selectFrom('operations')
    .select('payload')
    .where('instance_uuid', '=', uuid)
    .where('kind', '=', 'stop')
    .where('status', 'in', ['pending', 'running'])
    .executeTakeFirst();
  if (!row) return false;
  try {
    return (JSON.parse(row.payload) as { graceful?: boolean }).graceful === true;
  } catch {
    return false;
  }
}

/** A live (not deleted) instance by uuid, whatever its project. */
export async function findLiveInstance(db: DbOrTrx, uuid: string): Promise<InstancesTable | undefined> {
  return db.selectFrom('instances').selectAll().where('uuid', '=', uuid).where('deleted', '=', 0).executeTakeFirst();
}
