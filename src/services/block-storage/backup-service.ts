/**
 * Volume backups (cinder/backup/api.py): create, list, show, update, delete, restore and the
 * admin actions. A backup and the delete of its volume exclude each other: both move the volume
 * out of available with one conditional UPDATE under the volume's lock (shared with snapshots),
 * so of two racing requests only one wins and the other gets Cinder's 400. Quotas (backups,
 * backup_gigabytes; a restore's new volume: volumes, gigabytes) are checked under the project's
 * quota lock in the transaction that writes the row.
 */
import type { Runtime } from '../../runtime.js';
import type { RequestContext } from '../../domain/context.js';
import type { Trx } from '../../store/database.js';
import { allowed } from '../../policy/check.js';
import { policyNotAuthorized } from '../../domain/errors.js';
import { newUuid } from '../../lib/ids.js';
import { enqueueOperation } from '../../operations/enqueue.js';
import {
  backupUsage,
  backupsWithDependents,
  countBackups,
  findBackup,
  insertBackup,
  latestAvailableBackupOf,
  listBackups,
  transitionBackup,
  updateBackupFields,
  type BackupListFilter,
  type BackupRow,
  type BackupSortKey,
} from '../../store/repositories/backup-repository.js';
import {
  findSnapshot,
  findVolume,
  findVolumeTypeByName,
  insertVolume,
  transitionSnapshot,
  transitionVolume,
  volumeUsage,
  type VolumeRow,
} from '../../store/repositories/volume-repository.js';
import {
  BACKUP_DELETABLE,
  BACKUPABLE,
  BackupStatus,
  SnapshotStatus,
  VolumeStatus,
} from '../../domain/volumes/states.js';
import { snapshotNotFound, volumeNotFound, volumeTypeNotFoundByName } from '../../domain/volumes/errors.js';
import {
  backupDeleteStatusInvalid,
  backupGigabytesExceeded,
  backupHasIncrementals,
  backupLimitExceeded,
  backupNotFound,
  backupNotRestorable,
  inUseNeedsForce,
  noParentForIncremental,
  restoreGigabytesExceeded,
  restoreTargetNotAvailable,
  restoreTargetTooSmall,
  restoreVolumeLimitExceeded,
  snapshotNotBackupable,
  snapshotVolumeMismatch,
  volumeNotBackupable,
  backupAlreadyExists,
  backupNotExportable,
} from '../../domain/volumes/backup-errors.js';
import { invalidInput } from '../../domain/volumes/errors.js';
import { backupLimits, effectiveLimits } from './quota-service.js';
import { volumeLockKey } from './snapshot-service.js';

export type { BackupRow, BackupSortKey };

const visibleTo = (ctx: RequestContext, r: { project_id: string }): boolean =>
  ctx.isAdmin || (ctx.projectId !== null && r.project_id === ctx.projectId);

const quotaLockKey = (projectId: string): string => `volume-quota:${projectId}`;

export interface CreateBackupRequest {
  volumeId: string;
  name: string | null;
  description: string | null;
  container: string | null;
  incremental: boolean;
  force: boolean;
  snapshotId: string | null;
  metadata: Record<string, string>;
  availabilityZone: string | null;
}

export interface RestoreResult {
  backup_id: string;
  volume_id: string;
  volume_name: string | null;
}

export type BackupListQuery = Omit<BackupListFilter, 'projectId' | 'marker'> & {
  allTenants: boolean;
  marker?: string;
};

/** the backup driver whose records stackbox writes and reads (Cinder's default, backup_driver) */
export const BACKUP_SERVICE = 'cinder.backup.drivers.swift.SwiftBackupDriver';

/** what export_record answers: the driver and the base64 of the backup's record (as JSON) */
export interface BackupRecord {
  backup_service: string;
  backup_url: string;
}

export class BackupService {
  constructor(private readonly rt: Runtime) {}

  private now(): string {
    return this.rt.clock().toISOString();
  }

  /** The backup if the caller may see it, else Cinder's 404. */
  async get(ctx: RequestContext, id: string): Promise<BackupRow> {
    const b = await findBackup(this.rt.store.db, id);
    if (!b || !visibleTo(ctx, b)) throw backupNotFound(id);
    return b;
  }

