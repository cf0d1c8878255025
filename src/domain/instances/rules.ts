/**
 * Which vm/task states allow which action: nova/compute/api.py @check_instance_state, as data.
 * The API layer renders the failure as nova/api/openstack/common.py
 * raise_http_conflict_for_instance_invalid_state does.
 */
import { DomainError, instanceLocked } from '../errors.js';
import type { RequestContext } from '../context.js';
import type { TaskState } from './states.js';

export type InstanceAction =
  | 'start'
  | 'stop'
  | 'reboot_soft'
  | 'reboot_hard'
  | 'delete'
  | 'lock'
  | 'unlock'
  | 'update'
  | 'attach_interface'
  | 'detach_interface'
  | 'attach_volume'
  | 'detach_volume'
  | 'rebuild'
  | 'force_delete'
  | 'restore'
  | 'update_metadata'
  | 'delete_metadata'
  | 'tags'
  | 'pause'
  | 'unpause'
  | 'suspend'
  | 'resume'
  | 'resize'
  | 'confirmResize'
  | 'revertResize'
  | 'migrate'
  | 'liveMigrate'
  | 'forceComplete'
  | 'abortLiveMigration'
  | 'evacuate'
  | 'createImage'
  | 'createBackup'
  | 'triggerCrashDump'
  | 'injectNetworkInfo'
  | 'getVncConsole'
  | 'getSpiceConsole'
  | 'getSerialConsole'
  | 'getRdpConsole'
  | 'getMksConsole'
  | 'diagnostics'
  | 'shelve'
  | 'shelveOffload'
  | 'unshelve'
  | 'rescue'
  | 'unrescue'
  | 'changePassword'
  | 'resetState';

export interface StateRule {
  /** undefined = any vm_state */
  vmStates?: string[];
  /** undefined = any task_state; null in the list means "no task" */
  taskStates?: (string | null)[];
  /** task states that refuse the action (compute/api.py @reject_instance_state) */
  notTaskStates?: string[];
  mustHaveLaunched?: boolean;
  /**
   * the task_state the accepted request writes (compute/api.py sets it before casting to the
   * compute host); null: the action writes none (it finishes in the API, or keeps no task)
   */
  sets: TaskState | null;
  /** the action name Nova prints in the 409 message */
  name: string;
}

// vm_states.ALLOW_HARD_REBOOT and task_states.ALLOW_REBOOT
const HARD_REBOOT_VM = ['active', 'stopped', 'paused', 'suspended', 'error'];
const ALLOW_REBOOT_TASKS = [
  null,
  'rebooting',
  'reboot_pending',
  'reboot_started',
  'resuming',
  'rebooting_hard',
  'unpausing',
  'pausing',
  'suspending',
];

const VOLUME_VM = ['active', 'paused', 'stopped', 'resized', 'soft-delete', 'shelved', 'shelved_offloaded'];
const METADATA_VM = ['active', 'paused', 'suspended', 'stopped'];
const TAG_VM = ['active', 'paused', 'rescued', 'resized', 'shelved', 'shelved_offloaded', 'stopped', 'suspended'];

