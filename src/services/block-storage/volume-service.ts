/**
 * The volume aggregate (cinder/volume/api.py): visibility, the create flow's checks, quotas and
 * state transitions. Every write that needs the backend commits with its operation row; the
 * agent's executors finish it through volume-backend.ts.
 */
import type { Runtime } from '../../runtime.js';
import type { RequestContext } from '../../domain/context.js';
import { findTypeEncryption } from '../../store/repositories/volume-type-encryption-repository.js';
import { allowed, authorize } from '../../policy/check.js';
import { typeVisibleTo } from './volume-type-service.js';
import { policyNotAuthorized } from '../../domain/errors.js';
import { newUuid } from '../../lib/ids.js';
import { enqueueOperation } from '../../operations/enqueue.js';
import { findImage } from '../../store/repositories/image-repository.js';
import { createImage, deleteImage, type ImageRow } from '../image/image-service.js';
import {
  findVolume,
  findVolumeType,
  findVolumeTypeByName,
  countSnapshotsOf,
  markSnapshotsOfVolumeDeleting,
  snapshotStatusesOf,
  findSnapshot,
  insertVolume,
  listVolumes,
  transitionVolume,
  updateVolumeFields,
  volumeUsage,
  volumeSummaryOf,
  type VolumeListFilter,
  type VolumeRow,
  type VolumeSortKey,
  type VolumeTypeRow,
} from '../../store/repositories/volume-repository.js';
import {
  DELETABLE,
  EXTENDABLE,
  EXTENDABLE_ATTACHED,
  RETYPEABLE,
  SNAPSHOT_DELETABLE,
  VolumeStatus,
} from '../../domain/volumes/states.js';
import {
  availabilityZoneInvalid,
  deleteStatusInvalid,
  extendSizeNotGreater,
  extendStatusInvalid,
  gigabytesQuotaExceeded,
  glanceMetadataNotFound,
  metadataDeleteStatusInvalid,
  metadataUpdateStatusInvalid,
  readonlyStatusInvalid,
  retypeMultiattachNotAvailable,
  retypeStateInvalid,
  updateDuringMaintenance,
  uploadStatusInvalid,
  imageLargerThanVolume,
  volumeSmallerThanMinDisk,
  imageNotActive,
  invalidImageRef,
  invalidSize,
  sizeMissing,
  RESETTABLE_STATUSES,
  volumeMetadataNotFound,
  sizeSmallerThanSnapshot,
  snapshotNotAvailableForVolume,
  snapshotNotFound,
  sizeSmallerThanSource,
  sourceVolumeNotAvailable,
  volumeLimitExceeded,
  volumeNotFound,
  volumeTypeNotFound,
  volumeTypeNotFoundByName,
} from '../../domain/volumes/errors.js';
import { isUuidLike } from '../../lib/ids.js';
import { volumeLockKey } from './snapshot-service.js';
import type { Trx } from '../../store/database.js';

type VolumeDb = Runtime['store']['db'];
import { effectiveLimits } from './quota-service.js';
import { typeIsMultiattach } from './attachment-service.js';
import { GroupService } from './group-service.js';

export type { VolumeRow, VolumeSortKey, VolumeTypeRow };

/** cinder/image/glance.py glance_core_properties: volume Glance metadata an upload does not copy */
const GLANCE_CORE_PROPERTIES = new Set([
  'checksum',
  'container_format',
  'disk_format',
  'image_name',
  'image_id',
  'min_disk',
  'min_ram',
  'name',
  'size',
]);

export interface UploadImageRequest {
  name: string;
  diskFormat: string;
  containerFormat: string | null;
  visibility: string;
  protected: boolean;
}

export interface UploadImageResult {
  volume: VolumeRow;
  type: VolumeTypeRow | undefined;
  image: ImageRow;
}

const GiB = 1024 * 1024 * 1024;

export interface CreateVolumeRequest {
  size: number | null;
  name: string | null;
  description: string | null;
  metadata: Record<string, string>;
  volumeType: string | null;
  availabilityZone: string | null;
  imageRef: string | null;
  sourceVolid: string | null;
  snapshotId: string | null;
  multiattach: boolean;
  /** the generic volume group (3.13 group_id) the volume is created in */
  groupId?: string | null;
}

