/**
 * createImage (nova/compute/api.py snapshot, compute/utils.py initialize_instance_snapshot_metadata
 * and the compute host's snapshot_instance): a queued Glance image made through the image
 * services, owned by the server's project, with the snapshot properties; the instance's
 * image_snapshot task, the instance action and the agent's operation in one transaction. The
 * agent then walks image_pending_upload → image_uploading, uploads the guest's disk (the fake
 * driver's bytes) into the image, which becomes active and can boot a server.
 */
import type { Runtime } from '../../runtime.js';
import type { RequestContext } from '../../domain/context.js';
import { badRequest, instanceNotFound } from '../../domain/errors.js';
import { imageMetadataLimitExceeded } from '../../domain/compute-errors.js';
import { STATE_RULES, checkInstanceState, invalidStateGeneric } from '../../domain/instances/rules.js';
import { findInstance, transitionInstance } from '../../store/repositories/instance-repository.js';
import { startAction } from '../../store/repositories/instance-action-repository.js';
import { enqueueOperation } from '../../operations/enqueue.js';
import {
  createImage,
  deleteImage,
  imageById,
  listVisibleImages,
  saveImageFields,
  type ImageRow,
} from '../image/image-service.js';
import { resetInterruptedUpload, uploadImageData } from '../image/image-data-service.js';
import { effectiveQuotas } from './quota-service.js';
import type { InstancesTable } from '../../store/tables/instances.table.js';

// compute/utils.py NON_INHERITABLE_IMAGE_PROPERTIES (+ the [DEFAULT] non_inheritable_image_properties defaults)
const NON_INHERITABLE = new Set([
  'cache_in_nova',
  'bittorrent',
  'img_signature',
  'img_signature_hash_method',
  'img_signature_certificate_uuid',
  'img_signature_key_type',
  'cinder_encryption_key_id',
  'cinder_encryption_key_deletion_policy',
  'instance_uuid',
  'image_type',
  'base_image_ref',
  'owner_specified.openstack.md5',
  'owner_specified.openstack.sha256',
  'owner_specified.openstack.object',
]);

/** createBackup's extra inputs (compute/api.py backup): the backup_type property and the rotation */
export interface BackupSpec {
  backupType: string;
  rotation: number;
}

export async function snapshotInstance(
  rt: Runtime,
  ctx: RequestContext,
  uuid: string,
  name: string,
  metadata: Record<string, string>,
  opts: { backup?: BackupSpec; checkMetadataQuota?: boolean } = {},
): Promise<ImageRow> {
  const backup = opts.backup;
  const rule = backup ? 'createBackup' : 'createImage';
  const inst = await findInstance(rt.store.db, uuid);
  if (!inst || inst.deleted || (!ctx.isAdmin && inst.project_id !== ctx.projectId)) throw instanceNotFound(uuid);
  // servers.py _action_create_image (create_backup.py up to 2.38): the image properties against
  // the metadata_items quota first
  if (opts.checkMetadataQuota !== false) {
    const limit = (await effectiveQuotas(rt, inst.project_id)).metadata_items;
    if (limit >= 0 && Object.keys(metadata).length > limit) throw imageMetadataLimitExceeded();
  }
  checkInstanceState(rule, inst);
  // compute/api.py backup: only an image-backed server has a disk to back up
  if (backup && !inst.image_ref) throw badRequest('Backup is not supported for volume-backed instances.');
  const image = backup
    ? await createSnapshotImage(rt, ctx, inst, name, { ...metadata, backup_type: backup.backupType }, 'backup')
    : await createSnapshotImage(rt, ctx, inst, name, metadata);
  try {
    const row = await rt.store.transaction(async (trx) => {
      const at = rt.clock().toISOString();
      const { vmStates, taskStates, sets } = STATE_RULES[rule];
      const r = await transitionInstance(
        trx,
        uuid,
        { fromVmStates: vmStates, fromTaskStates: taskStates },
        { task_state: sets, updated_at: at },
      );
      if (!r) {
        const now = await findInstance(trx, uuid);
        if (!now || now.deleted) throw instanceNotFound(uuid);
        checkInstanceState(rule, now);
        throw invalidStateGeneric(rule, uuid);
      }
      const action = await startAction(
        trx,
        {
          instanceUuid: uuid,
          requestId: ctx.requestId,
          action: rule,
          projectId: ctx.projectId ?? inst.project_id,
          userId: ctx.userId,
        },
        at,
      );
      await enqueueOperation(
        trx,
        backup
          ? {
              kind: 'backup',
              instanceUuid: uuid,
              host: r.host,
              requestId: ctx.requestId,
              payload: { actionId: action.id, imageId: image.id, ...backup },
            }
          : {
              kind: 'snapshot',
              instanceUuid: uuid,
              host: r.host,
              requestId: ctx.requestId,
              payload: { actionId: action.id, imageId: image.id },
            },
        at,
      );
      return r;
    });
    rt.bus.operationEnqueued(row.host);
  } catch (e) {
    // compute/api.py snapshot: the instance refused the task, so the image it was for goes
    await deleteImage(rt, image.id).catch(() => undefined);
    throw e;
  }
  return image;
}

