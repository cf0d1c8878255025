/**
 * Block storage quotas as Cinder reports and sets them (cinder/api/contrib/quotas.py,
 * used_limits.py): the configured defaults, overridden per project by an admin (volume_quotas),
 * the project's usage, and the per-type entries every volume type adds. volumes, snapshots and
 * gigabytes are enforced (volume-service.ts, snapshot-service.ts read effectiveLimits inside
 * their transactions), backups and backup_gigabytes too (backup-service.ts reads backupLimits);
 * groups too (group-service.ts reads groupLimit); the per-type and per-volume limits are stored
 * and shown.
 */
import type { Runtime } from '../../runtime.js';
import type { DbOrTrx } from '../../store/database.js';
import {
  deleteVolumeQuotas,
  listVolumeTypes,
  setVolumeQuota,
  volumeQuotaOverrides,
  volumeUsage,
  volumeUsageByType,
} from '../../store/repositories/volume-repository.js';
import { backupUsage } from '../../store/repositories/backup-repository.js';
import { countGroupsOf } from '../../store/repositories/volume-group-repository.js';
import { invalidInput } from '../../domain/volumes/errors.js';
import { quotaClassValues, setQuotaClassValue } from '../../store/repositories/volume-quota-class-repository.js';

/** Cinder's quota class whose limits are every project's defaults */
export const DEFAULT_QUOTA_CLASS = 'default';
import { badRequest } from '../../domain/errors.js';

export interface QuotaEntry {
  limit: number;
  in_use: number;
  reserved: number;
}

/** the limits a project's volume, snapshot and gigabyte usage is held to */
export async function effectiveLimits(
  rt: Runtime,
  db: DbOrTrx,
  projectId: string,
): Promise<{ volumes: number; snapshots: number; gigabytes: number }> {
  const q = rt.config.blockStorage.quotas;
  const [o, d] = await Promise.all([volumeQuotaOverrides(db, projectId), quotaClassValues(db, DEFAULT_QUOTA_CLASS)]);
  const pick = (k: 'volumes' | 'snapshots' | 'gigabytes') => o.get(k) ?? d.get(k) ?? q[k];
  return { volumes: pick('volumes'), snapshots: pick('snapshots'), gigabytes: pick('gigabytes') };
}

/** Cinder's Zed defaults of the resources without a configured default here */
const FIXED: Record<string, number> = { backups: 10, backup_gigabytes: 1000, groups: 10, per_volume_gigabytes: -1 };

/** the limits a project's backups are held to */
export async function backupLimits(db: DbOrTrx, projectId: string): Promise<{ backups: number; gigabytes: number }> {
  const o = await volumeQuotaOverrides(db, projectId);
  return {
    backups: o.get('backups') ?? FIXED.backups!,
    gigabytes: o.get('backup_gigabytes') ?? FIXED.backup_gigabytes!,
  };
}

/** the limit a project's groups are held to: its own, else the default quota class's, else Cinder's 10 */
export async function groupLimit(db: DbOrTrx, projectId: string): Promise<number> {
  const [o, d] = await Promise.all([volumeQuotaOverrides(db, projectId), quotaClassValues(db, DEFAULT_QUOTA_CLASS)]);
  return o.get('groups') ?? d.get('groups') ?? FIXED.groups!;
}

export class BlockStorageQuotaService {
  constructor(private readonly rt: Runtime) {}

  /** every resource with its limit and usage, in Cinder's order */
  async quotaSet(projectId: string, db: DbOrTrx = this.rt.store.db): Promise<Array<[string, QuotaEntry]>> {
    const [used, byType, types, limits, own, d, backups, groups] = await Promise.all([
      volumeUsage(db, projectId),
      volumeUsageByType(db, projectId),
      listVolumeTypes(db, true),
      effectiveLimits(this.rt, db, projectId),
      volumeQuotaOverrides(db, projectId),
      quotaClassValues(db, DEFAULT_QUOTA_CLASS),
      backupUsage(db, projectId),
      countGroupsOf(db, projectId),
    ]);
    // a project's own limit, else the default quota class's
    const o = { get: (k: string): number | undefined => own.get(k) ?? d.get(k) };
    const e = (limit: number, in_use = 0): QuotaEntry => ({ limit, in_use, reserved: 0 });
    const fixed = (k: string, inUse = 0) => e(o.get(k) ?? FIXED[k] ?? -1, inUse);
    const out: Array<[string, QuotaEntry]> = [
      ['volumes', e(limits.volumes, used.volumes)],
      ['per_volume_gigabytes', fixed('per_volume_gigabytes')],
      ['snapshots', e(limits.snapshots, used.snapshots)],
      ['gigabytes', e(limits.gigabytes, used.gigabytes)],
      ['backups', fixed('backups', backups.backups)],
      ['backup_gigabytes', fixed('backup_gigabytes', backups.gigabytes)],
    ];
    for (const t of [...types].sort((a, b) => (a.name < b.name ? 1 : a.name > b.name ? -1 : 0))) {
      const u = byType.get(t.id);
      out.push([`volumes_${t.name}`, e(o.get(`volumes_${t.name}`) ?? -1, u?.volumes ?? 0)]);
      out.push([`gigabytes_${t.name}`, e(o.get(`gigabytes_${t.name}`) ?? -1, u?.gigabytes ?? 0)]);
      out.push([`snapshots_${t.name}`, e(o.get(`snapshots_${t.name}`) ?? -1, u?.snapshots ?? 0)]);
    }
    out.push(['groups', fixed('groups', groups)]);
    return out;
  }

