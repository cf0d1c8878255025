/**
 * The simulated volume backend (Cinder's scheduler + volume manager in one): each step places or
 * frees capacity in the pool and moves the volume on in the same transaction, only from the
 * status its operation left it in, so a recovered operation that runs again changes nothing.
 */
import type { Runtime } from '../../runtime.js';
import {
  allocateFromPool,
  ensurePool,
  findVolume,
  findVolumeType,
  releaseToPool,
  removeDeletingSnapshot,
  removeDeletingSnapshotsOf,
  removeDeletingVolume,
  transitionSnapshot,
  transitionVolume,
} from '../../store/repositories/volume-repository.js';
import { SnapshotStatus, VolumeStatus } from '../../domain/volumes/states.js';
import { poolCapabilities, satisfiesExtraSpecs } from '../../domain/volumes/capabilities.js';
import { MessageAction, MessageDetail, MessageResource } from '../../domain/volumes/message-fields.js';
import { countVolumesOnPool, listVolumePools } from '../../store/repositories/volume-service-repository.js';
import type { DbOrTrx } from '../../store/database.js';
import { recordMessage } from './message-service.js';
import { attachedOfVolumes } from '../../store/repositories/attachment-repository.js';
import { closeTransfersOfVolume } from '../../store/repositories/volume-transfer-repository.js';
import { receiveEvents, type ExternalEventResult } from '../compute/external-events.js';
import { imageById } from '../image/image-service.js';
import { imageMetadataOf } from './volume-service.js';
import { resetInterruptedUpload, uploadImageData } from '../image/image-data-service.js';

const ensured = new WeakSet<Runtime>();

/** the configured pool's name, created on first use (the backup restore places new volumes in it too) */
export async function pool(rt: Runtime): Promise<string> {
  const { pool: name, poolCapacityGb } = rt.config.blockStorage;
  if (!ensured.has(rt)) {
    await ensurePool(rt.store.db, name, poolCapacityGb);
    ensured.add(rt);
  }
  return name;
}

/**
 * creating → available on the pool, or → error when the scheduler finds no backend for it: the
 * pool cannot hold it, or its type asks for a capability the backend does not report (the
 * CapabilitiesFilter). Cinder leaves the volume in error (it still counts against the quota) and
 * records a user message for the project, with the request that asked for the volume.
 */
export async function placeVolume(
  rt: Runtime,
  volumeId: string,
  requestId: string | null = null,
): Promise<'available' | 'error' | 'skipped'> {
  const name = await pool(rt);
  return rt.store.transaction(async (trx) => {
    const v = await findVolume(trx, volumeId);
    if (!v || v.status !== VolumeStatus.CREATING) return 'skipped';
    const now = rt.clock();
    const at = now.toISOString();
    if ((await typeFitsPool(trx, name, v.volume_type_id, at)) && (await allocateFromPool(trx, name, v.size))) {
      await transitionVolume(trx, volumeId, [VolumeStatus.CREATING], {
        status: VolumeStatus.AVAILABLE,
        host: name,
        allocated_gb: v.size,
        launched_at: at,
        updated_at: at,
      });
      return 'available';
    }
    await transitionVolume(trx, volumeId, [VolumeStatus.CREATING], { status: VolumeStatus.ERROR, updated_at: at });
    await recordMessage(
      trx,
      {
        projectId: v.project_id,
        requestId,
        resourceType: MessageResource.VOLUME,
        resourceUuid: v.id,
        action: MessageAction.SCHEDULE_ALLOCATE_VOLUME,
        detail: MessageDetail.NO_BACKEND_AVAILABLE,
      },
      now,
    );
    return 'error';
  });
}

/** the CapabilitiesFilter over the one pool: the type's extra specs against what the pool reports */
async function typeFitsPool(db: DbOrTrx, poolName: string, typeId: string, at: string): Promise<boolean> {
  const type = await findVolumeType(db, typeId);
  const specs = type ? (JSON.parse(type.extra_specs) as Record<string, string>) : {};
  if (Object.keys(specs).length === 0) return true;
  const row = (await listVolumePools(db)).find((p) => p.name === poolName);
  const caps = poolCapabilities(
    {
      name: poolName,
      capacityGb: row?.capacity_gb ?? 0,
      allocatedGb: row?.allocated_gb ?? 0,
      volumes: await countVolumesOnPool(db, poolName),
    },
    at,
  );
  return satisfiesExtraSpecs(caps, specs);
}

