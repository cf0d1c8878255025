/** Keystone v3 policies (a blob of a type): queries taking a DbOrTrx. */
import type { DbOrTrx } from '../database.js';
import type { PoliciesTable } from '../tables/identity-side.table.js';

export type PolicyRow = PoliciesTable;

export async function insertPolicy(db: DbOrTrx, row: PolicyRow): Promise<void> {
  await db.insertInto('policies').values(row).execute();
}
export async function findPolicy(db: DbOrTrx, id: string): Promise<PolicyRow | undefined> {
  return db.selectFrom('policies').selectAll().where('id', '=', id).executeTakeFirst();
}
export async function listPolicies(db: DbOrTrx, f: { type?: string }): Promise<PolicyRow[]> {
  let q = db.selectFrom('policies').selectAll();
  if (f.type !== undefined) q = q.where('type', '=', f.type);
  return q.orderBy('created_at').orderBy('id').execute();
}
export async function updatePolicy(
  db: DbOrTrx,
  id: string,
  patch: Partial<Pick<PolicyRow, 'type' | 'blob' | 'extra'>>,
): Promise<number> {
  if (Object.keys(patch).length === 0) return 1;
  const r = await db.updateTable('policies').set(patch).where('id', '=', id).executeTakeFirst();
  return Number(r.numUpdatedRows);
}
export async function deletePolicy(db: DbOrTrx, id: string): Promise<number> {
  const r = await db.deleteFrom('policies').where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows);
}
