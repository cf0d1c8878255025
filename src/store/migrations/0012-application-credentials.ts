/**
 * Keystone application credentials (keystone's application_credential table, with its roles and
 * access rules kept as JSON text beside it). The name is unique per user (a database constraint,
 * so two concurrent creates cannot both win); the secret is stored hashed only. Deleting the user
 * or the project removes the user's credentials on it, as Keystone does.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('application_credentials')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('description', 'text')
    .addColumn('secret_hash', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text')
    .addColumn('unrestricted', 'integer')
    .addColumn('roles', 'text', (c) => c.notNull())
    .addColumn('access_rules', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('application_credentials_user_name_uq', ['user_id', 'name'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('application_credentials').execute();
}
