/**
 * Moving rows into the shadow tables (migration 0009) and deleting them from there.
 *
 * A move is `DELETE … RETURNING *` followed by an INSERT of exactly the returned rows into the
 * shadow table, inside the caller's transaction: a row is archived only by the transaction that
 * deleted it, so two archivers never both copy it, and a row written concurrently is either
 * deleted and copied or left for the next run, never dropped. Every DELETE repeats the condition
 * that made the row eligible (deleted instance, finished operation), so a row that changed since
 * it was picked is not touched.
 */
import { sql } from 'kysely';
import { first } from '../../lib/arrays.js';
import type { DbOrTrx, Trx } from '../database.js';
import type { DialectAdapter } from '../dialects/adapter.js';

/** the tables that have a shadow table, in the order a move visits them (children first) */
export const ARCHIVED_TABLES = [
  'instance_action_events',
  'instance_actions',
  'server_events',
  'event_waits',
  'virtual_interfaces',
  'migrations',
  'instance_tags',
  'instances',
  'operations',
] as const;
export type ArchivedTable = (typeof ARCHIVED_TABLES)[number];
export type TableCounts = Record<ArchivedTable, number>;

export function zeroCounts(): TableCounts {
  return Object.fromEntries(ARCHIVED_TABLES.map((t) => [t, 0])) as TableCounts;
}

export function addCounts(into: TableCounts, more: TableCounts): void {
  for (const t of ARCHIVED_TABLES) into[t] += more[t];
}

const FINISHED = ['done', 'failed'];
const UNFINISHED = ['pending', 'running'];
/** SQLite's bound-parameter limit is 32766; stay well below it for one INSERT */
const MAX_PARAMS = 30000;

async function intoShadow(trx: Trx, table: ArchivedTable, rows: Array<Record<string, unknown>>): Promise<number> {
  if (!rows.length) return 0;
  const perInsert = Math.max(1, Math.floor(MAX_PARAMS / Object.keys(first(rows)).length));
  for (let i = 0; i < rows.length; i += perInsert) {
    // the shadow table has the same columns as the row's table (migration 0009)
    await trx
      .insertInto(`shadow_${table}`)
      .values(rows.slice(i, i + perInsert))
      .execute();
  }
  return rows.length;
}

// ---------------------------------------------------------------------------------------------
// deleted instances

/** deleted before the cut-off, with no operation still to run for them (it would look for the row) */
function deletedInstancesQuery(db: DbOrTrx, cutoff: string) {
  return db
    .selectFrom('instances')
    .select('uuid')
    .where('deleted', '!=', 0)
    .where('deleted_at', '<', cutoff)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('operations')
            .select('operations.id')
            .whereRef('operations.instance_uuid', '=', 'instances.uuid')
            .where('operations.status', 'in', UNFINISHED),
        ),
      ),
    );
}

/** up to `limit` archivable instances, locked for this transaction where the database can (others skip them) */
export async function pickDeletedInstances(
  trx: Trx,
  adapter: DialectAdapter,
  cutoff: string,
  limit: number,
): Promise<string[]> {
  let q = deletedInstancesQuery(trx, cutoff).orderBy('deleted_at').orderBy('uuid').limit(limit);
  if (adapter.supportsSkipLocked) q = q.forUpdate().skipLocked();
  return (await q.execute()).map((r) => r.uuid);
}

/**
 * Moves every row that belongs to these instances (actions and their events, external events,
 * event waits, virtual interfaces, tags). The instances themselves are not touched here.
 */
export async function moveInstanceChildren(trx: Trx, uuids: string[]): Promise<TableCounts> {
  const n = zeroCounts();
  if (!uuids.length) return n;
  const actionIds = trx.selectFrom('instance_actions').select('id').where('instance_uuid', 'in', uuids);
  n.instance_action_events = await intoShadow(
    trx,
    'instance_action_events',
    await trx.deleteFrom('instance_action_events').where('action_id', 'in', actionIds).returningAll().execute(),
  );
  n.instance_actions = await intoShadow(
    trx,
    'instance_actions',
    await trx.deleteFrom('instance_actions').where('instance_uuid', 'in', uuids).returningAll().execute(),
  );
  n.server_events = await intoShadow(
    trx,
    'server_events',
    await trx.deleteFrom('server_events').where('instance_uuid', 'in', uuids).returningAll().execute(),
  );
  n.event_waits = await intoShadow(
    trx,
    'event_waits',
    await trx.deleteFrom('event_waits').where('instance_uuid', 'in', uuids).returningAll().execute(),
  );
  n.virtual_interfaces = await intoShadow(
    trx,
    'virtual_interfaces',
    await trx.deleteFrom('virtual_interfaces').where('instance_uuid', 'in', uuids).returningAll().execute(),
  );
  n.migrations = await intoShadow(
    trx,
    'migrations',
    await trx.deleteFrom('migrations').where('instance_uuid', 'in', uuids).returningAll().execute(),
  );
  n.instance_tags = await intoShadow(
    trx,
    'instance_tags',
    await trx.deleteFrom('instance_tags').where('instance_uuid', 'in', uuids).returningAll().execute(),
  );
  return n;
}

