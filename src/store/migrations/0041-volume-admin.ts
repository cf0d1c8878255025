/**
 * Cinder's admin surface (issue 20): which projects may use a private volume type
 * (volume_type_projects, Cinder's table of the same name) and the state an admin gave a
 * cinder-scheduler or cinder-volume service (volume_services; the services themselves follow
 * from the configured backend, so a row only exists once one was disabled, enabled or frozen).
 * One project holds access to a type once: the primary key decides two racing adds. QoS specs
 * (Cinder's quality_of_service_specs, keys folded into one JSON text) and the one spec a volume
 * type may be associated with (volume_types.qos_specs_id, as in Cinder). Quota class limits
 * (volume_quota_classes, Cinder's quota_classes).
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('volume_type_projects')
    .addColumn('volume_type_id', 'text', (c) => c.notNull().references('volume_types.id'))
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('volume_type_projects_pk', ['volume_type_id', 'project_id'])
    .execute();
  await db.schema
    .createTable('volume_services')
    .addColumn('binary', 'text', (c) => c.notNull())
    .addColumn('host', 'text', (c) => c.notNull())
    .addColumn('disabled', 'integer', (c) => c.notNull())
    .addColumn('disabled_reason', 'text')
    .addColumn('frozen', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('volume_services_pk', ['binary', 'host'])
    .execute();
  await db.schema
    .createTable('qos_specs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    /** front-end | back-end | both */
    .addColumn('consumer', 'text', (c) => c.notNull())
    /** JSON object of string values */
    .addColumn('specs', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text')
    .execute();
  await db.schema.alterTable('volume_types').addColumn('qos_specs_id', 'text').execute();
  // os-quota-class-sets: limits per quota class; the "default" class's are every project's defaults
  await db.schema
    .createTable('volume_quota_classes')
    .addColumn('class_name', 'text', (c) => c.notNull())
    .addColumn('resource', 'text', (c) => c.notNull())
    .addColumn('hard_limit', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('volume_quota_classes_pk', ['class_name', 'resource'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('volume_quota_classes').execute();
  await db.schema.alterTable('volume_types').dropColumn('qos_specs_id').execute();
  await db.schema.dropTable('qos_specs').execute();
  await db.schema.dropTable('volume_services').execute();
  await db.schema.dropTable('volume_type_projects').execute();
}
