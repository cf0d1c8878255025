/**
 * The Mogan (bare-metal Instances API) view of the one Nova-shaped instance model: its status
 * vocabulary, power_state strings and the EARLY-era target_power_state, as pure functions of
 * vm_state / task_state / power_state (Mogan's API reference: instance states, power states, provisioning).
 *
 * Nova's task_state does not say whether a stop is graceful, so the caller passes the pending
 * power operation when it knows it (soft_off → 'soft-powering-off').
 */
import type { TaskState, VmState } from './states.js';

export type MoganStatus =
  | 'building'
  | 'active'
  | 'stopped'
  | 'error'
  | 'deleting'
  | 'deleted'
  | 'maintenance'
  | 'powering-on'
  | 'powering-off'
  | 'soft-powering-off'
  | 'rebooting'
  | 'soft-rebooting'
  | 'rebuilding';

export type MoganPowerState = 'power on' | 'power off' | null;

export interface InstanceStateView {
  vmState: string;
  taskState: string | null;
  powerState: number;
}

/**
 * Every Nova task_state as Mogan reads it (exhaustive: a new task state does not compile until it
 * has a row here; docs/compatibility.md prints this table). null: Mogan has no transient status
 * for it, so the vm_state's status shows (a building instance stays 'building').
 */
export const TASK_STATUS: Record<TaskState, MoganStatus | null> = {
  // building: the instance is not provisioned yet (an unshelve from offloaded spawns again)
  scheduling: 'building',
  block_device_mapping: 'building',
  networking: 'building',
  spawning: 'building',
  deleting: 'deleting',
  'powering-on': 'powering-on',
  'powering-off': 'powering-off',
  // Mogan's 'reboot' target is a HARD reboot and 'soft_reboot' a SOFT one (DESIGN.md)
  rebooting: 'soft-rebooting',
  reboot_pending: 'soft-rebooting',
  reboot_started: 'soft-rebooting',
  rebooting_hard: 'rebooting',
  reboot_pending_hard: 'rebooting',
  reboot_started_hard: 'rebooting',
  rebuilding: 'rebuilding',
  // Nova's pause/suspend (no Mogan counterpart) read as the power change they are: the guest stops
  // running while pausing/suspending and runs again while unpausing/resuming
  pausing: 'powering-off',
  suspending: 'powering-off',
  unpausing: 'powering-on',
  resuming: 'powering-on',
  // shelving stops the machine and takes it off its host; unshelving brings it back
  shelving: 'powering-off',
  shelving_image_pending_upload: 'powering-off',
  shelving_image_uploading: 'powering-off',
  shelving_offloading: 'powering-off',
  unshelving: 'powering-on',
  // rescue / unrescue restart the machine from another disk
  rescuing: 'rebooting',
  unrescuing: 'rebooting',
  // resize, cold migration and its revert provision the instance again on a host (evacuate
  // already reads as 'rebuilding' through its task); a live migration moves it the same way
  resize_prep: 'rebuilding',
  resize_migrating: 'rebuilding',
  resize_migrated: 'rebuilding',
  resize_finish: 'rebuilding',
  resize_reverting: 'rebuilding',
  migrating: 'rebuilding',
  // a snapshot, a backup and a password change leave the machine as it is: the stable status
  image_snapshot: null,
  image_backup: null,
  image_pending_upload: null,
  image_uploading: null,
  updating_password: null,
  // a restore brings a soft-deleted instance back on: powering on
  restoring: 'powering-on',
};

/** Every Nova vm_state as Mogan reads it when no task runs (docs/compatibility.md prints it). */
export const VM_STATUS: Record<VmState, MoganStatus> = {
  building: 'building',
  active: 'active',
  stopped: 'stopped',
  error: 'error',
  deleted: 'deleted',
  'soft-delete': 'deleted',
  // a paused or suspended guest does not run: Mogan's 'stopped', which 'on' leaves (the API turns
  // that into Nova's unpause / resume)
  paused: 'stopped',
  suspended: 'stopped',
  // a shelved server does not run ('on' unshelves it); a rescued one runs its rescue system
  shelved: 'stopped',
  shelved_offloaded: 'stopped',
  rescued: 'active',
  // a resized server runs on its new host until the resize is confirmed or reverted
  resized: 'active',
};

export function moganStatus(i: InstanceStateView, opts: { gracefulStop?: boolean } = {}): MoganStatus {
  if (i.vmState === 'deleted') return 'deleted';
  if (i.taskState !== null) {
    const byTask = TASK_STATUS[i.taskState as TaskState] as MoganStatus | null | undefined;
    if (byTask === 'powering-off' && opts.gracefulStop) return 'soft-powering-off';
    if (byTask) return byTask;
    if (i.vmState === 'building') return 'building';
  }
  // every vm_state has a row; a value outside Nova's list reads as the nearest stable status:
  // the machine exists and is not being changed, so 'active' if powered, else 'stopped'.
  const byVm: MoganStatus | undefined = VM_STATUS[i.vmState as VmState];
  return byVm ?? (i.powerState === 1 ? 'active' : 'stopped');
}

/**
 * Ironic's power vocabulary: only "power on" / "power off"; Nova's PAUSED (3) and SUSPENDED (7)
 * guests do not run, so they are "power off"; anything else is unknown (null).
 */
export function moganPowerState(powerState: number): MoganPowerState {
  if (powerState === 1) return 'power on';
  if (powerState === 4 || powerState === 3 || powerState === 7) return 'power off';
  return null;
}

/** The power state being moved to while a power task runs; null when idle (EARLY-era field). */
export function moganTargetPowerState(taskState: string | null): MoganPowerState {
  if (taskState === null) return null;
  if (taskState === 'powering-on' || taskState.startsWith('reboot')) return 'power on';
  if (taskState === 'unpausing' || taskState === 'resuming' || taskState === 'unshelving') return 'power on';
  if (taskState === 'rescuing' || taskState === 'unrescuing') return 'power on';
  if (taskState === 'powering-off' || taskState === 'pausing' || taskState === 'suspending') return 'power off';
  if (taskState.startsWith('shelving')) return 'power off';
  return null;
}