  /**
   * PUT /os-quota-sets/{project}: every key must be a known resource, every value an integer
   * >= -1 and, for a counted resource the project already has its own limit for, not below its
   * usage (checked under the project's quota lock, so no create slips in between). Returns the
   * quota set after.
   */
  async update(projectId: string, values: Record<string, unknown>): Promise<Array<[string, QuotaEntry]>> {
    return this.rt.store.transaction(async (trx) => {
      await this.rt.store.adapter.lockForUpdateOf(trx, `volume-quota:${projectId}`);
      const current = new Map(await this.quotaSet(projectId, trx));
      // Cinder checks usage only against the project's own limits (get_project_quotas with
      // defaults=False): a key the project does not override yet is never below usage
      const own = await volumeQuotaOverrides(trx, projectId);
      const bad = Object.keys(values).filter((k) => !current.has(k));
      if (bad.length) throw invalidInput(`Bad key(s) in quota set: ${bad.join(', ')}`);
      const parsed: Array<[string, number]> = [];
      for (const [k, raw] of Object.entries(values)) {
        const n = typeof raw === 'number' ? raw : typeof raw === 'string' && /^-?\d+$/.test(raw) ? Number(raw) : NaN;
        if (!Number.isInteger(n)) throw badRequest(`${k} must be an integer`);
        if (n < -1) throw badRequest(`${k} must be >= -1`);
        const inUse = current.get(k)?.in_use ?? 0;
        if (n !== -1 && own.has(k) && k !== 'per_volume_gigabytes' && n < inUse)
          throw badRequest(
            `Quota ${k} limit must be equal or greater than existing resources. Current usage is ${inUse} and the requested limit is ${n}.`,
          );
        parsed.push([k, n]);
      }
      for (const [k, n] of parsed) await setVolumeQuota(trx, projectId, k, n);
      return this.quotaSet(projectId, trx);
    });
  }

  /**
   * GET /os-quota-class-sets/{class} (QUOTAS.get_class_quotas): the class's limits, the default
   * class's (then the configured ones) for what it does not set, in the quota set's order.
   */
  async classSet(className: string, db: DbOrTrx = this.rt.store.db): Promise<Array<[string, number]>> {
    const [own, d, types] = await Promise.all([
      quotaClassValues(db, className),
      quotaClassValues(db, DEFAULT_QUOTA_CLASS),
      listVolumeTypes(db, true),
    ]);
    const q = this.rt.config.blockStorage.quotas;
    const v = (k: string, fallback: number): [string, number] => [k, own.get(k) ?? d.get(k) ?? fallback];
    const out: Array<[string, number]> = [
      v('volumes', q.volumes),
      v('per_volume_gigabytes', FIXED.per_volume_gigabytes!),
      v('snapshots', q.snapshots),
      v('gigabytes', q.gigabytes),
      v('backups', FIXED.backups!),
      v('backup_gigabytes', FIXED.backup_gigabytes!),
    ];
    for (const t of [...types].sort((a, b) => (a.name < b.name ? 1 : a.name > b.name ? -1 : 0)))
      out.push(v(`volumes_${t.name}`, -1), v(`gigabytes_${t.name}`, -1), v(`snapshots_${t.name}`, -1));
    out.push(v('groups', FIXED.groups!));
    return out;
  }

  /**
   * PUT /os-quota-class-sets/{class}: every value is stored (Cinder creates or updates one row per
   * key, known resource or not); the answer shows the known ones.
   */
  async updateClass(className: string, values: Record<string, number>): Promise<Array<[string, number]>> {
    return this.rt.store.transaction(async (trx) => {
      for (const [k, n] of Object.entries(values)) await setQuotaClassValue(trx, className, k, n);
      return this.classSet(className, trx);
    });
  }

  /** DELETE /os-quota-sets/{project}: back to the defaults */
  async reset(projectId: string): Promise<void> {
    await deleteVolumeQuotas(this.rt.store.db, projectId);
  }

  /** GET /limits: the absolute limits and usage */
  async limits(projectId: string): Promise<Record<string, number>> {
    const db = this.rt.store.db;
    const [used, l, o, backups] = await Promise.all([
      volumeUsage(db, projectId),
      effectiveLimits(this.rt, db, projectId),
      volumeQuotaOverrides(db, projectId),
      backupUsage(db, projectId),
    ]);
    return {
      maxTotalVolumes: l.volumes,
      maxTotalSnapshots: l.snapshots,
      maxTotalVolumeGigabytes: l.gigabytes,
      maxTotalBackups: o.get('backups') ?? FIXED.backups!,
      maxTotalBackupGigabytes: o.get('backup_gigabytes') ?? FIXED.backup_gigabytes!,
      totalVolumesUsed: used.volumes,
      totalGigabytesUsed: used.gigabytes,
      totalSnapshotsUsed: used.snapshots,
      totalBackupsUsed: backups.backups,
      totalBackupGigabytesUsed: backups.gigabytes,
    };
  }
}