/**
 * deleting → gone (with the snapshots a cascading delete marked), its capacity back in the pool;
 * a transfer still offering it (after an admin's force delete) ends with it, as in Cinder's
 * volume_destroy
 */
export async function destroyVolume(rt: Runtime, volumeId: string): Promise<void> {
  await rt.store.transaction(async (trx) => {
    await removeDeletingSnapshotsOf(trx, volumeId);
    const gone = await removeDeletingVolume(trx, volumeId);
    if (!gone) return;
    if (gone.host) await releaseToPool(trx, gone.host, gone.allocated_gb);
    await closeTransfersOfVolume(trx, volumeId, rt.clock().toISOString());
  });
}

/**
 * extending → available (or in-use) at the new size when the pool has room for the difference;
 * otherwise back to its previous status at the old size (the scheduler's _extend_volume_set_error).
 * The driver's extend takes blockStorage.extendMs first. An attached volume that grew tells Nova,
 * as Cinder's manager does after the driver's extend (nova.API().extend_volume): one
 * volume-extended event (tag: the volume id) per server it is attached to, through Nova's own
 * entry point, so each server records an extend_volume action; Nova's gate applies (a server with
 * no host, a shelved-offloaded one, answers 422 and the event is dropped, which Cinder only logs).
 * The events are written in the transaction that sets the new size: a crash between the two
 * would leave Cinder's size ahead of Nova's mapping, and the retried operation would find the
 * volume no longer extending and tell Nova nothing.
 */
export async function growVolume(
  rt: Runtime,
  volumeId: string,
  newSize: number,
): Promise<{ outcome: 'extended' | 'extended-attached' | 'refused' | 'skipped'; events: ExternalEventResult[] }> {
  const name = await pool(rt);
  const delay = rt.config.blockStorage.extendMs;
  if (delay > 0) await new Promise((r) => setTimeout(r, delay));
  let wake = () => {};
  const r = await rt.store.transaction(async (trx) => {
    const v = await findVolume(trx, volumeId);
    if (!v || v.status !== VolumeStatus.EXTENDING) return { outcome: 'skipped' as const, events: [] };
    const now = rt.clock().toISOString();
    const back = v.previous_status ?? VolumeStatus.AVAILABLE;
    const host = v.host ?? name;
    if (!(await allocateFromPool(trx, host, newSize - v.allocated_gb))) {
      await transitionVolume(trx, volumeId, [VolumeStatus.EXTENDING], {
        status: back,
        extend_to: null,
        updated_at: now,
      });
      return { outcome: 'refused' as const, events: [] };
    }
    await transitionVolume(trx, volumeId, [VolumeStatus.EXTENDING], {
      status: back,
      size: newSize,
      allocated_gb: newSize,
      extend_to: null,
      updated_at: now,
    });
    if (back !== VolumeStatus.IN_USE) return { outcome: 'extended' as const, events: [] };
    const attached = (await attachedOfVolumes(trx, [volumeId])).get(volumeId) ?? [];
    const servers = [...new Set(attached.map((a) => a.instance_uuid).filter((u): u is string => u !== null))];
    if (servers.length === 0) return { outcome: 'extended-attached' as const, events: [] };
    const events = servers.map((server_uuid) => ({ name: 'volume-extended', server_uuid, tag: volumeId }));
    const received = await receiveEvents(rt, null, events, 'volume', trx);
    wake = received.wake;
    return { outcome: 'extended-attached' as const, events: received.results };
  });
  wake();
  return r;
}

/** snapshot creating → available (the simulated backend copies nothing) */
export async function completeSnapshot(rt: Runtime, snapshotId: string): Promise<void> {
  await transitionSnapshot(rt.store.db, snapshotId, [SnapshotStatus.CREATING], {
    status: SnapshotStatus.AVAILABLE,
    progress: '100%',
    updated_at: rt.clock().toISOString(),
  });
}

/** snapshot deleting → gone */
export async function destroySnapshot(rt: Runtime, snapshotId: string): Promise<void> {
  await removeDeletingSnapshot(rt.store.db, snapshotId);
}

/**
 * retyping → the status before, with the new type (and its multiattach): the one pool serves
 * every type, so the retype is in place (the driver's retype; no migration).
 */
