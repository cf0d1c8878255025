/**
 * Keystone's catalog as rows (keystone/catalog/backends/sql.py): regions (a tree through
 * parent_region_id), services and their endpoints. Deleting a service deletes its endpoints (a
 * cascade, as Keystone does); a region cannot go while an endpoint names it (no cascade: the
 * service refuses first, and the foreign key backs it up against a concurrent endpoint create).
 * Keystone's free-form "extra" properties (description of a service, anything else a client
 * sends) are kept as JSON text. The rows are seeded once from the configuration (store/seed.ts).
 * Also Keystone's OS-TRUST trusts: a trustor delegating roles (ids, JSON text) on a project to a
 * trustee, with an optional expiry and use count (decremented by a conditional UPDATE).
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('regions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('parent_region_id', 'text', (c) => c.references('regions.id').onDelete('cascade'))
    .addColumn('extra', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('catalog_services')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('extra', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('catalog_endpoints')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('service_id', 'text', (c) => c.notNull().references('catalog_services.id').onDelete('cascade'))
    .addColumn('interface', 'text', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('region_id', 'text', (c) => c.references('regions.id'))
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('extra', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('catalog_endpoints_service_idx').on('catalog_endpoints').column('service_id').execute();
  await db.schema.createIndex('catalog_endpoints_region_idx').on('catalog_endpoints').column('region_id').execute();
  await db.schema
    .createTable('trusts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('trustor_user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('trustee_user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('project_id', 'text', (c) => c.references('projects.id').onDelete('cascade'))
    .addColumn('impersonation', 'integer', (c) => c.notNull())
    .addColumn('expires_at', 'text')
    .addColumn('remaining_uses', 'integer')
    .addColumn('roles', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('trusts').execute();
  await db.schema.dropTable('catalog_endpoints').execute();
  await db.schema.dropTable('catalog_services').execute();
  await db.schema.dropTable('regions').execute();
}
