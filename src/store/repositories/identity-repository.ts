/** Keystone data access: users, projects, domains, roles, assignments, revocation events. */
import type { DbOrTrx } from '../database.js';
import type { UsersTable, ProjectsTable, DomainsTable, RolesTable } from '../tables/identity.table.js';
import type { Revocation } from '../../domain/identity/tokens.js';
import { expandRoles } from './implied-role-repository.js';

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

export async function findUserByName(db: DbOrTrx, name: string, domainId: string): Promise<UserRow | undefined> {
  return db
    .selectFrom('users')
    .selectAll()
    .where('name', '=', name)
    .where('domain_id', '=', domainId)
    .executeTakeFirst();
}

export async function findProjectByName(db: DbOrTrx, name: string, domainId: string): Promise<ProjectRow | undefined> {
  return db
    .selectFrom('projects')
    .selectAll()
    .where('name', '=', name)
    .where('domain_id', '=', domainId)
    .executeTakeFirst();
}

export async function findDomainByName(db: DbOrTrx, name: string): Promise<DomainRow | undefined> {
  return db.selectFrom('domains').selectAll().where('name', '=', name).executeTakeFirst();
}

/** global (not domain-specific) roles by name, ordered by name */
export async function globalRolesNamed(db: DbOrTrx, names: readonly string[]): Promise<RoleRow[]> {
  if (names.length === 0) return [];
  return db
    .selectFrom('roles')
    .selectAll()
    .where('name', 'in', names)
    .where('domain_id', 'is', null)
    .orderBy('name')
    .execute();
}

/** a revocation event: one token (token_id), or a user's tokens (on one project) issued until issued_before */
export async function insertRevocation(
  db: DbOrTrx,
  row: {
    id: string;
    token_id: string | null;
    user_id: string | null;
    project_id: string | null;
    issued_before: string;
    expires_at: string;
    created_at: string;
  },
): Promise<void> {
  await db.insertInto('token_revocations').values(row).execute();
}

/**
 * The roles a token of the user carries on the project (project scope), the domain (domain scope)
 * or the system (system scope), as Keystone computes them (keystone/assignment/core.py
 * get_roles_for_user_and_project and friends): the roles granted to the user or to a group the
 * user is a member of — on a project also those inherited (OS-INHERIT) from its domain and the
 * projects above it — plus every role they imply, without domain-specific roles; by name.
 */
export async function roleNamesFor(
  db: DbOrTrx,
  userId: string,
  scope: { projectId?: string | null; domainId?: string | null; system?: boolean },
): Promise<RoleRow[]> {
  return expandRoles(db, await grantedRoles(db, userId, scope));
}

/** The roles behind roleNamesFor before the implied ones are added (each once). */
export async function grantedRoles(
  db: DbOrTrx,
  userId: string,
  scope: { projectId?: string | null; domainId?: string | null; system?: boolean },
): Promise<RoleRow[]> {
  const groupIds = (
    await db.selectFrom('group_memberships').select('group_id').where('user_id', '=', userId).execute()
  ).map((g) => g.group_id);
  if (scope.system) {
    const rows = await db
      .selectFrom('system_role_assignments')
      .innerJoin('roles', 'roles.id', 'system_role_assignments.role_id')
      .select(ROLE_COLUMNS)
      .where((eb) =>
        eb.or([
          eb('system_role_assignments.user_id', '=', userId),
          ...(groupIds.length > 0 ? [eb('system_role_assignments.group_id', 'in', groupIds)] : []),
        ]),
      )
      .execute();
    return uniqueRoles(rows);
  }
  const column = scope.projectId ? 'project_id' : scope.domainId ? 'domain_id' : null;
  const target = scope.projectId ?? scope.domainId;
  if (!column || !target) return [];
  const direct = await db
    .selectFrom('role_assignments')
    .innerJoin('roles', 'roles.id', 'role_assignments.role_id')
    .select(ROLE_COLUMNS)
    .where('role_assignments.user_id', '=', userId)
    .where(`role_assignments.${column}`, '=', target)
    .execute();
  const viaGroups = groupIds.length
    ? await db
        .selectFrom('group_role_assignments')
        .innerJoin('roles', 'roles.id', 'group_role_assignments.role_id')
        .select(ROLE_COLUMNS)
        .where('group_role_assignments.group_id', 'in', groupIds)
        .where(`group_role_assignments.${column}`, '=', target)
        .execute()
    : [];
  let inherited: RoleRow[] = [];
  if (scope.projectId) {
    const project = await findProjectById(db, scope.projectId);
    if (project) {
      const above = await ancestorIds(db, project);
      inherited = await db
        .selectFrom('inherited_role_assignments')
        .innerJoin('roles', 'roles.id', 'inherited_role_assignments.role_id')
        .select(ROLE_COLUMNS)
        .where((eb) =>
          eb.or([
            eb('inherited_role_assignments.user_id', '=', userId),
            ...(groupIds.length > 0 ? [eb('inherited_role_assignments.group_id', 'in', groupIds)] : []),
          ]),
        )
        .where((eb) =>
          eb.or([
            eb('inherited_role_assignments.domain_id', '=', project.domain_id),
            ...(above.length > 0 ? [eb('inherited_role_assignments.project_id', 'in', above)] : []),
          ]),
        )
        .execute();
    }
  }
  return uniqueRoles([...direct, ...viaGroups, ...inherited]);
}

const ROLE_COLUMNS = ['roles.id', 'roles.name', 'roles.domain_id', 'roles.description'] as const;

function uniqueRoles(rows: RoleRow[]): RoleRow[] {
  const byId = new Map(rows.map((r) => [r.id, r]));
  return [...byId.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** The ids of the projects above a project, nearest first (a top-level project's parent is its domain). */
export async function ancestorIds(db: DbOrTrx, project: ProjectRow): Promise<string[]> {
  const out: string[] = [];
  let parentId = project.parent_id;
  while (parentId && !out.includes(parentId)) {
    const parent = await findProjectById(db, parentId);
    if (!parent) break;
    out.push(parent.id);
    parentId = parent.parent_id;
  }
  return out;
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
