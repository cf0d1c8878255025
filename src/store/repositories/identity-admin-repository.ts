/**
 * Keystone admin data access: projects, users, roles, domains and project role assignments.
 * Uniqueness (project/user name per domain, role name) is enforced by the tables' constraints;
 * callers map unique violations to Keystone's 409.
 */
import { createHash } from 'node:crypto';
import type { DbOrTrx } from '../database.js';
import type { DomainRow, ProjectRow, RoleRow, UserRow } from './identity-repository.js';

export interface ListFilter {
  name?: string;
  domainId?: string;
  enabled?: boolean;
}

export async function listProjects(db: DbOrTrx, f: ListFilter & { parentId?: string }): Promise<ProjectRow[]> {
  let q = db.selectFrom('projects').selectAll();
  if (f.name !== undefined) q = q.where('name', '=', f.name);
  if (f.domainId !== undefined) q = q.where('domain_id', '=', f.domainId);
  if (f.enabled !== undefined) q = q.where('enabled', '=', f.enabled ? 1 : 0);
  if (f.parentId !== undefined) q = q.where('parent_id', '=', f.parentId);
  return q.orderBy('name').orderBy('id').execute();
}

export async function insertProject(db: DbOrTrx, row: ProjectRow): Promise<void> {
  await db.insertInto('projects').values(row).execute();
}

export async function updateProject(
  db: DbOrTrx,
  id: string,
  patch: Partial<Pick<ProjectRow, 'name' | 'description' | 'enabled'>>,
): Promise<void> {
  if (Object.keys(patch).length === 0) return;
  await db.updateTable('projects').set(patch).where('id', '=', id).execute();
}

export async function deleteProject(db: DbOrTrx, id: string): Promise<number> {
  await db.deleteFrom('role_assignments').where('project_id', '=', id).execute();
  const r = await db.deleteFrom('projects').where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows);
}

export async function listUsers(db: DbOrTrx, f: ListFilter): Promise<UserRow[]> {
  let q = db.selectFrom('users').selectAll();
  if (f.name !== undefined) q = q.where('name', '=', f.name);
  if (f.domainId !== undefined) q = q.where('domain_id', '=', f.domainId);
  if (f.enabled !== undefined) q = q.where('enabled', '=', f.enabled ? 1 : 0);
  return q.orderBy('name').orderBy('id').execute();
}

export async function insertUser(db: DbOrTrx, row: UserRow): Promise<void> {
  await db.insertInto('users').values(row).execute();
}

export type UserPatch = Partial<
  Pick<
    UserRow,
    'name' | 'enabled' | 'password_hash' | 'password_expires_at' | 'email' | 'description' | 'default_project_id'
  >
>;

export async function updateUser(db: DbOrTrx, id: string, patch: UserPatch): Promise<void> {
  if (Object.keys(patch).length === 0) return;
  await db.updateTable('users').set(patch).where('id', '=', id).execute();
}

export async function deleteUser(db: DbOrTrx, id: string): Promise<number> {
  await db.deleteFrom('role_assignments').where('user_id', '=', id).execute();
  const r = await db.deleteFrom('users').where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows);
}

export async function findRoleById(db: DbOrTrx, id: string): Promise<RoleRow | undefined> {
  return db.selectFrom('roles').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Global roles, or those of one domain (domainId), or all of them (anyDomain). */
export async function listRoles(
  db: DbOrTrx,
  f: { name?: string; domainId?: string; anyDomain?: boolean },
): Promise<RoleRow[]> {
  let q = db.selectFrom('roles').selectAll();
  if (f.name !== undefined) q = q.where('name', '=', f.name);
  if (f.domainId !== undefined) q = q.where('domain_id', '=', f.domainId);
  else if (!f.anyDomain) q = q.where('domain_id', 'is', null);
  return q.orderBy('name').execute();
}

export async function insertRole(db: DbOrTrx, row: RoleRow): Promise<void> {
  await db.insertInto('roles').values(row).execute();
}

export async function updateRole(
  db: DbOrTrx,
  id: string,
  patch: Partial<Pick<RoleRow, 'name' | 'description'>>,
): Promise<void> {
  if (Object.keys(patch).length === 0) return;
  await db.updateTable('roles').set(patch).where('id', '=', id).execute();
}

export async function deleteRole(db: DbOrTrx, id: string): Promise<number> {
  await db.deleteFrom('role_assignments').where('role_id', '=', id).execute();
  const r = await db.deleteFrom('roles').where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows);
}

