/**
 * Security groups: only each project's 'default' group, created on first need. Its id is derived
 * from the project id, so two requests creating it at once insert the same row and one no-ops.
 */
import { createHash } from 'node:crypto';
import type { DbOrTrx } from '../../store/database.js';
import * as repo from '../../store/repositories/network-repository.js';
import { securityGroupNotFound } from '../../domain/ports/network-errors.js';

export function defaultSecurityGroupId(projectId: string): string {
  const h = createHash('sha1').update(`stackbox:default-security-group:${projectId}`).digest('hex');
  // shaped as a version-5 UUID
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16], 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export async function ensureDefaultSecurityGroup(db: DbOrTrx, projectId: string): Promise<string> {
  const id = defaultSecurityGroupId(projectId);
  await repo.insertSecurityGroupIfMissing(db, {
    id, name: 'default', project_id: projectId, description: 'Default security group', created_at: new Date().toISOString(), revision_number: 0,
  });
  return id;
}

/** Checks that every requested group exists and belongs to the port's project (Neutron validates on create/update). */
export async function checkSecurityGroups(db: DbOrTrx, projectId: string, ids: string[]): Promise<string[]> {
  if (ids.length === 0) return ids;
  await ensureDefaultSecurityGroup(db, projectId);
  const found = await repo.listSecurityGroups(db, { ids, projectIds: [projectId] });
  const missing = ids.find((id) => !found.some((g) => g.id === id));
  if (missing !== undefined) throw securityGroupNotFound(missing);
  return [...new Set(ids)];
}