/** A volume with its type, as the views need it. */
export interface VolumeWithType {
  volume: VolumeRow;
  type: VolumeTypeRow | undefined;
}

/** admins see every volume; others their project's (volume/api.py get, check_policy) */
function visibleTo(ctx: RequestContext, v: VolumeRow): boolean {
  return ctx.isAdmin || (ctx.projectId !== null && v.project_id === ctx.projectId);
}

export class VolumeService {
  constructor(private readonly rt: Runtime) {}

  private now(): string {
    return this.rt.clock().toISOString();
  }

  /** The volume if the caller may see it, else Cinder's 404. */
  async get(ctx: RequestContext, id: string): Promise<VolumeRow> {
    const v = await findVolume(this.rt.store.db, id);
    if (!v || !visibleTo(ctx, v)) throw volumeNotFound(id);
    return v;
  }

  /** one volume with its type (show) */
  async getWithType(ctx: RequestContext, id: string): Promise<VolumeWithType> {
    const volume = await this.get(ctx, id);
    return { volume, type: await findVolumeType(this.rt.store.db, volume.volume_type_id) };
  }

  async withType(volumes: VolumeRow[]): Promise<VolumeWithType[]> {
    const types = new Map<string, VolumeTypeRow | undefined>();
    for (const v of volumes)
      if (!types.has(v.volume_type_id))
        types.set(v.volume_type_id, await findVolumeType(this.rt.store.db, v.volume_type_id));
    return volumes.map((volume) => ({ volume, type: types.get(volume.volume_type_id) }));
  }

  async list(
    ctx: RequestContext,
    q: Omit<VolumeListFilter, 'projectId' | 'marker'> & { allTenants: boolean; projectId?: string; marker?: string },
  ): Promise<VolumeRow[]> {
    // all_tenants is an admin's; for anyone else Cinder silently ignores it
    const every = q.allTenants && allowed(ctx, 'volume:get_all_tenants');
    const projectId = every ? (q.projectId ?? null) : ctx.projectId;
    if (projectId === null && !every) return [];
    let marker: VolumeRow | undefined;
    if (q.marker !== undefined) {
      marker = await findVolume(this.rt.store.db, q.marker);
      if (!marker || !visibleTo(ctx, marker)) throw volumeNotFound(q.marker);
    }
    return listVolumes(this.rt.store.db, { ...q, projectId, marker });
  }

  private async resolveType(
    ref: string | null,
    db: Trx | VolumeDb = this.rt.store.db,
    ctx?: RequestContext,
  ): Promise<VolumeTypeRow> {
    if (ref === null) {
      const t = await findVolumeTypeByName(db, '__DEFAULT__');
      if (!t) throw volumeTypeNotFoundByName('__DEFAULT__');
      return t;
    }
    // volume_types.get_by_name_or_id: an id first when it looks like one, then the name
    // a type the caller names is looked up with its context: a private one it has no access to is not found
    const visible = async (t: VolumeTypeRow | undefined): Promise<VolumeTypeRow | undefined> =>
      t && (!ctx || (await typeVisibleTo(db, ctx, t))) ? t : undefined;
    const byId = await visible(isUuidLike(ref) ? await findVolumeType(db, ref) : undefined);
    if (byId) return byId;
    const byName = await visible(await findVolumeTypeByName(db, ref));
    if (!byName) throw isUuidLike(ref) ? volumeTypeNotFound(ref) : volumeTypeNotFoundByName(ref);
    return byName;
  }

