/** Keystone data access: users, projects, domains, roles, assignments, revocation events. */
import type { DbOrTrx } from '../database.js';
import type { UsersTable, ProjectsTable, DomainsTable, RolesTable } from '../tables/identity.table.js';
import type { Revocation } from '../../domain/identity/tokens.js';

export type UserRow = UsersTable;
export type ProjectRow = ProjectsTable;
export type DomainRow = DomainsTable;
export type RoleRow = RolesTable;

export async function findUserById(db: DbOrTrx, id: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findProjectById(db: DbOrTrx, id: string): Promise<ProjectRow | undefined> {
  return db.selectFrom('projects').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findDomainById(db: DbOrTrx, id: string): Promise<DomainRow | undefined> {
  return db.selectFrom('domains').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * Roles the user holds on the project (project scope) or on the domain (domain scope): granted to
 * the user, or to a group the user is a member of.
 */
export async function roleNamesFor(
  db: DbOrTrx,
  userId: string,
  scope: { projectId?: string | null; domainId?: string | null },
): Promise<RoleRow[]> {
  const column = scope.projectId ? 'project_id' : scope.domainId ? 'domain_id' : null;
  const target = scope.projectId ?? scope.domainId;
  if (!column || !target) return [];
  const direct = await db
    .selectFrom('role_assignments')
    .innerJoin('roles', 'roles.id', 'role_assignments.role_id')
    .select(['roles.id', 'roles.name', 'roles.domain_id', 'roles.description'])
    .where('role_assignments.user_id', '=', userId)
    .where(`role_assignments.${column}`, '=', target)
    .execute();
  const viaGroups = await db
    .selectFrom('group_role_assignments')
    .innerJoin('group_memberships', 'group_memberships.group_id', 'group_role_assignments.group_id')
    .innerJoin('roles', 'roles.id', 'group_role_assignments.role_id')
    .select(['roles.id', 'roles.name', 'roles.domain_id', 'roles.description'])
    .where('group_memberships.user_id', '=', userId)
    .where(`group_role_assignments.${column}`, '=', target)
    .execute();
  const byId = new Map([...direct, ...viaGroups].map((r) => [r.id, r]));
  return [...byId.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

export async function revocationsSince(
  db: DbOrTrx,
  sinceIso: string,
  nowIso: string,
): Promise<Array<Revocation & { createdAt: string }>> {
  const rows = await db
    .selectFrom('token_revocations')
    .selectAll()
    .where('created_at', '>', sinceIso)
    .where('expires_at', '>', nowIso)
    .orderBy('created_at')
    .execute();
  return rows.map((r) => ({
    tokenId: r.token_id,
    userId: r.user_id,
    projectId: r.project_id,
    issuedBefore: Date.parse(r.issued_before),
    createdAt: r.created_at,
  }));
}

export async function getSetting(db: DbOrTrx, key: string): Promise<string | undefined> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
  return row?.value;
}

/** Inserts the setting unless another process already did; returns the stored value. */
export async function getOrCreateSetting(db: DbOrTrx, key: string, make: () => string): Promise<string> {
  await db
    .insertInto('settings')
    .values({ key, value: make() })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  return (await getSetting(db, key)) as string;
}
