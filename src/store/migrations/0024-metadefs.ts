/**
 * Glance's metadata definitions catalog (glance/db/sqlalchemy/models_metadef.py): namespaces and
 * what they hold (objects, properties, tags), the resource types and each namespace's
 * associations with them. Children name their namespace by id, so renaming a namespace is one
 * UPDATE; deleting a namespace cascades to its children. The UNIQUE keys are what make a second
 * namespace, object, property, tag or association of the same name Glance's 409, even when two
 * requests race. Objects and properties keep their JSON schema fragments as JSON text.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('metadef_namespaces')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('namespace', 'text', (c) => c.notNull().unique())
    .addColumn('display_name', 'text')
    .addColumn('description', 'text')
    /** public | private; null for a loaded namespace whose file names none (admins see it) */
    .addColumn('visibility', 'text')
    .addColumn('protected', 'integer', (c) => c.notNull())
    .addColumn('owner', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('metadef_resource_types')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('protected', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('metadef_namespace_resource_types')
    .addColumn('namespace_id', 'text', (c) => c.notNull().references('metadef_namespaces.id').onDelete('cascade'))
    .addColumn('resource_type_id', 'text', (c) => c.notNull().references('metadef_resource_types.id'))
    .addColumn('prefix', 'text')
    .addColumn('properties_target', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('metadef_namespace_resource_types_pk', ['namespace_id', 'resource_type_id'])
    .execute();
  for (const table of ['metadef_objects', 'metadef_properties', 'metadef_tags'] as const) {
    let t = db.schema
      .createTable(table)
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('namespace_id', 'text', (c) => c.notNull().references('metadef_namespaces.id').onDelete('cascade'))
      .addColumn('name', 'text', (c) => c.notNull());
    // an object's description and required list; an object's or a property's schema (JSON text)
    if (table === 'metadef_objects')
      t = t.addColumn('description', 'text').addColumn('required', 'text').addColumn('json_schema', 'text');
    if (table === 'metadef_properties') t = t.addColumn('json_schema', 'text', (c) => c.notNull());
    await t
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addUniqueConstraint(`${table}_namespace_name_key`, ['namespace_id', 'name'])
      .execute();
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'metadef_tags',
    'metadef_properties',
    'metadef_objects',
    'metadef_namespace_resource_types',
    'metadef_resource_types',
    'metadef_namespaces',
  ])
    await db.schema.dropTable(table).execute();
}