  async create(ctx: RequestContext, req: CreateVolumeRequest): Promise<VolumeRow> {
    const projectId = ctx.projectId;
    // a volume belongs to a project: an unscoped or domain-scoped caller has none to own it
    if (projectId === null) throw policyNotAuthorized('volume:create');
    const db = this.rt.store.db;
    const cfg = this.rt.config.blockStorage;
    let typeRef = req.volumeType;
    const az = req.availabilityZone ?? cfg.availabilityZone;
    if (az !== cfg.availabilityZone) throw availabilityZoneInvalid(az);

    let size = req.size;
    let bootable = 0;
    let imageMetadata: string | null = null;
    let source: VolumeRow | undefined;
    if (req.snapshotId !== null) {
      const snap = await findSnapshot(db, req.snapshotId);
      if (!snap || !(ctx.isAdmin || snap.project_id === projectId)) throw snapshotNotFound(req.snapshotId);
      if (snap.status !== 'available') throw snapshotNotAvailableForVolume();
      size ??= snap.size;
      if (size < snap.size) throw sizeSmallerThanSnapshot(size, snap.size);
      // the new volume takes its origin volume's type, bootable flag and image metadata
      const origin = await findVolume(db, snap.volume_id);
      if (origin) {
        typeRef ??= origin.volume_type_id;
        bootable = origin.bootable;
        imageMetadata = origin.image_metadata;
      }
    }
    if (req.sourceVolid !== null) {
      source = await findVolume(db, req.sourceVolid);
      if (!source || !visibleTo(ctx, source)) throw volumeNotFound(req.sourceVolid);
      if (source.status !== VolumeStatus.AVAILABLE && source.status !== VolumeStatus.IN_USE)
        throw sourceVolumeNotAvailable();
      size ??= source.size;
      if (size < source.size) throw sizeSmallerThanSource(size, source.size);
      typeRef ??= source.volume_type_id;
      bootable = source.bootable;
      imageMetadata = source.image_metadata;
    }
    if (req.imageRef !== null) {
      const image = await findImage(db, req.imageRef);
      const visible =
        image &&
        (ctx.isAdmin ||
          image.visibility === 'public' ||
          image.visibility === 'community' ||
          image.owner === ctx.projectId);
      if (!image || !visible) throw invalidImageRef();
      if (image.status !== 'active') throw imageNotActive(image.id);
      const imageGb = Math.max(1, Math.ceil((image.size ?? 0) / GiB), image.min_disk);
      size ??= imageGb;
      if (Math.ceil((image.size ?? 0) / GiB) > size)
        throw imageLargerThanVolume(Math.ceil((image.size ?? 0) / GiB), size);
      if (size > 0 && size < image.min_disk) throw volumeSmallerThanMinDisk(size, image.min_disk);
      bootable = 1;
      imageMetadata = JSON.stringify(imageMetadataOf(image));
    }
    // only a type the request names is checked against the caller (an inherited one is not, as in Cinder)
    const type = await this.resolveType(typeRef, db, req.volumeType !== null ? ctx : undefined);
    if (size === null) throw sizeMissing();
    if (!Number.isInteger(size) || size <= 0) throw invalidSize(size);
    const volumeSize = size;

    const now = this.now();
    const row: VolumeRow = {
      id: newUuid(),
      project_id: projectId,
      user_id: ctx.userId,
      name: req.name,
      description: req.description,
      size: volumeSize,
      status: VolumeStatus.CREATING,
      previous_status: null,
      availability_zone: az,
      volume_type_id: type.id,
      bootable,
      // Cinder's create flow: the type's multiattach spec makes the volume multiattach
      multiattach: req.multiattach || typeIsMultiattach(type) ? 1 : 0,
      metadata: JSON.stringify(req.metadata),
      image_metadata: imageMetadata,
      snapshot_id: req.snapshotId,
      source_volid: req.sourceVolid,
      host: null,
      allocated_gb: 0,
      extend_to: null,
      readonly: null,
      // the key manager's key for a volume of an encrypted type (Cinder's encryption_key_id)
      encryption_key_id: (await findTypeEncryption(db, type.id)) ? newUuid() : null,
      group_id: req.groupId ?? null,
      created_at: now,
      updated_at: null,
      launched_at: null,
    };
    const groupId = req.groupId ?? null;
    // v3 volumes.py: the group is looked up first (GroupNotFound's 404)
    if (groupId !== null) await new GroupService(this.rt).assertVisible(ctx, groupId);
    await this.rt.store.transaction(async (trx) => {
      // the group's lock: a volume joins only a group that is not being deleted
      if (groupId !== null)
        await new GroupService(this.rt).checkVolumeJoin(trx, ctx, groupId, req.volumeType !== null, type.id, type.name);
      // two creates of one project must not both pass the quota on the same usage
      await this.rt.store.adapter.lockForUpdateOf(trx, `volume-quota:${projectId}`);
      await this.checkQuota(trx, projectId, 1, volumeSize);
      await insertVolume(trx, row);
      await enqueueOperation(
        trx,
        {
          kind: 'volume_create',
          instanceUuid: null,
          host: null,
          requestId: ctx.requestId,
          payload: { volumeId: row.id },
        },
        now,
      );
    });
    this.rt.bus.operationEnqueued(null);
    return row;
  }

