/** Migration rows (Nova's migrations table): insert, lookup and the conditional status change. */
import type { DbOrTrx } from '../database.js';
import type { MigrationsTable } from '../tables/migrations.table.js';

export type MigrationRow = MigrationsTable;

export async function insertMigration(db: DbOrTrx, row: MigrationsTable): Promise<void> {
  await db.insertInto('migrations').values(row).execute();
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
