/**
 * Volumes on servers, Nova's side (nova/compute/api.py attach_volume / detach_volume, the
 * os-volume_attachments controller). An attach checks lock and state, picks the next free
 * device name, writes the block device mapping, reserves the volume in Cinder (the volume's
 * conditional UPDATE decides a race) and queues the compute agent's attach_volume, all in one
 * transaction; the agent connects and completes the Cinder attachment (reserved → attaching →
 * in-use). A detach marks the volume detaching and queues detach_volume the same way. A server
 * that is deleted gives its volumes back (or deletes those marked delete_on_termination).
 */
import type { Runtime } from '../../runtime.js';
import type { RequestContext } from '../../domain/context.js';
import type { Trx } from '../../store/database.js';
import { badRequest } from '../../domain/errors.js';
import { checkInstanceState, checkLock, invalidState } from '../../domain/instances/rules.js';
import { isDomainError } from '../../domain/errors.js';
import { newUuid } from '../../lib/ids.js';
import { enqueueOperation } from '../../operations/enqueue.js';
import { startAction } from '../../store/repositories/instance-action-repository.js';
import {
  countSnapshotsOf,
  findVolume,
  transitionVolume,
  type VolumeRow,
} from '../../store/repositories/volume-repository.js';
import {
  bdmsOfInstance,
  bdmsOfInstances,
  bdmsOfVolume,
  deleteBdm,
  findAttachment,
  findBdm,
  insertBdm,
  updateBdm,
  type BdmRow,
} from '../../store/repositories/attachment-repository.js';
import type { InstancesTable } from '../../store/tables/instances.table.js';
import {
  invalidDevicePath,
  multiattachOldMicroversion,
  novaInvalidInput,
  novaInvalidVolume,
  novaVolumeNotFound,
  tooManyDiskDevices,
  volumeNotAttachedToInstance,
} from '../../domain/volumes/attachment-errors.js';
import {
  AttachStatus,
  completeAttachment,
  connectAttachment,
  finishDetach,
  isMultiattach,
  reserveAttachment,
} from '../block-storage/attachment-service.js';
import { volumeLockKey } from '../block-storage/snapshot-service.js';
import { VolumeService } from '../block-storage/volume-service.js';
import { placeVolume } from '../block-storage/volume-backend.js';

export type { BdmRow };

/** nova/block_device.py match_device */
const DEVICE_RE = /^(\/dev\/x{0,1}[a-z]{0,1}d{0,1})([a-z]+)[0-9]*$/;
/** vda is the root disk; data volumes take vdb … vdz (libvirt's bus letters) */
const DATA_LETTERS = 'bcdefghijklmnopqrstuvwxyz';

export interface AttachVolumeRequest {
  volumeId: string;
  device: string | null;
  tag: string | null;
  deleteOnTermination: boolean;
  /** microversion 2.60+ */
  supportsMultiattach: boolean;
  /** microversion 2.20+: shelved servers take volumes */
  shelvedAllowed: boolean;
}

function nextDeviceName(used: Set<string>): string | undefined {
  for (const c of DATA_LETTERS) {
    const name = `/dev/vd${c}`;
    if (!used.has(name)) return name;
  }
  return undefined;
}

/** the host connector Nova's compute sends Cinder (os-brick's get_connector_properties) */
export function connectorFor(host: string, device: string): Record<string, unknown> {
  return {
    platform: 'x86_64',
    os_type: 'linux',
    ip: '127.0.0.1',
    host,
    multipath: false,
    initiator: `iqn.2004-10.org.stackbox:${host}`,
    do_local_attach: false,
    mountpoint: device,
  };
}

/**
 * Nova shows a mapping's volume once Cinder has one for it: a mapping whose volume the build has
 * yet to create (no attachment yet) is not listed.
 */
const hasVolume = (b: BdmRow): boolean => b.attachment_id !== null;

export class VolumeAttachService {
  constructor(private readonly rt: Runtime) {}

  private now(): string {
    return this.rt.clock().toISOString();
  }

  /** the server's volume mappings in attach order (GET …/os-volume_attachments) */
  async list(instanceUuid: string): Promise<BdmRow[]> {
    return (await bdmsOfInstance(this.rt.store.db, instanceUuid)).filter(hasVolume);
  }

