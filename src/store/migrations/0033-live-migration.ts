/**
 * Cold and live migration (migration 0033): the integer id Nova shows for a migration
 * (os-migrations `id`, the `{migration_id}` of /servers/{id}/migrations), unique so two inserts
 * racing for the next one are decided by the database, and the progress counters a live
 * migration reports (memory_/disk_ total, processed, remaining) and whether
 * force_complete was asked (the copy then finishes in its next round). Existing rows are numbered in
 * the order they were created. The shadow table gets the same columns.
 */
import type { Kysely } from 'kysely';

const PROGRESS = [
  'memory_total',
  'memory_processed',
  'memory_remaining',
  'disk_total',
  'disk_processed',
  'disk_remaining',
] as const;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  for (const table of ['migrations', 'shadow_migrations']) {
    await db.schema.alterTable(table).addColumn('seq', 'integer').execute();
    for (const c of PROGRESS) await db.schema.alterTable(table).addColumn(c, 'integer').execute();
    await db.schema.alterTable(table).addColumn('force_complete', 'integer').execute();
  }
  const rows = await db.selectFrom('migrations').select('uuid').orderBy('created_at').orderBy('uuid').execute();
  let n = 0;
  for (const r of rows as { uuid: string }[])
    await db.updateTable('migrations').set({ seq: ++n }).where('uuid', '=', r.uuid).execute();
  await db.schema.createIndex('migrations_seq_unique').on('migrations').column('seq').unique().execute();
}
