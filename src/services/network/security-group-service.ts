/**
 * Security groups: only each project's 'default' group, created on first need. Its id is derived
 * from the project id, so two requests creating it at once insert the same row and one no-ops.
 */
import { createHash } from 'node:crypto';
import type { DbOrTrx } from '../../store/database.js';
import * as repo from '../../store/repositories/network-repository.js';
import { securityGroupNotFound } from '../../domain/ports/network-errors.js';
import type { SecurityGroupRow } from '../../store/repositories/network-repository.js';
import type { RequestContext } from '../../domain/context.js';
import type { Runtime } from '../../runtime.js';

export type { SecurityGroupRow } from '../../store/repositories/network-repository.js';

export function defaultSecurityGroupId(projectId: string): string {
  const h = createHash('sha1').update(`stackbox:default-security-group:${projectId}`).digest('hex');
  // shaped as a version-5 UUID
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h.charAt(16), 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** `at`: the runtime clock's time, the group's created_at when this call creates it */
export async function ensureDefaultSecurityGroup(db: DbOrTrx, projectId: string, at: string): Promise<string> {
  const id = defaultSecurityGroupId(projectId);
  await repo.insertSecurityGroupIfMissing(db, {
    id,
    name: 'default',
    project_id: projectId,
    description: 'Default security group',
    created_at: at,
    revision_number: 0,
  });
  return id;
}

/** Checks that every requested group exists and belongs to the port's project (Neutron validates on create/update). */
export async function checkSecurityGroups(
  db: DbOrTrx,
  projectId: string,
  ids: string[],
  at: string,
): Promise<string[]> {
  if (ids.length === 0) return ids;
  await ensureDefaultSecurityGroup(db, projectId, at);
  const found = await repo.listSecurityGroups(db, { ids, projectIds: [projectId] });
  const missing = ids.find((id) => !found.some((g) => g.id === id));
  if (missing !== undefined) throw securityGroupNotFound(missing);
  return [...new Set(ids)];
}

/** GET /security-groups: the caller's groups (any project's for admin, narrowed by projectIds). */
export async function listSecurityGroupsFor(
  rt: Runtime,
  ctx: RequestContext,
  q: { ids?: string[]; names?: string[]; projectIds?: string[] },
): Promise<SecurityGroupRow[]> {
  const db = rt.store.db;
  // Neutron creates the default group when a project first lists its groups
  if (ctx.projectId) await ensureDefaultSecurityGroup(db, ctx.projectId, rt.clock().toISOString());
  return repo.listSecurityGroups(db, {
    ids: q.ids,
    names: q.names,
    projectIds: ctx.isAdmin ? q.projectIds : [ctx.projectId ?? ''],
  });
}

/** One group of the caller's project (any for admin), else SecurityGroupNotFound. */
export async function showSecurityGroup(rt: Runtime, ctx: RequestContext, id: string): Promise<SecurityGroupRow> {
  const db = rt.store.db;
  if (ctx.projectId) await ensureDefaultSecurityGroup(db, ctx.projectId, rt.clock().toISOString());
  const [g] = await repo.listSecurityGroups(db, { ids: [id] });
  if (!g || (!ctx.isAdmin && g.project_id !== ctx.projectId)) throw securityGroupNotFound(id);
  return g;
}
