/** Instance rows: lookup, insert, and the conditional state transition every action relies on. */
import type { DbOrTrx, Trx } from '../database.js';
import type { InstancesTable } from '../tables/instances.table.js';

export async function findInstance(db: DbOrTrx, uuid: string): Promise<InstancesTable | undefined> {
  return db.selectFrom('instances').selectAll().where('uuid', '=', uuid).executeTakeFirst();
}

export async function insertInstance(trx: DbOrTrx, row: InstancesTable): Promise<void> {
  await trx.insertInto('instances').values(row).execute();
}

export interface TransitionGuard {
  /** undefined = any vm_state */
  fromVmStates?: string[];
  /** undefined = any task_state; null in the list matches "no task" */
  fromTaskStates?: (string | null)[];
  /** only rows not yet deleted (default true) */
  notDeleted?: boolean;
  /** only unlocked rows (non-admin callers: a lock taken meanwhile wins) */
  unlocked?: boolean;
}

/**
 * One conditional UPDATE … RETURNING: the row changes only if it is still in an expected state,
 * so of N concurrent requests exactly one wins and the others see undefined (→ 409).
 */
export async function transitionInstance(
  trx: DbOrTrx,
  uuid: string,
  guard: TransitionGuard,
  patch: Partial<InstancesTable>,
): Promise<InstancesTable | undefined> {
  let q = trx.updateTable('instances').set(patch).where('uuid', '=', uuid);
  if (guard.notDeleted !== false) q = q.where('deleted', '=', 0);
  if (guard.unlocked) q = q.where('locked', '=', 0);
  if (guard.fromVmStates) q = q.where('vm_state', 'in', guard.fromVmStates);
  if (guard.fromTaskStates) {
    const named = guard.fromTaskStates.filter((t): t is string => t !== null);
    const allowNull = guard.fromTaskStates.includes(null);
    q = q.where((eb) => {
      const ors = [];
      if (allowNull) ors.push(eb('task_state', 'is', null));
      if (named.length) ors.push(eb('task_state', 'in', named));
      return ors.length ? eb.or(ors) : eb.val(false);
    });
  }
  return q.returningAll().executeTakeFirst();
}

export async function setTags(trx: Trx, uuid: string, tags: string[]): Promise<void> {
  await trx.deleteFrom('instance_tags').where('instance_uuid', '=', uuid).execute();
  const unique = [...new Set(tags)];
  if (unique.length)
    await trx
      .insertInto('instance_tags')
      .values(unique.map((tag) => ({ instance_uuid: uuid, tag })))
      .execute();
}

export async function tagsFor(db: DbOrTrx, uuids: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>(uuids.map((u) => [u, []]));
  if (!uuids.length) return out;
  const rows = await db
    .selectFrom('instance_tags')
    .select(['instance_uuid', 'tag'])
    .where('instance_uuid', 'in', uuids)
    .orderBy('tag')
    .execute();
  for (const r of rows) out.get(r.instance_uuid)?.push(r.tag);
  return out;
}

/** vcpus/ram/disk used on each host by instances that are not deleted (the scheduler's view). */
export async function usageByHost(db: DbOrTrx): Promise<Map<string, { vcpus: number; ram: number; disk: number }>> {
  const rows = await db
    .selectFrom('instances')
    .select((eb) => [
      'host',
      eb.fn.sum<number>('vcpus').as('vcpus'),
      eb.fn.sum<number>('memory_mb').as('ram'),
      eb.fn.sum<number>('root_gb').as('disk'),
    ])
    .where('deleted', '=', 0)
    .where('host', 'is not', null)
    .groupBy('host')
    .execute();
  return new Map(
    rows.map((r) => [r.host as string, { vcpus: Number(r.vcpus), ram: Number(r.ram), disk: Number(r.disk) }]),
  );
}

/** instances/cores/ram a project uses (non-deleted rows), for quota checks. */
export async function projectUsage(
  db: DbOrTrx,
  projectId: string,
): Promise<{ instances: number; cores: number; ram: number }> {
  const r = await db
    .selectFrom('instances')
    .select((eb) => [
      eb.fn.countAll<number>().as('n'),
      eb.fn.sum<number>('vcpus').as('cores'),
      eb.fn.sum<number>('memory_mb').as('ram'),
    ])
    .where('project_id', '=', projectId)
    .where('deleted', '=', 0)
    .executeTakeFirst();
  return { instances: Number(r?.n ?? 0), cores: Number(r?.cores ?? 0), ram: Number(r?.ram ?? 0) };
}