export async function retypeVolume(
  rt: Runtime,
  volumeId: string,
  newTypeId: string,
  multiattach: boolean,
): Promise<'retyped' | 'skipped'> {
  return rt.store.transaction(async (trx) => {
    const v = await findVolume(trx, volumeId);
    if (!v || v.status !== VolumeStatus.RETYPING) return 'skipped';
    await transitionVolume(trx, volumeId, [VolumeStatus.RETYPING], {
      status: v.previous_status ?? VolumeStatus.AVAILABLE,
      previous_status: VolumeStatus.RETYPING,
      volume_type_id: newTypeId,
      multiattach: multiattach ? 1 : 0,
      updated_at: rt.clock().toISOString(),
    });
    return 'retyped';
  });
}

/** a retype that will never finish: the volume goes back to its status, with its old type */
export async function abandonRetype(rt: Runtime, volumeId: string): Promise<void> {
  const v = await findVolume(rt.store.db, volumeId);
  if (!v || v.status !== VolumeStatus.RETYPING) return;
  await transitionVolume(rt.store.db, volumeId, [VolumeStatus.RETYPING], {
    status: v.previous_status ?? VolumeStatus.AVAILABLE,
    updated_at: rt.clock().toISOString(),
  });
}

/** what the simulated backend writes into an uploaded image: it keeps no volume data */
const UPLOADED_BYTES = Buffer.alloc(1024);

/**
 * The volume manager's copy_volume_to_image: the data into the queued image (which turns
 * active), then uploading → the status before. An image deleted meanwhile ends the upload; the
 * volume is given back either way. An upload a crashed attempt left in saving starts afresh.
 */
export async function uploadVolumeToImage(rt: Runtime, volumeId: string, imageId: string): Promise<void> {
  const v = await findVolume(rt.store.db, volumeId);
  if (!v || v.status !== VolumeStatus.UPLOADING) return;
  const image = await imageById(rt, imageId);
  if (image && image.status !== 'active') {
    if (image.status === 'saving') await resetInterruptedUpload(rt, imageId);
    await uploadImageData(
      rt,
      imageId,
      (async function* () {
        yield UPLOADED_BYTES;
      })(),
      rt.config.image.maxUploadBytes,
    );
  }
  await releaseUpload(rt, volumeId);
}

/** uploading → the status before (also when the upload can never finish) */
export async function releaseUpload(rt: Runtime, volumeId: string): Promise<void> {
  const v = await findVolume(rt.store.db, volumeId);
  if (!v || v.status !== VolumeStatus.UPLOADING) return;
  await transitionVolume(rt.store.db, volumeId, [VolumeStatus.UPLOADING], {
    status: v.previous_status ?? VolumeStatus.AVAILABLE,
    previous_status: VolumeStatus.UPLOADING,
    updated_at: rt.clock().toISOString(),
  });
}

/**
 * Cinder's reimage (volume/manager.py reimage, asked by Nova's rebuild of a volume-backed server
 * at 2.93): the volume goes to downloading, takes the image (its Glance metadata and bootable
 * flag) and returns to the status it had; then Nova hears `volume-reimaged` (tag: the volume id)
 * for each server the volume is attached to, through Nova's own entry point. false when the
 * volume or the image is gone, or the volume is not attached or available.
 */
export async function reimageVolume(rt: Runtime, volumeId: string, imageId: string): Promise<boolean> {
  const image = await imageById(rt, imageId);
  const v = await findVolume(rt.store.db, volumeId);
  if (!image || !v) return false;
  const back = v.status;
  if (back !== VolumeStatus.IN_USE && back !== VolumeStatus.AVAILABLE) return false;
  const now = () => rt.clock().toISOString();
  if (!(await transitionVolume(rt.store.db, volumeId, [back], { status: VolumeStatus.DOWNLOADING, updated_at: now() })))
    return false;
  await transitionVolume(rt.store.db, volumeId, [VolumeStatus.DOWNLOADING], {
    status: back,
    bootable: 1,
    image_metadata: JSON.stringify(imageMetadataOf(image)),
    updated_at: now(),
  });
  const attached = (await attachedOfVolumes(rt.store.db, [volumeId])).get(volumeId) ?? [];
  const servers = [...new Set(attached.map((a) => a.instance_uuid).filter((u): u is string => u !== null))];
  if (servers.length > 0)
    await receiveEvents(
      rt,
      null,
      servers.map((server_uuid) => ({ name: 'volume-reimaged', server_uuid, tag: volumeId })),
      'volume',
    );
  return true;
}

/** a volume's size in GiB (undefined: gone) */
export async function volumeSize(rt: Runtime, volumeId: string): Promise<number | undefined> {
  return (await findVolume(rt.store.db, volumeId))?.size;
}
