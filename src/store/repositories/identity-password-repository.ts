/**
 * The passwords each user has had (security compliance history); the newest row (highest seq) is
 * the current password.
 */
import { sql } from 'kysely';
import type { DbOrTrx } from '../database.js';
import type { UserPasswordsTable } from '../tables/identity.table.js';

export type PasswordRow = UserPasswordsTable;

/**
 * Appends a password as the user's newest, in one statement (seq = the user's highest + 1); two
 * concurrent appends for one user collide on UNIQUE (user_id, seq), and the loser's transaction fails.
 */
export async function appendPassword(
  db: DbOrTrx,
  row: { id: string; user_id: string; password_hash: string; created_at: string; self_service: number },
): Promise<void> {
  await db
    .insertInto('user_passwords')
    .columns(['id', 'user_id', 'seq', 'password_hash', 'created_at', 'self_service'])
    .expression(
      db.selectNoFrom([
        sql<string>`cast(${row.id} as text)`.as('id'),
        sql<string>`cast(${row.user_id} as text)`.as('user_id'),
        sql<number>`(select coalesce(max(seq), 0) + 1 from user_passwords where user_id = ${row.user_id})`.as('seq'),
        sql<string>`cast(${row.password_hash} as text)`.as('password_hash'),
        sql<string>`cast(${row.created_at} as text)`.as('created_at'),
        sql<number>`cast(${row.self_service} as integer)`.as('self_service'),
      ]),
    )
    .execute();
}

/**
 * Takes the user's row lock for the rest of the transaction (a no-op update: PostgreSQL locks the
 * row, SQLite serialises writers anyway), so password changes of one user run one after another
 */
export async function lockUserForPasswordChange(db: DbOrTrx, userId: string): Promise<void> {
  await db
    .updateTable('users')
    .set({ name: sql<string>`name` })
    .where('id', '=', userId)
    .execute();
}

/** the user's newest `count` passwords, newest first (the current one included) */
export async function latestPasswords(db: DbOrTrx, userId: string, count: number): Promise<PasswordRow[]> {
  return db
    .selectFrom('user_passwords')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('seq', 'desc')
    .limit(count)
    .execute();
}
