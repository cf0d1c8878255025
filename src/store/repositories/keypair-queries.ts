/** Keypairs (nova/db/api models KeyPair): unique per (user_id, name), enforced by the database. */
import type { DbOrTrx } from '../database.js';
import type { KeypairsTable } from '../tables/keypairs.table.js';

export type KeypairRow = KeypairsTable;

export async function insertKeypair(db: DbOrTrx, row: KeypairRow): Promise<void> {
  await db.insertInto('keypairs').values(row).execute();
}

export async function findKeypair(db: DbOrTrx, userId: string, name: string): Promise<KeypairRow | undefined> {
  return db
    .selectFrom('keypairs')
    .selectAll()
    .where('user_id', '=', userId)
    .where('name', '=', name)
    .executeTakeFirst();
}

/** One page in name order (Nova's keypair list sorts by name; marker is a name). */
export async function listKeypairs(
  db: DbOrTrx,
  userId: string,
  limit: number,
  afterName?: string,
): Promise<KeypairRow[]> {
  let q = db.selectFrom('keypairs').selectAll().where('user_id', '=', userId);
  if (afterName !== undefined) q = q.where('name', '>', afterName);
  return q.orderBy('name').limit(limit).execute();
}

export async function deleteKeypair(db: DbOrTrx, userId: string, name: string): Promise<boolean> {
  const r = await db.deleteFrom('keypairs').where('user_id', '=', userId).where('name', '=', name).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export async function countKeypairs(db: DbOrTrx, userId: string): Promise<number> {
  const r = await db
    .selectFrom('keypairs')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}
