/**
 * Flavor names are unique among live flavors (Nova's API database: flavors.name UNIQUE), enforced
 * by the database so that two concurrent creates cannot both succeed.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('flavors_name_live_uq')
    .on('flavors')
    .column('name')
    .unique()
    .where(sql.ref('deleted'), '=', 0)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('flavors_name_live_uq').execute();
}
