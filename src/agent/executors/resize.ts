/**
 * Resize on the compute hosts (nova/compute/manager.py prep_resize → resize_instance →
 * finish_resize; confirm_resize; revert_resize → finish_revert_resize), on the fake driver.
 * Every step is a conditional write of the instance's task together with the migration's status,
 * so a recovered operation resumes at the step the last attempt reached. The source guest is
 * powered off, not destroyed, until the resize is confirmed (a revert starts it again); a resize
 * onto the same host rebuilds the guest in place.
 */
import { PowerState, TaskState, VmState } from '../../domain/instances/states.js';
import type { OperationRow } from '../../operations/claim.js';
import type { SettleCause } from '../../operations/registry.js';
import { pickHost } from '../../services/compute/compute-host-service.js';
import { finishStep, loadInstance, startStep, type InstanceRow } from '../../services/compute/instance-lifecycle.js';
import {
  RESIZE_TASKS,
  failMigration,
  flavorColumns,
  flavorOf,
  loadMigration,
  migrationStep,
  type MigrationRow,
} from '../../services/compute/resize-service.js';
import { instanceInterfaces, moveInstancePorts } from '../../services/network/port-binding.js';
import { errorText, faultJson, guestSpec, type ExecContext } from './common.js';

interface MigrationPayload {
  actionId: string;
  migrationId: string;
}
const payload = (op: OperationRow): MigrationPayload => JSON.parse(op.payload) as MigrationPayload;

const NO_VALID_HOST = 'No valid host was found. There are not enough hosts available.';

const specFor = (inst: InstanceRow, flavorJson: string) => {
  const f = flavorOf(flavorJson);
  return guestSpec({
    uuid: inst.uuid,
    display_name: inst.display_name,
    vcpus: f.vcpus,
    memory_mb: f.ram,
    root_gb: f.disk,
  });
};

/** the vm_state a resize returns to (a stopped instance stays off) */
const restingState = (mig: MigrationRow) =>
  mig.was_stopped
    ? { vm_state: VmState.STOPPED, power_state: PowerState.SHUTDOWN }
    : { vm_state: VmState.ACTIVE, power_state: PowerState.RUNNING };

async function load(x: ExecContext, op: OperationRow) {
  const p = payload(op);
  const inst = await loadInstance(x.rt, op.instance_uuid ?? '');
  const mig = await loadMigration(x.rt, p.migrationId);
  if (!inst || inst.deleted || !mig) return null;
  return { p, inst, mig };
}

/** a step that cannot go on: the instance back where it was (InstanceFaultRollback), the migration in error */
async function rollBack(x: ExecContext, inst: InstanceRow, mig: MigrationRow, fault: string | null): Promise<void> {
  if (mig.source_compute) await moveInstancePorts(x.rt, inst.uuid, mig.source_compute);
  await migrationStep(
    x.rt,
    { uuid: inst.uuid, guard: { fromTaskStates: RESIZE_TASKS } },
    {
      ...restingState(mig),
      ...flavorColumns(mig.old_flavor),
      host: mig.source_compute,
      node: mig.source_node,
      availability_zone: mig.old_az,
      task_state: null,
      ...(fault ? { fault } : {}),
    },
    { uuid: mig.uuid, from: ['pre-migrating', 'migrating', 'post-migrating'], patch: { status: 'error' } },
  );
}

