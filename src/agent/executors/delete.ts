/** Delete: destroy the guest, then mark the row deleted (nova/compute/manager.py terminate_instance). */
import { TaskState, VmState, deletedColumns } from '../../domain/instances/states.js';
import type { OperationRow } from '../../operations/claim.js';
import type { SettleCause } from '../../operations/registry.js';
import {
  finishStep,
  loadInstance,
  startStep,
  transition,
  type InstanceRow,
} from '../../services/compute/instance-lifecycle.js';
import { deallocateNetworks } from './networking.js';
import { releaseServerVolumesNow } from '../../services/compute/volume-attach-service.js';
import { errorMessage, errorText, faultJson, nowIso, payloadOf, type ExecContext } from './common.js';

export async function executeDelete(x: ExecContext, op: OperationRow): Promise<void> {
  const { actionId } = payloadOf(op);
  const inst = await loadInstance(x.rt, op.instance_uuid ?? '');
  if (!inst || inst.deleted || inst.task_state !== TaskState.DELETING) return;
  const ev = await startStep(x.rt, actionId, 'compute_terminate_instance', inst.host);
  try {
    if (inst.host) await x.driver.destroy(inst.host, inst.uuid);
    await deallocateNetworks(x, inst);
    await releaseServerVolumesNow(x.rt, inst.uuid, op.request_id);
    const now = nowIso(x);
    await transition(x.rt, inst.uuid, { fromTaskStates: [TaskState.DELETING] }, deletedColumns(now));
    await finishStep(x.rt, ev, 'Success');
  } catch (e) {
    // Nova leaves a server whose delete failed in ERROR; a new delete retries
    await transition(
      x.rt,
      inst.uuid,
      { fromTaskStates: [TaskState.DELETING] },
      {
        vm_state: VmState.ERROR,
        task_state: null,
        updated_at: nowIso(x),
        fault: faultJson(x, 500, errorMessage(e), errorText(e)),
      },
    );
    await finishStep(x.rt, ev, 'Error', errorText(e));
  }
}

/**
 * A delete that will never run on its host. Host down: nova/compute/api.py deletes locally when
 * the compute service is down (ports released, row deleted, no guest to destroy). Attempts
 * exhausted on a live host: ERROR with a fault, as a failed delete; a new delete retries.
 */
export async function settleDelete(
  x: ExecContext,
  op: OperationRow,
  inst: InstanceRow,
  cause: SettleCause,
): Promise<void> {
  if (!cause.hostDown) {
    await transition(
      x.rt,
      inst.uuid,
      { fromTaskStates: [TaskState.DELETING] },
      {
        vm_state: VmState.ERROR,
        task_state: null,
        fault: faultJson(x, 500, cause.reason, cause.reason),
        updated_at: nowIso(x),
      },
    );
    return;
  }
  if (inst.task_state !== TaskState.DELETING) return;
  await deallocateNetworks(x, inst, { unplug: false });
  await releaseServerVolumesNow(x.rt, inst.uuid, op.request_id);
  const now = nowIso(x);
  const gone = await transition(x.rt, inst.uuid, { fromTaskStates: [TaskState.DELETING] }, deletedColumns(now));
  if (!gone) return;
  const ev = await startStep(x.rt, payloadOf(op).actionId, 'compute_terminate_instance', null);
  await finishStep(x.rt, ev, 'Success', null, `Deleted locally: ${cause.reason}`);
}
