/**
 * Volume transfers (issue 20; cinder/db/sqlalchemy/models.py Transfer). A transfer offers one
 * volume to whoever presents its auth key; only the salt and the keyed hash of the key are kept.
 * As in Cinder, an accepted or deleted transfer is kept with `deleted` = 1 (the 3.57 history
 * fields record who took it), and only live rows are visible through the API.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('volume_transfers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('volume_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text')
    .addColumn('salt', 'text', (c) => c.notNull())
    .addColumn('crypt_hash', 'text', (c) => c.notNull())
    /** Cinder never sets an expiry either (its TODO); kept for the shape */
    .addColumn('expires_at', 'text')
    .addColumn('no_snapshots', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('source_project_id', 'text', (c) => c.notNull())
    .addColumn('destination_project_id', 'text')
    .addColumn('accepted', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('deleted', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text')
    .addColumn('deleted_at', 'text')
    .execute();
  await db.schema.createIndex('volume_transfers_volume').on('volume_transfers').column('volume_id').execute();
  await db.schema
    .createIndex('volume_transfers_source')
    .on('volume_transfers')
    .columns(['source_project_id', 'deleted'])
    .execute();
}
