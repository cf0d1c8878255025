/** Glance images (glance/db/sqlalchemy/api.py image_get_all's visibility rules, simplified to stackbox's tables). */
import type { Db, DbOrTrx } from '../database.js';
import type { ImagesTable, ImageMembersTable } from '../tables/images.table.js';

export type ImageRow = ImagesTable;

export async function findImage(db: DbOrTrx, id: string): Promise<ImageRow | undefined> {
  return db.selectFrom('images').selectAll().where('id', '=', id).executeTakeFirst();
}

export interface ImageListFilter {
  /** null: an admin, who sees every image */
  projectId: string | null;
  /** the caller's own project, admin or not (community images of its own are listed by default) */
  callerProject: string | null;
  /** 'public' | 'private' | 'shared' | 'community' | 'all' | undefined (the default view) */
  visibility?: string;
  /** the membership status a shared image must have for the caller: 'pending' | 'accepted' | 'rejected' | 'all' */
  memberStatus: string;
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
  /** equality on the other columns Glance filters by (size, min_disk, checksum, …) */
  columns?: Partial<Record<ImageFilterColumn, string | number>>;
  /** every tag must be present */
  tags?: string[];
  /** custom-property equality filters (Glance treats unknown query parameters this way) */
  properties?: Record<string, string>;
}

/** Columns of Glance's images table that a query parameter of the same name filters by equality. */
export const IMAGE_FILTER_COLUMNS = [
  'id',
  'size',
  'virtual_size',
  'min_disk',
  'min_ram',
  'checksum',
  'os_hash_algo',
  'os_hash_value',
] as const;
export type ImageFilterColumn = (typeof IMAGE_FILTER_COLUMNS)[number];

/**
 * glance/db/sqlalchemy/api.py _select_images_query and _image_get_all: a non-admin sees public
 * and community images, its own, and shared images it is a member of with the asked membership
 * status (accepted by default); a visibility narrows that, and without one community images are
 * listed only when the caller owns them.
 */
export async function listImages(db: DbOrTrx, f: ImageListFilter): Promise<ImageRow[]> {
  let q = db.selectFrom('images').selectAll();
  const pid = f.projectId;
  if (pid !== null) {
    q = q.where((eb) =>
      eb.or([
        eb('visibility', 'in', ['public', 'community']),
        eb('owner', '=', pid),
        eb.and([
          eb('visibility', '=', 'shared'),
          eb.exists(
            eb
              .selectFrom('image_members as m')
              .select('m.member_id')
              .whereRef('m.image_id', '=', 'images.id')
              .where('m.member_id', '=', pid)
              .$if(f.memberStatus !== 'all', (sq) => sq.where('m.status', '=', f.memberStatus)),
          ),
        ]),
      ]),
    );
  }
  if (f.visibility !== undefined) {
    if (f.visibility !== 'all') q = q.where('visibility', '=', f.visibility);
  } else if (f.callerProject === null) {
    q = q.where('visibility', '!=', 'community');
  } else {
    const own = f.callerProject;
    q = q.where((eb) => eb.or([eb('owner', '=', own), eb('visibility', '!=', 'community')]));
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
  for (const [col, v] of Object.entries(f.columns ?? {}) as Array<[ImageFilterColumn, string | number]>)
    q = q.where(col, '=', v);
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

/**
 * Moves an image between two statuses (deactivate: active → deactivated, reactivate: the reverse);
 * the expected status is in the statement, as Glance's save(image, from_state=…).
 */
export async function transitionImageStatus(
  db: DbOrTrx,
  id: string,
  from: string,
  to: string,
  now: string,
): Promise<boolean> {
  const r = await db
    .updateTable('images')
    .set({ status: to, updated_at: now })
    .where('id', '=', id)
    .where('status', '=', from)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/**
 * Adds a tag unless present, reading and writing the tags column in one statement guarded by its
 * previous value: false when another write changed the tags in between (the caller retries).
 */
export async function replaceImageTags(
  db: DbOrTrx,
  id: string,
  previous: string,
  next: string,
  now: string,
): Promise<boolean> {
  const r = await db
    .updateTable('images')
    .set({ tags: next, updated_at: now })
    .where('id', '=', id)
    .where('tags', '=', previous)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export type ImageMemberRow = ImageMembersTable;

/** A new membership; a second one for the same (image, member) violates the primary key. */
export async function insertImageMember(db: DbOrTrx, row: ImageMemberRow): Promise<void> {
  await db.insertInto('image_members').values(row).execute();
}

export async function findImageMember(
  db: DbOrTrx,
  imageId: string,
  memberId: string,
): Promise<ImageMemberRow | undefined> {
  return db
    .selectFrom('image_members')
    .selectAll()
    .where('image_id', '=', imageId)
    .where('member_id', '=', memberId)
    .executeTakeFirst();
}

/** An image's memberships; `onlyMember` narrows to one project's (what a non-owner may see). */
export async function listImageMembers(db: DbOrTrx, imageId: string, onlyMember?: string): Promise<ImageMemberRow[]> {
  return db
    .selectFrom('image_members')
    .selectAll()
    .where('image_id', '=', imageId)
    .$if(onlyMember !== undefined, (q) => q.where('member_id', '=', onlyMember as string))
    .orderBy('created_at')
    .orderBy('member_id')
    .execute();
}

export async function countImageMembers(db: DbOrTrx, imageId: string): Promise<number> {
  const r = await db
    .selectFrom('image_members')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('image_id', '=', imageId)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function updateImageMemberStatus(
  db: DbOrTrx,
  imageId: string,
  memberId: string,
  status: string,
  now: string,
): Promise<boolean> {
  const r = await db
    .updateTable('image_members')
    .set({ status, updated_at: now })
    .where('image_id', '=', imageId)
    .where('member_id', '=', memberId)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function deleteImageMember(db: DbOrTrx, imageId: string, memberId: string): Promise<boolean> {
  const r = await db
    .deleteFrom('image_members')
    .where('image_id', '=', imageId)
    .where('member_id', '=', memberId)
    .executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}