  /**
   * A volume Nova asks for while it builds a server (nova/virt/block_device.py
   * DriverImageBlockDevice / DriverSnapshotBlockDevice / DriverBlankBlockDevice attach →
   * volume_api.create): written in the caller's transaction with the id the server's block
   * device mapping chose, after Cinder's quota check, in creating. The caller places it on the
   * backend (placeVolume) itself, so a recovered build finds the row and finishes it. undefined
   * when a volume with that id exists already.
   */
  async createForServer(
    trx: Trx,
    spec: {
      id: string;
      projectId: string;
      userId: string;
      name: string;
      size: number;
      imageId: string | null;
      snapshotId: string | null;
      volumeType: string | null;
    },
  ): Promise<VolumeRow | undefined> {
    if (await findVolume(trx, spec.id)) return undefined;
    let typeRef = spec.volumeType;
    let bootable = 0;
    let imageMetadata: string | null = null;
    if (spec.snapshotId !== null) {
      const snap = await findSnapshot(trx, spec.snapshotId);
      if (!snap) throw snapshotNotFound(spec.snapshotId);
      if (snap.status !== 'available') throw snapshotNotAvailableForVolume();
      if (spec.size < snap.size) throw sizeSmallerThanSnapshot(spec.size, snap.size);
      const origin = await findVolume(trx, snap.volume_id);
      if (origin) {
        typeRef ??= origin.volume_type_id;
        bootable = origin.bootable;
        imageMetadata = origin.image_metadata;
      }
    }
    if (spec.imageId !== null) {
      const image = await findImage(trx, spec.imageId);
      if (!image) throw invalidImageRef();
      if (image.status !== 'active') throw imageNotActive(image.id);
      const imageGb = Math.ceil((image.size ?? 0) / GiB);
      if (imageGb > spec.size) throw imageLargerThanVolume(imageGb, spec.size);
      bootable = 1;
      imageMetadata = JSON.stringify(imageMetadataOf(image));
    }
    const type = await this.resolveType(typeRef, trx);
    const now = this.now();
    const row: VolumeRow = {
      id: spec.id,
      project_id: spec.projectId,
      user_id: spec.userId,
      name: spec.name,
      description: '',
      size: spec.size,
      status: VolumeStatus.CREATING,
      previous_status: null,
      availability_zone: this.rt.config.blockStorage.availabilityZone,
      volume_type_id: type.id,
      bootable,
      multiattach: typeIsMultiattach(type) ? 1 : 0,
      metadata: '{}',
      image_metadata: imageMetadata,
      snapshot_id: spec.snapshotId,
      source_volid: null,
      host: null,
      allocated_gb: 0,
      extend_to: null,
      readonly: null,
      // the key manager's key for a volume of an encrypted type (Cinder's encryption_key_id)
      encryption_key_id: (await findTypeEncryption(trx, type.id)) ? newUuid() : null,
      group_id: null,
      created_at: now,
      updated_at: null,
      launched_at: null,
    };
    await this.rt.store.adapter.lockForUpdateOf(trx, `volume-quota:${spec.projectId}`);
    await this.checkQuota(trx, spec.projectId, 1, spec.size);
    await insertVolume(trx, row);
    return row;
  }

