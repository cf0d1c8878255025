/**
 * Failed password attempts per user, for the optional login lockout (Keystone's
 * [security_compliance] lockout_failure_attempts / lockout_duration). Keystone keeps the count on
 * local_user, beside the user, not on it; so does this table, which leaves the users row (and
 * every insert of one) unchanged. A user without a row has no failures.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('user_lockouts')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('failed_auth_count', 'integer', (c) => c.notNull())
    .addColumn('failed_auth_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('user_lockouts').execute();
}
