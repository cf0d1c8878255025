/**
 * Failed password attempts per user (login lockout). Every write is one statement, so concurrent
 * attempts on any number of API processes never lose a count.
 */
import { sql } from 'kysely';
import type { DbOrTrx } from '../database.js';
import type { UserLockoutsTable } from '../tables/identity.table.js';

export type LockoutRow = UserLockoutsTable;

export async function findLockout(db: DbOrTrx, userId: string): Promise<LockoutRow | undefined> {
  return db.selectFrom('user_lockouts').selectAll().where('user_id', '=', userId).executeTakeFirst();
}

/** Counts one more failed attempt at `atIso`; returns the new count. */
export async function recordFailedAuth(db: DbOrTrx, userId: string, atIso: string): Promise<number> {
  const row = await db
    .insertInto('user_lockouts')
    .values({ user_id: userId, failed_auth_count: 1, failed_auth_at: atIso })
    .onConflict((oc) =>
      oc.column('user_id').doUpdateSet({
        failed_auth_count: sql<number>`user_lockouts.failed_auth_count + 1`,
        failed_auth_at: atIso,
      }),
    )
    .returning('failed_auth_count')
    .executeTakeFirstOrThrow();
  return Number(row.failed_auth_count);
}

/**
 * Forgets the user's failures. With `onlyIfFailedAt`, only when the last failure is still that
 * one: an expired lock is cleared without erasing a failure another request just counted.
 */
export async function resetFailedAuth(db: DbOrTrx, userId: string, onlyIfFailedAt?: string): Promise<void> {
  let q = db.deleteFrom('user_lockouts').where('user_id', '=', userId);
  if (onlyIfFailedAt !== undefined) q = q.where('failed_auth_at', '=', onlyIfFailedAt);
  await q.execute();
}