  /** cinder/quota.py: volumes first, then gigabytes, against the usage committed so far */
  private async checkQuota(
    trx: Parameters<typeof volumeUsage>[0],
    projectId: string,
    volumes: number,
    gigabytes: number,
  ): Promise<void> {
    const q = await effectiveLimits(this.rt, trx, projectId);
    const used = await volumeUsage(trx, projectId);
    if (volumes > 0 && q.volumes >= 0 && used.volumes + volumes > q.volumes) throw volumeLimitExceeded(q.volumes);
    if (q.gigabytes >= 0 && used.gigabytes + gigabytes > q.gigabytes)
      throw gigabytesQuotaExceeded(gigabytes, q.gigabytes, used.gigabytes);
  }

  async update(
    ctx: RequestContext,
    id: string,
    patch: { name?: string | null; description?: string | null; metadata?: Record<string, string> },
  ): Promise<VolumeRow> {
    await this.get(ctx, id);
    const set: Partial<VolumeRow> = { updated_at: this.now() };
    if (patch.name !== undefined) set.name = patch.name;
    if (patch.description !== undefined) set.description = patch.description;
    if (patch.metadata !== undefined) set.metadata = JSON.stringify(patch.metadata);
    await updateVolumeFields(this.rt.store.db, id, set);
    return this.get(ctx, id);
  }

  /**
   * Delete: a volume with snapshots is refused unless `cascade`, which takes its snapshots along
   * when every one of them is available or error (Cinder's rule). The snapshot creates of the
   * volume share its lock, so none appears between the check and the transition.
   */
  async delete(ctx: RequestContext, id: string, cascade = false): Promise<void> {
    const v = await this.get(ctx, id);
    const now = this.now();
    const moved = await this.rt.store.transaction(async (trx) => {
      await this.rt.store.adapter.lockForUpdateOf(trx, volumeLockKey(id));
      const snaps = await snapshotStatusesOf(trx, id);
      if (
        snaps.length > 0 &&
        (!cascade || !snaps.every((st) => (SNAPSHOT_DELETABLE as readonly string[]).includes(st)))
      )
        return false;
      // volume/api.py delete's expected group_id None: a group's volume goes with its group
      if ((await findVolume(trx, id))?.group_id) return false;
      const ok = await transitionVolume(trx, id, DELETABLE, {
        status: VolumeStatus.DELETING,
        previous_status: v.status,
        updated_at: now,
      });
      if (!ok) return false;
      if (snaps.length > 0) await markSnapshotsOfVolumeDeleting(trx, id, now);
      await enqueueOperation(
        trx,
        { kind: 'volume_delete', instanceUuid: null, host: null, requestId: ctx.requestId, payload: { volumeId: id } },
        now,
      );
      return true;
    });
    if (!moved) {
      // gone meanwhile, or not in a deletable state (the row as it is now decides)
      await this.get(ctx, id);
      throw deleteStatusInvalid();
    }
    this.rt.bus.operationEnqueued(null);
  }

  /**
   * Changes a volume's metadata under the volume's metadata lock (so concurrent writes of
   * different keys all land): merge, replace, or remove one key. Returns the metadata after.
   */
  async changeMetadata(
    ctx: RequestContext,
    id: string,
    change: { merge?: Record<string, string>; replace?: Record<string, string>; remove?: string },
  ): Promise<Record<string, string>> {
    await this.get(ctx, id);
    return this.rt.store.transaction(async (trx) => {
      await this.rt.store.adapter.lockForUpdateOf(trx, `volume-metadata:${id}`);
      const v = await findVolume(trx, id);
      if (!v) throw volumeNotFound(id);
      let md = change.replace ?? (JSON.parse(v.metadata) as Record<string, string>);
      if (change.remove !== undefined) {
        if (!Object.prototype.hasOwnProperty.call(md, change.remove)) throw volumeMetadataNotFound(id, change.remove);
        delete md[change.remove];
      }
      md = { ...md, ...(change.merge ?? {}) };
      await updateVolumeFields(trx, id, { metadata: JSON.stringify(md), updated_at: this.now() });
      return md;
    });
  }

