/**
 * Neutron's subnet pools (subnet_allocation, default-subnetpools) and address scopes.
 *
 * - `address_scopes`: a scope; a pool in it keeps the foreign key, so a scope with pools cannot be
 *   deleted, also when a pool joins it concurrently.
 * - `subnetpools`: prefixes as a JSON array of CIDR texts. `default_key` is the ip_version while
 *   the pool is the default of its family, NULL otherwise: UNIQUE(default_key) keeps one default
 *   per family (NULLs never collide) whoever races to set it.
 * - `subnets.subnetpool_id`: the pool a subnet's CIDR was allocated from; the foreign key refuses
 *   the pool's delete while a subnet uses it. Allocations from one pool are serialised by the
 *   adapter's lockForUpdateOf on the pool, so two requests never get overlapping CIDRs.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('address_scopes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('shared', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('ip_version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('address_scopes_project_idx').on('address_scopes').column('project_id').execute();
  await db.schema
    .createTable('subnetpools')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('ip_version', 'integer', (c) => c.notNull())
    .addColumn('default_prefixlen', 'integer', (c) => c.notNull())
    .addColumn('min_prefixlen', 'integer', (c) => c.notNull())
    .addColumn('max_prefixlen', 'integer', (c) => c.notNull())
    .addColumn('default_quota', 'integer')
    .addColumn('shared', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('is_default', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('default_key', 'text', (c) => c.unique())
    .addColumn('address_scope_id', 'text', (c) => c.references('address_scopes.id'))
    .addColumn('prefixes', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('revision_number', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('subnetpools_project_idx').on('subnetpools').column('project_id').execute();
  await db.schema.createIndex('subnetpools_scope_idx').on('subnetpools').column('address_scope_id').execute();
  await db.schema
    .alterTable('subnets')
    .addColumn('subnetpool_id', 'text', (c) => c.references('subnetpools.id'))
    .execute();
  await db.schema.createIndex('subnets_subnetpool_idx').on('subnets').column('subnetpool_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('subnets_subnetpool_idx').execute();
  await db.schema.alterTable('subnets').dropColumn('subnetpool_id').execute();
  await db.schema.dropTable('subnetpools').execute();
  await db.schema.dropTable('address_scopes').execute();
}
