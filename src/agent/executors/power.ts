/**
 * start / stop / reboot (nova/compute/manager.py start_instance, stop_instance, reboot_instance).
 * The final write is conditional on the task_state the API set, so a racing delete wins.
 */
import { PowerState, TaskState, VmState } from '../../domain/instances/states.js';
import { findInstance, transitionInstance } from '../../store/repositories/instance-repository.js';
import { finishEvent, startEvent } from '../../store/repositories/instance-action-repository.js';
import type { OperationsTable } from '../../store/tables/operations.table.js';
import type { InstancesTable } from '../../store/tables/instances.table.js';
import { errorText, nowIso, payloadOf, type ExecContext } from './common.js';

interface PowerStep {
  event: string;
  tasks: string[];
  run(x: ExecContext, host: string, inst: InstancesTable): Promise<void>;
  vmState: string;
  power: number;
}

export const POWER_STEPS: Record<'start' | 'stop' | 'reboot', (op: OperationsTable) => PowerStep> = {
  start: () => ({
    event: 'compute_start_instance', tasks: [TaskState.POWERING_ON], vmState: VmState.ACTIVE, power: PowerState.RUNNING,
    run: (x, host, i) => x.driver.powerOn(host, i.uuid),
  }),
  stop: (op) => ({
    event: 'compute_stop_instance', tasks: [TaskState.POWERING_OFF], vmState: VmState.STOPPED, power: PowerState.SHUTDOWN,
    run: (x, host, i) => x.driver.powerOff(host, i.uuid, payloadOf(op).graceful ?? true),
  }),
  reboot: (op) => {
    const type = payloadOf(op).type ?? 'SOFT';
    const tasks = type === 'SOFT'
      ? [TaskState.REBOOTING, TaskState.REBOOT_PENDING, TaskState.REBOOT_STARTED]
      : [TaskState.REBOOTING_HARD, TaskState.REBOOT_PENDING_HARD, TaskState.REBOOT_STARTED_HARD];
    return {
      event: 'compute_reboot_instance', tasks, vmState: VmState.ACTIVE, power: PowerState.RUNNING,
      run: async (x, host, i) => {
        // nova marks the reboot as started on the compute host before asking the driver
        await transitionInstance(x.rt.store.db, i.uuid, { fromTaskStates: tasks },
          { task_state: type === 'SOFT' ? TaskState.REBOOT_STARTED : TaskState.REBOOT_STARTED_HARD, updated_at: nowIso() });
        await x.driver.reboot(host, i.uuid, type);
      },
    };
  },
};

export async function executePower(x: ExecContext, op: OperationsTable, kind: 'start' | 'stop' | 'reboot'): Promise<void> {
  const db = x.rt.store.db;
  const step = POWER_STEPS[kind](op);
  const inst = await findInstance(db, op.instance_uuid ?? '');
  if (!inst || inst.deleted || !inst.host || inst.task_state === null || !step.tasks.includes(inst.task_state)) return;
  const ev = await startEvent(db, payloadOf(op).actionId, step.event, inst.host);
  try {
    await step.run(x, inst.host, inst);
    await transitionInstance(db, inst.uuid, { fromTaskStates: step.tasks },
      { vm_state: step.vmState, power_state: step.power, task_state: null, updated_at: nowIso() });
    await finishEvent(db, ev.id, 'Success');
  } catch (e) {
    // the power state is whatever the hypervisor now reports; the task is cleared so the user may retry
    const info = x.driver.getInfo(inst.host, inst.uuid);
    await transitionInstance(db, inst.uuid, { fromTaskStates: step.tasks },
      { task_state: null, power_state: info?.powerState ?? PowerState.NOSTATE, updated_at: nowIso() });
    await finishEvent(db, ev.id, 'Error', errorText(e));
  }
}
