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
import type { AttachInterfacePayload, SettleCause } from '../../operations/registry.js';
import type { InstancesTable } from '../../store/tables/instances.table.js';
import { recordRefusal } from '../../operations/outcome.js';
import { findInstance } from '../../store/repositories/instance-repository.js';
import { finishEvent, startEvent } from '../../store/repositories/instance-action-repository.js';
import { findVif, findVifOfPort } from '../../store/repositories/virtual-interface-repository.js';
import type { OperationsTable } from '../../store/tables/operations.table.js';
import { allocateInterface, releaseInterface } from '../../services/compute/interface-allocation.js';
import { errorText, type ExecContext } from './common.js';
import { VifPlugFailed, waitForVifPlugged } from '../../services/compute/event-waits.js';
import { announceVifsDeleted, announceVifsPlugged, announceVifsUnplugged } from '../../services/network/port-events.js';

export async function executeAttachInterface(x: ExecContext, op: OperationsTable): Promise<void> {
  const db = x.rt.store.db;
  const p = JSON.parse(op.payload) as AttachInterfacePayload;
  const inst = await findInstance(db, op.instance_uuid ?? '');
  const ev = await startEvent(db, p.actionId, 'compute_attach_interface', inst?.host ?? op.host);
  const refuse = async (err: { status: number; message: string }, traceback?: string) => {
    await recordRefusal(db, op.id, { status: err.status, message: err.message });
    await finishEvent(db, ev.id, 'Error', traceback ?? err.message);
  };
  if (!inst || inst.deleted || !inst.host) return refuse(instanceNotFound(op.instance_uuid ?? ''));
  const host = inst.host;
  let vif = await findVif(db, op.id);
  if (!vif) {
    try {
      vif = await allocateInterface(x.rt.store, { instance: inst, host, vifId: op.id, req: p });
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
      instanceUuid: inst.uuid, operationId: op.id, portIds: [vif.port_id], since: op.created_at, failMessage: interfaceAttachFailed(inst.uuid).message,
    });
  } catch (e) {
    // nova: _deallocate_port_for_instance, then InterfaceAttachFailed
    await x.driver.unplugVif(host, inst.uuid, vif.port_id).catch(() => undefined);
    await releaseInterface(x.rt.store, vif);
    return refuse(interfaceAttachFailed(inst.uuid), e instanceof VifPlugFailed ? e.details : errorText(e));
  }
  await finishEvent(db, ev.id, 'Success');
}

export async function executeDetachInterface(x: ExecContext, op: OperationsTable): Promise<void> {
  const db = x.rt.store.db;
  const p = JSON.parse(op.payload) as { actionId: string; portId: string };
  const inst = await findInstance(db, op.instance_uuid ?? '');
  const ev = await startEvent(db, p.actionId, 'compute_detach_interface', inst?.host ?? op.host);
  if (!inst || inst.deleted) return finishEvent(db, ev.id, 'Error', instanceNotFound(op.instance_uuid ?? '').message);
  const vif = await findVifOfPort(db, inst.uuid, p.portId);
  if (!vif) return finishEvent(db, ev.id, 'Error', portNotAttached(p.portId).message);
  try {
    if (inst.host) await x.driver.unplugVif(inst.host, inst.uuid, vif.port_id);
  } catch (e) {
    // nova: InterfaceDetachFailed; the interface stays attached
    return finishEvent(db, ev.id, 'Error', `Failed to detach network adapter device from ${inst.uuid}\n${errorText(e)}`);
  }
  // a concurrent detach of the same port released it first: this one found nothing to do
  if (!(await releaseInterface(x.rt.store, vif))) return finishEvent(db, ev.id, 'Error', portNotAttached(p.portId).message);
  // Neutron's notifications for the released port (deleted when compute made it, else unbound)
  const announce = vif.created_by_compute ? announceVifsDeleted : announceVifsUnplugged;
  await announce(x.rt, inst.uuid, [vif.port_id]).catch((e: unknown) => x.rt.log.warn({ err: e }, 'port release not announced'));
  await finishEvent(db, ev.id, 'Success');
}

/**
 * An attach that will never finish (the agent kept dying mid-way, or its host is down): the
 * caller was told it failed, so give back whatever the attempts allocated (the interface row
 * carries the operation's id). A detach needs nothing: the interface simply stays.
 */
export async function settleInterfaceOperation(x: ExecContext, op: OperationsTable, inst: InstancesTable, cause: SettleCause): Promise<void> {
  if (op.kind !== 'attach_interface') return;
  const vif = await findVif(x.rt.store.db, op.id);
  if (!vif) return;
  if (inst.host && !cause.hostDown) await x.driver.unplugVif(inst.host, inst.uuid, vif.port_id).catch(() => undefined);
  await releaseInterface(x.rt.store, vif);
}