/** moves the instance rows (after their children: tags would otherwise go by ON DELETE CASCADE) */
export async function moveDeletedInstances(trx: Trx, uuids: string[], cutoff: string): Promise<number> {
  if (!uuids.length) return 0;
  return intoShadow(
    trx,
    'instances',
    await trx
      .deleteFrom('instances')
      .where('uuid', 'in', uuids)
      .where('deleted', '!=', 0)
      .where('deleted_at', '<', cutoff)
      .returningAll()
      .execute(),
  );
}

// ---------------------------------------------------------------------------------------------
// rows of instances that are already archived (written after their instance moved)

const INSTANCE_CHILD_TABLES = [
  'instance_actions',
  'server_events',
  'event_waits',
  'virtual_interfaces',
  'migrations',
  'instance_tags',
] as const;

/** instances already in shadow_instances that still have rows in the main tables */
export async function pickArchivedInstancesWithRows(db: DbOrTrx, limit: number): Promise<string[]> {
  const out = new Set<string>();
  for (const t of INSTANCE_CHILD_TABLES) {
    if (out.size >= limit) break;
    const rows = await db
      .selectFrom(t)
      .select('instance_uuid')
      .distinct()
      .where('instance_uuid', 'in', db.selectFrom('shadow_instances').select('uuid'))
      .limit(limit - out.size)
      .execute();
    for (const r of rows) out.add(r.instance_uuid);
  }
  return [...out];
}

// ---------------------------------------------------------------------------------------------
// finished operations

function finishedOperationsQuery(db: DbOrTrx, cutoff: string) {
  return db.selectFrom('operations').select('id').where('status', 'in', FINISHED).where('finished_at', '<', cutoff);
}

export async function pickFinishedOperations(
  trx: Trx,
  adapter: DialectAdapter,
  cutoff: string,
  limit: number,
): Promise<string[]> {
  let q = finishedOperationsQuery(trx, cutoff).orderBy('finished_at').orderBy('id').limit(limit);
  if (adapter.supportsSkipLocked) q = q.forUpdate().skipLocked();
  return (await q.execute()).map((r) => r.id);
}

/**
 * Moves finished operations with the event waits they registered: a finished operation never
 * waits again, so its waits are history too (also for servers that live on).
 */
export async function moveFinishedOperations(trx: Trx, ids: string[], cutoff: string): Promise<TableCounts> {
  const n = zeroCounts();
  if (!ids.length) return n;
  const moved = await trx
    .deleteFrom('operations')
    .where('id', 'in', ids)
    .where('status', 'in', FINISHED)
    .where('finished_at', '<', cutoff)
    .returningAll()
    .execute();
  n.operations = await intoShadow(trx, 'operations', moved);
  if (moved.length) {
    n.event_waits = await intoShadow(
      trx,
      'event_waits',
      await trx
        .deleteFrom('event_waits')
        .where(
          'operation_id',
          'in',
          moved.map((o) => o.id),
        )
        .returningAll()
        .execute(),
    );
  }
  return n;
}

// ---------------------------------------------------------------------------------------------
// dry run: what an archive would move now

