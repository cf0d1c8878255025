/**
 * Cinder's generic volume groups (issue 20): group types with their group specs (Cinder's
 * group_types and group_type_specs, the specs folded into one JSON text as volume types do),
 * groups (Cinder's groups; the volume types a group supports folded into one JSON array, Cinder's
 * group_volume_type_mapping) and group snapshots. A volume names its group (volumes.group_id) and
 * a snapshot the group snapshot that made it (volume_snapshots.group_snapshot_id), as in Cinder.
 * A group type name is unique: the constraint decides two racing creates.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('group_types')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('description', 'text')
    .addColumn('is_public', 'integer', (c) => c.notNull())
    /** JSON object of string values */
    .addColumn('group_specs', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text')
    .execute();
  await db.schema
    .createTable('volume_groups')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text')
    .addColumn('description', 'text')
    /** creating | available | updating | deleting | error | error_deleting (or an admin's reset) */
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('availability_zone', 'text', (c) => c.notNull())
    .addColumn('group_type_id', 'text', (c) => c.notNull())
    /** JSON array of volume type ids */
    .addColumn('volume_type_ids', 'text', (c) => c.notNull())
    .addColumn('group_snapshot_id', 'text')
    .addColumn('source_group_id', 'text')
    /** the pool, null until the group is placed */
    .addColumn('host', 'text')
    .addColumn('replication_status', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text')
    .execute();
  await db.schema
    .createIndex('volume_groups_project')
    .on('volume_groups')
    .columns(['project_id', 'created_at'])
    .execute();
  await db.schema
    .createTable('group_snapshots')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('group_id', 'text', (c) => c.notNull())
    .addColumn('group_type_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text')
    .addColumn('description', 'text')
    /** creating | available | deleting | error (or an admin's reset) */
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text')
    .execute();
  await db.schema.createIndex('group_snapshots_group').on('group_snapshots').column('group_id').execute();
  await db.schema.alterTable('volumes').addColumn('group_id', 'text').execute();
  await db.schema.createIndex('volumes_group').on('volumes').column('group_id').execute();
  await db.schema.alterTable('volume_snapshots').addColumn('group_snapshot_id', 'text').execute();
  await db.schema
    .createIndex('volume_snapshots_group_snapshot')
    .on('volume_snapshots')
    .column('group_snapshot_id')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('volume_snapshots_group_snapshot').execute();
  await db.schema.alterTable('volume_snapshots').dropColumn('group_snapshot_id').execute();
  await db.schema.dropIndex('volumes_group').execute();
  await db.schema.alterTable('volumes').dropColumn('group_id').execute();
  await db.schema.dropTable('group_snapshots').execute();
  await db.schema.dropTable('volume_groups').execute();
  await db.schema.dropTable('group_types').execute();
}
