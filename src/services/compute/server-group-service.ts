/**
 * Server groups (nova/api/openstack/compute/server_groups.py, nova/objects/instance_group.py):
 * create with the server_groups quota, list/show/delete, membership through the server create
 * hint `group` with the server_group_members quota, and the groups a server belongs to.
 */
import type { Runtime } from '../../runtime.js';
import type { RequestContext } from '../../domain/context.js';
import type { Trx } from '../../store/database.js';
import { newUuid } from '../../lib/ids.js';
import {
  rulesOnlyForAntiAffinity,
  serverGroupMembersQuotaExceeded,
  serverGroupNotFound,
  serverGroupQuotaExceeded,
} from '../../domain/compute-errors.js';
import { effectiveQuotas, userOverrides } from './quota-service.js';
import {
  addMember,
  countServerGroups,
  deleteServerGroup as deleteGroupRow,
  findServerGroup,
  groupOfInstance,
  insertServerGroup,
  listServerGroups as listGroupRows,
  liveMembers,
  type ServerGroupRow,
} from '../../store/repositories/server-group-repository.js';

export const SERVER_GROUP_POLICIES = ['affinity', 'anti-affinity', 'soft-affinity', 'soft-anti-affinity'] as const;
export type ServerGroupPolicy = (typeof SERVER_GROUP_POLICIES)[number];

export interface ServerGroupRules {
  max_server_per_host?: number;
}

export interface ServerGroup {
  id: string;
  name: string;
  policy: ServerGroupPolicy;
  rules: ServerGroupRules;
  members: string[];
  project_id: string;
  user_id: string;
}

const parseRules = (text: string): ServerGroupRules => JSON.parse(text) as ServerGroupRules;

async function withMembers(rt: Runtime, rows: ServerGroupRow[]): Promise<ServerGroup[]> {
  const members = await liveMembers(
    rt.store.db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    policy: r.policy as ServerGroupPolicy,
    rules: parseRules(r.rules),
    members: members.filter((m) => m.group_id === r.id).map((m) => m.instance_uuid),
    project_id: r.project_id,
    user_id: r.user_id,
  }));
}

/** InstanceGroup.get_by_uuid: outside the admin context only the caller's project's groups exist */
async function visibleGroup(rt: Runtime, ctx: RequestContext, id: string, status: 400 | 404 = 404) {
  const row = await findServerGroup(rt.store.db, id);
  if (!row || (!ctx.isAdmin && row.project_id !== ctx.projectId)) throw serverGroupNotFound(id, status);
  return row;
}

export async function createServerGroup(
  rt: Runtime,
  ctx: RequestContext,
  req: { name: string; policy: ServerGroupPolicy; rules: ServerGroupRules },
): Promise<ServerGroup> {
  if (req.policy !== 'anti-affinity' && Object.keys(req.rules).length > 0) throw rulesOnlyForAntiAffinity();
  const projectId = ctx.projectId ?? '';
  const row: ServerGroupRow = {
    id: newUuid(),
    project_id: projectId,
    user_id: ctx.userId,
    name: req.name,
    policy: req.policy,
    rules: JSON.stringify(req.rules),
    created_at: rt.clock().toISOString(),
  };
  await rt.store.transaction(async (trx) => {
    // Quotas.check_deltas(server_groups: 1) for the project and, where it has its own limit, the user;
    // counted and inserted under one lock so parallel creates cannot both take the last one
    await rt.store.adapter.lockForUpdateOf(trx, `server_groups:${projectId}`);
    const limits = await effectiveQuotas(rt, projectId, null, trx);
    const own = (await userOverrides(rt, projectId, ctx.userId, trx)).get('server_groups');
    const projectLimit = limits.server_groups;
    if (projectLimit >= 0 && (await countServerGroups(trx, projectId)) + 1 > projectLimit)
      throw serverGroupQuotaExceeded();
    if (own !== undefined && own >= 0 && (await countServerGroups(trx, projectId, ctx.userId)) + 1 > own)
      throw serverGroupQuotaExceeded();
    await insertServerGroup(trx, row);
  });
  return { ...(await withMembers(rt, [row]))[0]!, members: [] };
}

export async function showServerGroup(rt: Runtime, ctx: RequestContext, id: string): Promise<ServerGroup> {
  const row = await visibleGroup(rt, ctx, id);
  return (await withMembers(rt, [row]))[0]!;
}

/** the caller's project's groups, or every project's for an admin asking all_projects */
export async function listServerGroups(
  rt: Runtime,
  ctx: RequestContext,
  opts: { allProjects: boolean; limit: number; offset: number },
): Promise<ServerGroup[]> {
  const projectId = opts.allProjects && ctx.isAdmin ? null : (ctx.projectId ?? '');
  return withMembers(rt, await listGroupRows(rt.store.db, projectId, opts.limit, opts.offset));
}

export async function deleteServerGroup(rt: Runtime, ctx: RequestContext, id: string): Promise<void> {
  await visibleGroup(rt, ctx, id);
  const gone = await rt.store.transaction((trx) => deleteGroupRow(trx, id));
  if (!gone) throw serverGroupNotFound(id);
}

/** compute/api.py _get_requested_instance_group: the hint names a visible group, else 400 */
export const groupForHint = (rt: Runtime, ctx: RequestContext, id: string): Promise<ServerGroupRow> =>
  visibleGroup(rt, ctx, id, 400);

/**
 * compute/api.py _provision_instances: the new servers join the group within the create's
 * transaction, after check_deltas(server_group_members) on the group's live members.
 */
export async function addGroupMembers(
  rt: Runtime,
  trx: Trx,
  group: ServerGroupRow,
  uuids: string[],
  now: string,
): Promise<void> {
  await rt.store.adapter.lockForUpdateOf(trx, `server_group:${group.id}`);
  const limit = (await effectiveQuotas(rt, group.project_id, null, trx)).server_group_members;
  const live = (await liveMembers(trx, [group.id])).length;
  if (limit >= 0 && live + uuids.length > limit) throw serverGroupMembersQuotaExceeded();
  for (const uuid of uuids) await addMember(trx, group.id, uuid, now);
}

/** the ids of the groups a server belongs to (server show's server_groups, 2.71) */
export async function groupsOfServer(rt: Runtime, uuid: string): Promise<string[]> {
  const g = await groupOfInstance(rt.store.db, uuid);
  return g ? [g.id] : [];
}