  /**
   * os-retype (volume/api.py retype): the new type by id or name; a change of multiattach only
   * while available. The move to retyping is one conditional UPDATE (from available or in-use,
   * to a different type), with the target type and multiattach written as Cinder's API does;
   * the agent's volume_retype step ends it. The one simulated pool retypes in place, so
   * migration_policy never matters.
   */
  async retype(ctx: RequestContext, id: string, newType: string, migrationPolicy: string | null): Promise<void> {
    const v = await this.get(ctx, id);
    const type = await this.resolveType(newType);
    const multiattach = typeIsMultiattach(type);
    const changesMultiattach = (v.multiattach === 1) !== multiattach;
    if (changesMultiattach) {
      if (v.status !== VolumeStatus.AVAILABLE) throw retypeMultiattachNotAvailable(v.status);
      if (multiattach) authorize(ctx, 'volume:multiattach', { project_id: v.project_id });
    }
    // a change of multiattach holds only while nothing can attach: from available alone
    const from: readonly string[] = changesMultiattach ? [VolumeStatus.AVAILABLE] : RETYPEABLE;
    const now = this.now();
    const moved = await this.rt.store.transaction(async (trx) => {
      const cur = await findVolume(trx, id);
      if (!cur || cur.volume_type_id === type.id) return false;
      const ok = await transitionVolume(trx, id, from, {
        status: VolumeStatus.RETYPING,
        previous_status: cur.status,
        updated_at: now,
      });
      if (!ok) return false;
      await enqueueOperation(
        trx,
        {
          kind: 'volume_retype',
          instanceUuid: null,
          host: null,
          requestId: ctx.requestId,
          payload: { volumeId: id, newTypeId: type.id, multiattach, migrationPolicy },
        },
        now,
      );
      return true;
    });
    if (!moved) {
      await this.get(ctx, id);
      throw retypeStateInvalid();
    }
    this.rt.bus.operationEnqueued(null);
  }

  /**
   * os-volume_upload_image (volume/api.py copy_volume_to_image): a queued Glance image in the
   * caller's project with the volume's custom Glance metadata as properties, and the volume
   * available → uploading in one conditional UPDATE committed with the volume_upload_image
   * operation (whose step uploads the data and gives the volume back). `force` is ignored, as
   * with Cinder's default enable_force_upload=False. An image made for a volume that left
   * available meanwhile is deleted again.
   */
  async uploadToImage(ctx: RequestContext, id: string, spec: UploadImageRequest): Promise<UploadImageResult> {
    const v = await this.get(ctx, id);
    const custom: Record<string, string> = {};
    const glanceMd = v.image_metadata === null ? {} : (JSON.parse(v.image_metadata) as Record<string, string>);
    for (const [k, val] of Object.entries(glanceMd)) if (!GLANCE_CORE_PROPERTIES.has(k)) custom[k] = val;
    const image = await createImage(this.rt, {
      name: spec.name,
      visibility: spec.visibility,
      owner: ctx.projectId,
      containerFormat: spec.containerFormat,
      diskFormat: spec.diskFormat,
      minDisk: 0,
      minRam: 0,
      protected: spec.protected,
      osHidden: false,
      tags: [],
      properties: custom,
    });
    const now = this.now();
    const moved = await this.rt.store.transaction(async (trx) => {
      const cur = await findVolume(trx, id);
      if (!cur) return false;
      const ok = await transitionVolume(trx, id, [VolumeStatus.AVAILABLE], {
        status: VolumeStatus.UPLOADING,
        previous_status: cur.status,
        updated_at: now,
      });
      if (!ok) return false;
      await enqueueOperation(
        trx,
        {
          kind: 'volume_upload_image',
          instanceUuid: null,
          host: null,
          requestId: ctx.requestId,
          payload: { volumeId: id, imageId: image.id },
        },
        now,
      );
      return true;
    });
    if (!moved) {
      await deleteImage(this.rt, image.id).catch(() => undefined);
      await this.get(ctx, id);
      throw uploadStatusInvalid(id);
    }
    this.rt.bus.operationEnqueued(null);
    const type = await findVolumeType(this.rt.store.db, v.volume_type_id);
    return { volume: { ...v, status: VolumeStatus.UPLOADING, updated_at: now }, type, image };
  }

