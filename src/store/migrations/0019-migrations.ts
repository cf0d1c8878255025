/**
 * Nova's migrations table: one row per resize (later: cold/live migration), with the source and
 * destination host, the old and new flavor (JSON snapshots, so a revert restores exactly what the
 * instance had) and the status a client sees in os-migrations (pre-migrating → migrating →
 * post-migrating → finished → confirming/reverting → confirmed/reverted, or error). `db archive`
 * moves a deleted instance's migrations to shadow_migrations (as Nova's archive does), `db purge`
 * deletes them from there by created_at.
 */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('migrations')
    .addColumn('uuid', 'text', (c) => c.primaryKey())
    .addColumn('instance_uuid', 'text', (c) => c.notNull())
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('migration_type', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('source_compute', 'text')
    .addColumn('source_node', 'text')
    .addColumn('dest_compute', 'text')
    .addColumn('dest_node', 'text')
    .addColumn('dest_az', 'text')
    .addColumn('old_instance_type_id', 'text', (c) => c.notNull())
    .addColumn('new_instance_type_id', 'text', (c) => c.notNull())
    .addColumn('old_flavor', 'text', (c) => c.notNull())
    .addColumn('new_flavor', 'text', (c) => c.notNull())
    .addColumn('old_az', 'text')
    .addColumn('was_stopped', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text')
    .execute();
  await db.schema
    .createIndex('migrations_instance_status')
    .on('migrations')
    .columns(['instance_uuid', 'status'])
    .execute();
  // the shadow table, as 0009 builds them: the same columns, the key only, a purge index
  await db.schema
    .createTable('shadow_migrations')
    .addColumn('uuid', 'text', (c) => c.primaryKey())
    .addColumn('instance_uuid', 'text')
    .addColumn('project_id', 'text')
    .addColumn('user_id', 'text')
    .addColumn('migration_type', 'text')
    .addColumn('status', 'text')
    .addColumn('source_compute', 'text')
    .addColumn('source_node', 'text')
    .addColumn('dest_compute', 'text')
    .addColumn('dest_node', 'text')
    .addColumn('dest_az', 'text')
    .addColumn('old_instance_type_id', 'text')
    .addColumn('new_instance_type_id', 'text')
    .addColumn('old_flavor', 'text')
    .addColumn('new_flavor', 'text')
    .addColumn('old_az', 'text')
    .addColumn('was_stopped', 'integer')
    .addColumn('created_at', 'text')
    .addColumn('updated_at', 'text')
    .execute();
  await db.schema.createIndex('shadow_migrations_purge_idx').on('shadow_migrations').column('created_at').execute();
}
