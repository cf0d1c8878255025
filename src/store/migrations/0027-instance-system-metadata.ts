/**
 * Nova's instance_system_metadata, as one JSON object per instance (the instances.metadata
 * pattern): what compute keeps about an instance outside its columns — shelved_at,
 * shelved_image_id, shelved_host while it is shelved, image_base_image_ref, and the guest's
 * encrypted password (password_0..password_3, nova/api/metadata/password.py). The shadow table
 * gets the column too, so `db archive` keeps it.
 */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('instances')
    .addColumn('system_metadata', 'text', (c) => c.notNull().defaultTo('{}'))
    .execute();
  await db.schema.alterTable('shadow_instances').addColumn('system_metadata', 'text').execute();
}
