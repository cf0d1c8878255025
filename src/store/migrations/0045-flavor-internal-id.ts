/**
 * A flavor's internal integer id (migration 0045): Nova's API database keys flavors by an
 * autoincrement `flavors.id` beside the `flavorid` clients use, and a migration's
 * old_instance_type_id/new_instance_type_id (os-migrations) are that integer, not the flavorid
 * (which may be a UUID). flavors.internal_id is unique, so two creates racing for the next one are
 * decided by the database. Existing flavors are numbered in the order they were created (numeric
 * ids by value, as the seed made them); existing migrations (and their shadow rows) get the
 * internal ids of the flavors they name, '' where the flavor is gone (shown as null).
 */
import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('flavors').addColumn('internal_id', 'integer').execute();
  const rows = (await db
    .selectFrom('flavors')
    .select('id')
    .orderBy('created_at')
    .orderBy(sql`length(id)`)
    .orderBy('id')
    .execute()) as { id: string }[];
  let n = 0;
  for (const r of rows) await db.updateTable('flavors').set({ internal_id: ++n }).where('id', '=', r.id).execute();
  await db.schema.createIndex('flavors_internal_id_unique').on('flavors').column('internal_id').unique().execute();
  const ids = new Map(rows.map((r, i) => [r.id, String(i + 1)]));
  for (const table of ['migrations', 'shadow_migrations']) {
    const migs = (await db
      .selectFrom(table)
      .select(['uuid', 'old_instance_type_id', 'new_instance_type_id'])
      .execute()) as { uuid: string; old_instance_type_id: string | null; new_instance_type_id: string | null }[];
    for (const m of migs)
      await db
        .updateTable(table)
        .set({
          old_instance_type_id: ids.get(m.old_instance_type_id ?? '') ?? '',
          new_instance_type_id: ids.get(m.new_instance_type_id ?? '') ?? '',
        })
        .where('uuid', '=', m.uuid)
        .execute();
  }
}