  /** the ids among the rows that incremental backups build on (has_dependent_backups) */
  async dependents(rows: BackupRow[]): Promise<Set<string>> {
    return backupsWithDependents(
      this.rt.store.db,
      rows.map((r) => r.id),
    );
  }

  /** backup/api.py get_all: all_tenants only for admins; others see their project's */
  private scope(ctx: RequestContext, allTenants: boolean): string | null | undefined {
    if (allTenants && allowed(ctx, 'volume:get_all_tenants')) return null;
    return ctx.projectId ?? undefined;
  }

  async list(ctx: RequestContext, q: BackupListQuery): Promise<BackupRow[]> {
    const projectId = this.scope(ctx, q.allTenants);
    if (projectId === undefined) return [];
    const marker = q.marker === undefined ? undefined : await this.get(ctx, q.marker);
    return listBackups(this.rt.store.db, { ...q, projectId, marker });
  }

  async count(ctx: RequestContext, q: BackupListQuery): Promise<number> {
    const projectId = this.scope(ctx, q.allTenants);
    if (projectId === undefined) return 0;
    return countBackups(this.rt.store.db, { ...q, projectId });
  }

  async create(ctx: RequestContext, volume: VolumeRow, req: CreateBackupRequest): Promise<BackupRow> {
    const projectId = ctx.projectId;
    if (projectId === null) throw policyNotAuthorized('backup:create');
    const now = this.now();
    const row = await this.rt.store.transaction(async (trx) => {
      await this.rt.store.adapter.lockForUpdateOf(trx, volumeLockKey(volume.id));
      const v = await findVolume(trx, volume.id);
      if (!v) throw volumeNotFound(volume.id);
      let snapshotCreatedAt: string | null = null;
      if (req.snapshotId !== null) {
        const snap = await findSnapshot(trx, req.snapshotId);
        if (!snap || !visibleTo(ctx, snap)) throw snapshotNotFound(req.snapshotId);
        if (snap.volume_id !== v.id) throw snapshotVolumeMismatch(v.id, snap.volume_id);
        if (snap.status !== SnapshotStatus.AVAILABLE) throw snapshotNotBackupable(snap.status);
        snapshotCreatedAt = snap.created_at;
      } else {
        if (!(BACKUPABLE as readonly string[]).includes(v.status)) throw volumeNotBackupable(v.status);
        if (v.status === VolumeStatus.IN_USE && !req.force) throw inUseNeedsForce();
      }
      await this.rt.store.adapter.lockForUpdateOf(trx, quotaLockKey(projectId));
      await this.checkBackupQuota(trx, projectId, v.size);
      let parentId: string | null = null;
      if (req.incremental) {
        const parent = await latestAvailableBackupOf(trx, v.id, snapshotCreatedAt);
        if (!parent) throw noParentForIncremental();
        parentId = parent.id;
      }
      // the source leaves available in the same conditional UPDATE a volume delete would need
      const moved =
        req.snapshotId !== null
          ? await transitionSnapshot(trx, req.snapshotId, [SnapshotStatus.AVAILABLE], {
              status: SnapshotStatus.BACKING_UP,
              updated_at: now,
            })
          : await transitionVolume(trx, v.id, [v.status], {
              status: VolumeStatus.BACKING_UP,
              previous_status: v.status,
              updated_at: now,
            });
      if (!moved) throw volumeNotBackupable(v.status);
      const r: BackupRow = {
        id: newUuid(),
        project_id: projectId,
        user_id: ctx.userId,
        volume_id: v.id,
        snapshot_id: req.snapshotId,
        name: req.name,
        description: req.description,
        container: req.container,
        status: BackupStatus.CREATING,
        fail_reason: null,
        size: v.size,
        object_count: 0,
        availability_zone: req.availabilityZone,
        parent_id: parentId,
        restore_volume_id: null,
        metadata: JSON.stringify(req.metadata),
        // a backup of a snapshot holds the snapshot's data; otherwise its own creation time
        data_timestamp: snapshotCreatedAt ?? now,
        created_at: now,
        updated_at: null,
      };
      await insertBackup(trx, r);
      await enqueueOperation(
        trx,
        {
          kind: 'backup_create',
          instanceUuid: null,
          host: null,
          requestId: ctx.requestId,
          payload: { backupId: r.id },
        },
        now,
      );
      return r;
    });
    this.rt.bus.operationEnqueued(null);
    return row;
  }

