/**
 * Cinder's volume states and the transitions the API allows (cinder/volume/api.py). Statuses
 * move creating → available, available → extending → available, available|error… → deleting →
 * gone; a create the scheduler cannot place ends in error.
 */
export const VolumeStatus = {
  CREATING: 'creating',
  AVAILABLE: 'available',
  EXTENDING: 'extending',
  DELETING: 'deleting',
  ERROR: 'error',
  ERROR_DELETING: 'error_deleting',
  ERROR_EXTENDING: 'error_extending',
  IN_USE: 'in-use',
  /** offered by a transfer (transfer/api.py create) until it is accepted or deleted */
  AWAITING_TRANSFER: 'awaiting-transfer',
  BACKING_UP: 'backing-up',
  RESTORING_BACKUP: 'restoring-backup',
  RETYPING: 'retyping',
  UPLOADING: 'uploading',
  /** an image being written onto the volume (create from image, reimage) */
  DOWNLOADING: 'downloading',
} as const;

/** volume/api.py retype: the statuses a retype starts from */
export const RETYPEABLE = ['available', 'in-use'] as const;

/** volume/api.py delete: the statuses a (non-forced) delete accepts */
export const DELETABLE = ['available', 'error', 'error_restoring', 'error_extending', 'error_managing'] as const;

/** volume/api.py _extend: available (extend) */
export const EXTENDABLE = ['available'] as const;
/** volume/api.py _extend: in-use (extend_attached_volume, from 3.42) */
export const EXTENDABLE_ATTACHED = ['in-use'] as const;

export const isDeletable = (status: string): boolean => (DELETABLE as readonly string[]).includes(status);

/** snapshot statuses (cinder/objects/fields.py SnapshotStatus) */
export const SnapshotStatus = {
  CREATING: 'creating',
  AVAILABLE: 'available',
  DELETING: 'deleting',
  ERROR: 'error',
  BACKING_UP: 'backing-up',
} as const;

/** volume/api.py delete_snapshot */
export const SNAPSHOT_DELETABLE = ['available', 'error'] as const;

/** backup statuses (cinder/objects/fields.py BackupStatus) */
export const BackupStatus = {
  CREATING: 'creating',
  AVAILABLE: 'available',
  RESTORING: 'restoring',
  DELETING: 'deleting',
  ERROR: 'error',
  ERROR_DELETING: 'error_deleting',
} as const;

/** backup/api.py create: the volume statuses a backup may be taken from (in-use only with force) */
export const BACKUPABLE = ['available', 'in-use'] as const;

/** backup/api.py delete: the statuses a (non-forced) delete accepts */
export const BACKUP_DELETABLE = ['available', 'error'] as const;

/** admin_actions.py os-reset_status: the statuses a backup may be reset to (validators.py backup_status) */
export const BACKUP_RESETTABLE = ['available', 'error'] as const;
