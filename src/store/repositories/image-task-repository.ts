/**
 * Glance's tasks (image_tasks) and the image writes of an interoperable import: staging and the
 * import's status moves are conditional statements, so two requests never both win.
 */
import type { DbOrTrx } from '../database.js';
import type { ImagesTable, ImageTasksTable } from '../tables/images.table.js';

export type ImageTaskRow = ImageTasksTable;

export async function insertImageTask(db: DbOrTrx, row: ImageTaskRow): Promise<void> {
  await db.insertInto('image_tasks').values(row).execute();
}

export async function findImageTask(db: DbOrTrx, id: string): Promise<ImageTaskRow | undefined> {
  return db.selectFrom('image_tasks').selectAll().where('id', '=', id).executeTakeFirst();
}

/** owner null: every project's tasks (admins) */
export async function listImageTasks(db: DbOrTrx, owner: string | null): Promise<ImageTaskRow[]> {
  let q = db.selectFrom('image_tasks').selectAll();
  if (owner !== null) q = q.where('owner', '=', owner);
  return q.orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
}

export async function listTasksOfImage(db: DbOrTrx, imageId: string): Promise<ImageTaskRow[]> {
  return db
    .selectFrom('image_tasks')
    .selectAll()
    .where('image_id', '=', imageId)
    .orderBy('created_at', 'asc')
    .orderBy('id', 'asc')
    .execute();
}

export type ImageTaskUpdate = Partial<
  Pick<ImageTaskRow, 'status' | 'result' | 'message' | 'updated_at' | 'expires_at'>
>;

/** Writes a task that is still in one of `from`; false when it is not (finished meanwhile). */
export async function updateImageTask(
  db: DbOrTrx,
  id: string,
  from: string[],
  fields: ImageTaskUpdate,
): Promise<boolean> {
  const r = await db
    .updateTable('image_tasks')
    .set(fields)
    .where('id', '=', id)
    .where('status', 'in', from)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export type ImageImportUpdate = Partial<
  Pick<ImagesTable, 'status' | 'size' | 'checksum' | 'os_hash_algo' | 'os_hash_value' | 'properties' | 'updated_at'>
>;

/**
 * Writes an image still in status `from` and, when given, with exactly the properties text read
 * before (the import lock lives in the properties: a concurrent write of them makes this lose).
 */
export async function updateImageIf(
  db: DbOrTrx,
  id: string,
  from: { status: string; properties?: string },
  fields: ImageImportUpdate,
): Promise<boolean> {
  let q = db.updateTable('images').set(fields).where('id', '=', id).where('status', '=', from.status);
  if (from.properties !== undefined) q = q.where('properties', '=', from.properties);
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function deleteImageChunks(db: DbOrTrx, imageId: string): Promise<void> {
  await db.deleteFrom('image_data').where('image_id', '=', imageId).execute();
}