export const STATE_RULES: Record<InstanceAction, StateRule> = {
  start: { vmStates: ['stopped'], taskStates: [null], sets: 'powering-on', name: 'start' },
  stop: { vmStates: ['active', 'error'], taskStates: [null], sets: 'powering-off', name: 'stop' },
  reboot_soft: { vmStates: ['active'], taskStates: [null], sets: 'rebooting', name: 'reboot' },
  reboot_hard: { vmStates: HARD_REBOOT_VM, taskStates: ALLOW_REBOOT_TASKS, sets: 'rebooting_hard', name: 'reboot' },
  delete: { sets: 'deleting', name: 'delete' },
  lock: { sets: null, name: 'lock' },
  unlock: { sets: null, name: 'unlock' },
  update: { sets: null, name: 'update' },
  attach_interface: {
    vmStates: ['active', 'paused', 'stopped'],
    taskStates: [null],
    mustHaveLaunched: true,
    sets: null,
    name: 'attach_interface',
  },
  detach_interface: {
    vmStates: ['active', 'paused', 'stopped'],
    taskStates: [null],
    mustHaveLaunched: true,
    sets: null,
    name: 'detach_interface',
  },
  // compute/api.py attach_volume / detach_volume
  attach_volume: { vmStates: VOLUME_VM, taskStates: [null], sets: null, name: 'attach_volume' },
  detach_volume: { vmStates: VOLUME_VM, taskStates: [null], sets: null, name: 'detach_volume' },
  rebuild: { vmStates: ['active', 'stopped', 'error'], taskStates: [null], sets: 'rebuilding', name: 'rebuild' },
  // compute/api.py force_delete: any vm_state, no task running, launched or not
  force_delete: { taskStates: [null], sets: 'deleting', name: 'force_delete' },
  // only a soft-deleted instance can be restored; stackbox never soft-deletes (reclaim_instance_interval=0)
  restore: { vmStates: ['soft-delete'], sets: 'restoring', name: 'restore' },
  // compute/api.py update_instance_metadata / delete_instance_metadata
  update_metadata: { vmStates: METADATA_VM, taskStates: [null], sets: null, name: 'update_metadata' },
  delete_metadata: { vmStates: METADATA_VM, taskStates: [null], sets: null, name: 'delete_metadata' },
  // server_tags.py _check_instance_in_valid_state: vm_state only; each route prints its own action name
  tags: { vmStates: TAG_VM, sets: null, name: 'update tags' },
  // compute/api.py pause/unpause/suspend/resume: @check_instance_state(vm_state=[…]) with the
  // decorator's defaults (no task running, launched at least once)
  pause: { vmStates: ['active'], taskStates: [null], mustHaveLaunched: true, sets: 'pausing', name: 'pause' },
  unpause: { vmStates: ['paused'], taskStates: [null], mustHaveLaunched: true, sets: 'unpausing', name: 'unpause' },
  suspend: { vmStates: ['active'], taskStates: [null], mustHaveLaunched: true, sets: 'suspending', name: 'suspend' },
  resume: { vmStates: ['suspended'], taskStates: [null], mustHaveLaunched: true, sets: 'resuming', name: 'resume' },
  // compute/api.py resize / confirm_resize / revert_resize (@check_instance_state)
  resize: {
    vmStates: ['active', 'stopped'],
    taskStates: [null],
    mustHaveLaunched: true,
    sets: 'resize_prep',
    name: 'resize',
  },
  confirmResize: { vmStates: ['resized'], taskStates: [null], sets: null, name: 'confirmResize' },
  revertResize: { vmStates: ['resized'], taskStates: [null], sets: 'resize_reverting', name: 'revertResize' },
  // compute/api.py resize without a flavor (migrate_server.py prints 'migrate'), live_migrate,
  // live_migrate_force_complete and live_migrate_abort (server_migrations.py prints its own names)
  migrate: {
    vmStates: ['active', 'stopped'],
    taskStates: [null],
    mustHaveLaunched: true,
    sets: 'resize_prep',
    name: 'migrate',
  },
  liveMigrate: {
    vmStates: ['active', 'paused'],
    taskStates: [null],
    mustHaveLaunched: true,
    sets: 'migrating',
    name: 'os-migrateLive',
  },
  forceComplete: { taskStates: ['migrating'], sets: 'migrating', name: 'force_complete' },
  abortLiveMigration: { taskStates: ['migrating'], sets: 'migrating', name: 'abort live migration' },
  // compute/api.py evacuate
  evacuate: {
    vmStates: ['active', 'stopped', 'error'],
    taskStates: [null],
    mustHaveLaunched: true,
    sets: 'rebuilding',
    name: 'evacuate',
  },
  // compute/api.py snapshot
  createImage: {
    vmStates: ['active', 'stopped', 'paused', 'suspended'],
    taskStates: [null],
    mustHaveLaunched: true,
    sets: 'image_snapshot',
    name: 'createImage',
  },
  // compute/api.py backup: snapshot's states, no lock check
  createBackup: {
    vmStates: ['active', 'stopped', 'paused', 'suspended'],
    taskStates: [null],
    mustHaveLaunched: true,
    sets: 'image_backup',
    name: 'createBackup',
  },
  // compute/api.py trigger_crash_dump: vm_states.ALLOW_TRIGGER_CRASH_DUMP, the decorator's defaults
  triggerCrashDump: {
    vmStates: ['active', 'paused', 'rescued', 'resized', 'error'],
    taskStates: [null],
    mustHaveLaunched: true,
    sets: null,
    name: 'trigger_crash_dump',
  },
  // compute/api.py inject_network_info: only the lock is checked
  injectNetworkInfo: { sets: null, name: 'injectNetworkInfo' },
  // compute/api.py get_*_console: @reject_instance_state(task_state=[DELETING, MIGRATING]);
  // remote_consoles.py prints the handler's name
  getVncConsole: { notTaskStates: ['deleting', 'migrating'], sets: null, name: 'get_vnc_console' },
  getSpiceConsole: { notTaskStates: ['deleting', 'migrating'], sets: null, name: 'get_spice_console' },
  getSerialConsole: { notTaskStates: ['deleting', 'migrating'], sets: null, name: 'get_serial_console' },
  getRdpConsole: { notTaskStates: ['deleting', 'migrating'], sets: null, name: 'get_rdp_console' },
  getMksConsole: { notTaskStates: ['deleting', 'migrating'], sets: null, name: 'get_mks_console' },
  // compute/api.py get_diagnostics / get_instance_diagnostics: no vm/task state rule (only
  // @check_instance_host); the manager then wants a running guest (server-diagnostics-service.ts)
  diagnostics: { sets: null, name: 'get_diagnostics' },
  // compute/api.py shelve / shelve_offload / unshelve (the decorator's defaults: no task, launched)
  shelve: {
    vmStates: ['active', 'stopped', 'paused', 'suspended'],
    taskStates: [null],
    mustHaveLaunched: true,
    sets: 'shelving',
    name: 'shelve',
  },
  shelveOffload: {
    vmStates: ['shelved'],
    taskStates: [null],
    mustHaveLaunched: true,
    sets: 'shelving_offloading',
    name: 'shelveOffload',
  },
  unshelve: {
    vmStates: ['shelved', 'shelved_offloaded'],
    taskStates: [null],
    mustHaveLaunched: true,
    sets: 'unshelving',
    name: 'unshelve',
  },
  // compute/api.py rescue / unrescue / set_admin_password
  rescue: {
    vmStates: ['active', 'stopped', 'error'],
    taskStates: [null],
    mustHaveLaunched: true,
    sets: 'rescuing',
    name: 'rescue',
  },
  unrescue: { vmStates: ['rescued'], taskStates: [null], mustHaveLaunched: true, sets: 'unrescuing', name: 'unrescue' },
  changePassword: {
    vmStates: ['active'],
    taskStates: [null],
    mustHaveLaunched: true,
    sets: 'updating_password',
    name: 'changePassword',
  },
  // admin_actions.py _reset_state: any vm/task state and lock; writes vm_state and clears the task
  resetState: { sets: null, name: 'resetState' },
};

