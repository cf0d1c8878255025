/**
 * Boot from volume (issue 20 item 4): a block device mapping written at server create remembers
 * how its volume is to be made (Nova's source_type, volume_size, image_id / snapshot_id,
 * volume_type) and how the guest sees it (disk_bus, device_type). A mapping whose volume the
 * build still has to create holds the volume id chosen at create and no attachment yet; the
 * build creates the volume with that id, so a recovered build finds it instead of making another.
 */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  // one column a statement: SQLite's ALTER TABLE adds one at a time
  await db.schema
    .alterTable('block_device_mappings')
    .addColumn('source_type', 'text', (c) => c.notNull().defaultTo('volume'))
    .execute();
  await db.schema.alterTable('block_device_mappings').addColumn('volume_size', 'integer').execute();
  await db.schema.alterTable('block_device_mappings').addColumn('image_id', 'text').execute();
  await db.schema.alterTable('block_device_mappings').addColumn('snapshot_id', 'text').execute();
  await db.schema.alterTable('block_device_mappings').addColumn('volume_type', 'text').execute();
  await db.schema.alterTable('block_device_mappings').addColumn('disk_bus', 'text').execute();
  await db.schema.alterTable('block_device_mappings').addColumn('device_type', 'text').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const c of ['device_type', 'disk_bus', 'volume_type', 'snapshot_id', 'image_id', 'volume_size', 'source_type'])
    await db.schema.alterTable('block_device_mappings').dropColumn(c).execute();
}