export async function executeResize(x: ExecContext, op: OperationRow): Promise<void> {
  const l = await load(x, op);
  if (!l) return;
  let { inst, mig } = l;
  if (inst.task_state === null || !RESIZE_TASKS.includes(inst.task_state)) return;
  const source = mig.source_compute ?? inst.host ?? '';
  const newF = flavorOf(mig.new_flavor);

  if (inst.task_state === TaskState.RESIZE_PREP) {
    const ev = await startStep(x.rt, l.p.actionId, 'compute_prep_resize', source);
    // the libvirt driver refuses to shrink a disk (migrate_disk_and_power_off: ResizeError)
    if (newF.disk < inst.root_gb) {
      const msg = 'Resize error: Unable to resize disk down.';
      await rollBack(x, inst, mig, faultJson(x, 500, msg, msg));
      return await finishStep(x.rt, ev, 'Error', msg);
    }
    // the scheduler: another host with room first; allow_resize_to_same_host (devstack: true) after
    const want = { vcpus: newF.vcpus, memory_mb: newF.ram, root_gb: newF.disk };
    const az = inst.requested_availability_zone;
    // a cold migration's destination was chosen by the scheduler when it was asked for
    const preset =
      mig.migration_type === 'migration' && mig.dest_compute && x.hosts.includes(mig.dest_compute)
        ? { host: mig.dest_compute, node: mig.dest_node ?? mig.dest_compute, az: mig.dest_az ?? '' }
        : null;
    const sameHost =
      mig.migration_type === 'resize' && inst.host && inst.node
        ? { host: inst.host, node: inst.node, az: inst.availability_zone ?? x.rt.config.compute.availabilityZone }
        : null;
    const pick =
      preset ??
      (await pickHost(
        x.rt,
        x.hosts.filter((h) => h !== source),
        { ...want, requested_availability_zone: az },
      )) ??
      sameHost;
    if (!pick) {
      await rollBack(x, inst, mig, null);
      return await finishStep(x.rt, ev, 'Error', `NoValidHost: ${NO_VALID_HOST}`);
    }
    const r = await migrationStep(
      x.rt,
      { uuid: inst.uuid, guard: { fromTaskStates: [TaskState.RESIZE_PREP] } },
      { task_state: TaskState.RESIZE_MIGRATING },
      {
        uuid: mig.uuid,
        from: ['pre-migrating'],
        patch: { status: 'migrating', dest_compute: pick.host, dest_node: pick.node, dest_az: pick.az },
      },
    );
    await finishStep(x.rt, ev, 'Success');
    if (!r) return;
    inst = r;
    mig = (await loadMigration(x.rt, mig.uuid)) ?? mig;
  }
  const dest = mig.dest_compute ?? source;
  const ev = await startStep(x.rt, l.p.actionId, 'compute_resize_instance', source);
  try {
    if (inst.task_state === TaskState.RESIZE_MIGRATING) {
      // migrate_disk_and_power_off: the source guest stops (kept for a revert), or goes when the host is the same
      if (dest === source) await x.driver.destroy(source, inst.uuid);
      else if (x.driver.getInfo(source, inst.uuid)) await x.driver.powerOff(source, inst.uuid, false);
      const r = await migrationStep(
        x.rt,
        { uuid: inst.uuid, guard: { fromTaskStates: [TaskState.RESIZE_MIGRATING] } },
        { task_state: TaskState.RESIZE_MIGRATED, power_state: PowerState.SHUTDOWN },
        { uuid: mig.uuid, from: ['migrating'], patch: { status: 'post-migrating' } },
      );
      if (!r) return await finishStep(x.rt, ev, 'Success');
      inst = r;
    }
    if (inst.task_state === TaskState.RESIZE_MIGRATED) {
      // finish_resize: the instance now lives on the destination with the new flavor
      const r = await migrationStep(
        x.rt,
        { uuid: inst.uuid, guard: { fromTaskStates: [TaskState.RESIZE_MIGRATED] } },
        {
          task_state: TaskState.RESIZE_FINISH,
          host: dest,
          node: mig.dest_node ?? dest,
          availability_zone: mig.dest_az ?? inst.availability_zone,
          ...flavorColumns(mig.new_flavor),
        },
        { uuid: mig.uuid, from: ['post-migrating'], patch: {} },
      );
      if (!r) return await finishStep(x.rt, ev, 'Success');
      inst = r;
    }
    if (inst.task_state !== TaskState.RESIZE_FINISH) return await finishStep(x.rt, ev, 'Success');
    // migrate_instance_finish: the ports are bound to the destination before the guest plugs them
    await moveInstancePorts(x.rt, inst.uuid, dest);
    await x.driver.spawn(dest, specFor(inst, mig.new_flavor));
    for (const v of await instanceInterfaces(x.rt, inst.uuid)) await x.driver.plugVif(dest, inst.uuid, v.port_id);
    if (mig.was_stopped) await x.driver.powerOff(dest, inst.uuid, false);
    await migrationStep(
      x.rt,
      { uuid: inst.uuid, guard: { fromTaskStates: [TaskState.RESIZE_FINISH] } },
      {
        vm_state: VmState.RESIZED,
        task_state: null,
        power_state: mig.was_stopped ? PowerState.SHUTDOWN : PowerState.RUNNING,
      },
      { uuid: mig.uuid, from: ['post-migrating'], patch: { status: 'finished' } },
    );
    await finishStep(x.rt, ev, 'Success');
  } catch (e) {
    await finishStep(x.rt, ev, 'Error', errorText(e));
    throw e;
  }
}

