/** Keystone trusts (OS-TRUST): queries taking a DbOrTrx. */
import type { DbOrTrx } from '../database.js';
import type { TrustsTable } from '../tables/catalog.table.js';

export type TrustRow = TrustsTable;

export async function insertTrust(db: DbOrTrx, row: TrustRow): Promise<void> {
  await db.insertInto('trusts').values(row).execute();
}
export async function findTrust(db: DbOrTrx, id: string): Promise<TrustRow | undefined> {
  return db.selectFrom('trusts').selectAll().where('id', '=', id).executeTakeFirst();
}
export async function listTrusts(
  db: DbOrTrx,
  f: { trustorUserId?: string; trusteeUserId?: string },
): Promise<TrustRow[]> {
  let q = db.selectFrom('trusts').selectAll();
  if (f.trustorUserId !== undefined) q = q.where('trustor_user_id', '=', f.trustorUserId);
  if (f.trusteeUserId !== undefined) q = q.where('trustee_user_id', '=', f.trusteeUserId);
  return q.orderBy('created_at').orderBy('id').execute();
}
export async function deleteTrust(db: DbOrTrx, id: string): Promise<number> {
  const r = await db.deleteFrom('trusts').where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows);
}
/**
 * Spends one use of a limited trust; false when none is left. The database decides: two
 * concurrent consumers of the last use cannot both win. Unlimited trusts (null) always pass.
 */
export async function consumeTrustUse(db: DbOrTrx, id: string): Promise<boolean> {
  const r = await db
    .updateTable('trusts')
    .set((eb) => ({ remaining_uses: eb('remaining_uses', '-', 1) }))
    .where('id', '=', id)
    .where('remaining_uses', '>', 0)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) === 1) return true;
  const row = await findTrust(db, id);
  return row !== undefined && row.remaining_uses === null;
}