  /** quota_utils.process_reserve_over_quota for backups: the count first, then the gigabytes */
  private async checkBackupQuota(trx: Trx, projectId: string, gigabytes: number): Promise<void> {
    const q = await backupLimits(trx, projectId);
    const used = await backupUsage(trx, projectId);
    if (q.backups >= 0 && used.backups + 1 > q.backups) throw backupLimitExceeded(q.backups);
    if (q.gigabytes >= 0 && used.gigabytes + gigabytes > q.gigabytes)
      throw backupGigabytesExceeded(gigabytes, q.gigabytes, used.gigabytes);
  }

  async update(
    ctx: RequestContext,
    id: string,
    patch: { name?: string | null; description?: string | null; metadata?: Record<string, string> },
  ): Promise<BackupRow> {
    await this.get(ctx, id);
    const set: Partial<BackupRow> = { updated_at: this.now() };
    if (patch.name !== undefined) set.name = patch.name;
    if (patch.description !== undefined) set.description = patch.description;
    if (patch.metadata !== undefined) set.metadata = JSON.stringify(patch.metadata);
    await updateBackupFields(this.rt.store.db, id, set);
    return this.get(ctx, id);
  }

  /**
   * Delete (backup/api.py delete): available or error only, unless forced (an admin's
   * os-force_delete: any status but deleting); never while incremental backups build on it.
   */
  async delete(ctx: RequestContext, id: string, force = false): Promise<void> {
    const b = await this.get(ctx, id);
    if (!force && !(BACKUP_DELETABLE as readonly string[]).includes(b.status)) throw backupDeleteStatusInvalid();
    if ((await this.dependents([b])).size > 0) throw backupHasIncrementals();
    const now = this.now();
    const from = force ? Object.values(BackupStatus).filter((s) => s !== BackupStatus.DELETING) : [...BACKUP_DELETABLE];
    const moved = await this.rt.store.transaction(async (trx) => {
      // under the volume's lock, which an incremental create holds while it picks its parent
      await this.rt.store.adapter.lockForUpdateOf(trx, volumeLockKey(b.volume_id));
      if ((await backupsWithDependents(trx, [id])).size > 0) throw backupHasIncrementals();
      const cur = await findBackup(trx, id);
      if (!cur || !(await transitionBackup(trx, id, from, { status: BackupStatus.DELETING, updated_at: now })))
        return false;
      // a forced delete of a backup still being made gives its source back, which would otherwise stay backing-up
      if (cur.status === BackupStatus.CREATING) await this.releaseSource(trx, cur, now);
      if (cur.status === BackupStatus.RESTORING && cur.restore_volume_id !== null)
        await transitionVolume(trx, cur.restore_volume_id, [VolumeStatus.RESTORING_BACKUP], {
          status: 'error_restoring',
          updated_at: now,
        });
      await enqueueOperation(
        trx,
        { kind: 'backup_delete', instanceUuid: null, host: null, requestId: ctx.requestId, payload: { backupId: id } },
        now,
      );
      return true;
    });
    if (!moved) {
      await this.get(ctx, id);
      throw backupDeleteStatusInvalid();
    }
    this.rt.bus.operationEnqueued(null);
  }

  private async releaseSource(trx: Trx, b: BackupRow, now: string): Promise<void> {
    if (b.snapshot_id !== null) {
      await transitionSnapshot(trx, b.snapshot_id, [SnapshotStatus.BACKING_UP], {
        status: SnapshotStatus.AVAILABLE,
        updated_at: now,
      });
      return;
    }
    const v = await findVolume(trx, b.volume_id);
    if (v && v.status === VolumeStatus.BACKING_UP)
      await transitionVolume(trx, v.id, [VolumeStatus.BACKING_UP], {
        status: v.previous_status ?? VolumeStatus.AVAILABLE,
        previous_status: VolumeStatus.BACKING_UP,
        updated_at: now,
      });
  }

