/**
 * createImage and createBackup on the compute host (nova/compute/manager.py snapshot_instance → _snapshot_instance,
 * libvirt driver snapshot): image_snapshot → image_pending_upload → image_uploading → no task,
 * the guest's disk uploaded into the Glance image, which turns active. A failure clears the task
 * and deletes the unfinished image; a recovered operation starts the upload afresh. A backup
 * (manager.py backup_instance) starts from image_backup and then rotates the server's backups.
 */
import { TaskState } from '../../domain/instances/states.js';
import type { OperationRow } from '../../operations/claim.js';
import type { SettleCause } from '../../operations/registry.js';
import {
  finishStep,
  loadInstance,
  startStep,
  transition,
  type InstanceRow,
} from '../../services/compute/instance-lifecycle.js';
import {
  discardSnapshot,
  rotateBackups,
  snapshotImage,
  uploadSnapshot,
} from '../../services/compute/snapshot-service.js';
import { errorText, nowIso, type ExecContext } from './common.js';

const SNAPSHOT_TASKS: string[] = [
  TaskState.IMAGE_SNAPSHOT,
  TaskState.IMAGE_BACKUP,
  TaskState.IMAGE_PENDING_UPLOAD,
  TaskState.IMAGE_UPLOADING,
];

interface SnapshotPayload {
  actionId: string;
  imageId: string;
  /** a backup's type and rotation (createBackup) */
  backupType?: string;
  rotation?: number;
}

const payload = (op: OperationRow) => JSON.parse(op.payload) as SnapshotPayload;

export async function executeSnapshot(x: ExecContext, op: OperationRow): Promise<void> {
  const { actionId, imageId, backupType, rotation } = payload(op);
  const backup = backupType !== undefined && rotation !== undefined;
  const inst = await loadInstance(x.rt, op.instance_uuid ?? '');
  if (!inst || inst.deleted || !inst.host) {
    await discardSnapshot(x.rt, imageId);
    return;
  }
  if (inst.task_state === null || !SNAPSHOT_TASKS.includes(inst.task_state)) return;
  const host = inst.host;
  const ev = await startStep(x.rt, actionId, backup ? 'compute_backup_instance' : 'compute_snapshot_instance', host);
  const step = (from: string[], task: string | null) =>
    transition(x.rt, inst.uuid, { fromTaskStates: from }, { task_state: task, updated_at: nowIso(x) });
  try {
    const image = await snapshotImage(x.rt, imageId);
    // the user deleted the image meanwhile: Nova's ImageNotFound ends the snapshot
    if (!image) throw new Error(`Image ${imageId} could not be found.`);
    if (!(await step(SNAPSHOT_TASKS, TaskState.IMAGE_PENDING_UPLOAD))) return await finishStep(x.rt, ev, 'Success');
    const data = await x.driver.snapshot(host, inst.uuid);
    if (!(await step([TaskState.IMAGE_PENDING_UPLOAD], TaskState.IMAGE_UPLOADING)))
      return await finishStep(x.rt, ev, 'Success');
    await uploadSnapshot(x.rt, imageId, data);
    await step([TaskState.IMAGE_UPLOADING], null);
    if (backup) await rotateBackups(x.rt, inst.uuid, backupType, rotation);
    await finishStep(x.rt, ev, 'Success');
  } catch (e) {
    await step(SNAPSHOT_TASKS, null);
    await discardSnapshot(x.rt, imageId);
    await finishStep(x.rt, ev, 'Error', errorText(e));
  }
}

/** createBackup: the same steps, its own event */
export const executeBackup = executeSnapshot;

/** a snapshot that will never run: the task cleared, the unfinished image deleted */
export async function settleSnapshot(
  x: ExecContext,
  op: OperationRow,
  inst: InstanceRow,
  _cause: SettleCause,
): Promise<void> {
  await transition(x.rt, inst.uuid, { fromTaskStates: SNAPSHOT_TASKS }, { task_state: null, updated_at: nowIso(x) });
  await discardSnapshot(x.rt, payload(op).imageId);
}
