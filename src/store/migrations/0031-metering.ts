/**
 * Neutron's metering labels and their rules (neutron/db/models/metering.py): a label belongs to a
 * project; a rule to a label and goes with it (ON DELETE CASCADE, as Neutron's foreign key).
 * Rules are never updated. Prefixes are stored as Neutron shows them (netaddr's text).
 */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('metering_labels')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('shared', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('metering_label_rules')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('metering_label_id', 'text', (c) => c.notNull().references('metering_labels.id').onDelete('cascade'))
    .addColumn('direction', 'text', (c) => c.notNull())
    .addColumn('excluded', 'integer', (c) => c.notNull())
    .addColumn('remote_ip_prefix', 'text')
    .addColumn('source_ip_prefix', 'text')
    .addColumn('destination_ip_prefix', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('metering_label_rules_label_idx')
    .on('metering_label_rules')
    .column('metering_label_id')
    .execute();
}
