/**
 * Volume attach and detach on the compute host (nova/compute/manager.py attach_volume /
 * detach_volume, each in its compute_<name> instance event). Attach: connect the reserved Cinder
 * attachment with this host's connector (→ attaching), plug it into the guest, complete it
 * (→ in-use). Detach: unplug, then the mapping and its attachment go (→ available). Each step
 * acts only on the status the previous left, so a recovered operation finishes the job.
 */
import type { OperationRow } from '../../operations/claim.js';
import type { SettleCause } from '../../operations/registry.js';
import { finishStep, loadInstance, startStep, type InstanceRow } from '../../services/compute/instance-lifecycle.js';
import {
  completeMapping,
  connectMapping,
  findMapping,
  releaseMappingById,
  rollDetaching,
} from '../../services/compute/volume-attach-service.js';
import { errorText, type ExecContext } from './common.js';

interface VolumeOpPayload {
  actionId: string;
  bdmUuid: string;
}

const payloadOf = (op: OperationRow): VolumeOpPayload => JSON.parse(op.payload) as VolumeOpPayload;

async function deviceOf(x: ExecContext, bdmUuid: string): Promise<string> {
  return (await findMapping(x.rt, bdmUuid))?.device_name ?? '';
}

export async function executeAttachVolume(x: ExecContext, op: OperationRow): Promise<void> {
  const p = payloadOf(op);
  const inst = await loadInstance(x.rt, op.instance_uuid ?? '');
  const ev = await startStep(x.rt, p.actionId, 'compute_attach_volume', inst?.host ?? op.host);
  if (!inst || inst.deleted || !inst.host) {
    // the server went first: its delete gave the volume back
    await releaseMappingById(x.rt, p.bdmUuid);
    return finishStep(x.rt, ev, 'Error', `Instance ${op.instance_uuid ?? ''} could not be found.`);
  }
  try {
    if ((await connectMapping(x.rt, p.bdmUuid, inst.host)) === 'gone')
      return finishStep(x.rt, ev, 'Error', 'The volume mapping was removed before the attach finished.');
    await x.driver.attachVolume(inst.host, inst.uuid, await deviceOf(x, p.bdmUuid));
    if ((await completeMapping(x.rt, p.bdmUuid)) === 'gone')
      return finishStep(x.rt, ev, 'Error', 'The volume mapping was removed before the attach finished.');
  } catch (e) {
    // nova: the attach failed; the mapping and the Cinder attachment are removed
    await releaseMappingById(x.rt, p.bdmUuid);
    return finishStep(x.rt, ev, 'Error', errorText(e));
  }
  await finishStep(x.rt, ev, 'Success');
}

export async function executeDetachVolume(x: ExecContext, op: OperationRow): Promise<void> {
  const p = payloadOf(op);
  const inst = await loadInstance(x.rt, op.instance_uuid ?? '');
  const ev = await startStep(x.rt, p.actionId, 'compute_detach_volume', inst?.host ?? op.host);
  const bdm = await findMapping(x.rt, p.bdmUuid);
  try {
    if (bdm && inst?.host) await x.driver.detachVolume(inst.host, inst.uuid, bdm.device_name);
  } catch (e) {
    // nova: DeviceDetachFailed; the volume stays attached
    await rollDetaching(x.rt, p.bdmUuid);
    return finishStep(x.rt, ev, 'Error', errorText(e));
  }
  const gone = await releaseMappingById(x.rt, p.bdmUuid);
  if (!gone) return finishStep(x.rt, ev, 'Error', 'The volume mapping was already removed.');
  await finishStep(x.rt, ev, 'Success');
}

/**
 * An attach that will never finish: the caller was told 200, so the mapping and the attachment
 * go and the volume is available again (what Nova's failed attach leaves). A detach that will
 * never finish rolls back: the volume stays attached (roll_detaching).
 */
export async function settleVolumeOperation(
  x: ExecContext,
  op: OperationRow,
  _inst: InstanceRow,
  _cause: SettleCause,
): Promise<void> {
  const p = payloadOf(op);
  if (op.kind === 'attach_volume') await releaseMappingById(x.rt, p.bdmUuid);
  else await rollDetaching(x.rt, p.bdmUuid);
}
