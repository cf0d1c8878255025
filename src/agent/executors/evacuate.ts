/**
 * Evacuation on the destination host (nova/compute/manager.py rebuild_instance with
 * evacuate=True, no shared storage): the guest is built again from its image on this host, the
 * ports are bound here, and the server's host becomes this one as the migration is done. The
 * source host is down; its leftover guest is removed if this agent still drives it (as Nova's
 * _destroy_evacuated_instances does when the source compute comes back).
 */
import type { OperationRow } from '../../operations/claim.js';
import type { SettleCause } from '../../operations/registry.js';
import { TaskState } from '../../domain/instances/states.js';
import { finishStep, loadInstance, startStep, type InstanceRow } from '../../services/compute/instance-lifecycle.js';
import { loadMigration } from '../../services/compute/resize-service.js';
import { finishEvacuation } from '../../services/compute/migration-service.js';
import { instanceInterfaces, moveInstancePorts } from '../../services/network/port-binding.js';
import { errorText, guestSpec, type ExecContext } from './common.js';

interface EvacuatePayload {
  actionId: string;
  migrationId: string;
}
const payload = (op: OperationRow): EvacuatePayload => JSON.parse(op.payload) as EvacuatePayload;

export async function executeEvacuate(x: ExecContext, op: OperationRow): Promise<void> {
  const p = payload(op);
  const inst = await loadInstance(x.rt, op.instance_uuid ?? '');
  const mig = await loadMigration(x.rt, p.migrationId);
  if (!inst || inst.deleted || !mig || inst.task_state !== TaskState.REBUILDING) return;
  if (mig.status !== 'accepted' && mig.status !== 'pre-migrating') return;
  const dest = mig.dest_compute ?? '';
  const source = mig.source_compute;
  const ev = await startStep(x.rt, p.actionId, 'compute_rebuild_instance', dest);
  try {
    if (source && source !== dest && x.hosts.includes(source) && x.driver.getInfo(source, inst.uuid))
      await x.driver.destroy(source, inst.uuid);
    await moveInstancePorts(x.rt, inst.uuid, dest);
    await x.driver.spawn(dest, guestSpec(inst));
    for (const v of await instanceInterfaces(x.rt, inst.uuid)) await x.driver.plugVif(dest, inst.uuid, v.port_id);
    if (mig.was_stopped) await x.driver.powerOff(dest, inst.uuid, false);
    await finishEvacuation(x.rt, inst.uuid, mig, 'done');
    await finishStep(x.rt, ev, 'Success');
  } catch (e) {
    await finishStep(x.rt, ev, 'Error', errorText(e));
    throw e;
  }
}

/** an evacuation that will never finish: the server in ERROR on its (down) source, the migration failed */
export async function settleEvacuate(
  x: ExecContext,
  op: OperationRow,
  inst: InstanceRow,
  cause: SettleCause,
): Promise<void> {
  const mig = await loadMigration(x.rt, payload(op).migrationId);
  if (!mig) return;
  if (!cause.hostDown && mig.dest_compute) {
    try {
      await x.driver.destroy(mig.dest_compute, inst.uuid);
    } catch {
      // the hypervisor state is reported by the next power sync
    }
  }
  await finishEvacuation(x.rt, inst.uuid, mig, 'failed');
}
