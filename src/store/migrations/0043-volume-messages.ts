/**
 * Cinder's user messages and volume type encryption (issue 20). volume_messages holds what
 * Cinder's message API records when asynchronous work fails (a volume the scheduler cannot place):
 * the event id, level and the ids of the action and detail whose texts make the user message,
 * kept until expires_at (guaranteed_until). volume_type_encryption is Cinder's encryption table:
 * at most one spec per type (the primary key decides two racing creates); a volume created with
 * an encrypted type holds its key id (volumes.encryption_key_id).
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('volume_messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('request_id', 'text')
    /** VOLUME | SNAPSHOT | ... (message_field.Resource) */
    .addColumn('resource_type', 'text')
    .addColumn('resource_uuid', 'text')
    /** VOLUME_<resource>_<action>_<detail> */
    .addColumn('event_id', 'text', (c) => c.notNull())
    /** ERROR */
    .addColumn('message_level', 'text', (c) => c.notNull())
    .addColumn('action_id', 'text', (c) => c.notNull())
    .addColumn('detail_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('volume_messages_project')
    .on('volume_messages')
    .columns(['project_id', 'created_at'])
    .execute();
  await db.schema.createIndex('volume_messages_expires').on('volume_messages').column('expires_at').execute();
  await db.schema
    .createTable('volume_type_encryption')
    .addColumn('volume_type_id', 'text', (c) => c.primaryKey().references('volume_types.id'))
    .addColumn('encryption_id', 'text', (c) => c.notNull())
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('cipher', 'text')
    .addColumn('key_size', 'integer')
    /** front-end | back-end */
    .addColumn('control_location', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text')
    .execute();
  // the key a volume of an encrypted type was created with (Cinder's encryption_key_id): encrypted
  await db.schema.alterTable('volumes').addColumn('encryption_key_id', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('volumes').dropColumn('encryption_key_id').execute();
  await db.schema.dropTable('volume_type_encryption').execute();
  await db.schema.dropTable('volume_messages').execute();
}
