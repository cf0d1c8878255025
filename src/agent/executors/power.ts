/**
 * start / stop / reboot / rebuild / pause / unpause / suspend / resume / rescue / unrescue /
 * changePassword (nova/compute/manager.py start_instance, stop_instance, reboot_instance,
 * rebuild_instance, pause_instance, unpause_instance, suspend_instance, resume_instance,
 * rescue_instance, unrescue_instance, set_admin_password).
 * The final write is conditional on the task_state the API set, so a racing delete wins.
 */
import { PowerState, TaskState, VmState } from '../../domain/instances/states.js';
import type { OperationRow } from '../../operations/claim.js';
import {
  finishStep,
  loadInstance,
  startStep,
  transition,
  type InstanceRow,
} from '../../services/compute/instance-lifecycle.js';
import type { SettleCause } from '../../operations/registry.js';
import { errorText, guestSpec, nowIso, payloadOf, type ExecContext } from './common.js';
import { reimageVolume, volumeSize } from '../../services/block-storage/volume-backend.js';
import { waitForEvent } from '../../services/compute/event-waits.js';

interface PowerStep {
  event: string;
  tasks: string[];
  run(x: ExecContext, host: string, inst: InstanceRow): Promise<void>;
  vmState: string;
  power: number;
}

export type PowerKind =
  | 'start'
  | 'stop'
  | 'reboot'
  | 'rebuild'
  | 'pause'
  | 'unpause'
  | 'suspend'
  | 'resume'
  | 'rescue'
  | 'unrescue'
  | 'set_admin_password';

/** manager.py pause_instance & co.: one driver call, then vm_state and the driver's power state */
const hold = (
  event: string,
  task: string,
  vmState: string,
  power: number,
  call: 'pause' | 'unpause' | 'suspend' | 'resume',
): (() => PowerStep) => {
  return () => ({ event, tasks: [task], vmState, power, run: (x, host, i) => x.driver[call](host, i.uuid) });
};

// nova/compute/task_states.py: the steps of a rebuild on the compute host
const REBUILD_TASKS = [TaskState.REBUILDING, 'rebuild_block_device_mapping', 'rebuild_spawning'];

interface Reimage {
  volumeId: string;
  imageId: string;
}

/** compute/manager.py reimage_timeout_per_gb (default 20 s per GiB of the root volume) */
const REIMAGE_TIMEOUT_PER_GB_MS = 20_000;

/**
 * manager.py _rebuild_volume_backed_instance (2.93): Cinder reimages the root volume, and the
 * rebuild goes on only once Cinder's `volume-reimaged` event for it has arrived.
 */
async function reimageRootVolume(x: ExecContext, op: OperationRow, instanceUuid: string, r: Reimage): Promise<void> {
  const size = (await volumeSize(x.rt, r.volumeId)) ?? 1;
  if (!(await reimageVolume(x.rt, r.volumeId, r.imageId)))
    throw new Error(`Volume ${r.volumeId} could not be reimaged`);
  const out = await waitForEvent(x.rt, {
    instanceUuid,
    operationId: op.id,
    name: 'volume-reimaged',
    tag: r.volumeId,
    timeoutMs: REIMAGE_TIMEOUT_PER_GB_MS * size,
  });
  if (out.state !== 'satisfied') throw new Error(`Timeout waiting for volume-reimaged-${r.volumeId}`);
}