  /** the mappings of many servers (the server views' volumes_attached) */
  async listFor(instanceUuids: string[]): Promise<Map<string, BdmRow[]>> {
    const all = await bdmsOfInstances(this.rt.store.db, instanceUuids);
    for (const [k, v] of all) all.set(k, v.filter(hasVolume));
    return all;
  }

  async show(inst: InstancesTable, urlServerId: string, volumeId: string): Promise<BdmRow> {
    const bdm = (await this.list(inst.uuid)).find((b) => b.volume_id === volumeId);
    if (!bdm) throw volumeNotAttachedToInstance(urlServerId, volumeId);
    return bdm;
  }

  /** the volume as the caller's token sees it in Cinder */
  private async volumeOf(ctx: RequestContext, id: string): Promise<VolumeRow> {
    const v = await findVolume(this.rt.store.db, id);
    if (!v || !(ctx.isAdmin || v.project_id === ctx.projectId)) throw novaVolumeNotFound(id);
    return v;
  }

  private checkShelved(inst: InstancesTable, allowed: boolean, action: string): void {
    if (!allowed && (inst.vm_state === 'shelved' || inst.vm_state === 'shelved_offloaded'))
      throw invalidState(action, inst.uuid, 'vm_state', inst.vm_state);
  }

  async attach(ctx: RequestContext, inst: InstancesTable, req: AttachVolumeRequest): Promise<BdmRow> {
    this.checkShelved(inst, req.shelvedAllowed, 'attach_volume');
    checkLock(inst, ctx);
    checkInstanceState('attach_volume', inst);
    if (req.device !== null && req.device !== '' && !DEVICE_RE.test(req.device)) throw invalidDevicePath(req.device);
    const v = await this.volumeOf(ctx, req.volumeId);
    const multi = await isMultiattach(this.rt.store.db, v);
    // _check_volume_already_attached
    const existing = await bdmsOfVolume(this.rt.store.db, v.id);
    if (existing.length > 0 && !multi)
      throw novaInvalidVolume(
        `volume ${v.id} is already attached to instances: ${existing.map((b) => b.instance_uuid).join(' ')}`,
      );
    if (existing.some((b) => b.instance_uuid === inst.uuid)) throw novaInvalidVolume(`volume ${v.id} already attached`);
    if (multi && !req.supportsMultiattach) throw multiattachOldMicroversion();

    const now = this.now();
    const offloaded = inst.host === null;
    let bdm: BdmRow;
    try {
      bdm = await this.rt.store.transaction(async (trx) => {
        // one device name per server: attaches to one server take turns choosing it
        await this.rt.store.adapter.lockForUpdateOf(trx, `instance-bdm:${inst.uuid}`);
        const used = new Set((await bdmsOfInstance(trx, inst.uuid)).map((b) => b.device_name));
        const device = nextDeviceName(used);
        if (device === undefined) throw tooManyDiskDevices(DATA_LETTERS.length + 1);
        let attachment;
        try {
          attachment = await reserveAttachment(trx, v, inst.uuid, now);
        } catch (e) {
          // nova/volume/cinder.py: Cinder's 400 comes back as InvalidInput
          if (isDomainError(e) && e.status === 400) throw novaInvalidInput(e.message);
          throw e;
        }
        const row: BdmRow = {
          uuid: newUuid(),
          instance_uuid: inst.uuid,
          volume_id: v.id,
          attachment_id: attachment.id,
          device_name: device,
          tag: req.tag,
          delete_on_termination: req.deleteOnTermination ? 1 : 0,
          boot_index: null,
          source_type: 'volume',
          volume_size: null,
          image_id: null,
          snapshot_id: null,
          volume_type: null,
          disk_bus: null,
          device_type: null,
          created_at: now,
          updated_at: null,
        };
        await insertBdm(trx, row);
        if (offloaded) {
          // _attach_volume_shelved_offloaded: no compute host, Cinder completes at once
          await completeAttachment(trx, attachment.id, now);
          return row;
        }
        const action = await startAction(
          trx,
          {
            instanceUuid: inst.uuid,
            requestId: ctx.requestId,
            action: 'attach_volume',
            projectId: ctx.projectId ?? inst.project_id,
            userId: ctx.userId,
          },
          now,
        );
        await enqueueOperation(
          trx,
          {
            kind: 'attach_volume',
            instanceUuid: inst.uuid,
            host: inst.host,
            requestId: ctx.requestId,
            payload: { actionId: action.id, bdmUuid: row.uuid },
          },
          now,
        );
        return row;
      });
    } catch (e) {
      // the same volume twice on one server, raced past the check above: the UNIQUE key said no
      if (this.rt.store.adapter.isUniqueViolation(e)) throw novaInvalidVolume(`volume ${v.id} already attached`);
      throw e;
    }
    if (!offloaded) this.rt.bus.operationEnqueued(inst.host);
    return bdm;
  }

