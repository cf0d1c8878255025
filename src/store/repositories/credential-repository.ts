/** Keystone credentials (the /v3/credentials rows, ec2 ones included): queries taking a DbOrTrx. */
import type { DbOrTrx } from '../database.js';
import type { CredentialsTable } from '../tables/identity-side.table.js';

export type CredentialRow = CredentialsTable;

export async function insertCredential(db: DbOrTrx, row: CredentialRow): Promise<void> {
  await db.insertInto('credentials').values(row).execute();
}

export async function findCredential(db: DbOrTrx, id: string): Promise<CredentialRow | undefined> {
  return db.selectFrom('credentials').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listCredentials(db: DbOrTrx, f: { userId?: string; type?: string }): Promise<CredentialRow[]> {
  let q = db.selectFrom('credentials').selectAll();
  if (f.userId !== undefined) q = q.where('user_id', '=', f.userId);
  if (f.type !== undefined) q = q.where('type', '=', f.type);
  return q.orderBy('created_at').orderBy('id').execute();
}

export async function updateCredential(
  db: DbOrTrx,
  id: string,
  patch: Partial<Pick<CredentialRow, 'user_id' | 'project_id' | 'type' | 'blob' | 'extra'>>,
): Promise<number> {
  if (Object.keys(patch).length === 0) return 1;
  const r = await db.updateTable('credentials').set(patch).where('id', '=', id).executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export async function deleteCredential(db: DbOrTrx, id: string): Promise<number> {
  const r = await db.deleteFrom('credentials').where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows);
}