  /** os-set_bootable (volume/api.py update): any status but maintenance */
  async setBootable(ctx: RequestContext, id: string, bootable: boolean): Promise<void> {
    const v = await this.get(ctx, id);
    if (v.status === 'maintenance') throw updateDuringMaintenance();
    await updateVolumeFields(this.rt.store.db, id, { bootable: bootable ? 1 : 0, updated_at: this.now() });
  }

  /**
   * os-update_readonly_flag: the admin metadata key "readonly" ('True' | 'False', as Python's
   * str(bool)), only while the volume is available — one conditional UPDATE, so a volume that
   * left available meanwhile is refused with its status as it is now.
   */
  async updateReadonlyFlag(ctx: RequestContext, id: string, readonly: boolean): Promise<void> {
    await this.get(ctx, id);
    const ok = await transitionVolume(this.rt.store.db, id, [VolumeStatus.AVAILABLE], {
      readonly: readonly ? 'True' : 'False',
      updated_at: this.now(),
    });
    if (!ok) throw readonlyStatusInvalid(id, (await this.get(ctx, id)).status);
  }

  /** the volume's Glance metadata (os-show_image_metadata); none at all is Cinder's 404 (GlanceMetadataNotFound) */
  async imageMetadata(ctx: RequestContext, id: string): Promise<Record<string, string>> {
    const v = await this.get(ctx, id);
    const md = v.image_metadata === null ? {} : (JSON.parse(v.image_metadata) as Record<string, string>);
    if (Object.keys(md).length === 0) throw glanceMetadataNotFound(id);
    return md;
  }

  /**
   * os-set_image_metadata (merge) and os-unset_image_metadata (one key) under the volume's
   * metadata lock; refused in maintenance or uploading. Returns the image metadata after.
   */
  async changeImageMetadata(
    ctx: RequestContext,
    id: string,
    change: { merge: Record<string, string> } | { remove: string },
  ): Promise<Record<string, string>> {
    await this.get(ctx, id);
    return this.rt.store.transaction(async (trx) => {
      await this.rt.store.adapter.lockForUpdateOf(trx, `volume-metadata:${id}`);
      const v = await findVolume(trx, id);
      if (!v) throw volumeNotFound(id);
      const md = v.image_metadata === null ? {} : (JSON.parse(v.image_metadata) as Record<string, string>);
      if ('remove' in change) {
        if (!Object.prototype.hasOwnProperty.call(md, change.remove)) throw glanceMetadataNotFound(id);
        if (v.status === 'maintenance' || v.status === 'uploading') throw metadataDeleteStatusInvalid(v.status);
        delete md[change.remove];
      } else {
        if (v.status === 'maintenance' || v.status === 'uploading') throw metadataUpdateStatusInvalid(v.status);
        Object.assign(md, change.merge);
      }
      await updateVolumeFields(trx, id, { image_metadata: JSON.stringify(md), updated_at: this.now() });
      return md;
    });
  }

  /** os-reset_status (admins): the status as given, no transition rules, as in Cinder */
  async resetStatus(ctx: RequestContext, id: string, status: string): Promise<void> {
    const v = await this.get(ctx, id);
    await updateVolumeFields(this.rt.store.db, id, {
      status,
      previous_status: v.status,
      // a reset ends an extend in progress: its target no longer counts against the quota
      extend_to: null,
      updated_at: this.now(),
    });
  }

  /** os-force_delete (admins): from any status but deleting; a volume with snapshots still refuses */
  async forceDelete(ctx: RequestContext, id: string): Promise<void> {
    await this.get(ctx, id);
    const now = this.now();
    const moved = await this.rt.store.transaction(async (trx) => {
      await this.rt.store.adapter.lockForUpdateOf(trx, volumeLockKey(id));
      if ((await countSnapshotsOf(trx, id)) > 0) return false;
      const from = RESETTABLE_STATUSES.filter((s) => s !== VolumeStatus.DELETING);
      const cur = await findVolume(trx, id);
      if (
        !cur ||
        !(await transitionVolume(trx, id, from, {
          status: VolumeStatus.DELETING,
          previous_status: cur.status,
          updated_at: now,
        }))
      )
        return false;
      await enqueueOperation(
        trx,
        { kind: 'volume_delete', instanceUuid: null, host: null, requestId: ctx.requestId, payload: { volumeId: id } },
        now,
      );
      return true;
    });
    if (!moved) {
      await this.get(ctx, id);
      throw deleteStatusInvalid();
    }
    this.rt.bus.operationEnqueued(null);
  }

