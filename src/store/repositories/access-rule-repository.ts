/** Application credential access rules (shared per user) and their links to credentials. */
import type { DbOrTrx } from '../database.js';
import type { AccessRulesTable } from '../tables/identity-side.table.js';

export type AccessRuleRow = AccessRulesTable;

export async function findAccessRule(db: DbOrTrx, id: string): Promise<AccessRuleRow | undefined> {
  return db.selectFrom('access_rules').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findUserAccessRule(
  db: DbOrTrx,
  userId: string,
  r: { service: string; path: string; method: string },
): Promise<AccessRuleRow | undefined> {
  return db
    .selectFrom('access_rules')
    .selectAll()
    .where('user_id', '=', userId)
    .where('service', '=', r.service)
    .where('path', '=', r.path)
    .where('method', '=', r.method)
    .executeTakeFirst();
}

/** Inserts the rule unless the user has an identical one (or the id is taken): the database decides. */
export async function insertAccessRuleIfAbsent(db: DbOrTrx, row: AccessRuleRow): Promise<void> {
  await db
    .insertInto('access_rules')
    .values(row)
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export async function linkAccessRules(db: DbOrTrx, appCredId: string, ruleIds: string[]): Promise<void> {
  if (ruleIds.length === 0) return;
  await db
    .insertInto('application_credential_access_rules')
    .values(ruleIds.map((id, position) => ({ application_credential_id: appCredId, access_rule_id: id, position })))
    .execute();
}

export async function listAccessRules(
  db: DbOrTrx,
  userId: string,
  f: { service?: string; path?: string; method?: string },
): Promise<AccessRuleRow[]> {
  let q = db.selectFrom('access_rules').selectAll().where('user_id', '=', userId);
  if (f.service !== undefined) q = q.where('service', '=', f.service);
  if (f.path !== undefined) q = q.where('path', '=', f.path);
  if (f.method !== undefined) q = q.where('method', '=', f.method);
  return q.orderBy('created_at').orderBy('id').execute();
}

/**
 * Deletes the user's rule unless a credential still uses it (one conditional statement; the
 * foreign key backs it up against a credential created meanwhile). Returns the rows deleted.
 */
export async function deleteUnusedAccessRule(db: DbOrTrx, userId: string, id: string): Promise<number> {
  const r = await db
    .deleteFrom('access_rules')
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('application_credential_access_rules')
            .select('access_rule_id')
            .where('access_rule_id', '=', id),
        ),
      ),
    )
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}
