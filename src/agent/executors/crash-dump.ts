/**
 * trigger_crash_dump on the compute host (nova/compute/manager.py trigger_crash_dump): the guest
 * must be running (InstanceNotRunning otherwise, recorded as the event's error); the fake driver
 * has nothing to dump, so a running guest's event succeeds and no state changes.
 */
import { PowerState } from '../../domain/instances/states.js';
import type { OperationRow } from '../../operations/claim.js';
import { finishStep, loadInstance, startStep } from '../../services/compute/instance-lifecycle.js';
import { payloadOf, type ExecContext } from './common.js';

export async function executeTriggerCrashDump(x: ExecContext, op: OperationRow): Promise<void> {
  const { actionId } = payloadOf(op);
  const inst = await loadInstance(x.rt, op.instance_uuid ?? '');
  if (!inst || inst.deleted || !inst.host) return;
  const ev = await startStep(x.rt, actionId, 'compute_trigger_crash_dump', inst.host);
  if (inst.power_state !== PowerState.RUNNING)
    return finishStep(x.rt, ev, 'Error', `Instance ${inst.uuid} is not running.`);
  await finishStep(x.rt, ev, 'Success');
}
