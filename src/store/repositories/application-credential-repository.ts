/** Keystone application credentials: queries taking a DbOrTrx. */
import type { DbOrTrx } from '../database.js';
import type { ApplicationCredentialsTable } from '../tables/identity.table.js';

export type ApplicationCredentialRow = ApplicationCredentialsTable;

export async function insertApplicationCredential(db: DbOrTrx, row: ApplicationCredentialRow): Promise<void> {
  await db.insertInto('application_credentials').values(row).execute();
}

export async function findApplicationCredential(
  db: DbOrTrx,
  id: string,
): Promise<ApplicationCredentialRow | undefined> {
  return db.selectFrom('application_credentials').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findApplicationCredentialByName(
  db: DbOrTrx,
  userId: string,
  name: string,
): Promise<ApplicationCredentialRow | undefined> {
  return db
    .selectFrom('application_credentials')
    .selectAll()
    .where('user_id', '=', userId)
    .where('name', '=', name)
    .executeTakeFirst();
}

export async function listApplicationCredentials(
  db: DbOrTrx,
  userId: string,
  name?: string,
): Promise<ApplicationCredentialRow[]> {
  let q = db.selectFrom('application_credentials').selectAll().where('user_id', '=', userId);
  if (name !== undefined) q = q.where('name', '=', name);
  return q.orderBy('created_at').orderBy('id').execute();
}

/** Deletes one credential of the user; returns how many rows went (0: it was not there). */
export async function deleteApplicationCredential(db: DbOrTrx, userId: string, id: string): Promise<number> {
  const r = await db
    .deleteFrom('application_credentials')
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}