export async function listDomains(db: DbOrTrx, f: { name?: string; enabled?: boolean }): Promise<DomainRow[]> {
  let q = db.selectFrom('domains').selectAll();
  if (f.name !== undefined) q = q.where('name', '=', f.name);
  if (f.enabled !== undefined) q = q.where('enabled', '=', f.enabled ? 1 : 0);
  return q.orderBy('name').execute();
}

export interface AssignmentRow {
  id: string;
  user_id: string;
  role_id: string;
  project_id: string | null;
  domain_id: string | null;
}

export interface AssignmentFilter {
  userId?: string;
  projectId?: string;
  /** any of these projects (include_subtree); with projectId, either */
  projectIds?: string[];
  domainId?: string;
  roleId?: string;
}

export async function listAssignments(db: DbOrTrx, f: AssignmentFilter): Promise<AssignmentRow[]> {
  let q = db.selectFrom('role_assignments').selectAll();
  if (f.userId !== undefined) q = q.where('user_id', '=', f.userId);
  if (f.projectId !== undefined) q = q.where('project_id', '=', f.projectId);
  if (f.projectIds !== undefined)
    q = f.projectIds.length > 0 ? q.where('project_id', 'in', f.projectIds) : q.where('project_id', '=', '');
  if (f.domainId !== undefined) q = q.where('domain_id', '=', f.domainId);
  if (f.roleId !== undefined) q = q.where('role_id', '=', f.roleId);
  return q.orderBy('user_id').orderBy('role_id').orderBy('id').execute();
}

/** The projects below a project, at any depth (Keystone's list_projects_in_subtree), the project excluded. */
export async function subtreeIds(db: DbOrTrx, projectId: string): Promise<string[]> {
  const out: string[] = [];
  let level = [projectId];
  while (level.length > 0) {
    const children = await db
      .selectFrom('projects')
      .select('id')
      .where('parent_id', 'in', level)
      .orderBy('id')
      .execute();
    level = children.map((c) => c.id).filter((id) => !out.includes(id) && id !== projectId);
    out.push(...level);
  }
  return out;
}

/** What a grant is on: a project or a domain. */
export interface GrantTarget {
  kind: 'project' | 'domain';
  id: string;
}

const targetColumn = (t: GrantTarget) => (t.kind === 'project' ? 'project_id' : 'domain_id');

/**
 * Grants a role on a project or domain; a repeated grant is a no-op (Keystone's PUT is
 * idempotent). The row id is derived from (user, role, target), so concurrent identical grants
 * collide on the primary key (0001's four-column unique constraint never fires because one of
 * project_id/domain_id is NULL); the existence check covers seeded rows, whose ids are random.
 */
export async function insertGrant(db: DbOrTrx, userId: string, target: GrantTarget, roleId: string): Promise<void> {
  const existing = await db
    .selectFrom('role_assignments')
    .select('id')
    .where('user_id', '=', userId)
    .where(targetColumn(target), '=', target.id)
    .where('role_id', '=', roleId)
    .executeTakeFirst();
  if (existing) return;
  const id = createHash('sha256').update(`${userId}/${roleId}/${target.kind}/${target.id}`).digest('hex').slice(0, 32);
  await db
    .insertInto('role_assignments')
    .values({
      id,
      user_id: userId,
      role_id: roleId,
      project_id: target.kind === 'project' ? target.id : null,
      domain_id: target.kind === 'domain' ? target.id : null,
    })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
}

export async function deleteGrant(db: DbOrTrx, userId: string, target: GrantTarget, roleId: string): Promise<number> {
  const r = await db
    .deleteFrom('role_assignments')
    .where('user_id', '=', userId)
    .where(targetColumn(target), '=', target.id)
    .where('role_id', '=', roleId)
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}

export async function rolesOfUserOn(db: DbOrTrx, userId: string, target: GrantTarget): Promise<RoleRow[]> {
  return db
    .selectFrom('role_assignments')
    .innerJoin('roles', 'roles.id', 'role_assignments.role_id')
    .select(['roles.id', 'roles.name', 'roles.domain_id', 'roles.description'])
    .where('role_assignments.user_id', '=', userId)
    .where(`role_assignments.${targetColumn(target)}`, '=', target.id)
    .orderBy('roles.name')
    .execute();
}

/** Projects on which the user holds any role (directly or through a group), each once. */
export async function projectsOfUser(db: DbOrTrx, userId: string): Promise<ProjectRow[]> {
  const ids = db
    .selectFrom('role_assignments')
    .select('project_id')
    .where('user_id', '=', userId)
    .where('project_id', 'is not', null);
  const viaGroups = groupGrantTargets(db, userId, 'project_id');
  return db
    .selectFrom('projects')
    .selectAll()
    .where((eb) => eb.or([eb('id', 'in', ids as never), eb('id', 'in', viaGroups as never)]))
    .orderBy('name')
    .execute();
}

