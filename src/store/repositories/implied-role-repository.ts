/**
 * Role inference rules (keystone's implied_role table) and the expansion of a set of held roles
 * into the roles a token carries: the implied ones added, domain-specific roles removed
 * (keystone/assignment/core.py add_implied_roles, _strip_domain_roles).
 */
import type { DbOrTrx } from '../database.js';
import type { RoleRow } from './identity-repository.js';
import { impliedClosure, type ImpliedRule } from '../../domain/identity/roles.js';

export type ImpliedRoleRow = ImpliedRule;

/** Stores a rule; a repeated one is a unique violation (Keystone's 409). */
export async function insertImpliedRole(db: DbOrTrx, priorId: string, impliedId: string): Promise<void> {
  await db.insertInto('implied_roles').values({ prior_role_id: priorId, implied_role_id: impliedId }).execute();
}

export async function findImpliedRole(
  db: DbOrTrx,
  priorId: string,
  impliedId: string,
): Promise<ImpliedRoleRow | undefined> {
  return db
    .selectFrom('implied_roles')
    .selectAll()
    .where('prior_role_id', '=', priorId)
    .where('implied_role_id', '=', impliedId)
    .executeTakeFirst();
}

export async function deleteImpliedRole(db: DbOrTrx, priorId: string, impliedId: string): Promise<number> {
  const r = await db
    .deleteFrom('implied_roles')
    .where('prior_role_id', '=', priorId)
    .where('implied_role_id', '=', impliedId)
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** The rules, all or those of one prior role, in a stable order. */
export async function listImpliedRoles(db: DbOrTrx, priorId?: string): Promise<ImpliedRoleRow[]> {
  let q = db.selectFrom('implied_roles').selectAll();
  if (priorId !== undefined) q = q.where('prior_role_id', '=', priorId);
  return q.orderBy('prior_role_id').orderBy('implied_role_id').execute();
}

/** The held roles plus those they imply, without domain-specific roles, by name. */
export async function expandRoles(db: DbOrTrx, held: readonly RoleRow[]): Promise<RoleRow[]> {
  if (held.length === 0) return [];
  const rules = await listImpliedRoles(db);
  const ids = impliedClosure(
    held.map((r) => r.id),
    rules,
  );
  const known = new Map(held.map((r) => [r.id, r]));
  const missing = ids.filter((id) => !known.has(id));
  if (missing.length > 0)
    for (const r of await db.selectFrom('roles').selectAll().where('id', 'in', missing).execute()) known.set(r.id, r);
  return ids
    .map((id) => known.get(id))
    .filter((r): r is RoleRow => r !== undefined && r.domain_id === null)
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
