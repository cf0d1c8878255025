/** Cinder's backup views (cinder/api/views/backups.py, api/v3/views/backups.py and v3/backups.py). */
import type { RequestContext } from '../../../domain/context.js';
import type { ApiVersion } from '../../../http/api-version.js';
import { allowed } from '../../../policy/check.js';
import type { BackupRow, RestoreResult } from '../../../services/block-storage/backup-service.js';
import { cinderTime, volumeLinks, type LinkBase } from './volumes.js';

export function backupSummary(b: LinkBase, r: BackupRow): Record<string, unknown> {
  return { id: r.id, name: r.name, links: volumeLinks(b, 'backups', r.id) };
}

export function backupDetail(
  b: LinkBase,
  ctx: RequestContext,
  mv: ApiVersion,
  r: BackupRow,
  hasDependents: boolean,
): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: r.id,
    status: r.status,
    size: r.size,
    object_count: r.object_count,
    availability_zone: r.availability_zone,
    container: r.container,
    created_at: cinderTime(r.created_at),
    updated_at: cinderTime(r.updated_at),
    name: r.name,
    description: r.description,
    fail_reason: r.fail_reason,
    volume_id: r.volume_id,
    links: volumeLinks(b, 'backups', r.id),
    is_incremental: r.parent_id !== null,
    has_dependent_backups: hasDependents,
    snapshot_id: r.snapshot_id,
    data_timestamp: cinderTime(r.data_timestamp),
  };
  if (mv.atLeast('3.43')) out.metadata = JSON.parse(r.metadata) as Record<string, string>;
  // the owner attributes are the admin's (backup:backup_project_attribute)
  const attrs = allowed(ctx, 'backup:backup_project_attribute', { project_id: r.project_id });
  if (mv.atLeast('3.18') && attrs) out['os-backup-project-attr:project_id'] = r.project_id;
  if (mv.atLeast('3.56') && attrs) out.user_id = r.user_id;
  return out;
}

export function restoreView(r: RestoreResult): Record<string, unknown> {
  return { restore: { backup_id: r.backup_id, volume_id: r.volume_id, volume_name: r.volume_name } };
}