export interface StatefulInstance {
  uuid: string;
  vm_state: string;
  task_state: string | null;
  launched_at: string | null;
  locked: number;
  locked_by: string | null;
}

export const invalidState = (action: string, uuid: string, attr: string, state: string | null) =>
  new DomainError(
    'INSTANCE_INVALID_STATE',
    409,
    `Cannot '${action}' instance ${uuid} while it is in ${attr} ${state === null ? 'None' : state}`,
    { attr, state },
  );

export const invalidStateGeneric = (action: string, uuid: string) =>
  new DomainError('INSTANCE_INVALID_STATE', 409, `Instance ${uuid} is in an invalid state for '${action}'`);

/**
 * Throws Nova's 409 when the instance's current state does not allow the action. `name` overrides
 * the action Nova prints where one rule serves several routes (the tag routes).
 */
export function checkInstanceState(
  action: InstanceAction,
  instance: StatefulInstance,
  name = STATE_RULES[action].name,
): void {
  const r = STATE_RULES[action];
  if (r.vmStates && !r.vmStates.includes(instance.vm_state))
    throw invalidState(name, instance.uuid, 'vm_state', instance.vm_state);
  if (r.taskStates && !r.taskStates.includes(instance.task_state))
    throw invalidState(name, instance.uuid, 'task_state', instance.task_state);
  if (r.notTaskStates && instance.task_state !== null && r.notTaskStates.includes(instance.task_state))
    throw invalidState(name, instance.uuid, 'task_state', instance.task_state);
  // the state Nova reports is launched_at itself (None), so raise_http_conflict_for_instance_invalid_state
  // falls back to its generic text
  if (r.mustHaveLaunched && !instance.launched_at) throw invalidStateGeneric(name, instance.uuid);
}

/** nova/compute/api.py check_instance_lock: admins pass, everyone else gets 409 on a locked server. */
export function checkLock(instance: StatefulInstance, ctx: Pick<RequestContext, 'isAdmin'>): void {
  if (instance.locked && !ctx.isAdmin) throw instanceLocked(instance.uuid);
}

/**
 * nova/compute/api.py check_instance_host (start, stop): an instance never scheduled to a host
 * has no agent to act on it. Applied to reboot too, which would otherwise wait for no one.
 */
export function checkInstanceHost(instance: { uuid: string; host: string | null }): void {
  if (!instance.host) throw new DomainError('INSTANCE_NOT_READY', 409, `Instance ${instance.uuid} is not ready`);
}