  /**
   * export_record (admins): an available backup's record, the backup's fields as JSON in
   * base64, which import_record turns back into a backup (after the original was deleted, or in
   * another deployment).
   */
  async exportRecord(ctx: RequestContext, id: string): Promise<BackupRecord> {
    const b = await this.get(ctx, id);
    if (b.status !== BackupStatus.AVAILABLE) throw backupNotExportable(b.status);
    const record = {
      id: b.id,
      user_id: b.user_id,
      project_id: b.project_id,
      volume_id: b.volume_id,
      snapshot_id: b.snapshot_id,
      availability_zone: b.availability_zone,
      container: b.container,
      parent_id: b.parent_id,
      status: b.status,
      fail_reason: b.fail_reason,
      size: b.size,
      display_name: b.name,
      display_description: b.description,
      service: BACKUP_SERVICE,
      object_count: b.object_count,
      data_timestamp: b.data_timestamp,
      metadata: JSON.parse(b.metadata) as Record<string, string>,
      created_at: b.created_at,
    };
    return {
      backup_service: BACKUP_SERVICE,
      backup_url: Buffer.from(JSON.stringify(record), 'utf8').toString('base64'),
    };
  }

  /**
   * import_record (admins): a backup with the record's id, in the caller's project. Cinder
   * refuses an id that still names a backup; the backup service must be the one serving
   * backups, else the import ends with the backup in error (its manager's check).
   */
  async importRecord(ctx: RequestContext, service: string, url: string): Promise<BackupRow> {
    const projectId = ctx.projectId;
    if (projectId === null) throw policyNotAuthorized('backup:backup-import');
    let record: Record<string, unknown>;
    try {
      const parsed: unknown = JSON.parse(Buffer.from(url, 'base64').toString('utf8'));
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not a record');
      record = parsed as Record<string, unknown>;
    } catch {
      throw invalidInput("Can't parse backup record.");
    }
    const id = record.id;
    if (typeof id !== 'string' || id === '') throw invalidInput('Provided backup record is missing an id');
    const text = (k: string): string | null => (typeof record[k] === 'string' ? record[k] : null);
    const size = typeof record.size === 'number' && Number.isInteger(record.size) ? record.size : 0;
    const now = this.now();
    const row: BackupRow = {
      id,
      project_id: projectId,
      user_id: ctx.userId,
      volume_id: text('volume_id') ?? '00000000-0000-0000-0000-000000000000',
      snapshot_id: text('snapshot_id'),
      name: text('display_name'),
      description: text('display_description'),
      container: text('container'),
      status: service === BACKUP_SERVICE ? BackupStatus.AVAILABLE : BackupStatus.ERROR,
      fail_reason: service === BACKUP_SERVICE ? null : `Backup service ${service} is not supported.`,
      size,
      object_count: typeof record.object_count === 'number' ? record.object_count : 0,
      availability_zone: text('availability_zone') ?? this.rt.config.blockStorage.availabilityZone,
      parent_id: text('parent_id'),
      restore_volume_id: null,
      metadata: JSON.stringify(typeof record.metadata === 'object' && record.metadata !== null ? record.metadata : {}),
      data_timestamp: text('data_timestamp') ?? now,
      created_at: now,
      updated_at: null,
    };
    try {
      await insertBackup(this.rt.store.db, row);
    } catch (e) {
      // the primary key decides: a backup with this id exists
      if (this.rt.store.adapter.isUniqueViolation(e)) throw backupAlreadyExists();
      throw e;
    }
    return row;
  }

  /** os-reset_status (admins): the status as given, no transition rules, as in Cinder */
  async resetStatus(ctx: RequestContext, id: string, status: string): Promise<void> {
    await this.get(ctx, id);
    await updateBackupFields(this.rt.store.db, id, { status, updated_at: this.now() });
  }

