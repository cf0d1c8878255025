/**
 * Block storage (Cinder v3): volume types, volumes, snapshots and the simulated backend's pools. Cinder's own
 * alembic migration creates the `__DEFAULT__` volume type; so does this one. A pool's allocation
 * only grows through one conditional UPDATE (allocated_gb + size <= capacity_gb), so concurrent
 * creates and extends can never overcommit it.
 */
import { sql, type Kysely } from 'kysely';
import { randomUUID } from 'node:crypto';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('volume_types')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('description', 'text')
    .addColumn('is_public', 'integer', (c) => c.notNull())
    .addColumn('extra_specs', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text')
    .execute();
  await db.schema
    .createTable('volume_pools')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('capacity_gb', 'integer', (c) => c.notNull())
    .addColumn('allocated_gb', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('volumes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text')
    .addColumn('description', 'text')
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('previous_status', 'text')
    .addColumn('availability_zone', 'text', (c) => c.notNull())
    .addColumn('volume_type_id', 'text', (c) => c.notNull().references('volume_types.id'))
    .addColumn('bootable', 'integer', (c) => c.notNull())
    .addColumn('multiattach', 'integer', (c) => c.notNull())
    .addColumn('metadata', 'text', (c) => c.notNull())
    .addColumn('image_metadata', 'text')
    .addColumn('snapshot_id', 'text')
    .addColumn('source_volid', 'text')
    /** the pool the volume lives on (os-vol-host-attr:host), null until scheduled */
    .addColumn('host', 'text')
    /** GB the volume holds in its pool (0 until scheduled; the extend target while extending) */
    .addColumn('allocated_gb', 'integer', (c) => c.notNull())
    /** the size an extend in progress asks for: counted by the gigabytes quota until it ends */
    .addColumn('extend_to', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text')
    .addColumn('launched_at', 'text')
    .execute();
  await db.schema
    .createTable('volume_snapshots')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('volume_id', 'text', (c) => c.notNull().references('volumes.id'))
    .addColumn('name', 'text')
    .addColumn('description', 'text')
    .addColumn('size', 'integer', (c) => c.notNull())
    /** creating | available | deleting | error */
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('progress', 'text', (c) => c.notNull())
    .addColumn('metadata', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text')
    .execute();
  await db.schema.createIndex('volume_snapshots_volume').on('volume_snapshots').column('volume_id').execute();
  // per-project quota limits set by an admin (os-quota-sets); a resource without a row uses the default
  await db.schema
    .createTable('volume_quotas')
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('resource', 'text', (c) => c.notNull())
    .addColumn('hard_limit', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('volume_quotas_pk', ['project_id', 'resource'])
    .execute();
  await db.schema.createIndex('volumes_project_created').on('volumes').columns(['project_id', 'created_at']).execute();
  // a migration has no runtime clock: the type's creation is the epoch
  await sql`INSERT INTO volume_types (id, name, description, is_public, extra_specs, created_at, updated_at)
    VALUES (${randomUUID()}, '__DEFAULT__', 'Default Volume Type', 1, '{}', '1970-01-01T00:00:00.000Z', NULL)`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('volume_quotas').execute();
  await db.schema.dropTable('volume_snapshots').execute();
  await db.schema.dropTable('volumes').execute();
  await db.schema.dropTable('volume_pools').execute();
  await db.schema.dropTable('volume_types').execute();
}
