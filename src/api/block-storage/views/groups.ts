/** Cinder's group type, group and group snapshot views (cinder/api/v3/views/group_types.py, groups.py, group_snapshots.py). */
import type { RequestContext } from '../../../domain/context.js';
import type { ApiVersion } from '../../../http/api-version.js';
import { allowed } from '../../../policy/check.js';
import type { GroupTypeRow } from '../../../services/block-storage/group-type-service.js';
import type { GroupRow, GroupSnapshotRow } from '../../../services/block-storage/group-service.js';
import { cinderTime } from './volumes.js';

export function groupTypeView(ctx: RequestContext, t: GroupTypeRow): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: t.id,
    name: t.name,
    description: t.description,
    is_public: t.is_public === 1,
  };
  if (allowed(ctx, 'group:access_group_types_specs', {}))
    out.group_specs = JSON.parse(t.group_specs) as Record<string, string>;
  return out;
}

export const groupSummary = (g: GroupRow) => ({ id: g.id, name: g.name });

export function groupDetail(
  ctx: RequestContext,
  mv: ApiVersion,
  g: GroupRow,
  volumeIds: string[] | undefined,
): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: g.id,
    status: g.status,
    availability_zone: g.availability_zone,
    created_at: cinderTime(g.created_at),
    name: g.name,
    description: g.description,
    group_type: g.group_type_id,
    volume_types: JSON.parse(g.volume_type_ids) as string[],
  };
  if (mv.atLeast('3.14')) {
    out.group_snapshot_id = g.group_snapshot_id;
    out.source_group_id = g.source_group_id;
  }
  if (mv.atLeast('3.25') && volumeIds !== undefined) out.volumes = volumeIds;
  if (mv.atLeast('3.38')) out.replication_status = g.replication_status;
  if (mv.atLeast('3.58') && allowed(ctx, 'group:group_project_attribute', { project_id: g.project_id }))
    out.project_id = g.project_id;
  return out;
}

export const groupSnapshotSummary = (s: GroupSnapshotRow) => ({
  id: s.id,
  name: s.name,
  group_type_id: s.group_type_id,
});

export function groupSnapshotDetail(ctx: RequestContext, mv: ApiVersion, s: GroupSnapshotRow): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: s.id,
    group_id: s.group_id,
    group_type_id: s.group_type_id,
    status: s.status,
    created_at: cinderTime(s.created_at),
    name: s.name,
    description: s.description,
  };
  if (mv.atLeast('3.58') && allowed(ctx, 'group:group_snapshot_project_attribute', { project_id: s.project_id }))
    out.project_id = s.project_id;
  return out;
}
