/**
 * Volume attachments (issue 20). `volume_attachments` is Cinder's attachment record (one per
 * volume and consumer; its attach_status moves reserved → attaching → attached → gone);
 * `block_device_mappings` is Nova's view of a volume on a server (the device name, tag,
 * delete_on_termination and the Cinder attachment it holds). A server holds one volume once
 * and one device name once: the UNIQUE keys decide two racing attaches, not a read.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('volume_attachments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('volume_id', 'text', (c) => c.notNull())
    /** the volume's project (Cinder lists attachments by the volume's project) */
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('instance_uuid', 'text')
    .addColumn('attached_host', 'text')
    .addColumn('mountpoint', 'text')
    /** reserved | attaching | attached | detaching | error_attaching | error_detaching */
    .addColumn('attach_status', 'text', (c) => c.notNull())
    /** null (not yet chosen) | rw | ro */
    .addColumn('attach_mode', 'text', (c) => c.notNull())
    /** JSON: the connector the consumer sent, null until one did */
    .addColumn('connector', 'text')
    /** JSON: what the backend answered for the connector, null until then */
    .addColumn('connection_info', 'text')
    .addColumn('attach_time', 'text')
    .addColumn('detach_time', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text')
    .execute();
  await db.schema.createIndex('volume_attachments_volume').on('volume_attachments').column('volume_id').execute();
  await db.schema
    .createIndex('volume_attachments_project')
    .on('volume_attachments')
    .columns(['project_id', 'created_at'])
    .execute();
  await db.schema
    .createTable('block_device_mappings')
    .addColumn('uuid', 'text', (c) => c.primaryKey())
    .addColumn('instance_uuid', 'text', (c) => c.notNull())
    .addColumn('volume_id', 'text', (c) => c.notNull())
    .addColumn('attachment_id', 'text')
    .addColumn('device_name', 'text', (c) => c.notNull())
    .addColumn('tag', 'text')
    .addColumn('delete_on_termination', 'integer', (c) => c.notNull())
    .addColumn('boot_index', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text')
    .addUniqueConstraint('block_device_mappings_instance_volume', ['instance_uuid', 'volume_id'])
    .addUniqueConstraint('block_device_mappings_instance_device', ['instance_uuid', 'device_name'])
    .execute();
  await db.schema.createIndex('block_device_mappings_volume').on('block_device_mappings').column('volume_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('block_device_mappings').execute();
  await db.schema.dropTable('volume_attachments').execute();
}