/**
 * The queued Glance image a snapshot of the instance uploads into (compute/utils.py create_image
 * with initialize_instance_snapshot_metadata): used by createImage and by shelve.
 */
export async function createSnapshotImage(
  rt: Runtime,
  ctx: Pick<RequestContext, 'projectId' | 'userId'>,
  inst: InstancesTable,
  name: string,
  metadata: Record<string, string>,
  imageType: 'snapshot' | 'backup' = 'snapshot',
): Promise<ImageRow> {
  // the instance's image as it booted (system_metadata image_*): min_ram, min_disk ≥ the flavor's root disk
  const base = await imageById(rt, inst.image_ref);
  const inherited: Record<string, unknown> = {};
  if (base) {
    for (const [k, v] of Object.entries(JSON.parse(base.properties) as Record<string, unknown>))
      if (!NON_INHERITABLE.has(k)) inherited[k] = v;
  }
  return createImage(rt, {
    name,
    // initialize_instance_snapshot_metadata: shared with the server's project when someone else snapshots it
    visibility: ctx.projectId !== inst.project_id ? 'shared' : 'private',
    owner: inst.project_id,
    // a snapshot drops the formats; the driver sets them at upload
    containerFormat: null,
    diskFormat: null,
    minDisk: Math.max(base?.min_disk ?? 0, inst.root_gb),
    minRam: base?.min_ram ?? 0,
    protected: false,
    osHidden: false,
    tags: [],
    properties: {
      ...inherited,
      instance_uuid: inst.uuid,
      user_id: ctx.userId,
      image_type: imageType,
      base_image_ref: inst.image_ref,
      ...metadata,
    },
  });
}

// ---- the compute host's side (called by the agent's snapshot executor) ----

export const snapshotImage = (rt: Runtime, imageId: string): Promise<ImageRow | undefined> => imageById(rt, imageId);

/**
 * Uploads the guest's disk into the queued image (the libvirt driver's snapshot: formats set,
 * data uploaded, image active). An upload a crashed attempt left in 'saving' is started afresh.
 */
export async function uploadSnapshot(rt: Runtime, imageId: string, data: Buffer): Promise<void> {
  const image = await imageById(rt, imageId);
  if (!image) throw new Error(`Image ${imageId} could not be found.`);
  if (image.status === 'active') return;
  if (image.status === 'saving') await resetInterruptedUpload(rt, imageId);
  const { name, visibility, owner, min_disk, min_ram, protected: prot, os_hidden, tags, properties } = image;
  await saveImageFields(rt, imageId, {
    ...{ name, visibility, owner, min_disk, min_ram, protected: prot, os_hidden, tags, properties },
    disk_format: 'qcow2',
    container_format: 'bare',
  });
  await uploadImageData(
    rt,
    imageId,
    (async function* () {
      yield data;
    })(),
    rt.config.image.maxUploadBytes,
  );
}

/** a snapshot that failed: its image goes unless it was completed (manager.py _snapshot_instance) */
export async function discardSnapshot(rt: Runtime, imageId: string): Promise<void> {
  const image = await imageById(rt, imageId);
  if (image && image.status !== 'active') await deleteImage(rt, imageId).catch(() => undefined);
}

/**
 * compute/manager.py _rotate_backups, after a backup's upload: the server's backups of that type,
 * newest first, beyond `rotation` are deleted (rotation 0 deletes all, the new one too). An image
 * that cannot be deleted (protected, gone) is skipped, as Nova logs and continues.
 */
export async function rotateBackups(rt: Runtime, instanceUuid: string, backupType: string, rotation: number) {
  const images = await listVisibleImages(rt, {
    projectId: null,
    callerProject: null,
    visibility: 'all',
    memberStatus: 'all',
    properties: { image_type: 'backup', backup_type: backupType, instance_uuid: instanceUuid },
  });
  // newest first; the id breaks ties between backups made within the same millisecond
  images.sort((a, b) => b.created_at.localeCompare(a.created_at) || b.id.localeCompare(a.id));
  for (const image of images.slice(rotation)) await deleteImage(rt, image.id).catch(() => undefined);
}
