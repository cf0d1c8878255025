/**
 * Build: schedule onto one of this agent's hosts, then networking → spawning → ACTIVE
 * (nova/conductor/manager.py schedule_and_build_instances, nova/compute/manager.py
 * _do_build_and_run_instance). Every write is conditional on the task_state this step expects,
 * so a delete that lands meanwhile wins and the build stops.
 */
import { PowerState, TaskState, VmState } from '../../domain/instances/states.js';
import type { OperationRow } from '../../operations/claim.js';
import type { SettleCause } from '../../operations/registry.js';
import { placeBuild } from '../../services/compute/group-placement.js';
import {
  finishStep,
  loadInstance,
  startStep,
  transition,
  type InstanceRow,
} from '../../services/compute/instance-lifecycle.js';
import { allocateNetworks, deallocateNetworks, plugVifs } from './networking.js';
import { waitForVifPlugged } from '../../services/compute/event-waits.js';
import {
  completeMapping,
  connectMapping,
  prepareServerVolumes,
  releaseServerVolumesNow,
} from '../../services/compute/volume-attach-service.js';
import {
  errorMessage,
  errorText,
  faultJson,
  guestSpec,
  nowIso,
  payloadOf,
  type ExecContext,
  HandBack,
} from './common.js';

const NO_VALID_HOST = 'No valid host was found. There are not enough hosts available.';

export async function executeBuild(x: ExecContext, op: OperationRow): Promise<void> {
  const { actionId } = payloadOf(op);
  let inst = await loadInstance(x.rt, op.instance_uuid ?? '');
  if (!inst || inst.deleted || inst.vm_state !== VmState.BUILDING) return;

  if (inst.task_state === TaskState.SCHEDULING) {
    // the host and the operation's binding commit together: from here on only that host's agent
    // may continue this build (a crash after this point resumes there, never on another host)
    const placement = await placeBuild(x.rt, x.hosts, inst, op.id, {
      task_state: TaskState.NETWORKING,
      updated_at: nowIso(x),
    });
    if ('noValidHost' in placement) {
      const ev = await startStep(x.rt, actionId, 'conductor_schedule_and_build_instances', null);
      const details = `NoValidHost: ${NO_VALID_HOST} (${placement.noValidHost ?? `no host among ${x.hosts.join(', ')} has ${inst.vcpus} vCPU, ${inst.memory_mb} MB RAM and ${inst.root_gb} GB disk free${inst.requested_availability_zone ? ` in availability zone ${inst.requested_availability_zone}` : ''}`})`;
      await transition(
        x.rt,
        inst.uuid,
        { fromVmStates: [VmState.BUILDING], fromTaskStates: [TaskState.SCHEDULING] },
        {
          vm_state: VmState.ERROR,
          task_state: null,
          fault: faultJson(x, 500, NO_VALID_HOST, details),
          updated_at: nowIso(x),
        },
      );
      await finishStep(x.rt, ev, 'Error', details);
      return;
    }
    const r = placement.placed;
    if (!r) return; // deleted (or otherwise taken over) while we scheduled
    inst = r;
  }
  // resumed after a restart mid-build: carry on from networking/spawning on the chosen host. The
  // agent hands foreign rows back before running them (ComputeAgent.foreignHost), so another host here means
  // the row was mis-bound: hand it to that host instead of calling it done
  if (!inst.host) throw new Error(`Instance ${inst.uuid} left scheduling without a host`);
  if (!x.hosts.includes(inst.host)) throw new HandBack(inst.host);
  const host = inst.host;
  const ev = await startStep(x.rt, actionId, 'compute__do_build_and_run_instance', host);
  if (inst.fault !== null) {
    // the process stopped while a failed build was cleaning up: finish failing it
    return await failBuild(
      x,
      inst,
      host,
      ev,
      inst.fault,
      'The build had already failed when the compute agent stopped; cleanup finished after the restart.',
    );
  }
  const guard = (task: string) => ({ fromVmStates: [VmState.BUILDING], fromTaskStates: [task] });
  try {
    if (inst.task_state === TaskState.NETWORKING) {
      await allocateNetworks(x, inst, host);
      const r = await transition(x.rt, inst.uuid, guard(TaskState.NETWORKING), {
        task_state: TaskState.SPAWNING,
        updated_at: nowIso(x),
      });
      if (!r) return await abandon(x, inst, host, ev);
      inst = r;
    }
    if (inst.task_state !== TaskState.SPAWNING) return await abandon(x, inst, host, ev);
    // _prep_block_device: the server's volumes are made and reserved before the guest starts
    const mappings = await prepareServerVolumes(x.rt, inst);
    await x.driver.spawn(host, guestSpec(inst));
    // then each is connected with this host's connector, plugged into the guest and completed
    // (reserved → attaching → in-use); a recovered build picks up at the status it finds
    for (const bdm of mappings) {
      if ((await connectMapping(x.rt, bdm.uuid, host)) === 'gone') continue;
      await x.driver.attachVolume(host, inst.uuid, bdm.device_name);
      await completeMapping(x.rt, bdm.uuid);
    }
    const ports = await plugVifs(x, inst, host);
    // nova/virt/libvirt/driver.py _create_guest_with_network: wait for network-vif-plugged per port
    await waitForVifPlugged(x.rt, {
      instanceUuid: inst.uuid,
      operationId: op.id,
      portIds: ports,
      since: op.created_at,
      failMessage: 'Failed to allocate the network(s), not rescheduling.',
    });
    const now = nowIso(x);
    const done = await transition(x.rt, inst.uuid, guard(TaskState.SPAWNING), {
      vm_state: VmState.ACTIVE,
      task_state: null,
      power_state: PowerState.RUNNING,
      launched_at: now,
      updated_at: now,
      progress: 0,
    });
    if (!done) return await abandon(x, inst, host, ev);
    await finishStep(x.rt, ev, 'Success');
  } catch (e) {
    await failBuild(
      x,
      inst,
      host,
      ev,
      faultJson(x, 500, `Build of instance ${inst.uuid} aborted: ${errorMessage(e)}`, errorText(e)),
      errorText(e),
    );
  }
}

