/** Keystone groups, their members and their role grants: queries taking a DbOrTrx. */
import { createHash } from 'node:crypto';
import type { DbOrTrx } from '../database.js';
import type { GroupsTable } from '../tables/identity.table.js';
import type { RoleRow, UserRow } from './identity-repository.js';
import type { GrantTarget } from './identity-admin-repository.js';

export type GroupRow = GroupsTable;

export async function insertGroup(db: DbOrTrx, row: GroupRow): Promise<void> {
  await db.insertInto('groups').values(row).execute();
}

export async function findGroup(db: DbOrTrx, id: string): Promise<GroupRow | undefined> {
  return db.selectFrom('groups').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listGroups(db: DbOrTrx, f: { name?: string; domainId?: string }): Promise<GroupRow[]> {
  let q = db.selectFrom('groups').selectAll();
  if (f.name !== undefined) q = q.where('name', '=', f.name);
  if (f.domainId !== undefined) q = q.where('domain_id', '=', f.domainId);
  return q.orderBy('name').orderBy('id').execute();
}

export async function updateGroup(
  db: DbOrTrx,
  id: string,
  patch: Partial<Pick<GroupRow, 'name' | 'description'>>,
): Promise<void> {
  if (Object.keys(patch).length === 0) return;
  await db.updateTable('groups').set(patch).where('id', '=', id).execute();
}

/** Deletes the group (memberships and grants follow by cascade); returns the rows deleted. */
export async function deleteGroup(db: DbOrTrx, id: string): Promise<number> {
  const r = await db.deleteFrom('groups').where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** Adds a member; adding one twice is a no-op (Keystone's PUT is idempotent). */
export async function addMember(db: DbOrTrx, groupId: string, userId: string): Promise<void> {
  await db
    .insertInto('group_memberships')
    .values({ group_id: groupId, user_id: userId })
    .onConflict((oc) => oc.columns(['group_id', 'user_id']).doNothing())
    .execute();
}

export async function isMember(db: DbOrTrx, groupId: string, userId: string): Promise<boolean> {
  const row = await db
    .selectFrom('group_memberships')
    .select('user_id')
    .where('group_id', '=', groupId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row !== undefined;
}

export async function removeMember(db: DbOrTrx, groupId: string, userId: string): Promise<number> {
  const r = await db
    .deleteFrom('group_memberships')
    .where('group_id', '=', groupId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}

export async function membersOf(db: DbOrTrx, groupId: string): Promise<UserRow[]> {
  return db
    .selectFrom('users')
    .selectAll('users')
    .innerJoin('group_memberships', 'group_memberships.user_id', 'users.id')
    .where('group_memberships.group_id', '=', groupId)
    .orderBy('users.name')
    .execute();
}

export async function memberIds(db: DbOrTrx, groupId: string): Promise<string[]> {
  const rows = await db.selectFrom('group_memberships').select('user_id').where('group_id', '=', groupId).execute();
  return rows.map((r) => r.user_id);
}

export async function groupsOfUser(db: DbOrTrx, userId: string): Promise<GroupRow[]> {
  return db
    .selectFrom('groups')
    .selectAll('groups')
    .innerJoin('group_memberships', 'group_memberships.group_id', 'groups.id')
    .where('group_memberships.user_id', '=', userId)
    .orderBy('groups.name')
    .execute();
}

const targetColumn = (t: GrantTarget) => (t.kind === 'project' ? 'project_id' : 'domain_id');

/** Grants a role to a group on a target; the id is derived from the four, so a repeat is a no-op. */
export async function insertGroupGrant(
  db: DbOrTrx,
  groupId: string,
  target: GrantTarget,
  roleId: string,
): Promise<void> {
  const id = createHash('sha256').update(`${groupId}/${roleId}/${target.kind}/${target.id}`).digest('hex').slice(0, 32);
  await db
    .insertInto('group_role_assignments')
    .values({
      id,
      group_id: groupId,
      role_id: roleId,
      project_id: target.kind === 'project' ? target.id : null,
      domain_id: target.kind === 'domain' ? target.id : null,
    })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
}

export async function deleteGroupGrant(
  db: DbOrTrx,
  groupId: string,
  target: GrantTarget,
  roleId: string,
): Promise<number> {
  const r = await db
    .deleteFrom('group_role_assignments')
    .where('group_id', '=', groupId)
    .where(targetColumn(target), '=', target.id)
    .where('role_id', '=', roleId)
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}

export async function rolesOfGroupOn(db: DbOrTrx, groupId: string, target: GrantTarget): Promise<RoleRow[]> {
  return db
    .selectFrom('group_role_assignments')
    .innerJoin('roles', 'roles.id', 'group_role_assignments.role_id')
    .select(['roles.id', 'roles.name', 'roles.domain_id', 'roles.description'])
    .where('group_role_assignments.group_id', '=', groupId)
    .where(`group_role_assignments.${targetColumn(target)}`, '=', target.id)
    .orderBy('roles.name')
    .execute();
}

export interface GroupAssignmentRow {
  group_id: string;
  role_id: string;
  project_id: string | null;
  domain_id: string | null;
}

/** Group grants matching the filter (GET /v3/role_assignments). */
export async function listGroupAssignments(
  db: DbOrTrx,
  f: {
    groupId?: string;
    groupIds?: string[];
    projectId?: string;
    projectIds?: string[];
    domainId?: string;
    roleId?: string;
  },
): Promise<GroupAssignmentRow[]> {
  let q = db.selectFrom('group_role_assignments').select(['group_id', 'role_id', 'project_id', 'domain_id']);
  if (f.groupId !== undefined) q = q.where('group_id', '=', f.groupId);
  if (f.groupIds !== undefined)
    q = f.groupIds.length > 0 ? q.where('group_id', 'in', f.groupIds) : q.where('group_id', '=', '');
  if (f.projectId !== undefined) q = q.where('project_id', '=', f.projectId);
  if (f.projectIds !== undefined)
    q = f.projectIds.length > 0 ? q.where('project_id', 'in', f.projectIds) : q.where('project_id', '=', '');
  if (f.domainId !== undefined) q = q.where('domain_id', '=', f.domainId);
  if (f.roleId !== undefined) q = q.where('role_id', '=', f.roleId);
  return q.orderBy('group_id').orderBy('role_id').orderBy('id').execute();
}
