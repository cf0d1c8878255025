/**
 * Nova's console_auth_tokens (nova/db/main/models.py ConsoleAuthToken): one row per console URL
 * handed out, found by the SHA-256 of its token (Nova keeps only the hash too) until it expires.
 */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('console_auth_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('console_type', 'text', (c) => c.notNull())
    .addColumn('host', 'text', (c) => c.notNull())
    .addColumn('port', 'integer', (c) => c.notNull())
    .addColumn('internal_access_path', 'text')
    .addColumn('instance_uuid', 'text', (c) => c.notNull())
    .addColumn('access_url_base', 'text', (c) => c.notNull())
    .addColumn('expires', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('console_auth_tokens_instance')
    .on('console_auth_tokens')
    .column('instance_uuid')
    .execute();
  await db.schema.createIndex('console_auth_tokens_expires').on('console_auth_tokens').column('expires').execute();
}