/** The projects (or domains) on which groups of the user hold a role, as a subquery. */
function groupGrantTargets(db: DbOrTrx, userId: string, column: 'project_id' | 'domain_id') {
  return db
    .selectFrom('group_role_assignments')
    .innerJoin('group_memberships', 'group_memberships.group_id', 'group_role_assignments.group_id')
    .select(`group_role_assignments.${column}`)
    .where('group_memberships.user_id', '=', userId)
    .where(`group_role_assignments.${column}`, 'is not', null);
}

/** Domains on which the user holds any (domain-level) role. */
export async function domainsOfUser(db: DbOrTrx, userId: string): Promise<DomainRow[]> {
  const ids = db
    .selectFrom('role_assignments')
    .select('domain_id')
    .where('user_id', '=', userId)
    .where('domain_id', 'is not', null);
  const viaGroups = groupGrantTargets(db, userId, 'domain_id');
  return db
    .selectFrom('domains')
    .selectAll()
    .where((eb) => eb.or([eb('id', 'in', ids as never), eb('id', 'in', viaGroups as never)]))
    .orderBy('name')
    .execute();
}

/** Users holding a role on the project (for revoking their tokens when the project goes away). */
export async function userIdsOnProject(db: DbOrTrx, projectId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('role_assignments')
    .select('user_id')
    .distinct()
    .where('project_id', '=', projectId)
    .execute();
  const members = await db
    .selectFrom('group_memberships')
    .innerJoin('group_role_assignments', 'group_role_assignments.group_id', 'group_memberships.group_id')
    .select('group_memberships.user_id')
    .distinct()
    .where('group_role_assignments.project_id', '=', projectId)
    .execute();
  return [...new Set([...rows, ...members].map((r) => r.user_id))];
}

export async function userIdsWithRole(db: DbOrTrx, roleId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('role_assignments')
    .select('user_id')
    .distinct()
    .where('role_id', '=', roleId)
    .execute();
  const members = await db
    .selectFrom('group_memberships')
    .innerJoin('group_role_assignments', 'group_role_assignments.group_id', 'group_memberships.group_id')
    .select('group_memberships.user_id')
    .distinct()
    .where('group_role_assignments.role_id', '=', roleId)
    .execute();
  return [...new Set([...rows, ...members].map((r) => r.user_id))];
}

export async function insertDomain(db: DbOrTrx, row: DomainRow): Promise<void> {
  await db.insertInto('domains').values(row).execute();
}

export async function updateDomain(
  db: DbOrTrx,
  id: string,
  patch: Partial<Pick<DomainRow, 'name' | 'description' | 'enabled'>>,
): Promise<void> {
  if (Object.keys(patch).length === 0) return;
  await db.updateTable('domains').set(patch).where('id', '=', id).execute();
}

/**
 * Deletes a disabled domain with its projects, users and groups (their grants, tags, lockouts and
 * application credentials follow by cascade), in the caller's transaction. The first statement
 * touches the domain row only if it is disabled, so a concurrent re-enable either waits for this
 * transaction or makes it find nothing: 'enabled' or 'missing' is returned without deleting.
 */
export async function deleteDisabledDomain(db: DbOrTrx, id: string): Promise<'deleted' | 'enabled' | 'missing'> {
  const locked = await db
    .updateTable('domains')
    .set({ enabled: 0 })
    .where('id', '=', id)
    .where('enabled', '=', 0)
    .executeTakeFirst();
  if (Number(locked.numUpdatedRows) === 0) {
    const row = await db.selectFrom('domains').select('id').where('id', '=', id).executeTakeFirst();
    return row ? 'enabled' : 'missing';
  }
  const projects = db.selectFrom('projects').select('id').where('domain_id', '=', id);
  const users = db.selectFrom('users').select('id').where('domain_id', '=', id);
  await db
    .deleteFrom('identity_extras')
    .where((eb) =>
      eb.or([
        eb.and([eb('kind', '=', 'project'), eb('id', 'in', projects)]),
        eb.and([eb('kind', '=', 'user'), eb('id', 'in', users)]),
      ]),
    )
    .execute();
  await db.deleteFrom('projects').where('domain_id', '=', id).execute();
  await db.deleteFrom('users').where('domain_id', '=', id).execute();
  await db.deleteFrom('groups').where('domain_id', '=', id).execute();
  await db.deleteFrom('domains').where('id', '=', id).execute();
  return 'deleted';
}