  /**
   * Restore (backup/api.py restore) into a new volume (name given or restore_backup_<id>, in the
   * caller's project, held to its volume quotas) or into an existing available volume at least
   * as large: the backup goes restoring and the volume restoring-backup until the agent is done.
   */
  async restore(
    ctx: RequestContext,
    id: string,
    target: { volume: VolumeRow | null; name: string | null },
  ): Promise<RestoreResult> {
    const b = await this.get(ctx, id);
    if (b.status !== BackupStatus.AVAILABLE) throw backupNotRestorable();
    const now = this.now();
    const result = await this.rt.store.transaction(async (trx) => {
      let volume: VolumeRow;
      if (target.volume === null) {
        volume = await this.newRestoreVolume(trx, ctx, b, target.name, now);
      } else {
        await this.rt.store.adapter.lockForUpdateOf(trx, volumeLockKey(target.volume.id));
        const v = await findVolume(trx, target.volume.id);
        if (!v) throw volumeNotFound(target.volume.id);
        if (v.status !== VolumeStatus.AVAILABLE) throw restoreTargetNotAvailable();
        if (b.size > v.size) throw restoreTargetTooSmall(v.size, b.size);
        const ok = await transitionVolume(trx, v.id, [VolumeStatus.AVAILABLE], {
          status: VolumeStatus.RESTORING_BACKUP,
          updated_at: now,
        });
        if (!ok) throw restoreTargetNotAvailable();
        volume = v;
      }
      const ok = await transitionBackup(trx, b.id, [BackupStatus.AVAILABLE], {
        status: BackupStatus.RESTORING,
        restore_volume_id: volume.id,
        updated_at: now,
      });
      if (!ok) throw backupNotRestorable();
      await enqueueOperation(
        trx,
        {
          kind: 'backup_restore',
          instanceUuid: null,
          host: null,
          requestId: ctx.requestId,
          payload: { backupId: b.id },
        },
        now,
      );
      return { backup_id: b.id, volume_id: volume.id, volume_name: volume.name };
    });
    this.rt.bus.operationEnqueued(null);
    return result;
  }

  /**
   * The volume a restore creates: written straight in restoring-backup (Cinder creates it and
   * waits for available inside the request; here the restore's agent step places it).
   */
  private async newRestoreVolume(
    trx: Trx,
    ctx: RequestContext,
    b: BackupRow,
    name: string | null,
    now: string,
  ): Promise<VolumeRow> {
    const projectId = ctx.projectId;
    if (projectId === null) throw policyNotAuthorized('volume:create');
    await this.rt.store.adapter.lockForUpdateOf(trx, quotaLockKey(projectId));
    const q = await effectiveLimits(this.rt, trx, projectId);
    const used = await volumeUsage(trx, projectId);
    if (q.volumes >= 0 && used.volumes + 1 > q.volumes) throw restoreVolumeLimitExceeded(q.volumes);
    if (q.gigabytes >= 0 && used.gigabytes + b.size > q.gigabytes)
      throw restoreGigabytesExceeded(b.size, q.gigabytes, used.gigabytes);
    const type = await findVolumeTypeByName(trx, '__DEFAULT__');
    if (!type) throw volumeTypeNotFoundByName('__DEFAULT__');
    const row: VolumeRow = {
      id: newUuid(),
      project_id: projectId,
      user_id: ctx.userId,
      name: name ?? `restore_backup_${b.id}`,
      description: 'auto-created_from_restore_from_backup',
      size: b.size,
      status: VolumeStatus.RESTORING_BACKUP,
      previous_status: null,
      availability_zone: this.rt.config.blockStorage.availabilityZone,
      volume_type_id: type.id,
      bootable: 0,
      multiattach: 0,
      metadata: '{}',
      image_metadata: null,
      snapshot_id: null,
      source_volid: null,
      host: null,
      allocated_gb: 0,
      extend_to: null,
      readonly: null,
      encryption_key_id: null,
      group_id: null,
      created_at: now,
      updated_at: null,
      launched_at: null,
    };
    await insertVolume(trx, row);
    return row;
  }
}
