/**
 * The volume operations (Cinder's scheduler and volume manager against the simulated backend).
 * Each is idempotent: the backend step only acts on the status the API left the volume in.
 */
import type { OperationRow } from '../../operations/claim.js';
import {
  completeSnapshot,
  destroySnapshot,
  destroyVolume,
  growVolume,
  placeVolume,
  abandonRetype,
  releaseUpload,
  retypeVolume,
  uploadVolumeToImage,
} from '../../services/block-storage/volume-backend.js';
import type { ExecContext } from './common.js';

interface VolumePayload {
  volumeId: string;
  newSize?: number;
}

const payload = (op: OperationRow): VolumePayload => JSON.parse(op.payload) as VolumePayload;

export async function executeVolumeCreate(x: ExecContext, op: OperationRow): Promise<void> {
  const { volumeId } = payload(op);
  const r = await placeVolume(x.rt, volumeId, op.request_id);
  if (r === 'error') x.rt.log.warn({ volume: volumeId }, 'no backend can hold the volume: status error');
}

export async function executeVolumeDelete(x: ExecContext, op: OperationRow): Promise<void> {
  await destroyVolume(x.rt, payload(op).volumeId);
}

export async function executeVolumeExtend(x: ExecContext, op: OperationRow): Promise<void> {
  const { volumeId, newSize } = payload(op);
  const r = await growVolume(x.rt, volumeId, newSize ?? 0);
  if (r.outcome === 'refused') x.rt.log.warn({ volume: volumeId, newSize }, 'no room in the pool to extend the volume');
  // Cinder only logs a server Nova refused the event for; the volume stays extended
  for (const e of r.events)
    if (e.code !== 200) x.rt.log.warn({ volume: volumeId, code: e.code }, 'Nova did not take volume-extended');
}

export async function executeSnapshotCreate(x: ExecContext, op: OperationRow): Promise<void> {
  await completeSnapshot(x.rt, (JSON.parse(op.payload) as { snapshotId: string }).snapshotId);
}

export async function executeSnapshotDelete(x: ExecContext, op: OperationRow): Promise<void> {
  await destroySnapshot(x.rt, (JSON.parse(op.payload) as { snapshotId: string }).snapshotId);
}

interface RetypePayload {
  volumeId: string;
  newTypeId: string;
  multiattach: boolean;
}

export async function executeVolumeRetype(x: ExecContext, op: OperationRow): Promise<void> {
  const p = JSON.parse(op.payload) as RetypePayload;
  await retypeVolume(x.rt, p.volumeId, p.newTypeId, p.multiattach);
}

export async function abandonVolumeRetype(x: ExecContext, op: OperationRow): Promise<void> {
  await abandonRetype(x.rt, (JSON.parse(op.payload) as RetypePayload).volumeId);
}

interface UploadPayload {
  volumeId: string;
  imageId: string;
}

export async function executeVolumeUploadImage(x: ExecContext, op: OperationRow): Promise<void> {
  const p = JSON.parse(op.payload) as UploadPayload;
  await uploadVolumeToImage(x.rt, p.volumeId, p.imageId);
}

export async function abandonVolumeUploadImage(x: ExecContext, op: OperationRow): Promise<void> {
  await releaseUpload(x.rt, (JSON.parse(op.payload) as UploadPayload).volumeId);
}
