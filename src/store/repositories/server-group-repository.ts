/** Server groups and their members (migration 0018). Members count only while their server lives. */
import type { DbOrTrx } from '../database.js';
import type { ServerGroupsTable } from '../tables/server-groups.table.js';

export type ServerGroupRow = ServerGroupsTable;

export const insertServerGroup = (db: DbOrTrx, row: ServerGroupRow) =>
  db.insertInto('server_groups').values(row).execute();

export const findServerGroup = (db: DbOrTrx, id: string): Promise<ServerGroupRow | undefined> =>
  db.selectFrom('server_groups').selectAll().where('id', '=', id).executeTakeFirst();

/** a page of groups, oldest first; all projects when projectId is null */
export function listServerGroups(
  db: DbOrTrx,
  projectId: string | null,
  limit: number,
  offset: number,
): Promise<ServerGroupRow[]> {
  let q = db.selectFrom('server_groups').selectAll();
  if (projectId !== null) q = q.where('project_id', '=', projectId);
  return q.orderBy('created_at').orderBy('id').limit(limit).offset(offset).execute();
}

export const countServerGroups = async (db: DbOrTrx, projectId: string, userId?: string): Promise<number> => {
  let q = db
    .selectFrom('server_groups')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('project_id', '=', projectId);
  if (userId !== undefined) q = q.where('user_id', '=', userId);
  return Number((await q.executeTakeFirstOrThrow()).n);
};

/** deletes a group and its member rows; false when it was already gone */
export async function deleteServerGroup(db: DbOrTrx, id: string): Promise<boolean> {
  await db.deleteFrom('server_group_members').where('group_id', '=', id).execute();
  const r = await db.deleteFrom('server_groups').where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** the live (not deleted) members of each group, with their host (null while unscheduled) */
export async function liveMembers(
  db: DbOrTrx,
  groupIds: string[],
): Promise<Array<{ group_id: string; instance_uuid: string; host: string | null }>> {
  if (!groupIds.length) return [];
  return db
    .selectFrom('server_group_members as m')
    .innerJoin('instances as i', 'i.uuid', 'm.instance_uuid')
    .select(['m.group_id', 'm.instance_uuid', 'i.host'])
    .where('m.group_id', 'in', groupIds)
    .where('i.deleted', '=', 0)
    .orderBy('m.created_at')
    .orderBy('m.instance_uuid')
    .execute();
}

export const addMember = (db: DbOrTrx, groupId: string, instanceUuid: string, now: string) =>
  db
    .insertInto('server_group_members')
    .values({ group_id: groupId, instance_uuid: instanceUuid, created_at: now })
    .execute();

/** the group a server is a member of, if any */
export const groupOfInstance = (db: DbOrTrx, instanceUuid: string): Promise<ServerGroupRow | undefined> =>
  db
    .selectFrom('server_group_members as m')
    .innerJoin('server_groups as g', 'g.id', 'm.group_id')
    .selectAll('g')
    .where('m.instance_uuid', '=', instanceUuid)
    .executeTakeFirst();