/**
 * nova's order after a failed build: clean up the guest and the networks first, then ERROR, so a
 * client that sees ERROR can reuse the ports at once. The fault is written before the cleanup:
 * a restart in between finds it and finishes the failure instead of building again.
 */
async function failBuild(
  x: ExecContext,
  inst: InstanceRow,
  host: string,
  eventId: string,
  fault: string,
  reason: string,
): Promise<void> {
  const building = { fromVmStates: [VmState.BUILDING], fromTaskStates: [TaskState.NETWORKING, TaskState.SPAWNING] };
  await transition(x.rt, inst.uuid, building, { fault, updated_at: nowIso(x) });
  await x.driver.destroy(host, inst.uuid).catch(() => undefined);
  // like nova's _cleanup_allocated_networks after a failed build
  await deallocateNetworks(x, inst).catch(() => undefined);
  // _cleanup_volumes: attachments go, volumes marked delete_on_termination are deleted
  await releaseServerVolumesNow(x.rt, inst.uuid, null).catch(() => undefined);
  await transition(x.rt, inst.uuid, building, {
    vm_state: VmState.ERROR,
    task_state: null,
    power_state: PowerState.NOSTATE,
    updated_at: nowIso(x),
  });
  await finishStep(x.rt, eventId, 'Error', reason);
}

/** the instance left the build path (a delete won): drop any guest we made and say why */
async function abandon(x: ExecContext, inst: InstanceRow, host: string, eventId: string): Promise<void> {
  await x.driver.destroy(host, inst.uuid).catch(() => undefined);
  await deallocateNetworks(x, inst).catch(() => undefined);
  await finishStep(x.rt, eventId, 'Error', `Instance ${inst.uuid} was deleted during the build`);
}

/**
 * A build that will never finish (attempts exhausted, or its host is down): ERROR with a fault and
 * the ports given back (nova's _cleanup_allocated_networks). The guest is only unplugged when its
 * host is still there to do it. A build that never left scheduling just goes to ERROR.
 */
export async function settleBuild(
  x: ExecContext,
  _op: OperationRow,
  inst: InstanceRow,
  cause: SettleCause,
): Promise<void> {
  const failed = await transition(
    x.rt,
    inst.uuid,
    {
      fromVmStates: [VmState.BUILDING],
      fromTaskStates: [TaskState.SCHEDULING, TaskState.NETWORKING, TaskState.SPAWNING],
    },
    {
      vm_state: VmState.ERROR,
      task_state: null,
      power_state: PowerState.NOSTATE,
      fault: faultJson(x, 500, cause.reason, cause.reason),
      updated_at: nowIso(x),
    },
  );
  if (failed) {
    await deallocateNetworks(x, failed, { unplug: !cause.hostDown }).catch(() => undefined);
    await releaseServerVolumesNow(x.rt, inst.uuid, null).catch(() => undefined);
  }
}
