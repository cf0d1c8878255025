/** Keystone OS-OAUTH1 consumers: queries taking a DbOrTrx. */
import type { DbOrTrx } from '../database.js';
import type { OAuth1ConsumersTable } from '../tables/identity-side.table.js';

export type ConsumerRow = OAuth1ConsumersTable;

export async function insertConsumer(db: DbOrTrx, row: ConsumerRow): Promise<void> {
  await db.insertInto('oauth1_consumers').values(row).execute();
}
export async function findConsumer(db: DbOrTrx, id: string): Promise<ConsumerRow | undefined> {
  return db.selectFrom('oauth1_consumers').selectAll().where('id', '=', id).executeTakeFirst();
}
export async function listConsumers(db: DbOrTrx): Promise<ConsumerRow[]> {
  return db.selectFrom('oauth1_consumers').selectAll().orderBy('created_at').orderBy('id').execute();
}
export async function updateConsumer(
  db: DbOrTrx,
  id: string,
  patch: Partial<Pick<ConsumerRow, 'description' | 'extra'>>,
): Promise<number> {
  if (Object.keys(patch).length === 0) return 1;
  const r = await db.updateTable('oauth1_consumers').set(patch).where('id', '=', id).executeTakeFirst();
  return Number(r.numUpdatedRows);
}
export async function deleteConsumer(db: DbOrTrx, id: string): Promise<number> {
  const r = await db.deleteFrom('oauth1_consumers').where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows);
}