export async function countArchivable(db: DbOrTrx, cutoff: string): Promise<TableCounts> {
  const n = zeroCounts();
  const uuids = deletedInstancesQuery(db, cutoff);
  // an instance's children, or an archived instance's leftovers
  const byInstance = async (t: (typeof INSTANCE_CHILD_TABLES)[number]) =>
    Number(
      (
        await db
          .selectFrom(t)
          .select((eb) => eb.fn.countAll().as('n'))
          .where((eb) =>
            eb.or([
              eb('instance_uuid', 'in', uuids),
              eb('instance_uuid', 'in', db.selectFrom('shadow_instances').select('uuid')),
            ]),
          )
          .executeTakeFirst()
      )?.n ?? 0,
    );
  for (const t of INSTANCE_CHILD_TABLES) n[t] = await byInstance(t);
  n.instance_action_events = Number(
    (
      await db
        .selectFrom('instance_action_events')
        .select((eb) => eb.fn.countAll().as('n'))
        .where(
          'action_id',
          'in',
          db
            .selectFrom('instance_actions')
            .select('id')
            .where((eb) =>
              eb.or([
                eb('instance_uuid', 'in', uuids),
                eb('instance_uuid', 'in', db.selectFrom('shadow_instances').select('uuid')),
              ]),
            ),
        )
        .executeTakeFirst()
    )?.n ?? 0,
  );
  n.instances = Number(
    (
      await db
        .selectFrom('instances')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('uuid', 'in', uuids)
        .executeTakeFirst()
    )?.n ?? 0,
  );
  const ops = finishedOperationsQuery(db, cutoff);
  n.operations = Number(
    (
      await db
        .selectFrom('operations')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('id', 'in', ops)
        .executeTakeFirst()
    )?.n ?? 0,
  );
  // waits of finished operations that do not already go with their instance
  n.event_waits += Number(
    (
      await db
        .selectFrom('event_waits')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('operation_id', 'in', ops)
        .where('instance_uuid', 'not in', uuids)
        .where('instance_uuid', 'not in', db.selectFrom('shadow_instances').select('uuid'))
        .executeTakeFirst()
    )?.n ?? 0,
  );
  return n;
}

// ---------------------------------------------------------------------------------------------
// purge

/** what `db purge` compares with its cut-off, per shadow table (tags go with their instance) */
const PURGE_TIME = {
  instance_action_events: 'start_time',
  instance_actions: 'updated_at',
  server_events: 'received_at',
  event_waits: 'started_at',
  virtual_interfaces: 'created_at',
  migrations: 'created_at',
  instances: 'deleted_at',
  operations: 'finished_at',
} as const;

type TimedTable = keyof typeof PURGE_TIME;
const TIMED_TABLES = Object.keys(PURGE_TIME) as TimedTable[];

/**
 * Deletes up to `limit` rows older than the cut-off from one shadow table; tags when their
 * instance has been purged. Returns how many (0 = that table is done).
 */
export async function purgeBatch(db: DbOrTrx, table: ArchivedTable, cutoff: string, limit: number): Promise<number> {
  if (table === 'instance_tags') {
    const orphans = db
      .selectFrom('shadow_instance_tags')
      .select('instance_uuid')
      .distinct()
      .where('instance_uuid', 'not in', db.selectFrom('shadow_instances').select('uuid'))
      .limit(limit);
    const r = await db.deleteFrom('shadow_instance_tags').where('instance_uuid', 'in', orphans).executeTakeFirst();
    return Number(r.numDeletedRows);
  }
  const key = table === 'instances' || table === 'migrations' ? 'uuid' : 'id';
  const shadow = `shadow_${table}` as const;
  const col = PURGE_TIME[table];
  // one statement shape over eight tables: raw SQL with identifiers quoted by Kysely
  const r = await sql`DELETE FROM ${sql.table(shadow)} WHERE ${sql.ref(key)} IN (
    SELECT ${sql.ref(key)} FROM ${sql.table(shadow)} WHERE ${sql.ref(col)} < ${cutoff} LIMIT ${limit})`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}

/** rows `db purge` would delete now, per table */
export async function countPurgeable(db: DbOrTrx, cutoff: string): Promise<TableCounts> {
  const n = zeroCounts();
  for (const t of TIMED_TABLES) {
    // one statement shape over the timed shadow tables: raw SQL with identifiers quoted by Kysely
    const { rows } = await sql<{ n: number | string }>`SELECT COUNT(*) AS n FROM ${sql.table(`shadow_${t}`)}
      WHERE ${sql.ref(PURGE_TIME[t])} < ${cutoff}`.execute(db);
    n[t] = Number(rows[0]?.n ?? 0);
  }
  // tags of instances that are purged already or will be with this cut-off
  n.instance_tags = Number(
    (
      await db
        .selectFrom('shadow_instance_tags')
        .select((eb) => eb.fn.countAll().as('n'))
        .where(
          'instance_uuid',
          'not in',
          db.selectFrom('shadow_instances').select('uuid').where('deleted_at', '>=', cutoff),
        )
        .executeTakeFirst()
    )?.n ?? 0,
  );
  return n;
}

/** the order purge empties tables: tags after the instances that free them */
export const PURGE_ORDER: ArchivedTable[] = [...TIMED_TABLES, 'instance_tags'];