  /** PUT at 2.85 with the same volume: only delete_on_termination may change */
  async update(
    inst: InstancesTable,
    urlServerId: string,
    volumeId: string,
    att: { id?: string; serverId?: string; device?: string | null; tag?: string; deleteOnTermination?: boolean },
  ): Promise<void> {
    const bdm = (await this.list(inst.uuid)).find((b) => b.volume_id === volumeId);
    if (!bdm) throw volumeNotAttachedToInstance(urlServerId, volumeId);
    if (att.id !== undefined && att.id !== volumeId) throw badRequest('The id property is not mutable');
    if (att.serverId !== undefined && att.serverId !== inst.uuid)
      throw badRequest('The serverId property is not mutable');
    if (att.device !== undefined && att.device !== bdm.device_name)
      throw badRequest('The device property is not mutable');
    if (att.tag !== undefined && att.tag !== bdm.tag) throw badRequest('The tag property is not mutable');
    if (att.deleteOnTermination !== undefined)
      await updateBdm(this.rt.store.db, bdm.uuid, {
        delete_on_termination: att.deleteOnTermination ? 1 : 0,
        updated_at: this.now(),
      });
  }

  async detach(
    ctx: RequestContext,
    inst: InstancesTable,
    urlServerId: string,
    volumeId: string,
    shelvedAllowed: boolean,
  ): Promise<void> {
    this.checkShelved(inst, shelvedAllowed, 'detach_volume');
    const v = await this.volumeOf(ctx, volumeId);
    const bdm = (await this.list(inst.uuid)).find((b) => b.volume_id === volumeId);
    if (!bdm) throw volumeNotAttachedToInstance(urlServerId, volumeId);
    if (bdm.boot_index === 0) throw badRequest('Cannot detach a root device volume');
    checkLock(inst, ctx);
    checkInstanceState('detach_volume', inst);
    const now = this.now();
    const offloaded = inst.host === null;
    await this.rt.store.transaction(async (trx) => {
      // Cinder's begin_detaching: in-use (with an attached attachment) → detaching
      const a = bdm.attachment_id === null ? undefined : await findAttachment(trx, bdm.attachment_id);
      const began =
        a?.attach_status === AttachStatus.ATTACHED &&
        (await transitionVolume(trx, v.id, ['in-use'], { status: 'detaching', updated_at: now }));
      if (!began)
        throw novaInvalidVolume(
          "Invalid input received: Invalid volume: Unable to detach volume. Volume status must be 'in-use' and attach_status must be 'attached' to detach.",
        );
      if (offloaded) {
        await releaseMapping(this.rt, trx, bdm, now);
        return;
      }
      const action = await startAction(
        trx,
        {
          instanceUuid: inst.uuid,
          requestId: ctx.requestId,
          action: 'detach_volume',
          projectId: ctx.projectId ?? inst.project_id,
          userId: ctx.userId,
        },
        now,
      );
      await enqueueOperation(
        trx,
        {
          kind: 'detach_volume',
          instanceUuid: inst.uuid,
          host: inst.host,
          requestId: ctx.requestId,
          payload: { actionId: action.id, bdmUuid: bdm.uuid },
        },
        now,
      );
    });
    if (!offloaded) this.rt.bus.operationEnqueued(inst.host);
  }
}

/** the mapping goes, and with it its Cinder attachment (the volume's status follows) */
async function releaseMapping(rt: Runtime, trx: Trx, bdm: BdmRow, now: string): Promise<void> {
  await deleteBdm(trx, bdm.uuid);
  if (bdm.attachment_id !== null) await finishDetach(rt, trx, bdm.volume_id, bdm.attachment_id, now);
}

