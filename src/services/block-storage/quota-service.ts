/**
 * Block storage quotas as Cinder reports them (cinder/api/contrib/quotas.py, used_limits.py):
 * the configured defaults (there are no per-project overrides yet), the project's usage, and the
 * per-type entries every volume type adds (unlimited here).
 */
import type { Runtime } from '../../runtime.js';
import { listVolumeTypes, volumeUsage, volumeUsageByType } from '../../store/repositories/volume-repository.js';

export interface QuotaEntry {
  limit: number;
  in_use: number;
  reserved: number;
}

/** Cinder's resources without a backend here: fixed at their Zed defaults, never used */
const FIXED = { backups: 10, backup_gigabytes: 1000, groups: 10, per_volume_gigabytes: -1 };

export class BlockStorageQuotaService {
  constructor(private readonly rt: Runtime) {}

  /** every resource with its limit and usage, in Cinder's order */
  async quotaSet(projectId: string): Promise<Array<[string, QuotaEntry]>> {
    const q = this.rt.config.blockStorage.quotas;
    const db = this.rt.store.db;
    const [used, byType, types] = await Promise.all([
      volumeUsage(db, projectId),
      volumeUsageByType(db, projectId),
      listVolumeTypes(db, true),
    ]);
    const e = (limit: number, in_use = 0): QuotaEntry => ({ limit, in_use, reserved: 0 });
    const out: Array<[string, QuotaEntry]> = [
      ['volumes', e(q.volumes, used.volumes)],
      ['per_volume_gigabytes', e(FIXED.per_volume_gigabytes)],
      ['snapshots', e(q.snapshots, used.snapshots)],
      ['gigabytes', e(q.gigabytes, used.gigabytes)],
      ['backups', e(FIXED.backups)],
      ['backup_gigabytes', e(FIXED.backup_gigabytes)],
    ];
    for (const t of [...types].sort((a, b) => (a.name < b.name ? 1 : a.name > b.name ? -1 : 0))) {
      const u = byType.get(t.id);
      out.push([`volumes_${t.name}`, e(-1, u?.volumes ?? 0)]);
      out.push([`gigabytes_${t.name}`, e(-1, u?.gigabytes ?? 0)]);
      out.push([`snapshots_${t.name}`, e(-1, u?.snapshots ?? 0)]);
    }
    out.push(['groups', e(FIXED.groups)]);
    return out;
  }

  /** GET /limits: the absolute limits and usage */
  async limits(projectId: string): Promise<Record<string, number>> {
    const q = this.rt.config.blockStorage.quotas;
    const used = await volumeUsage(this.rt.store.db, projectId);
    return {
      maxTotalVolumes: q.volumes,
      maxTotalSnapshots: q.snapshots,
      maxTotalVolumeGigabytes: q.gigabytes,
      maxTotalBackups: FIXED.backups,
      maxTotalBackupGigabytes: FIXED.backup_gigabytes,
      totalVolumesUsed: used.volumes,
      totalGigabytesUsed: used.gigabytes,
      totalSnapshotsUsed: used.snapshots,
      totalBackupsUsed: 0,
      totalBackupGigabytesUsed: 0,
    };
  }
}
