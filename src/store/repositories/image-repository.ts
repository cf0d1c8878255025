/** Glance images (glance/db/sqlalchemy/api.py image_get_all's visibility rules, simplified to stackbox's tables). */
import type { DbOrTrx } from '../database.js';
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

/** Deletes unless protected; the condition is in the statement so a concurrent protect wins. */
export async function deleteUnprotectedImage(db: DbOrTrx, id: string): Promise<boolean> {
  const r = await db.deleteFrom('images').where('id', '=', id).where('protected', '=', 0).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}
