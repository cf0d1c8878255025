/**
 * shelve / shelve offload / unshelve on the compute hosts (nova/compute/manager.py
 * _shelve_instance, _shelve_offload_instance, _unshelve_instance; conductor unshelve_instance
 * for the scheduling of an offloaded server). Every step is a conditional write of the task the
 * previous one left, so a recovered operation resumes at the step the last attempt reached and
 * a racing delete wins.
 */
import { PowerState, TaskState, VmState } from '../../domain/instances/states.js';
import type { OperationRow } from '../../operations/claim.js';
import type { SettleCause } from '../../operations/registry.js';
import { pickHost } from '../../services/compute/compute-host-service.js';
import {
  finishStep,
  loadInstance,
  startStep,
  transition,
  type InstanceRow,
} from '../../services/compute/instance-lifecycle.js';
import { SHELVE_TASKS, deleteShelvedImage, placeUnshelve } from '../../services/compute/shelve-service.js';
import { discardSnapshot, snapshotImage, uploadSnapshot } from '../../services/compute/snapshot-service.js';
import {
  SHELVED_KEYS_CLEARED,
  mergedSystemMetadata,
  systemMetadataOf,
} from '../../services/compute/system-metadata.js';
import { bindInstancePortsTo, instanceInterfaces } from '../../services/network/port-binding.js';
import { errorText, guestSpec, HandBack, nowIso, type ExecContext } from './common.js';

const NO_VALID_HOST = 'No valid host was found. There are not enough hosts available.';

interface ShelvePayload {
  actionId: string;
  imageId?: string;
  /** unshelve (2.91): the host an admin asked for */
  host?: string | null;
}
const payload = (op: OperationRow) => JSON.parse(op.payload) as ShelvePayload;

/** the guest stopped (a paused or suspended one too); a guest the host no longer has needs nothing */
async function powerOffGuest(x: ExecContext, host: string, uuid: string): Promise<void> {
  const info = x.driver.getInfo(host, uuid);
  if (info && info.powerState !== PowerState.SHUTDOWN) await x.driver.powerOff(host, uuid, false);
}

export async function executeShelve(x: ExecContext, op: OperationRow): Promise<void> {
  const p = payload(op);
  const imageId = p.imageId ?? '';
  let inst = await loadInstance(x.rt, op.instance_uuid ?? '');
  if (!inst || inst.deleted || !inst.host) return await discardSnapshot(x.rt, imageId);
  const host = inst.host;
  // an attempt that stopped after SHELVED (offloading under way) only has the offload left
  if (inst.task_state === TaskState.SHELVING_OFFLOADING) return await offload(x, inst, p.actionId, null);
  if (inst.task_state === null || !SHELVE_TASKS.includes(inst.task_state)) return;
  const ev = await startStep(x.rt, p.actionId, 'compute_shelve_instance', host);
  const step = (from: string[], task: string) =>
    transition(x.rt, inst!.uuid, { fromTaskStates: from }, { task_state: task, updated_at: nowIso(x) });
  try {
    const image = await snapshotImage(x.rt, imageId);
    if (!image) throw new Error(`Image ${imageId} could not be found.`);
    // _power_off_instance (a paused guest without a clean shutdown), then the driver's snapshot
    await powerOffGuest(x, host, inst.uuid);
    if (!(await step(SHELVE_TASKS, TaskState.SHELVING_IMAGE_PENDING_UPLOAD)))
      return await finishStep(x.rt, ev, 'Success');
    const data = await x.driver.snapshot(host, inst.uuid);
    if (!(await step([TaskState.SHELVING_IMAGE_PENDING_UPLOAD], TaskState.SHELVING_IMAGE_UPLOADING)))
      return await finishStep(x.rt, ev, 'Success');
    await uploadSnapshot(x.rt, imageId, data);
    const offloadNow = x.rt.config.compute.shelvedOffloadTime === 0;
    const cur = (await loadInstance(x.rt, inst.uuid)) ?? inst;
    const shelved = await transition(
      x.rt,
      inst.uuid,
      { fromTaskStates: [TaskState.SHELVING, TaskState.SHELVING_IMAGE_UPLOADING] },
      {
        vm_state: VmState.SHELVED,
        task_state: offloadNow ? TaskState.SHELVING_OFFLOADING : null,
        power_state: x.driver.getInfo(host, inst.uuid)?.powerState ?? PowerState.SHUTDOWN,
        system_metadata: mergedSystemMetadata(cur, {
          shelved_at: nowIso(x),
          shelved_image_id: imageId,
          shelved_host: host,
        }),
        updated_at: nowIso(x),
      },
    );
    if (!shelved) return await finishStep(x.rt, ev, 'Success');
    inst = shelved;
    if (offloadNow) await offload(x, inst, p.actionId, ev);
    else await finishStep(x.rt, ev, 'Success');
  } catch (e) {
    // reverts_task_state: the task cleared, the server stays where it was (its guest as the hypervisor says)
    await transition(
      x.rt,
      inst.uuid,
      { fromTaskStates: SHELVE_TASKS },
      {
        task_state: null,
        power_state: x.driver.getInfo(host, inst.uuid)?.powerState ?? PowerState.NOSTATE,
        updated_at: nowIso(x),
      },
    );
    await discardSnapshot(x.rt, imageId);
    await finishStep(x.rt, ev, 'Error', errorText(e));
  }
}

