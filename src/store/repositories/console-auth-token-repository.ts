/** console_auth_tokens: insert, find a live token by hash, drop expired ones. */
import type { DbOrTrx } from '../database.js';
import type { ConsoleAuthTokensTable } from '../tables/console-auth-tokens.table.js';

export async function insertConsoleAuthToken(db: DbOrTrx, row: ConsoleAuthTokensTable): Promise<void> {
  await db.insertInto('console_auth_tokens').values(row).execute();
}

/** the token's row while it has not expired at `now` */
export function findLiveConsoleAuthToken(
  db: DbOrTrx,
  tokenHash: string,
  now: string,
): Promise<ConsoleAuthTokensTable | undefined> {
  return db
    .selectFrom('console_auth_tokens')
    .selectAll()
    .where('token_hash', '=', tokenHash)
    .where('expires', '>', now)
    .executeTakeFirst();
}

/** Nova's clean_expired_console_auths: rows past their expiry go */
export async function deleteExpiredConsoleAuthTokens(db: DbOrTrx, now: string): Promise<void> {
  await db.deleteFrom('console_auth_tokens').where('expires', '<=', now).execute();
}