// ---- the compute agent's half (nova/compute/manager.py attach_volume / detach_volume) ----

export type AttachStep = 'attached' | 'gone';

/**
 * Connects the mapping's attachment with this host's connector and completes it: each step
 * only moves on from the status the previous one left, so a recovered operation finishes the
 * attach where the last attempt stopped. 'gone' when the mapping was removed meanwhile.
 */
export async function connectMapping(rt: Runtime, bdmUuid: string, host: string): Promise<AttachStep> {
  const now = rt.clock().toISOString();
  return rt.store.transaction(async (trx) => {
    const bdm = await findBdm(trx, bdmUuid);
    if (!bdm || bdm.attachment_id === null) return 'gone';
    await rt.store.adapter.lockForUpdateOf(trx, volumeLockKey(bdm.volume_id));
    const a = await findAttachment(trx, bdm.attachment_id);
    if (!a) return 'gone';
    if (a.attach_status === AttachStatus.RESERVED)
      await connectAttachment(trx, a.id, connectorFor(host, bdm.device_name), now);
    return 'attached';
  });
}

export async function completeMapping(rt: Runtime, bdmUuid: string): Promise<AttachStep> {
  const now = rt.clock().toISOString();
  return rt.store.transaction(async (trx) => {
    const bdm = await findBdm(trx, bdmUuid);
    if (!bdm || bdm.attachment_id === null) return 'gone';
    const a = await findAttachment(trx, bdm.attachment_id);
    if (!a) return 'gone';
    if (a.attach_status !== AttachStatus.ATTACHED) await completeAttachment(trx, a.id, now);
    return 'attached';
  });
}

/** detach_volume's end, and an attach given up: the mapping and its attachment go in one transaction */
export async function releaseMappingById(rt: Runtime, bdmUuid: string): Promise<BdmRow | undefined> {
  const now = rt.clock().toISOString();
  return rt.store.transaction(async (trx) => {
    const bdm = await findBdm(trx, bdmUuid);
    if (!bdm) return undefined;
    await releaseMapping(rt, trx, bdm, now);
    return bdm;
  });
}

/**
 * compute manager extend_volume, on a volume-extended event: the server's mapping of the volume
 * takes the volume's new size (bdm.volume_size). 'not-attached' when the server maps no such
 * volume (Nova's VolumeBDMNotFound).
 */
export async function extendMappedVolume(
  rt: Runtime,
  instanceUuid: string,
  volumeId: string,
): Promise<'extended' | 'not-attached'> {
  return rt.store.transaction(async (trx) => {
    const bdm = (await bdmsOfVolume(trx, volumeId)).find((b) => b.instance_uuid === instanceUuid);
    const volume = bdm ? await findVolume(trx, volumeId) : undefined;
    if (!bdm || !volume) return 'not-attached';
    await updateBdm(trx, bdm.uuid, { volume_size: volume.size, updated_at: rt.clock().toISOString() });
    return 'extended';
  });
}

/** one mapping, for the agent */
export function findMapping(rt: Runtime, bdmUuid: string): Promise<BdmRow | undefined> {
  return findBdm(rt.store.db, bdmUuid);
}

/** a detach given up: Cinder's roll_detaching (detaching → in-use) */
export async function rollDetaching(rt: Runtime, bdmUuid: string): Promise<void> {
  const bdm = await findBdm(rt.store.db, bdmUuid);
  if (!bdm) return;
  await transitionVolume(rt.store.db, bdm.volume_id, ['detaching'], {
    status: 'in-use',
    updated_at: rt.clock().toISOString(),
  });
}

/**
 * A server that goes gives back its volumes (compute manager _shutdown_instance +
 * _cleanup_volumes): each mapping and attachment goes; a volume marked delete_on_termination
 * that is then available is deleted. Runs in the caller's transaction (the delete's own);
 * true when it queued a volume delete.
 */
