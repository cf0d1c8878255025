/**
 * The instance's metadata column and its tag rows. Metadata is one JSON column, so a write is a
 * compare-and-swap against the row as it was read (metadata and the state the rules were checked
 * against): a concurrent writer, lock or state change makes the swap miss and the service retry.
 */
import type { DbOrTrx } from '../database.js';
import type { InstancesTable } from '../tables/instances.table.js';

export type MetadataState = Pick<
  InstancesTable,
  'uuid' | 'metadata' | 'vm_state' | 'task_state' | 'launched_at' | 'locked' | 'locked_by'
>;

/** The live instance's metadata with the fields its lock and state rules read. */
export async function readMetadataState(db: DbOrTrx, uuid: string): Promise<MetadataState | undefined> {
  return db
    .selectFrom('instances')
    .select(['uuid', 'metadata', 'vm_state', 'task_state', 'launched_at', 'locked', 'locked_by'])
    .where('uuid', '=', uuid)
    .where('deleted', '=', 0)
    .executeTakeFirst();
}

/** Writes `metadata` only if the row still is exactly `seen`; false when someone changed it in between. */
export async function swapMetadata(db: DbOrTrx, seen: MetadataState, metadata: string, now: string): Promise<boolean> {
  let q = db
    .updateTable('instances')
    .set({ metadata, updated_at: now })
    .where('uuid', '=', seen.uuid)
    .where('deleted', '=', 0)
    .where('metadata', '=', seen.metadata)
    .where('vm_state', '=', seen.vm_state)
    .where('locked', '=', seen.locked);
  q = seen.task_state === null ? q.where('task_state', 'is', null) : q.where('task_state', '=', seen.task_state);
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function listInstanceTags(db: DbOrTrx, uuid: string): Promise<string[]> {
  const rows = await db.selectFrom('instance_tags').select('tag').where('instance_uuid', '=', uuid).execute();
  return rows.map((r) => r.tag);
}

export async function replaceInstanceTags(db: DbOrTrx, uuid: string, tags: string[], now: string): Promise<void> {
  await db.deleteFrom('instance_tags').where('instance_uuid', '=', uuid).execute();
  if (tags.length)
    await db
      .insertInto('instance_tags')
      .values(tags.map((tag) => ({ instance_uuid: uuid, tag })))
      .execute();
  await db.updateTable('instances').set({ updated_at: now }).where('uuid', '=', uuid).execute();
}

export async function insertInstanceTag(db: DbOrTrx, uuid: string, tag: string): Promise<void> {
  await db.insertInto('instance_tags').values({ instance_uuid: uuid, tag }).execute();
}

export async function deleteInstanceTag(db: DbOrTrx, uuid: string, tag: string): Promise<boolean> {
  const r = await db
    .deleteFrom('instance_tags')
    .where('instance_uuid', '=', uuid)
    .where('tag', '=', tag)
    .executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export async function deleteAllInstanceTags(db: DbOrTrx, uuid: string): Promise<void> {
  await db.deleteFrom('instance_tags').where('instance_uuid', '=', uuid).execute();
}
