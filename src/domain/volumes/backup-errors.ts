/**
 * Backup errors (cinder/exception.py, backup/api.py, api/contrib/backups.py), each in Cinder's
 * wording. InvalidBackup, InvalidVolume and InvalidSnapshot answer 400 from the controller.
 */
import { DomainError, badRequest } from '../errors.js';
import { invalidSnapshot, invalidVolume } from './errors.js';

/** exception.BackupNotFound */
export const backupNotFound = (id: string) => new DomainError('NOT_FOUND', 404, `Backup ${id} could not be found.`);
/** exception.InvalidBackup */
export const invalidBackup = (reason: string) => badRequest(`Invalid backup: ${reason}`);

export const volumeNotBackupable = (status: string) =>
  invalidVolume(`Volume to be backed up must be available or in-use, but the current status is "${status}".`);
export const inUseNeedsForce = () => invalidVolume('Backing up an in-use volume must use the force flag.');
export const snapshotVolumeMismatch = (volumeId: string, snapVolumeId: string) =>
  invalidVolume(`Volume ${volumeId} does not match with snapshot.volume_id ${snapVolumeId}.`);
export const snapshotNotBackupable = (status: string) =>
  invalidSnapshot(`Snapshot to be backed up must be available, but the current status is "${status}".`);
export const noParentForIncremental = () => invalidBackup('No backups available to do an incremental backup.');

export const backupDeleteStatusInvalid = () => invalidBackup('Backup status must be available or error');
export const backupHasIncrementals = () => invalidBackup('Incremental backups exist for this backup.');
export const backupNotRestorable = () => invalidBackup('Backup status must be available');
export const restoreTargetNotAvailable = () => invalidVolume('Volume to be restored to must be available');
export const restoreTargetTooSmall = (volumeSize: number, size: number) =>
  invalidVolume(`volume size ${volumeSize} is too small to restore backup of size ${size}.`);

/** validators.py backup_status: the statuses printed as a Python list */
export const backupResetStatusInvalid = (status: string, valid: readonly string[]) =>
  badRequest(`Backup status: ${status} is invalid, valid statuses are: [${valid.map((s) => `'${s}'`).join(', ')}].`);

/** backup/api.py get_all */
export const allTenantsNotBoolean = (raw: string) => badRequest(`all_tenants must be a boolean, got '${raw}'.`);

/** exception.BackupLimitExceeded (413) */
export const backupLimitExceeded = (allowed: number) =>
  new DomainError(
    'QUOTA_EXCEEDED',
    413,
    `BackupLimitExceeded: Maximum number of backups allowed (${allowed}) exceeded`,
    { retryAfter: '0' },
  );
/** exception.VolumeBackupSizeExceedsAvailableQuota (413) */
export const backupGigabytesExceeded = (requested: number, quota: number, consumed: number) =>
  new DomainError(
    'QUOTA_EXCEEDED',
    413,
    `VolumeBackupSizeExceedsAvailableQuota: Requested backup exceeds allowed Backup gigabytes quota. Requested ${requested}G, quota is ${quota}G and ${consumed}G has been consumed.`,
    { retryAfter: '0' },
  );

/**
 * A restore's new volume over quota: the controller turns VolumeLimitExceeded and
 * VolumeSizeExceedsAvailableQuota into its own 413 with the bare message (no class prefix).
 */
export const restoreVolumeLimitExceeded = (allowed: number) =>
  new DomainError(
    'QUOTA_EXCEEDED',
    413,
    `Maximum number of volumes allowed (${allowed}) exceeded for quota 'volumes'.`,
    { retryAfter: '0' },
  );
export const restoreGigabytesExceeded = (requested: number, quota: number, consumed: number) =>
  new DomainError(
    'QUOTA_EXCEEDED',
    413,
    `Requested volume or snapshot exceeds allowed gigabytes quota. Requested ${requested}G, quota is ${quota}G and ${consumed}G has been consumed.`,
    { retryAfter: '0' },
  );
/** backup/api.py export_record: only an available backup is exported */
export const backupNotExportable = (status: string) =>
  invalidBackup(`Backup status must be available and not ${status}.`);
/** _get_import_backup: the record's id names a backup that exists */
export const backupAlreadyExists = () => invalidBackup('Backup already exists in database.');
