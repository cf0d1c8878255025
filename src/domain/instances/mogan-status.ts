/**
 * The Mogan (bare-metal Instances API) view of the one Nova-shaped instance model: its status
 * vocabulary, power_state strings and the EARLY-era target_power_state, as pure functions of
 * vm_state / task_state / power_state (Mogan's API reference: instance states, power states, provisioning).
 *
 * Nova's task_state does not say whether a stop is graceful, so the caller passes the pending
 * power operation when it knows it (soft_off → 'soft-powering-off').
 */
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

const TASK_STATUS: Record<string, MoganStatus> = {
  deleting: 'deleting',
  'soft-deleting': 'deleting',
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
  rebuild_block_device_mapping: 'rebuilding',
  rebuild_spawning: 'rebuilding',
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
};

const VM_STATUS: Record<string, MoganStatus> = {
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
};

export function moganStatus(i: InstanceStateView, opts: { gracefulStop?: boolean } = {}): MoganStatus {
  if (i.vmState === 'deleted') return 'deleted';
  if (i.taskState !== null) {
    const byTask = TASK_STATUS[i.taskState];
    if (byTask === 'powering-off' && opts.gracefulStop) return 'soft-powering-off';
    if (byTask) return byTask;
    if (i.vmState === 'building') return 'building';
  }
  // Nova states Mogan never had (paused, suspended, shelved…) read as the nearest stable status:
  // the machine exists and is not being changed, so 'active' if powered, else 'stopped'.
  return VM_STATUS[i.vmState] ?? (i.powerState === 1 ? 'active' : 'stopped');
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
