/** Volume backups (migration 0039): queries taking a DbOrTrx. */
import { sql, type Expression } from 'kysely';
import type { DbOrTrx } from '../database.js';
import { keysetOrdered } from './keyset-order.js';
import type { VolumeBackupsTable } from '../tables/volume-backups.table.js';

export type BackupRow = VolumeBackupsTable;

export async function findBackup(db: DbOrTrx, id: string): Promise<BackupRow | undefined> {
  return db.selectFrom('volume_backups').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertBackup(db: DbOrTrx, row: BackupRow): Promise<void> {
  await db.insertInto('volume_backups').values(row).execute();
}

/** A project's backup quota usage: every backup row counts, whatever its status (as Cinder's reservations). */
export async function backupUsage(db: DbOrTrx, projectId: string): Promise<{ backups: number; gigabytes: number }> {
  const r = await db
    .selectFrom('volume_backups')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.sum<number>('size').as('gb')])
    .where('project_id', '=', projectId)
    .executeTakeFirstOrThrow();
  return { backups: Number(r.n), gigabytes: Number(r.gb ?? 0) };
}

/**
 * The newest available backup of a volume by its data's time: an incremental backup's parent
 * (for a backup of a snapshot, one whose data is older than the snapshot).
 */
export async function latestAvailableBackupOf(
  db: DbOrTrx,
  volumeId: string,
  before: string | null,
): Promise<BackupRow | undefined> {
  let q = db
    .selectFrom('volume_backups')
    .selectAll()
    .where('volume_id', '=', volumeId)
    .where('status', '=', 'available');
  if (before !== null) q = q.where('data_timestamp', '<', before);
  return q.orderBy('data_timestamp', 'desc').orderBy('created_at', 'desc').limit(1).executeTakeFirst();
}

export async function countBackupsOf(db: DbOrTrx, volumeId: string): Promise<number> {
  const r = await db
    .selectFrom('volume_backups')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('volume_id', '=', volumeId)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** the ids among `ids` that incremental backups build on (has_dependent_backups) */
export async function backupsWithDependents(db: DbOrTrx, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .selectFrom('volume_backups')
    .select('parent_id')
    .distinct()
    .where('parent_id', 'in', ids)
    .execute();
  return new Set(rows.map((r) => r.parent_id).filter((x): x is string => x !== null));
}

export type BackupSortKey =
  'created_at' | 'updated_at' | 'id' | 'name' | 'status' | 'size' | 'volume_id' | 'availability_zone' | 'container';

export interface BackupListFilter {
  /** null: every project (an admin's all_tenants) */
  projectId: string | null;
  name?: string;
  status?: string;
  volumeId?: string;
  sortKey: BackupSortKey;
  sortDir: 'asc' | 'desc';
  limit: number;
  offset: number;
  marker?: BackupRow;
}

const sortExpr = (key: BackupSortKey): Expression<unknown> =>
  key === 'size' ? sql`size` : key === 'id' ? sql`id` : sql`coalesce(${sql.ref(key)}, '')`;
const sortValue = (row: BackupRow, key: BackupSortKey): string | number =>
  key === 'size' ? row.size : key === 'id' ? row.id : (row[key] ?? '');

function filtered(db: DbOrTrx, f: Omit<BackupListFilter, 'sortKey' | 'sortDir' | 'limit' | 'offset' | 'marker'>) {
  let q = db.selectFrom('volume_backups');
  if (f.projectId !== null) q = q.where('project_id', '=', f.projectId);
  if (f.name !== undefined) q = q.where('name', '=', f.name);
  if (f.status !== undefined) q = q.where('status', '=', f.status);
  if (f.volumeId !== undefined) q = q.where('volume_id', '=', f.volumeId);
  return q;
}

/** A page of backups in (key, id) order, keyset-paged after the marker. */
export async function listBackups(db: DbOrTrx, f: BackupListFilter): Promise<BackupRow[]> {
  return keysetOrdered(filtered(db, f).selectAll(), {
    key: sortExpr(f.sortKey),
    dir: f.sortDir,
    after: f.marker ? { value: sortValue(f.marker, f.sortKey), id: f.marker.id } : undefined,
  })
    .limit(f.limit)
    .offset(f.offset)
    .execute();
}

/** how many backups the filters match, paging aside (with_count) */
export async function countBackups(
  db: DbOrTrx,
  f: Omit<BackupListFilter, 'sortKey' | 'sortDir' | 'limit' | 'offset' | 'marker'>,
): Promise<number> {
  const r = await filtered(db, f)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Moves a backup from one of `from` in one conditional UPDATE; true when it did. */
export async function transitionBackup(
  db: DbOrTrx,
  id: string,
  from: readonly string[],
  set: Partial<BackupRow>,
): Promise<boolean> {
  const r = await db
    .updateTable('volume_backups')
    .set(set)
    .where('id', '=', id)
    .where('status', 'in', [...from])
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function updateBackupFields(db: DbOrTrx, id: string, set: Partial<BackupRow>): Promise<void> {
  await db.updateTable('volume_backups').set(set).where('id', '=', id).execute();
}

export async function removeDeletingBackup(db: DbOrTrx, id: string): Promise<void> {
  await db.deleteFrom('volume_backups').where('id', '=', id).where('status', '=', 'deleting').execute();
}