/** a resize that will never finish: back on the source with the old flavor, the migration in error */
export async function settleResize(
  x: ExecContext,
  op: OperationRow,
  inst: InstanceRow,
  cause: SettleCause,
): Promise<void> {
  const mig = await loadMigration(x.rt, payload(op).migrationId);
  if (!mig || mig.status === 'finished') return;
  if (!cause.hostDown && mig.source_compute) {
    try {
      if (mig.dest_compute && mig.dest_compute !== mig.source_compute)
        await x.driver.destroy(mig.dest_compute, inst.uuid);
      await x.driver.spawn(mig.source_compute, specFor(inst, mig.old_flavor));
      if (mig.was_stopped) await x.driver.powerOff(mig.source_compute, inst.uuid, false);
    } catch {
      // the hypervisor state is reported by the next power sync; the store is put right below
    }
  }
  await rollBack(x, inst, mig, faultJson(x, 500, 'Resize error', cause.reason));
  await failMigration(x.rt, mig.uuid);
}

/** confirm_resize: the source guest goes; ACTIVE (or SHUTOFF) with the new flavor */
export async function executeConfirmResize(x: ExecContext, op: OperationRow): Promise<void> {
  const l = await load(x, op);
  if (!l || l.mig.status !== 'confirming') return;
  const { inst, mig } = l;
  const ev = await startStep(x.rt, l.p.actionId, 'compute_confirm_resize', mig.source_compute);
  if (mig.source_compute && mig.source_compute !== mig.dest_compute)
    await x.driver.destroy(mig.source_compute, inst.uuid);
  await finishConfirm(x, inst, mig);
  await finishStep(x.rt, ev, 'Success');
}

async function finishConfirm(x: ExecContext, inst: InstanceRow, mig: MigrationRow): Promise<void> {
  const { vm_state } = restingState(mig);
  await migrationStep(
    x.rt,
    { uuid: inst.uuid, guard: { fromVmStates: [VmState.RESIZED] } },
    { vm_state, task_state: null },
    { uuid: mig.uuid, from: ['confirming'], patch: { status: 'confirmed' } },
  );
}

/** a confirm is bookkeeping once the guest runs on the destination: finish it in the store */
export async function settleConfirmResize(x: ExecContext, op: OperationRow, inst: InstanceRow): Promise<void> {
  const mig = await loadMigration(x.rt, payload(op).migrationId);
  if (mig?.status === 'confirming') await finishConfirm(x, inst, mig);
}

/** revert_resize on the destination, finish_revert_resize on the source: the old flavor and host again */
export async function executeRevertResize(x: ExecContext, op: OperationRow): Promise<void> {
  const l = await load(x, op);
  if (!l || l.mig.status !== 'reverting' || l.inst.task_state !== TaskState.RESIZE_REVERTING) return;
  const { inst, mig } = l;
  const source = mig.source_compute ?? inst.host ?? '';
  const dest = mig.dest_compute ?? source;
  const ev1 = await startStep(x.rt, l.p.actionId, 'compute_revert_resize', dest);
  if (dest !== source) await x.driver.destroy(dest, inst.uuid);
  else await x.driver.destroy(source, inst.uuid);
  await finishStep(x.rt, ev1, 'Success');
  const ev2 = await startStep(x.rt, l.p.actionId, 'compute_finish_revert_resize', source);
  await x.driver.spawn(source, specFor(inst, mig.old_flavor));
  if (mig.was_stopped) await x.driver.powerOff(source, inst.uuid, false);
  await finishRevert(x, inst, mig);
  await finishStep(x.rt, ev2, 'Success');
}

async function finishRevert(x: ExecContext, inst: InstanceRow, mig: MigrationRow): Promise<void> {
  if (mig.source_compute) await moveInstancePorts(x.rt, inst.uuid, mig.source_compute);
  await migrationStep(
    x.rt,
    { uuid: inst.uuid, guard: { fromTaskStates: [TaskState.RESIZE_REVERTING] } },
    {
      ...restingState(mig),
      ...flavorColumns(mig.old_flavor),
      host: mig.source_compute,
      node: mig.source_node,
      availability_zone: mig.old_az,
      task_state: null,
    },
    { uuid: mig.uuid, from: ['reverting'], patch: { status: 'reverted' } },
  );
}

/** a revert that will never run: the store goes back to the source (as finish_revert_resize leaves it) */
export async function settleRevertResize(
  x: ExecContext,
  op: OperationRow,
  inst: InstanceRow,
  cause: SettleCause,
): Promise<void> {
  const mig = await loadMigration(x.rt, payload(op).migrationId);
  if (mig?.status !== 'reverting') return;
  if (!cause.hostDown && mig.source_compute) {
    try {
      await x.driver.spawn(mig.source_compute, specFor(inst, mig.old_flavor));
    } catch {
      // reported by the next power sync
    }
  }
  await finishRevert(x, inst, mig);
}
