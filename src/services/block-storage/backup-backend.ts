/**
 * The simulated backup backend (Cinder's backup manager with a driver that copies nothing): each
 * step moves the backup and its volume (or snapshot) on in one transaction, only from the
 * statuses the API left them in, so a recovered operation that runs again changes nothing.
 */
import type { Runtime } from '../../runtime.js';
import type { Trx } from '../../store/database.js';
import {
  findBackup,
  removeDeletingBackup,
  transitionBackup,
  type BackupRow,
} from '../../store/repositories/backup-repository.js';
import {
  allocateFromPool,
  findVolume,
  updateVolumeFields,
  transitionSnapshot,
  transitionVolume,
} from '../../store/repositories/volume-repository.js';
import { BackupStatus, SnapshotStatus, VolumeStatus } from '../../domain/volumes/states.js';
import { pool } from './volume-backend.js';

/**
 * Gives the backed-up volume (or snapshot) back: the volume returns to the status it had before
 * the backup, with previous_status telling how the backup went (backup/manager.py).
 */
async function releaseSource(trx: Trx, b: BackupRow, ok: boolean, now: string): Promise<void> {
  if (b.snapshot_id !== null) {
    await transitionSnapshot(trx, b.snapshot_id, [SnapshotStatus.BACKING_UP], {
      status: SnapshotStatus.AVAILABLE,
      updated_at: now,
    });
    return;
  }
  const v = await findVolume(trx, b.volume_id);
  if (!v || v.status !== VolumeStatus.BACKING_UP) return;
  await transitionVolume(trx, v.id, [VolumeStatus.BACKING_UP], {
    status: v.previous_status ?? VolumeStatus.AVAILABLE,
    previous_status: ok ? VolumeStatus.BACKING_UP : 'error_backing-up',
    updated_at: now,
  });
}

/**
 * creating → available, or → error when no backup service serves the backup's availability
 * zone (the scheduler's answer; the backup still counts against the quota, as in Cinder).
 */
export async function completeBackup(rt: Runtime, backupId: string): Promise<'available' | 'error' | 'skipped'> {
  return rt.store.transaction(async (trx) => {
    const b = await findBackup(trx, backupId);
    if (!b || b.status !== BackupStatus.CREATING) return 'skipped';
    const now = rt.clock().toISOString();
    const served = b.availability_zone === null || b.availability_zone === rt.config.blockStorage.availabilityZone;
    await transitionBackup(
      trx,
      b.id,
      [BackupStatus.CREATING],
      served
        ? {
            status: BackupStatus.AVAILABLE,
            availability_zone: b.availability_zone ?? rt.config.blockStorage.availabilityZone,
            updated_at: now,
          }
        : { status: BackupStatus.ERROR, fail_reason: 'Service not found for creating backup.', updated_at: now },
    );
    await releaseSource(trx, b, served, now);
    return served ? 'available' : 'error';
  });
}

/** a create that will never finish: the backup fails and its volume is given back */
export async function failBackup(rt: Runtime, backupId: string, reason: string): Promise<void> {
  await rt.store.transaction(async (trx) => {
    const b = await findBackup(trx, backupId);
    if (!b || b.status !== BackupStatus.CREATING) return;
    const now = rt.clock().toISOString();
    await transitionBackup(trx, b.id, [BackupStatus.CREATING], {
      status: BackupStatus.ERROR,
      fail_reason: reason,
      updated_at: now,
    });
    await releaseSource(trx, b, false, now);
  });
}

/** deleting → gone */
export async function destroyBackup(rt: Runtime, backupId: string): Promise<void> {
  await removeDeletingBackup(rt.store.db, backupId);
}

/**
 * Cinder's backup drivers carry the source volume's metadata in the backup and write it onto the
 * restore's target. stackbox keeps no copy in the backup, so the source volume's metadata as it
 * is now (when it still exists) is laid over the target's own keys.
 */
async function restoreVolumeMetadata(trx: Trx, sourceId: string, targetId: string, targetMetadata: string) {
  const source = await findVolume(trx, sourceId);
  if (!source || source.id === targetId) return;
  const merged = { ...(JSON.parse(targetMetadata) as object), ...(JSON.parse(source.metadata) as object) };
  await updateVolumeFields(trx, targetId, { metadata: JSON.stringify(merged) });
}

/**
 * restoring → available, and the target volume restoring-backup → available. A volume the
 * restore created has no place yet: it takes its capacity from the pool here, or ends in error
 * when the pool cannot hold it (the backup is available again either way).
 */
export async function completeRestore(rt: Runtime, backupId: string): Promise<'restored' | 'error' | 'skipped'> {
  const name = await pool(rt);
  return rt.store.transaction(async (trx) => {
    const b = await findBackup(trx, backupId);
    if (!b || b.status !== BackupStatus.RESTORING) return 'skipped';
    const now = rt.clock().toISOString();
    let outcome: 'restored' | 'error' = 'restored';
    const v = b.restore_volume_id === null ? undefined : await findVolume(trx, b.restore_volume_id);
    if (v && v.status === VolumeStatus.RESTORING_BACKUP) {
      await restoreVolumeMetadata(trx, b.volume_id, v.id, v.metadata);
      if (v.host !== null) {
        await transitionVolume(trx, v.id, [VolumeStatus.RESTORING_BACKUP], {
          status: VolumeStatus.AVAILABLE,
          updated_at: now,
        });
      } else if (await allocateFromPool(trx, name, v.size)) {
        await transitionVolume(trx, v.id, [VolumeStatus.RESTORING_BACKUP], {
          status: VolumeStatus.AVAILABLE,
          host: name,
          allocated_gb: v.size,
          launched_at: now,
          updated_at: now,
        });
      } else {
        outcome = 'error';
        await transitionVolume(trx, v.id, [VolumeStatus.RESTORING_BACKUP], {
          status: VolumeStatus.ERROR,
          updated_at: now,
        });
      }
    }
    await transitionBackup(trx, b.id, [BackupStatus.RESTORING], {
      status: BackupStatus.AVAILABLE,
      restore_volume_id: null,
      updated_at: now,
    });
    return outcome;
  });
}

/** a restore that will never finish: the backup is available again, its target volume error_restoring */
export async function failRestore(rt: Runtime, backupId: string): Promise<void> {
  await rt.store.transaction(async (trx) => {
    const b = await findBackup(trx, backupId);
    if (!b || b.status !== BackupStatus.RESTORING) return;
    const now = rt.clock().toISOString();
    if (b.restore_volume_id !== null)
      await transitionVolume(trx, b.restore_volume_id, [VolumeStatus.RESTORING_BACKUP], {
        status: 'error_restoring',
        updated_at: now,
      });
    await transitionBackup(trx, b.id, [BackupStatus.RESTORING], {
      status: BackupStatus.AVAILABLE,
      restore_volume_id: null,
      updated_at: now,
    });
  });
}
