/**
 * Grants beyond a project or domain: system grants (a role on the whole deployment) and
 * OS-INHERIT grants (a role on a domain or project that the projects below it inherit), each to
 * a user or a group. A repeated grant is a no-op: the row id is derived from the grant's parts,
 * so concurrent identical grants collide on the primary key.
 */
import { createHash } from 'node:crypto';
import type { DbOrTrx } from '../database.js';
import type { RoleRow } from './identity-repository.js';
import type { GrantTarget } from './identity-admin-repository.js';

/** Who holds a grant. */
export interface Actor {
  kind: 'user' | 'group';
  id: string;
}

const actorColumn = (a: Actor) => (a.kind === 'user' ? 'user_id' : 'group_id');
const targetColumn = (t: GrantTarget) => (t.kind === 'project' ? 'project_id' : 'domain_id');
const grantId = (parts: string[]) => createHash('sha256').update(parts.join('/')).digest('hex').slice(0, 32);
const ROLE_COLUMNS = ['roles.id', 'roles.name', 'roles.domain_id', 'roles.description'] as const;

export async function insertSystemGrant(db: DbOrTrx, actor: Actor, roleId: string): Promise<void> {
  await db
    .insertInto('system_role_assignments')
    .values({
      id: grantId(['system', actor.kind, actor.id, roleId]),
      user_id: actor.kind === 'user' ? actor.id : null,
      group_id: actor.kind === 'group' ? actor.id : null,
      role_id: roleId,
    })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
}

export async function deleteSystemGrant(db: DbOrTrx, actor: Actor, roleId: string): Promise<number> {
  const r = await db
    .deleteFrom('system_role_assignments')
    .where(actorColumn(actor), '=', actor.id)
    .where('role_id', '=', roleId)
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** The roles granted to the actor on the system, by name. */
export async function systemRolesOf(db: DbOrTrx, actor: Actor): Promise<RoleRow[]> {
  return db
    .selectFrom('system_role_assignments')
    .innerJoin('roles', 'roles.id', 'system_role_assignments.role_id')
    .select(ROLE_COLUMNS)
    .where(`system_role_assignments.${actorColumn(actor)}`, '=', actor.id)
    .orderBy('roles.name')
    .execute();
}

export interface SystemGrantRow {
  user_id: string | null;
  group_id: string | null;
  role_id: string;
}

/** System grants matching the filter; groupIds restricts group grants to those groups. */
export async function listSystemGrants(
  db: DbOrTrx,
  f: { userId?: string; groupIds?: string[]; roleId?: string; users?: boolean; groups?: boolean },
): Promise<SystemGrantRow[]> {
  let q = db.selectFrom('system_role_assignments').select(['user_id', 'group_id', 'role_id']);
  if (f.userId !== undefined) q = q.where('user_id', '=', f.userId);
  if (f.groupIds !== undefined)
    q = f.groupIds.length > 0 ? q.where('group_id', 'in', f.groupIds) : q.where('group_id', '=', '');
  if (f.users === false) q = q.where('user_id', 'is', null);
  if (f.groups === false) q = q.where('group_id', 'is', null);
  if (f.roleId !== undefined) q = q.where('role_id', '=', f.roleId);
  return q.orderBy('user_id').orderBy('group_id').orderBy('role_id').execute();
}

export async function insertInheritedGrant(
  db: DbOrTrx,
  actor: Actor,
  target: GrantTarget,
  roleId: string,
): Promise<void> {
  await db
    .insertInto('inherited_role_assignments')
    .values({
      id: grantId(['inherited', actor.kind, actor.id, target.kind, target.id, roleId]),
      user_id: actor.kind === 'user' ? actor.id : null,
      group_id: actor.kind === 'group' ? actor.id : null,
      role_id: roleId,
      project_id: target.kind === 'project' ? target.id : null,
      domain_id: target.kind === 'domain' ? target.id : null,
    })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
}

export async function deleteInheritedGrant(
  db: DbOrTrx,
  actor: Actor,
  target: GrantTarget,
  roleId: string,
): Promise<number> {
  const r = await db
    .deleteFrom('inherited_role_assignments')
    .where(actorColumn(actor), '=', actor.id)
    .where(targetColumn(target), '=', target.id)
    .where('role_id', '=', roleId)
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** The roles the actor was granted on the target to inherit, by name. */
export async function inheritedRolesOf(db: DbOrTrx, actor: Actor, target: GrantTarget): Promise<RoleRow[]> {
  return db
    .selectFrom('inherited_role_assignments')
    .innerJoin('roles', 'roles.id', 'inherited_role_assignments.role_id')
    .select(ROLE_COLUMNS)
    .where(`inherited_role_assignments.${actorColumn(actor)}`, '=', actor.id)
    .where(`inherited_role_assignments.${targetColumn(target)}`, '=', target.id)
    .orderBy('roles.name')
    .execute();
}

export interface InheritedGrantRow {
  user_id: string | null;
  group_id: string | null;
  role_id: string;
  project_id: string | null;
  domain_id: string | null;
}

/**
 * Inherited grants matching the filter: of a user and/or of some groups (groupIds; an empty list
 * matches no group grant), on a domain, on some projects, with a role.
 */
export async function listInheritedGrants(
  db: DbOrTrx,
  f: {
    userId?: string;
    groupIds?: string[];
    users?: boolean;
    groups?: boolean;
    domainId?: string;
    projectIds?: string[];
    roleId?: string;
  },
): Promise<InheritedGrantRow[]> {
  let q = db
    .selectFrom('inherited_role_assignments')
    .select(['user_id', 'group_id', 'role_id', 'project_id', 'domain_id']);
  if (f.userId !== undefined && f.groupIds !== undefined) {
    const { userId, groupIds } = f;
    q = q.where((eb) =>
      eb.or([eb('user_id', '=', userId), ...(groupIds.length > 0 ? [eb('group_id', 'in', groupIds)] : [])]),
    );
  } else if (f.userId !== undefined) q = q.where('user_id', '=', f.userId);
  else if (f.groupIds !== undefined)
    q = f.groupIds.length > 0 ? q.where('group_id', 'in', f.groupIds) : q.where('group_id', '=', '');
  if (f.users === false) q = q.where('user_id', 'is', null);
  if (f.groups === false) q = q.where('group_id', 'is', null);
  if (f.domainId !== undefined) q = q.where('domain_id', '=', f.domainId);
  if (f.projectIds !== undefined)
    q = f.projectIds.length > 0 ? q.where('project_id', 'in', f.projectIds) : q.where('project_id', '=', '');
  if (f.roleId !== undefined) q = q.where('role_id', '=', f.roleId);
  return q.orderBy('user_id').orderBy('group_id').orderBy('role_id').execute();
}

/** Users who hold any inherited or system grant with this role, themselves or through a group. */
export async function userIdsWithScopedRole(db: DbOrTrx, roleId: string): Promise<string[]> {
  const ids = new Set<string>();
  for (const table of ['inherited_role_assignments', 'system_role_assignments'] as const) {
    const rows = await db.selectFrom(table).select(['user_id', 'group_id']).where('role_id', '=', roleId).execute();
    for (const r of rows) if (r.user_id) ids.add(r.user_id);
    const groups = rows.map((r) => r.group_id).filter((g): g is string => g !== null);
    if (groups.length > 0)
      for (const m of await db
        .selectFrom('group_memberships')
        .select('user_id')
        .where('group_id', 'in', groups)
        .execute())
        ids.add(m.user_id);
  }
  return [...ids];
}
