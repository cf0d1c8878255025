/**
 * Quota rows (nova/db/main/api.py quota_* / quota_class_*): per-project and per-user limits and
 * quota classes. Writes are upserts on the primary key, so two concurrent updates of one limit
 * cannot collide.
 */
import type { DbOrTrx } from '../database.js';

export type LimitMap = Map<string, number>;

const toMap = (rows: Array<{ resource: string; hard_limit: number }>): LimitMap =>
  new Map(rows.map((r) => [r.resource, Number(r.hard_limit)]));

export async function classLimits(db: DbOrTrx, className: string): Promise<LimitMap> {
  return toMap(
    await db
      .selectFrom('quota_classes')
      .select(['resource', 'hard_limit'])
      .where('class_name', '=', className)
      .execute(),
  );
}

export async function projectLimitRows(db: DbOrTrx, projectId: string): Promise<LimitMap> {
  return toMap(
    await db.selectFrom('quotas').select(['resource', 'hard_limit']).where('project_id', '=', projectId).execute(),
  );
}

export async function userLimitRows(db: DbOrTrx, projectId: string, userId: string): Promise<LimitMap> {
  return toMap(
    await db
      .selectFrom('project_user_quotas')
      .select(['resource', 'hard_limit'])
      .where('project_id', '=', projectId)
      .where('user_id', '=', userId)
      .execute(),
  );
}

/** the sum of the limits the project's users were given, per resource (unlimited ones left out) */
export async function sumUserLimits(db: DbOrTrx, projectId: string): Promise<LimitMap> {
  const rows = await db
    .selectFrom('project_user_quotas')
    .select((eb) => ['resource', eb.fn.sum<number>('hard_limit').as('hard_limit')])
    .where('project_id', '=', projectId)
    .where('hard_limit', '>=', 0)
    .groupBy('resource')
    .execute();
  return new Map(rows.map((r) => [r.resource, Number(r.hard_limit)]));
}

export async function upsertClassLimit(db: DbOrTrx, className: string, resource: string, limit: number): Promise<void> {
  await db
    .insertInto('quota_classes')
    .values({ class_name: className, resource, hard_limit: limit })
    .onConflict((oc) => oc.columns(['class_name', 'resource']).doUpdateSet({ hard_limit: limit }))
    .execute();
}

export async function upsertProjectLimit(
  db: DbOrTrx,
  projectId: string,
  resource: string,
  limit: number,
): Promise<void> {
  await db
    .insertInto('quotas')
    .values({ project_id: projectId, resource, hard_limit: limit })
    .onConflict((oc) => oc.columns(['project_id', 'resource']).doUpdateSet({ hard_limit: limit }))
    .execute();
}

export async function upsertUserLimit(
  db: DbOrTrx,
  projectId: string,
  userId: string,
  resource: string,
  limit: number,
): Promise<void> {
  await db
    .insertInto('project_user_quotas')
    .values({ project_id: projectId, user_id: userId, resource, hard_limit: limit })
    .onConflict((oc) => oc.columns(['project_id', 'user_id', 'resource']).doUpdateSet({ hard_limit: limit }))
    .execute();
}

/** DELETE os-quota-sets/{project}: the project's and its users' rows (destroy_all_by_project) */
export async function deleteProjectLimits(db: DbOrTrx, projectId: string): Promise<void> {
  await db.deleteFrom('quotas').where('project_id', '=', projectId).execute();
  await db.deleteFrom('project_user_quotas').where('project_id', '=', projectId).execute();
}

export async function deleteUserLimits(db: DbOrTrx, projectId: string, userId: string): Promise<void> {
  await db
    .deleteFrom('project_user_quotas')
    .where('project_id', '=', projectId)
    .where('user_id', '=', userId)
    .execute();
}

/** live instances, cores and RAM of one user within a project (Nova counts user quotas this way) */
export async function userUsage(
  db: DbOrTrx,
  projectId: string,
  userId: string,
): Promise<{ instances: number; cores: number; ram: number }> {
  const r = await db
    .selectFrom('instances')
    .select((eb) => [
      eb.fn.countAll<number>().as('n'),
      eb.fn.sum<number>('vcpus').as('cores'),
      eb.fn.sum<number>('memory_mb').as('ram'),
    ])
    .where('project_id', '=', projectId)
    .where('user_id', '=', userId)
    .where('deleted', '=', 0)
    .executeTakeFirstOrThrow();
  return { instances: Number(r.n), cores: Number(r.cores ?? 0), ram: Number(r.ram ?? 0) };
}
