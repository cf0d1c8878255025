/**
 * Interface attach and detach on the compute host (nova/compute/manager.py attach_interface /
 * detach_interface, each wrapped in the compute_<name> instance event). Attach: allocate the
 * port (idempotent: the interface row carries the operation's id), then hot-plug it; a plug
 * failure gives the port back and answers InterfaceAttachFailed. Detach: unplug, then give the
 * port back; a port that is not attached only shows as an Error event (the API already said 202).
 */
import { isDomainError } from '../../domain/errors.js';
import { instanceNotFound } from '../../domain/errors.js';
import { interfaceAttachFailed, portNotAttached } from '../../domain/instances/interface-errors.js';
import type { OperationRow } from '../../operations/claim.js';
import type { AttachInterfacePayload, SettleCause } from '../../operations/registry.js';
import { recordRefusal } from '../../operations/outcome.js';
import { finishStep, loadInstance, startStep, type InstanceRow } from '../../services/compute/instance-lifecycle.js';
import {
  allocateInterface,
  interfaceOfOperation,
  interfaceOfPort,
  releaseInterface,
} from '../../services/network/port-binding.js';
import { errorText, type ExecContext } from './common.js';
import { VifPlugFailed, waitForVifPlugged } from '../../services/compute/event-waits.js';
import { announceVifsDeleted, announceVifsPlugged, announceVifsUnplugged } from '../../services/network/port-events.js';

export async function executeAttachInterface(x: ExecContext, op: OperationRow): Promise<void> {
  const p = JSON.parse(op.payload) as AttachInterfacePayload;
  const inst = await loadInstance(x.rt, op.instance_uuid ?? '');
  const ev = await startStep(x.rt, p.actionId, 'compute_attach_interface', inst?.host ?? op.host);
  const refuse = async (err: { status: number; message: string }, traceback?: string) => {
    await recordRefusal(x.rt, op.id, { status: err.status, message: err.message });
    await finishStep(x.rt, ev, 'Error', traceback ?? err.message);
  };
  if (!inst || inst.deleted || !inst.host) return refuse(instanceNotFound(op.instance_uuid ?? ''));
  const host = inst.host;
  let vif = await interfaceOfOperation(x.rt, op.id);
  if (!vif) {
    try {
      vif = await allocateInterface(x.rt, { instance: inst, host, vifId: op.id, req: p });
    } catch (e) {
      if (isDomainError(e) && e.status < 500) return refuse(e);
      throw e;
    }
  }
  try {
    await x.driver.plugVif(host, inst.uuid, vif.port_id);
    // the network side reports the port up; wait for it like a build does (a failed or missing
    // event fails the attach when vif_plugging_is_fatal)
    await announceVifsPlugged(x.rt, inst.uuid, [vif.port_id]);
    await waitForVifPlugged(x.rt, {
      instanceUuid: inst.uuid,
      operationId: op.id,
      portIds: [vif.port_id],
      since: op.created_at,
      failMessage: interfaceAttachFailed(inst.uuid).message,
    });
  } catch (e) {
    // nova: _deallocate_port_for_instance, then InterfaceAttachFailed
    await x.driver.unplugVif(host, inst.uuid, vif.port_id).catch(() => undefined);
    await releaseInterface(x.rt, vif);
    return refuse(interfaceAttachFailed(inst.uuid), e instanceof VifPlugFailed ? e.details : errorText(e));
  }
  await finishStep(x.rt, ev, 'Success');
}

export async function executeDetachInterface(x: ExecContext, op: OperationRow): Promise<void> {
  const p = JSON.parse(op.payload) as { actionId: string; portId: string };
  const inst = await loadInstance(x.rt, op.instance_uuid ?? '');
  const ev = await startStep(x.rt, p.actionId, 'compute_detach_interface', inst?.host ?? op.host);
  if (!inst || inst.deleted) return finishStep(x.rt, ev, 'Error', instanceNotFound(op.instance_uuid ?? '').message);
  const vif = await interfaceOfPort(x.rt, inst.uuid, p.portId);
  if (!vif) return finishStep(x.rt, ev, 'Error', portNotAttached(p.portId).message);
  try {
    if (inst.host) await x.driver.unplugVif(inst.host, inst.uuid, vif.port_id);
  } catch (e) {
    // nova: InterfaceDetachFailed; the interface stays attached
    return finishStep(x.rt, ev, 'Error', `Failed to detach network adapter device from ${inst.uuid}\n${errorText(e)}`);
  }
  // a concurrent detach of the same port released it first: this one found nothing to do
  if (!(await releaseInterface(x.rt, vif))) return finishStep(x.rt, ev, 'Error', portNotAttached(p.portId).message);
  // Neutron's notifications for the released port (deleted when compute made it, else unbound)
  const announce = vif.created_by_compute ? announceVifsDeleted : announceVifsUnplugged;
  await announce(x.rt, inst.uuid, [vif.port_id]).catch((e: unknown) =>
    x.rt.log.warn({ err: e }, 'port release not announced'),
  );
  await finishStep(x.rt, ev, 'Success');
}

/**
 * An attach that will never finish (the agent kept dying mid-way, or its host is down): the
 * caller was told it failed, so give back whatever the attempts allocated (the interface row
 * carries the operation's id). A detach needs nothing: the interface simply stays.
 */
export async function settleInterfaceOperation(
  x: ExecContext,
  op: OperationRow,
  inst: InstanceRow,
  cause: SettleCause,
): Promise<void> {
  if (op.kind !== 'attach_interface') return;
  const vif = await interfaceOfOperation(x.rt, op.id);
  if (!vif) return;
  if (inst.host && !cause.hostDown) await x.driver.unplugVif(inst.host, inst.uuid, vif.port_id).catch(() => undefined);
  await releaseInterface(x.rt, vif);
}
