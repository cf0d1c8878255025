/**
 * The operation registry: every kind of work an API request leaves for a compute agent, with its
 * payload type, the executor that runs it, the settle that cleans up when it can never finish
 * (attempts exhausted, host down) and the instance action event it records. The agent dispatches
 * and recovery settles through this table only; the `Operation` union that enqueueOperation
 * accepts is derived from it. To add a kind: one entry here, one executor file (docs/architecture.md).
 */
import type { ExecContext } from '../agent/executors/common.js';
import { executeBuild, settleBuild } from '../agent/executors/build.js';
import { executeDelete, settleDelete } from '../agent/executors/delete.js';
import { executePower, settlePower } from '../agent/executors/power.js';
import { executeExternalEvents } from '../agent/executors/external-event.js';
import {
  executeConfirmResize,
  executeResize,
  executeRevertResize,
  settleConfirmResize,
  settleResize,
  settleRevertResize,
} from '../agent/executors/resize.js';
import { executeBackup, executeSnapshot, settleSnapshot } from '../agent/executors/snapshot.js';
import { executeTriggerCrashDump } from '../agent/executors/crash-dump.js';
import { executeLiveMigrate, settleLiveMigrate } from '../agent/executors/live-migrate.js';
import { executeEvacuate, settleEvacuate } from '../agent/executors/evacuate.js';
import {
  executeShelve,
  executeShelveOffload,
  executeUnshelve,
  settleShelve,
  settleShelveOffload,
  settleUnshelve,
} from '../agent/executors/shelve.js';
import {
  executeAttachInterface,
  executeDetachInterface,
  settleInterfaceOperation,
} from '../agent/executors/interfaces.js';
import {
  executeSnapshotCreate,
  executeSnapshotDelete,
  executeVolumeCreate,
  executeVolumeDelete,
  executeVolumeExtend,
  executeVolumeRetype,
  abandonVolumeRetype,
  executeVolumeUploadImage,
  abandonVolumeUploadImage,
} from '../agent/executors/volumes.js';
import {
  abandonBackupCreate,
  abandonBackupRestore,
  executeBackupCreate,
  executeBackupDelete,
  executeBackupRestore,
} from '../agent/executors/backups.js';
import { abandonImageImport, executeImageImport } from '../agent/executors/image-import.js';
import {
  abandonGroupCreate,
  abandonGroupSnapshotCreate,
  abandonGroupUpdateOp,
  executeGroupCreate,
  executeGroupDelete,
  executeGroupSnapshotCreate,
  executeGroupSnapshotDelete,
  executeGroupUpdate,
} from '../agent/executors/groups.js';
import { executeAttachVolume, executeDetachVolume, settleVolumeOperation } from '../agent/executors/volume-attach.js';
import type { InstancesTable } from '../store/tables/instances.table.js';
import type { OperationsTable } from '../store/tables/operations.table.js';

/** why an operation is being settled: its reason text, and whether its host is gone */
export interface SettleCause {
  reason: string;
  hostDown: boolean;
}

/**
 * Puts the instance of an operation that will never finish into a stable state. Called with the
 * instance (not deleted); the open action events are closed by the caller.
 */
export type SettleFn = (x: ExecContext, op: OperationsTable, inst: InstancesTable, cause: SettleCause) => Promise<void>;

export interface OperationSpec<P> {
  /** the instance action event the executor records (null: no instance action, nothing to settle) */
  event: string | null;
  execute(x: ExecContext, op: OperationsTable): Promise<void>;
  settle: SettleFn | null;
  /**
   * For a kind without an instance: what to do with work that will never finish (attempts
   * exhausted), so that its resource is not left in a transitional state.
   */
  abandon?: (x: ExecContext, op: OperationsTable, reason: string) => Promise<void>;
  /** type-level only: the payload this kind carries */
  readonly payload?: P;
}

const kind = <P>(spec: OperationSpec<P>): OperationSpec<P> => spec;

/**
 * What an interface attach asks for, and who asked: Nova's compute talks to Neutron with the
 * caller's token, so port/network visibility and the external-network rule are the caller's.
 */
export interface AttachInterfacePayload {
  actionId: string;
  netId?: string;
  portId?: string;
  fixedIp?: string;
  tag?: string;
  callerProjectId: string | null;
  callerIsAdmin: boolean;
}