export async function releaseServerVolumes(
  rt: Runtime,
  trx: Trx,
  instanceUuid: string,
  requestId: string | null,
  now: string,
): Promise<boolean> {
  let queued = false;
  // a build making the server's volumes takes the same lock: no volume appears for a mapping that went
  await rt.store.adapter.lockForUpdateOf(trx, `instance-bdm:${instanceUuid}`);
  for (const bdm of await bdmsOfInstance(trx, instanceUuid)) {
    await releaseMapping(rt, trx, bdm, now);
    // Cinder refuses to delete a volume that has snapshots: it stays, available
    if (bdm.delete_on_termination !== 1 || (await countSnapshotsOf(trx, bdm.volume_id)) > 0) continue;
    const moved = await transitionVolume(trx, bdm.volume_id, ['available', 'error'], {
      status: 'deleting',
      previous_status: 'available',
      updated_at: now,
    });
    if (!moved) continue;
    await enqueueOperation(
      trx,
      { kind: 'volume_delete', instanceUuid: null, host: null, requestId, payload: { volumeId: bdm.volume_id } },
      now,
    );
    queued = true;
  }
  return queued;
}

/** the agent's way to run releaseServerVolumes in a transaction of its own */
export async function releaseServerVolumesNow(
  rt: Runtime,
  instanceUuid: string,
  requestId: string | null,
): Promise<void> {
  const queued = await rt.store.transaction((trx) =>
    releaseServerVolumes(rt, trx, instanceUuid, requestId, rt.clock().toISOString()),
  );
  if (queued) rt.bus.operationEnqueued(null);
}

// ---- the build's half (nova/compute/manager.py _prep_block_device → virt/block_device.py attach) ----

/** exception.VolumeNotCreated, as the build's fault words it */
export class VolumeNotCreated extends Error {
  constructor(volumeId: string, status: string) {
    super(
      `Volume ${volumeId} did not finish being created even after we waited 0 seconds or 1 attempts. And its status is ${status}.`,
    );
    this.name = 'VolumeNotCreated';
  }
}

/**
 * The volumes of a server being built, before its guest starts: each mapping whose volume the
 * build makes gets it from Cinder (created with the id the mapping chose, placed on the backend)
 * and every mapping holds a reserved attachment. Each step acts only on the state the previous
 * one left, so a build that runs again after a crash finishes where it stopped. Returns the
 * mappings still there, in device order, for the agent to connect (attachServerVolume).
 */
export async function prepareServerVolumes(
  rt: Runtime,
  inst: Pick<InstancesTable, 'uuid' | 'project_id' | 'user_id'>,
): Promise<BdmRow[]> {
  const volumes = new VolumeService(rt);
  const out: BdmRow[] = [];
  for (const first of await bdmsOfInstance(rt.store.db, inst.uuid)) {
    if (first.attachment_id === null) {
      const alive = await rt.store.transaction(async (trx) => {
        await rt.store.adapter.lockForUpdateOf(trx, `instance-bdm:${inst.uuid}`);
        const bdm = await findBdm(trx, first.uuid);
        if (!bdm) return false;
        await volumes.createForServer(trx, {
          id: bdm.volume_id,
          projectId: inst.project_id,
          userId: inst.user_id,
          // virt/block_device.py: image and snapshot volumes are nameless, a blank one is named for the server
          name: bdm.source_type === 'blank' ? `${inst.uuid}-blank-vol` : '',
          size: bdm.volume_size ?? 1,
          imageId: bdm.source_type === 'image' ? bdm.image_id : null,
          snapshotId: bdm.source_type === 'snapshot' ? bdm.snapshot_id : null,
          volumeType: bdm.volume_type,
        });
        return true;
      });
      if (!alive) continue;
      await placeVolume(rt, first.volume_id);
      const reserved = await rt.store.transaction(async (trx) => {
        await rt.store.adapter.lockForUpdateOf(trx, `instance-bdm:${inst.uuid}`);
        const bdm = await findBdm(trx, first.uuid);
        if (!bdm) return false;
        if (bdm.attachment_id !== null) return true;
        const v = await findVolume(trx, bdm.volume_id);
        if (!v || v.status !== 'available') throw new VolumeNotCreated(bdm.volume_id, v?.status ?? 'deleted');
        const now = rt.clock().toISOString();
        const a = await reserveAttachment(trx, v, inst.uuid, now);
        await updateBdm(trx, bdm.uuid, { attachment_id: a.id, updated_at: now });
        return true;
      });
      if (!reserved) continue;
    }
    out.push(first);
  }
  return out;
}