  /**
   * GET /volumes/summary (volume/api.py get_volume_summary): the caller's project, or every
   * project for an admin's all_tenants; metadata as each key's distinct values, sorted (Cinder's
   * SELECT DISTINCT has no order).
   */
  async summary(
    ctx: RequestContext,
    allTenants: boolean,
  ): Promise<{ count: number; size: number; metadata: Record<string, string[]> }> {
    const every = allTenants && ctx.isAdmin;
    if (!every && ctx.projectId === null) return { count: 0, size: 0, metadata: {} };
    const s = await volumeSummaryOf(this.rt.store.db, every ? null : ctx.projectId);
    const values = new Map<string, Set<string>>();
    for (const text of s.metadata)
      for (const [k, v] of Object.entries(JSON.parse(text) as Record<string, string>)) {
        const set = values.get(k) ?? new Set<string>();
        set.add(v);
        values.set(k, set);
      }
    const metadata: Record<string, string[]> = {};
    for (const k of [...values.keys()].sort()) metadata[k] = [...(values.get(k) ?? [])].sort();
    return { count: s.count, size: s.size, metadata };
  }

  /**
   * os-extend: `attached` is Cinder's extend_attached_volume (3.42, an in-use volume), whose
   * completion tells Nova (volume-backend.ts growVolume); otherwise available only.
   */
  async extend(ctx: RequestContext, id: string, newSize: number, attached = false): Promise<void> {
    const v = await this.get(ctx, id);
    const from: readonly string[] = attached ? EXTENDABLE_ATTACHED : EXTENDABLE;
    const expected = attached ? VolumeStatus.IN_USE : VolumeStatus.AVAILABLE;
    if (!from.includes(v.status)) throw extendStatusInvalid(id, v.status, expected);
    if (newSize <= v.size) throw extendSizeNotGreater(v.size, newSize);
    const now = this.now();
    const moved = await this.rt.store.transaction(async (trx) => {
      await this.rt.store.adapter.lockForUpdateOf(trx, `volume-quota:${v.project_id}`);
      await this.checkQuota(trx, v.project_id, 0, newSize - v.size);
      const ok = await transitionVolume(trx, id, from, {
        status: VolumeStatus.EXTENDING,
        previous_status: v.status,
        extend_to: newSize,
        updated_at: now,
      });
      if (!ok) return false;
      await enqueueOperation(
        trx,
        {
          kind: 'volume_extend',
          instanceUuid: null,
          host: null,
          requestId: ctx.requestId,
          payload: { volumeId: id, newSize },
        },
        now,
      );
      return true;
    });
    if (!moved) {
      const now2 = await this.get(ctx, id);
      throw extendStatusInvalid(id, now2.status, expected);
    }
    this.rt.bus.operationEnqueued(null);
  }
}

/** What Cinder copies from Glance into volume_glance_metadata: core fields and every property, as text. */
export function imageMetadataOf(image: NonNullable<Awaited<ReturnType<typeof findImage>>>): Record<string, string> {
  const md: Record<string, string> = {};
  const props = JSON.parse(image.properties) as Record<string, unknown>;
  for (const [k, v] of Object.entries(props)) md[k] = typeof v === 'string' ? v : JSON.stringify(v);
  md.image_id = image.id;
  if (image.name !== null) md.image_name = image.name;
  if (image.checksum !== null) md.checksum = image.checksum;
  if (image.container_format !== null) md.container_format = image.container_format;
  if (image.disk_format !== null) md.disk_format = image.disk_format;
  md.min_disk = String(image.min_disk);
  md.min_ram = String(image.min_ram);
  if (image.size !== null) md.size = String(image.size);
  return md;
}
