/**
 * The passwords a user has had, for Keystone's [security_compliance] rules: unique_last_password_count
 * (a new password may not be one of the last N, the current one included), minimum_password_age
 * (a self-service change waits N days after the last self-service change). Keystone keeps them in
 * its `password` table beside local_user; the newest row is the current password (users keeps its
 * hash too, so logins read one row). A user without rows (created before this) has no history.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('user_passwords')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    // 1, 2, 3… per user: the order of the changes (two changes within one clock tick stay ordered);
    // UNIQUE makes the database decide between two concurrent changes
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    // 1: set by the user (POST /v3/users/{id}/password); 0: by an admin or at creation
    .addColumn('self_service', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('user_passwords_user_seq_key')
    .on('user_passwords')
    .columns(['user_id', 'seq'])
    .unique()
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('user_passwords').execute();
}
