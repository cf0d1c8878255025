/**
 * Volume backups (issue 20): Cinder's backup record. A backup's status moves creating →
 * available (or error), available → restoring → available, available|error → deleting → gone.
 * The volume's own status (backing-up, restoring-backup) is kept in `volumes`, which also gains
 * Cinder's visible admin metadata key `readonly` (os-update_readonly_flag).
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('volume_backups')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('volume_id', 'text', (c) => c.notNull())
    .addColumn('snapshot_id', 'text')
    .addColumn('name', 'text')
    .addColumn('description', 'text')
    .addColumn('container', 'text')
    /** creating | available | restoring | deleting | error | error_deleting */
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('fail_reason', 'text')
    /** GB, the volume's size when the backup was taken (counted by backup_gigabytes) */
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('object_count', 'integer', (c) => c.notNull())
    .addColumn('availability_zone', 'text')
    /** the backup an incremental one builds on */
    .addColumn('parent_id', 'text')
    /** the volume a restore in progress writes to */
    .addColumn('restore_volume_id', 'text')
    /** JSON object */
    .addColumn('metadata', 'text', (c) => c.notNull())
    .addColumn('data_timestamp', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text')
    .execute();
  await db.schema
    .createIndex('volume_backups_project')
    .on('volume_backups')
    .columns(['project_id', 'created_at'])
    .execute();
  await db.schema.createIndex('volume_backups_volume').on('volume_backups').column('volume_id').execute();
  // the admin metadata key "readonly" (os-update_readonly_flag): 'True' | 'False', null until set
  await db.schema.alterTable('volumes').addColumn('readonly', 'text').execute();
  await db.schema.createIndex('volume_backups_parent').on('volume_backups').column('parent_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('volumes').dropColumn('readonly').execute();
  await db.schema.dropTable('volume_backups').execute();
}
