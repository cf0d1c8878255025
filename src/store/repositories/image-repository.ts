/** Glance images (glance/db/sqlalchemy/api.py image_get_all's visibility rules, simplified to stackbox's tables). */
import type { Db, DbOrTrx } from '../database.js';
import type { ImagesTable } from '../tables/images.table.js';

export type ImageRow = ImagesTable;

export async function findImage(db: DbOrTrx, id: string): Promise<ImageRow | undefined> {
  return db.selectFrom('images').selectAll().where('id', '=', id).executeTakeFirst();
}

export interface ImageListFilter {
  /** null: an admin, who sees every image */
  projectId: string | null;
  /** 'public' | 'private' | 'shared' | 'community' | 'all' | undefined (the default view) */
  visibility?: string;
  name?: string;
  status?: string;
  owner?: string;
  /** os_hidden images are left out unless asked for */
  hidden?: boolean;
  containerFormat?: string;
  diskFormat?: string;
  protected?: boolean;
  sizeMin?: number;
  sizeMax?: number;
  /** every tag must be present */
  tags?: string[];
  /** custom-property equality filters (Glance treats unknown query parameters this way) */
  properties?: Record<string, string>;
}

/**
 * The default view is public images, the caller's own images of any visibility and (had we image
 * members) accepted shared ones; community images appear only when asked for by visibility.
 */
export async function listImages(db: DbOrTrx, f: ImageListFilter): Promise<ImageRow[]> {
  let q = db.selectFrom('images').selectAll();
  const pid = f.projectId;
  if (f.visibility && f.visibility !== 'all') q = q.where('visibility', '=', f.visibility);
  if (pid !== null) {
    if (f.visibility === 'community' || f.visibility === 'all') {
      q = q.where((eb) => eb.or([eb('visibility', 'in', ['public', 'community']), eb('owner', '=', pid)]));
    } else {
      q = q.where((eb) => eb.or([eb('visibility', '=', 'public'), eb('owner', '=', pid)]));
    }
  } else if (f.visibility === undefined) {
    q = q.where('visibility', '!=', 'community');
  }
  if (f.name !== undefined) q = q.where('name', '=', f.name);
  if (f.status !== undefined) q = q.where('status', '=', f.status);
  if (f.owner !== undefined) q = q.where('owner', '=', f.owner);
  q = q.where('os_hidden', '=', f.hidden ? 1 : 0);
  if (f.containerFormat !== undefined) q = q.where('container_format', '=', f.containerFormat);
  if (f.diskFormat !== undefined) q = q.where('disk_format', '=', f.diskFormat);
  if (f.protected !== undefined) q = q.where('protected', '=', f.protected ? 1 : 0);
  if (f.sizeMin !== undefined) q = q.where('size', '>=', f.sizeMin);
  if (f.sizeMax !== undefined) q = q.where('size', '<=', f.sizeMax);
  const rows = await q.execute();
  // tags and properties are JSON text columns: matched here rather than with dialect-specific JSON SQL
  const tags = f.tags ?? [];
  const props = Object.entries(f.properties ?? {});
  if (tags.length === 0 && props.length === 0) return rows;
  return rows.filter((r) => {
    const have = JSON.parse(r.tags) as string[];
    const p = JSON.parse(r.properties) as Record<string, unknown>;
    return tags.every((t) => have.includes(t)) && props.every(([k, v]) => p[k] === v);
  });
}

export async function insertImage(db: DbOrTrx, row: ImageRow): Promise<void> {
  await db.insertInto('images').values(row).execute();
}

/**
 * Deletes unless protected; the condition is in the statement so a concurrent protect wins. The
 * image's uploaded data (image_data) goes with it in the same statement: its foreign key cascades.
 */
export async function deleteUnprotectedImage(db: DbOrTrx, id: string): Promise<boolean> {
  const r = await db.deleteFrom('images').where('id', '=', id).where('protected', '=', 0).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** Uploads are stored in chunks of this size (see migration 0006). */
export const IMAGE_CHUNK_BYTES = 1024 * 1024;

/**
 * queued → saving, as Glance's image_repo.save(image, from_state='queued'): the status condition
 * is in the statement, so of two concurrent uploads only one starts.
 */
export async function beginImageUpload(db: DbOrTrx, id: string, now: string): Promise<boolean> {
  const r = await db
    .updateTable('images')
    .set({ status: 'saving', updated_at: now })
    .where('id', '=', id)
    .where('status', '=', 'queued')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function insertImageChunk(db: DbOrTrx, imageId: string, seq: number, data: Buffer): Promise<void> {
  await db.insertInto('image_data').values({ image_id: imageId, seq, data }).execute();
}

export interface ImageDataFacts {
  size: number;
  checksum: string;
  osHashAlgo: string;
  osHashValue: string;
}

/** saving → active with the data's size and hashes; false when the image went away meanwhile. */
export async function finishImageUpload(db: DbOrTrx, id: string, facts: ImageDataFacts, now: string): Promise<boolean> {
  const r = await db
    .updateTable('images')
    .set({
      status: 'active',
      size: facts.size,
      checksum: facts.checksum,
      os_hash_algo: facts.osHashAlgo,
      os_hash_value: facts.osHashValue,
      updated_at: now,
    })
    .where('id', '=', id)
    .where('status', '=', 'saving')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** A failed upload: its chunks go and the image is 'queued' again (Glance's _restore), in one transaction. */
export async function abortImageUpload(db: Db, id: string, now: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('image_data').where('image_id', '=', id).execute();
    await trx
      .updateTable('images')
      .set({ status: 'queued', updated_at: now })
      .where('id', '=', id)
      .where('status', '=', 'saving')
      .execute();
  });
}

/** One stored chunk, or undefined past the last one (or when the image has no data). */
export async function findImageChunk(db: DbOrTrx, imageId: string, seq: number): Promise<Buffer | undefined> {
  const row = await db
    .selectFrom('image_data')
    .select('data')
    .where('image_id', '=', imageId)
    .where('seq', '=', seq)
    .executeTakeFirst();
  return row?.data;
}

/** The attributes PATCH /v2/images/{id} may change. */
export type ImageUpdate = Pick<
  ImageRow,
  | 'name'
  | 'visibility'
  | 'owner'
  | 'container_format'
  | 'disk_format'
  | 'min_disk'
  | 'min_ram'
  | 'protected'
  | 'os_hidden'
  | 'tags'
  | 'properties'
  | 'updated_at'
>;

export async function updateImage(db: DbOrTrx, id: string, fields: ImageUpdate): Promise<void> {
  await db.updateTable('images').set(fields).where('id', '=', id).execute();
}
