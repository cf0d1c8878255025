/**
 * The API status of a server and its inverse for the status filter: nova/api/openstack/common.py
 * _STATE_MAP, status_from_state and task_and_vm_state_from_status, as data.
 */
const STATE_MAP: Record<string, { default: string; tasks?: Record<string, string> }> = {
  active: {
    default: 'ACTIVE',
    tasks: {
      rebooting: 'REBOOT',
      reboot_pending: 'REBOOT',
      reboot_started: 'REBOOT',
      rebooting_hard: 'HARD_REBOOT',
      reboot_pending_hard: 'HARD_REBOOT',
      reboot_started_hard: 'HARD_REBOOT',
      updating_password: 'PASSWORD',
      rebuilding: 'REBUILD',
      rebuild_block_device_mapping: 'REBUILD',
      rebuild_spawning: 'REBUILD',
      migrating: 'MIGRATING',
      resize_prep: 'RESIZE',
      resize_migrating: 'RESIZE',
      resize_migrated: 'RESIZE',
      resize_finish: 'RESIZE',
    },
  },
  building: { default: 'BUILD' },
  stopped: {
    default: 'SHUTOFF',
    tasks: {
      resize_prep: 'RESIZE',
      resize_migrating: 'RESIZE',
      resize_migrated: 'RESIZE',
      resize_finish: 'RESIZE',
      rebuilding: 'REBUILD',
      rebuild_block_device_mapping: 'REBUILD',
      rebuild_spawning: 'REBUILD',
    },
  },
  resized: { default: 'VERIFY_RESIZE', tasks: { resize_reverting: 'REVERT_RESIZE' } },
  paused: { default: 'PAUSED', tasks: { migrating: 'MIGRATING' } },
  suspended: { default: 'SUSPENDED' },
  rescued: { default: 'RESCUE' },
  error: {
    default: 'ERROR',
    tasks: { rebuilding: 'REBUILD', rebuild_block_device_mapping: 'REBUILD', rebuild_spawning: 'REBUILD' },
  },
  deleted: { default: 'DELETED' },
  'soft-delete': { default: 'SOFT_DELETED' },
  shelved: { default: 'SHELVED' },
  shelved_offloaded: { default: 'SHELVED_OFFLOADED' },
};

export function novaStatus(vmState: string, taskState: string | null): string {
  const m = STATE_MAP[vmState];
  if (!m) return 'UNKNOWN';
  return (taskState !== null && m.tasks?.[taskState]) || m.default;
}

/**
 * vm/task states that render as a status (task_and_vm_state_from_status). taskStates undefined
 * means "any task state"; for a default status it lists the non-overriding ones including null.
 * Returns null for a status Nova does not know.
 */
export function statesForStatus(status: string): { vmStates: string[]; taskStates?: (string | null)[] } | null {
  const want = status.toUpperCase();
  const vmStates: string[] = [];
  const taskStates = new Set<string | null>();
  let anyTask = false;
  for (const [vm, m] of Object.entries(STATE_MAP)) {
    const overrides = Object.entries(m.tasks ?? {});
    const matching = overrides.filter(([, s]) => s === want).map(([t]) => t);
    if (m.default === want) {
      vmStates.push(vm);
      // Nova matches the default status on vm_state alone (the task filter is only for overrides)
      anyTask = true;
    } else if (matching.length) {
      vmStates.push(vm);
      for (const t of matching) taskStates.add(t);
    }
  }
  if (!vmStates.length) return null;
  return anyTask ? { vmStates } : { vmStates, taskStates: [...taskStates] };
}