export const OPERATIONS = {
  build: kind<{ actionId: string }>({
    event: 'compute__do_build_and_run_instance',
    execute: executeBuild,
    settle: settleBuild,
  }),
  delete: kind<{ actionId: string }>({
    event: 'compute_terminate_instance',
    execute: executeDelete,
    settle: settleDelete,
  }),
  start: kind<{ actionId: string }>({
    event: 'compute_start_instance',
    execute: (x, op) => executePower(x, op, 'start'),
    settle: settlePower,
  }),
  stop: kind<{ actionId: string; graceful: boolean }>({
    event: 'compute_stop_instance',
    execute: (x, op) => executePower(x, op, 'stop'),
    settle: settlePower,
  }),
  reboot: kind<{ actionId: string; type: 'SOFT' | 'HARD' }>({
    event: 'compute_reboot_instance',
    execute: (x, op) => executePower(x, op, 'reboot'),
    settle: settlePower,
  }),
  rebuild: kind<{ actionId: string; wasStopped: boolean; reimage?: { volumeId: string; imageId: string } }>({
    event: 'compute_rebuild_instance',
    execute: (x, op) => executePower(x, op, 'rebuild'),
    settle: settlePower,
  }),
  pause: kind<{ actionId: string }>({
    event: 'compute_pause_instance',
    execute: (x, op) => executePower(x, op, 'pause'),
    settle: settlePower,
  }),
  unpause: kind<{ actionId: string }>({
    event: 'compute_unpause_instance',
    execute: (x, op) => executePower(x, op, 'unpause'),
    settle: settlePower,
  }),
  suspend: kind<{ actionId: string }>({
    event: 'compute_suspend_instance',
    execute: (x, op) => executePower(x, op, 'suspend'),
    settle: settlePower,
  }),
  resume: kind<{ actionId: string }>({
    event: 'compute_resume_instance',
    execute: (x, op) => executePower(x, op, 'resume'),
    settle: settlePower,
  }),
  resize: kind<{ actionId: string; migrationId: string }>({
    event: 'compute_resize_instance',
    execute: executeResize,
    settle: settleResize,
  }),
  confirm_resize: kind<{ actionId: string; migrationId: string }>({
    event: 'compute_confirm_resize',
    execute: executeConfirmResize,
    settle: settleConfirmResize,
  }),
  revert_resize: kind<{ actionId: string; migrationId: string }>({
    event: 'compute_finish_revert_resize',
    execute: executeRevertResize,
    settle: settleRevertResize,
  }),
  live_migrate: kind<{ actionId: string; migrationId: string; blockMigration: boolean }>({
    event: 'compute_live_migration',
    execute: executeLiveMigrate,
    settle: settleLiveMigrate,
  }),
  evacuate: kind<{ actionId: string; migrationId: string }>({
    event: 'compute_rebuild_instance',
    execute: executeEvacuate,
    settle: settleEvacuate,
  }),
  snapshot: kind<{ actionId: string; imageId: string }>({
    event: 'compute_snapshot_instance',
    execute: executeSnapshot,
    settle: settleSnapshot,
  }),
  backup: kind<{ actionId: string; imageId: string; backupType: string; rotation: number }>({
    event: 'compute_backup_instance',
    execute: executeBackup,
    settle: settleSnapshot,
  }),
  // no state to put back: a crash dump that never ran leaves only its open action
  trigger_crash_dump: kind<{ actionId: string }>({
    event: 'compute_trigger_crash_dump',
    execute: executeTriggerCrashDump,
    settle: null,
  }),
  shelve: kind<{ actionId: string; imageId: string }>({
    event: 'compute_shelve_instance',
    execute: executeShelve,
    settle: settleShelve,
  }),
  shelve_offload: kind<{ actionId: string }>({
    event: 'compute_shelve_offload_instance',
    execute: executeShelveOffload,
    settle: settleShelveOffload,
  }),
  unshelve: kind<{ actionId: string; host: string | null }>({
    event: 'compute_unshelve_instance',
    execute: executeUnshelve,
    settle: settleUnshelve,
  }),
  rescue: kind<{ actionId: string; imageId: string }>({
    event: 'compute_rescue_instance',
    execute: (x, op) => executePower(x, op, 'rescue'),
    settle: settlePower,
  }),
  unrescue: kind<{ actionId: string }>({
    event: 'compute_unrescue_instance',
    execute: (x, op) => executePower(x, op, 'unrescue'),
    settle: settlePower,
  }),
  set_admin_password: kind<{ actionId: string; password: string }>({
    event: 'compute_set_admin_password',
    execute: (x, op) => executePower(x, op, 'set_admin_password'),
    settle: settlePower,
  }),
  attach_interface: kind<AttachInterfacePayload>({
    event: 'compute_attach_interface',
    execute: executeAttachInterface,
    settle: settleInterfaceOperation,
  }),
  detach_interface: kind<{ actionId: string; portId: string }>({
    event: 'compute_detach_interface',
    execute: executeDetachInterface,
    settle: settleInterfaceOperation,
  }),
  attach_volume: kind<{ actionId: string; bdmUuid: string }>({
    event: 'compute_attach_volume',
    execute: executeAttachVolume,
    settle: settleVolumeOperation,
  }),
  detach_volume: kind<{ actionId: string; bdmUuid: string }>({
    event: 'compute_detach_volume',
    execute: executeDetachVolume,
    settle: settleVolumeOperation,
  }),
  // an event batch has no instance state to settle: its events stay undelivered, visible in the timeline
  external_event: kind<{ eventIds: string[] }>({ event: null, execute: executeExternalEvents, settle: null }),
  // block storage: no instance; the executors only act on the status the API left, so a retry is safe
  volume_create: kind<{ volumeId: string }>({ event: null, execute: executeVolumeCreate, settle: null }),
  volume_delete: kind<{ volumeId: string }>({ event: null, execute: executeVolumeDelete, settle: null }),
  snapshot_create: kind<{ snapshotId: string }>({ event: null, execute: executeSnapshotCreate, settle: null }),
  snapshot_delete: kind<{ snapshotId: string }>({ event: null, execute: executeSnapshotDelete, settle: null }),
  // Glance's import task: the image and task states say how far it got, so a retry is safe
  image_import: kind<{ taskId: string }>({
    event: null,
    execute: executeImageImport,
    settle: null,
    abandon: abandonImageImport,
  }),
  volume_extend: kind<{ volumeId: string; newSize: number }>({
    event: null,
    execute: executeVolumeExtend,
    settle: null,
  }),
  volume_retype: kind<{ volumeId: string; newTypeId: string; multiattach: boolean; migrationPolicy: string | null }>({
    event: null,
    execute: executeVolumeRetype,
    settle: null,
    abandon: abandonVolumeRetype,
  }),
  volume_upload_image: kind<{ volumeId: string; imageId: string }>({
    event: null,
    execute: executeVolumeUploadImage,
    settle: null,
    abandon: abandonVolumeUploadImage,
  }),
  // volume backups: the backup's status says how far it got, so a retry is safe
  backup_create: kind<{ backupId: string }>({
    event: null,
    execute: executeBackupCreate,
    settle: null,
    abandon: abandonBackupCreate,
  }),
  backup_delete: kind<{ backupId: string }>({ event: null, execute: executeBackupDelete, settle: null }),
  backup_restore: kind<{ backupId: string }>({
    event: null,
    execute: executeBackupRestore,
    settle: null,
    abandon: abandonBackupRestore,
  }),
  // generic volume groups: the group's (or group snapshot's) status says how far it got
  group_create: kind<{ groupId: string }>({
    event: null,
    execute: executeGroupCreate,
    settle: null,
    abandon: abandonGroupCreate,
  }),
  group_update: kind<{ groupId: string; addVolumes: string[]; removeVolumes: string[] }>({
    event: null,
    execute: executeGroupUpdate,
    settle: null,
    abandon: abandonGroupUpdateOp,
  }),
  group_delete: kind<{ groupId: string }>({ event: null, execute: executeGroupDelete, settle: null }),
  group_snapshot_create: kind<{ groupSnapshotId: string }>({
    event: null,
    execute: executeGroupSnapshotCreate,
    settle: null,
    abandon: abandonGroupSnapshotCreate,
  }),
  group_snapshot_delete: kind<{ groupSnapshotId: string }>({
    event: null,
    execute: executeGroupSnapshotDelete,
    settle: null,
  }),
};

export type OperationKind = keyof typeof OPERATIONS;
export type PayloadOf<K extends OperationKind> = NonNullable<(typeof OPERATIONS)[K]['payload']>;
/** The work an API request leaves for a compute agent, one row in `operations` each. */
export type Operation = { [K in OperationKind]: { kind: K; payload: PayloadOf<K> } }[OperationKind];

/** the registry entry of a stored row; undefined for a kind this build does not know */
export function operationSpec(kind: string): OperationSpec<unknown> | undefined {
  return Object.prototype.hasOwnProperty.call(OPERATIONS, kind) ? OPERATIONS[kind as OperationKind] : undefined;
}
