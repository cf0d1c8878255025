/** Migration rows (Nova's migrations table): insert, lookup and the conditional status change. */
import { sql } from 'kysely';
import type { DbOrTrx } from '../database.js';
import type { MigrationsTable } from '../tables/migrations.table.js';

export type MigrationRow = MigrationsTable;

/** what a caller gives: the integer id is the next one, the progress counters start empty */
export type NewMigration = Omit<
  MigrationsTable,
  | 'seq'
  | 'memory_total'
  | 'memory_processed'
  | 'memory_remaining'
  | 'disk_total'
  | 'disk_processed'
  | 'disk_remaining'
  | 'force_complete'
>;

/**
 * The next integer id is max + 1, read in the insert itself; the UNIQUE index decides a race
 * (callers hold the `migrations` lock of their transaction, so on PostgreSQL they queue instead).
 */
export async function insertMigration(db: DbOrTrx, row: NewMigration): Promise<MigrationsTable> {
  return db
    .insertInto('migrations')
    .values({
      ...row,
      seq: sql<number>`(select coalesce(max(seq), 0) + 1 from migrations)`,
      memory_total: null,
      memory_processed: null,
      memory_remaining: null,
      disk_total: null,
      disk_processed: null,
      disk_remaining: null,
      force_complete: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** the live migration statuses Nova counts as in progress (server_migrations.py) */
export const LIVE_IN_PROGRESS = ['queued', 'preparing', 'running', 'post-migrating'];

export const findMigrationBySeq = (db: DbOrTrx, seq: number): Promise<MigrationsTable | undefined> =>
  db.selectFrom('migrations').selectAll().where('seq', '=', seq).executeTakeFirst();

/** Migration.get_in_progress_by_instance for live migrations, oldest first */
export const liveInProgress = (db: DbOrTrx, instanceUuid: string): Promise<MigrationsTable[]> =>
  db
    .selectFrom('migrations')
    .selectAll()
    .where('instance_uuid', '=', instanceUuid)
    .where('migration_type', '=', 'live-migration')
    .where('status', 'in', LIVE_IN_PROGRESS)
    .orderBy('seq')
    .execute();

export interface MigrationFilters {
  host?: string;
  sourceCompute?: string;
  status?: string;
  instanceUuid?: string;
  migrationType?: string;
  changesSince?: string;
  changesBefore?: string;
  userId?: string;
  projectId?: string;
  /** paging (2.59): rows strictly after this one in the listing's order */
  marker?: MigrationsTable;
  limit?: number;
}

/**
 * db/main/api.py migration_get_all_by_filters: newest first (created_at desc, id desc); `host`
 * matches either end; changes-since / changes-before compare updated_at (created_at when never
 * updated).
 */
export function listMigrations(db: DbOrTrx, f: MigrationFilters): Promise<MigrationsTable[]> {
  let q = db.selectFrom('migrations').selectAll();
  if (f.host !== undefined) {
    const h = f.host;
    q = q.where((eb) => eb.or([eb('source_compute', '=', h), eb('dest_compute', '=', h)]));
  }
  if (f.sourceCompute !== undefined) q = q.where('source_compute', '=', f.sourceCompute);
  if (f.status !== undefined) q = q.where('status', '=', f.status);
  if (f.instanceUuid !== undefined) q = q.where('instance_uuid', '=', f.instanceUuid);
  if (f.migrationType !== undefined) q = q.where('migration_type', '=', f.migrationType);
  if (f.userId !== undefined) q = q.where('user_id', '=', f.userId);
  if (f.projectId !== undefined) q = q.where('project_id', '=', f.projectId);
  const changed = sql<string>`coalesce(updated_at, created_at)`;
  if (f.changesSince !== undefined) q = q.where(changed, '>=', f.changesSince);
  if (f.changesBefore !== undefined) q = q.where(changed, '<=', f.changesBefore);
  if (f.marker) {
    const m = f.marker;
    q = q.where((eb) =>
      eb.or([
        eb('created_at', '<', m.created_at),
        eb.and([eb('created_at', '=', m.created_at), eb('seq', '<', m.seq)]),
      ]),
    );
  }
  q = q.orderBy('created_at', 'desc').orderBy('seq', 'desc');
  if (f.limit !== undefined) q = q.limit(f.limit);
  return q.execute();
}

export const findMigration = (db: DbOrTrx, uuid: string): Promise<MigrationsTable | undefined> =>
  db.selectFrom('migrations').selectAll().where('uuid', '=', uuid).executeTakeFirst();

/** Migration.get_by_instance_and_status: the newest row of the instance in that status */
export const migrationByStatus = (
  db: DbOrTrx,
  instanceUuid: string,
  status: string,
): Promise<MigrationsTable | undefined> =>
  db
    .selectFrom('migrations')
    .selectAll()
    .where('instance_uuid', '=', instanceUuid)
    .where('status', '=', status)
    .orderBy('created_at', 'desc')
    .executeTakeFirst();

/** one conditional UPDATE: undefined when the row is no longer in one of `from` */
export const updateMigration = (
  db: DbOrTrx,
  uuid: string,
  from: string[],
  patch: Partial<MigrationsTable>,
): Promise<MigrationsTable | undefined> =>
  db
    .updateTable('migrations')
    .set(patch)
    .where('uuid', '=', uuid)
    .where('status', 'in', from)
    .returningAll()
    .executeTakeFirst();

/** finished resizes whose confirm window ran out (resize_confirm_window), on these hosts */
export const finishedBefore = (db: DbOrTrx, hosts: string[], cutoff: string): Promise<MigrationsTable[]> =>
  hosts.length === 0
    ? Promise.resolve([])
    : db
        .selectFrom('migrations')
        .selectAll()
        .where('status', '=', 'finished')
        .where('dest_compute', 'in', hosts)
        .where('updated_at', '<', cutoff)
        .execute();
