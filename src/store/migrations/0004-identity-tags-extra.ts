/**
 * Keystone project tags (keystone's project_tag table: one row per tag) and the "extra" blob
 * Keystone keeps for the properties its project/user schemas allow beyond the known ones
 * (additionalProperties: true), which it returns as top-level fields.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('project_tags')
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('project_tags_pk', ['project_id', 'name'])
    .execute();
  await db.schema
    .createTable('identity_extras')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('identity_extras_pk', ['kind', 'id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('identity_extras').execute();
  await db.schema.dropTable('project_tags').execute();
}