/**
 * _shelve_offload_instance: the guest powered off and destroyed, its ports unbound, then
 * SHELVED_OFFLOADED with host, node and zone cleared (usageByHost no longer counts it). Called
 * inside a shelve's event (`ev`) or as its own compute_shelve_offload_instance step.
 */
async function offload(x: ExecContext, inst: InstanceRow, actionId: string, ev: string | null): Promise<void> {
  const host = inst.host ?? '';
  const step = ev ?? (await startStep(x.rt, actionId, 'compute_shelve_offload_instance', host));
  const tasks = [TaskState.SHELVING_OFFLOADING, TaskState.SHELVING];
  try {
    await powerOffGuest(x, host, inst.uuid);
    await bindInstancePortsTo(x.rt, inst.uuid, '');
    await x.driver.destroy(host, inst.uuid);
    await transition(
      x.rt,
      inst.uuid,
      { fromTaskStates: tasks },
      {
        vm_state: VmState.SHELVED_OFFLOADED,
        task_state: null,
        power_state: PowerState.SHUTDOWN,
        host: null,
        node: null,
        availability_zone: null,
        updated_at: nowIso(x),
      },
    );
    await finishStep(x.rt, step, 'Success');
  } catch (e) {
    await transition(x.rt, inst.uuid, { fromTaskStates: tasks }, { task_state: null, updated_at: nowIso(x) });
    await finishStep(x.rt, step, 'Error', errorText(e));
  }
}

export async function executeShelveOffload(x: ExecContext, op: OperationRow): Promise<void> {
  const inst = await loadInstance(x.rt, op.instance_uuid ?? '');
  if (!inst || inst.deleted || !inst.host) return;
  // shelve of a volume-backed server (SHELVING) or shelveOffload of a SHELVED one
  if (inst.task_state !== TaskState.SHELVING_OFFLOADING && inst.task_state !== TaskState.SHELVING) return;
  if (inst.task_state === TaskState.SHELVING) {
    const r = await transition(
      x.rt,
      inst.uuid,
      { fromTaskStates: [TaskState.SHELVING] },
      {
        vm_state: VmState.SHELVED,
        task_state: TaskState.SHELVING_OFFLOADING,
        system_metadata: mergedSystemMetadata(inst, { shelved_at: nowIso(x), shelved_host: inst.host }),
        updated_at: nowIso(x),
      },
    );
    if (!r) return;
    return await offload(x, r, payload(op).actionId, null);
  }
  await offload(x, inst, payload(op).actionId, null);
}

/**
 * unshelve: a SHELVED server powers on where it is; an offloaded one is scheduled (the requested
 * host, or one of this agent's hosts with room in the server's zone), bound with the operation to
 * that host, its ports bound there and its guest spawned from the shelved image. Either way the
 * image is deleted and the shelve keys leave the system metadata.
 */