export const POWER_STEPS: Record<PowerKind, (op: OperationRow) => PowerStep> = {
  start: () => ({
    event: 'compute_start_instance',
    tasks: [TaskState.POWERING_ON],
    vmState: VmState.ACTIVE,
    power: PowerState.RUNNING,
    run: (x, host, i) => x.driver.powerOn(host, i.uuid),
  }),
  stop: (op) => ({
    event: 'compute_stop_instance',
    tasks: [TaskState.POWERING_OFF],
    vmState: VmState.STOPPED,
    power: PowerState.SHUTDOWN,
    run: (x, host, i) => x.driver.powerOff(host, i.uuid, payloadOf(op).graceful ?? true),
  }),
  reboot: (op) => {
    const type = payloadOf(op).type ?? 'SOFT';
    const tasks =
      type === 'SOFT'
        ? [TaskState.REBOOTING, TaskState.REBOOT_PENDING, TaskState.REBOOT_STARTED]
        : [TaskState.REBOOTING_HARD, TaskState.REBOOT_PENDING_HARD, TaskState.REBOOT_STARTED_HARD];
    return {
      event: 'compute_reboot_instance',
      tasks,
      vmState: VmState.ACTIVE,
      power: PowerState.RUNNING,
      run: async (x, host, i) => {
        // nova marks the reboot as started on the compute host before asking the driver
        await transition(
          x.rt,
          i.uuid,
          { fromTaskStates: tasks },
          {
            task_state: type === 'SOFT' ? TaskState.REBOOT_STARTED : TaskState.REBOOT_STARTED_HARD,
            updated_at: nowIso(x),
          },
        );
        await x.driver.reboot(host, i.uuid, type);
      },
    };
  },
  // the guest is destroyed and spawned again from the new image; a stopped instance is powered
  // off again afterwards and stays SHUTOFF (manager.py _do_rebuild_instance_with_claim)
  rebuild: (op) => {
    const p = JSON.parse(op.payload) as { wasStopped?: boolean; reimage?: Reimage };
    const wasStopped = p.wasStopped === true;
    const reimage = p.reimage ?? null;
    return {
      event: 'compute_rebuild_instance',
      tasks: REBUILD_TASKS,
      vmState: wasStopped ? VmState.STOPPED : VmState.ACTIVE,
      power: wasStopped ? PowerState.SHUTDOWN : PowerState.RUNNING,
      run: async (x, host, i) => {
        await transition(
          x.rt,
          i.uuid,
          { fromTaskStates: REBUILD_TASKS },
          { task_state: 'rebuild_spawning', updated_at: nowIso(x) },
        );
        await x.driver.destroy(host, i.uuid);
        if (reimage) await reimageRootVolume(x, op, i.uuid, reimage);
        await x.driver.spawn(host, guestSpec(i));
        if (wasStopped) await x.driver.powerOff(host, i.uuid, false);
      },
    };
  },
  pause: hold('compute_pause_instance', TaskState.PAUSING, VmState.PAUSED, PowerState.PAUSED, 'pause'),
  unpause: hold('compute_unpause_instance', TaskState.UNPAUSING, VmState.ACTIVE, PowerState.RUNNING, 'unpause'),
  suspend: hold('compute_suspend_instance', TaskState.SUSPENDING, VmState.SUSPENDED, PowerState.SUSPENDED, 'suspend'),
  resume: hold('compute_resume_instance', TaskState.RESUMING, VmState.ACTIVE, PowerState.RUNNING, 'resume'),
  // manager.py rescue_instance: the guest boots the rescue image (the server's own image unless one
  // was asked for), RESCUED and running; unrescue_instance: its own disk again, ACTIVE
  rescue: (op) => ({
    event: 'compute_rescue_instance',
    tasks: [TaskState.RESCUING],
    vmState: VmState.RESCUED,
    power: PowerState.RUNNING,
    run: (x, host, i) => x.driver.rescue(host, i.uuid, (JSON.parse(op.payload) as { imageId: string }).imageId),
  }),
  unrescue: () => ({
    event: 'compute_unrescue_instance',
    tasks: [TaskState.UNRESCUING],
    vmState: VmState.ACTIVE,
    power: PowerState.RUNNING,
    run: (x, host, i) => x.driver.unrescue(host, i.uuid),
  }),
  // manager.py set_admin_password: the driver (guest agent) sets it; the server stays ACTIVE
  set_admin_password: (op) => ({
    event: 'compute_set_admin_password',
    tasks: [TaskState.UPDATING_PASSWORD],
    vmState: VmState.ACTIVE,
    power: PowerState.RUNNING,
    run: (x, host, i) =>
      x.driver.setAdminPassword(host, i.uuid, (JSON.parse(op.payload) as { password: string }).password),
  }),
};

export async function executePower(x: ExecContext, op: OperationRow, kind: PowerKind): Promise<void> {
  const step = POWER_STEPS[kind](op);
  const inst = await loadInstance(x.rt, op.instance_uuid ?? '');
  if (!inst || inst.deleted || !inst.host || inst.task_state === null || !step.tasks.includes(inst.task_state)) return;
  const ev = await startStep(x.rt, payloadOf(op).actionId, step.event, inst.host);
  try {
    await step.run(x, inst.host, inst);
    await transition(
      x.rt,
      inst.uuid,
      { fromTaskStates: step.tasks },
      { vm_state: step.vmState, power_state: step.power, task_state: null, updated_at: nowIso(x) },
    );
    await finishStep(x.rt, ev, 'Success');
  } catch (e) {
    // the power state is whatever the hypervisor now reports; the task is cleared so the user may retry
    const info = x.driver.getInfo(inst.host, inst.uuid);
    await transition(
      x.rt,
      inst.uuid,
      { fromTaskStates: step.tasks },
      { task_state: null, power_state: info?.powerState ?? PowerState.NOSTATE, updated_at: nowIso(x) },
    );
    await finishStep(x.rt, ev, 'Error', errorText(e));
  }
}

/** a power action that will never run: the task is cleared so the user may retry (states unchanged) */
export async function settlePower(
  x: ExecContext,
  _op: OperationRow,
  inst: InstanceRow,
  _cause: SettleCause,
): Promise<void> {
  await transition(x.rt, inst.uuid, {}, { task_state: null, updated_at: nowIso(x) });
}
