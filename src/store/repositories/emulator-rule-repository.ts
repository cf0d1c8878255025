/** Emulator rules (fault injection, event expectations): JSON match/action bodies in one table. */
import type { DbOrTrx } from '../database.js';
import type { EmulatorRulesTable } from '../tables/events.table.js';

export async function insertRule(db: DbOrTrx, row: EmulatorRulesTable): Promise<void> {
  await db.insertInto('emulator_rules').values(row).execute();
}

export async function listRules(db: DbOrTrx, kind: string): Promise<EmulatorRulesTable[]> {
  return db
    .selectFrom('emulator_rules')
    .selectAll()
    .where('kind', '=', kind)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export async function findRule(db: DbOrTrx, id: string): Promise<EmulatorRulesTable | undefined> {
  return db.selectFrom('emulator_rules').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function deleteRule(db: DbOrTrx, id: string): Promise<boolean> {
  const r = await db.deleteFrom('emulator_rules').where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/**
 * Uses one application of a rule: rules with a count are decremented conditionally (two processes
 * may apply the same rule; only as many as `remaining` win) and deleted when spent.
 */
export async function useRule(db: DbOrTrx, rule: EmulatorRulesTable): Promise<boolean> {
  if (rule.remaining === null) return true;
  const r = await db
    .updateTable('emulator_rules')
    .set((eb) => ({ remaining: eb('remaining', '-', 1) }))
    .where('id', '=', rule.id)
    .where('remaining', '>', 0)
    .executeTakeFirst();
  await db.deleteFrom('emulator_rules').where('id', '=', rule.id).where('remaining', '<=', 0).execute();
  return Number(r.numUpdatedRows) > 0;
}