export async function executeUnshelve(x: ExecContext, op: OperationRow): Promise<void> {
  const p = payload(op);
  let inst = await loadInstance(x.rt, op.instance_uuid ?? '');
  if (!inst || inst.deleted) return;
  const imageId = systemMetadataOf(inst).shelved_image_id;
  if (inst.vm_state === VmState.SHELVED && inst.task_state === TaskState.UNSHELVING && inst.host) {
    const host = inst.host;
    const ev = await startStep(x.rt, p.actionId, 'compute_unshelve_instance', host);
    try {
      await x.driver.powerOn(host, inst.uuid);
      await finishUnshelve(x, inst, [TaskState.UNSHELVING]);
      await deleteShelvedImage(x.rt, imageId);
      await finishStep(x.rt, ev, 'Success');
    } catch (e) {
      await revertUnshelve(x, inst);
      await finishStep(x.rt, ev, 'Error', errorText(e));
    }
    return;
  }
  if (inst.vm_state !== VmState.SHELVED_OFFLOADED) return;
  if (inst.task_state === TaskState.UNSHELVING) {
    const ev = await startStep(x.rt, p.actionId, 'schedule_instances', null);
    const hosts = p.host ? x.hosts.filter((h) => h === p.host) : x.hosts;
    const pick = await pickHost(x.rt, hosts, inst);
    if (!pick) {
      const details = `NoValidHost: ${NO_VALID_HOST}`;
      await revertUnshelve(x, inst);
      return await finishStep(x.rt, ev, 'Error', details);
    }
    const r = await placeUnshelve(x.rt, inst.uuid, op.id, pick);
    await finishStep(x.rt, ev, 'Success');
    if (!r) return;
    inst = r;
  }
  if (inst.task_state !== TaskState.SPAWNING || !inst.host) return;
  if (!x.hosts.includes(inst.host)) throw new HandBack(inst.host);
  const host = inst.host;
  const ev = await startStep(x.rt, p.actionId, 'compute_unshelve_instance', host);
  try {
    await bindInstancePortsTo(x.rt, inst.uuid, host);
    await x.driver.spawn(host, guestSpec(inst));
    for (const v of await instanceInterfaces(x.rt, inst.uuid)) await x.driver.plugVif(host, inst.uuid, v.port_id);
    await finishUnshelve(x, inst, [TaskState.SPAWNING]);
    await deleteShelvedImage(x.rt, imageId);
    await finishStep(x.rt, ev, 'Success');
  } catch (e) {
    await x.driver.destroy(host, inst.uuid).catch(() => undefined);
    await revertUnshelve(x, inst);
    await finishStep(x.rt, ev, 'Error', errorText(e));
  }
}

async function finishUnshelve(x: ExecContext, inst: InstanceRow, from: string[]): Promise<void> {
  const cur = (await loadInstance(x.rt, inst.uuid)) ?? inst;
  await transition(
    x.rt,
    inst.uuid,
    { fromTaskStates: from },
    {
      vm_state: VmState.ACTIVE,
      task_state: null,
      power_state: PowerState.RUNNING,
      system_metadata: mergedSystemMetadata(cur, SHELVED_KEYS_CLEARED),
      updated_at: nowIso(x),
    },
  );
}

/**
 * an unshelve that cannot go on: the task cleared (reverts_task_state); an offloaded server
 * leaves the host it was being spawned on (_nil_out_instance_obj_host_and_node), its ports unbound
 */
async function revertUnshelve(x: ExecContext, inst: InstanceRow): Promise<void> {
  const tasks = [TaskState.UNSHELVING, TaskState.SPAWNING];
  if (inst.vm_state === VmState.SHELVED_OFFLOADED) {
    await bindInstancePortsTo(x.rt, inst.uuid, '').catch(() => undefined);
    await transition(
      x.rt,
      inst.uuid,
      { fromVmStates: [VmState.SHELVED_OFFLOADED], fromTaskStates: tasks },
      { task_state: null, host: null, node: null, availability_zone: null, updated_at: nowIso(x) },
    );
  } else await transition(x.rt, inst.uuid, { fromTaskStates: tasks }, { task_state: null, updated_at: nowIso(x) });
}

/** a shelve that will never finish: the task cleared, the unfinished image deleted (a half offload is finished) */
export async function settleShelve(
  x: ExecContext,
  op: OperationRow,
  inst: InstanceRow,
  cause: SettleCause,
): Promise<void> {
  if (inst.task_state === TaskState.SHELVING_OFFLOADING) return settleShelveOffload(x, op, inst, cause);
  await transition(x.rt, inst.uuid, { fromTaskStates: SHELVE_TASKS }, { task_state: null, updated_at: nowIso(x) });
  await discardSnapshot(x.rt, payload(op).imageId ?? '');
}

/** an offload that will never run: the server stays SHELVED on its host, the task cleared */
export async function settleShelveOffload(
  x: ExecContext,
  _op: OperationRow,
  inst: InstanceRow,
  _cause: SettleCause,
): Promise<void> {
  await transition(
    x.rt,
    inst.uuid,
    { fromTaskStates: [TaskState.SHELVING_OFFLOADING, TaskState.SHELVING] },
    { vm_state: VmState.SHELVED, task_state: null, updated_at: nowIso(x) },
  );
}

/** an unshelve that will never finish: back to where the server was shelved */
export async function settleUnshelve(
  x: ExecContext,
  _op: OperationRow,
  inst: InstanceRow,
  cause: SettleCause,
): Promise<void> {
  if (inst.vm_state === VmState.SHELVED_OFFLOADED && inst.host && !cause.hostDown)
    await x.driver.destroy(inst.host, inst.uuid).catch(() => undefined);
  await revertUnshelve(x, inst);
}
