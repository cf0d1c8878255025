/**
 * The volume aggregate (cinder/volume/api.py): visibility, the create flow's checks, quotas and
 * state transitions. Every write that needs the backend commits with its operation row; the
 * agent's executors finish it through volume-backend.ts.
 */
import type { Runtime } from '../../runtime.js';
import type { RequestContext } from '../../domain/context.js';
import { typeVisibleTo } from './volume-type-service.js';
import { allowed } from '../../policy/check.js';
import { policyNotAuthorized } from '../../domain/errors.js';
import { newUuid } from '../../lib/ids.js';
import { enqueueOperation } from '../../operations/enqueue.js';
import { findImage } from '../../store/repositories/image-repository.js';
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
  type VolumeListFilter,
  type VolumeRow,
  type VolumeSortKey,
  type VolumeTypeRow,
} from '../../store/repositories/volume-repository.js';
import { DELETABLE, EXTENDABLE, SNAPSHOT_DELETABLE, VolumeStatus } from '../../domain/volumes/states.js';
import {
  availabilityZoneInvalid,
  deleteStatusInvalid,
  extendSizeNotGreater,
  extendStatusInvalid,
  gigabytesQuotaExceeded,
  imageLargerThanVolume,
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

export type { VolumeRow, VolumeSortKey, VolumeTypeRow };

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
      created_at: now,
      updated_at: null,
      launched_at: null,
    };
    await this.rt.store.transaction(async (trx) => {
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

  async extend(ctx: RequestContext, id: string, newSize: number): Promise<void> {
    const v = await this.get(ctx, id);
    if (!(EXTENDABLE as readonly string[]).includes(v.status)) throw extendStatusInvalid(id, v.status);
    if (newSize <= v.size) throw extendSizeNotGreater(v.size, newSize);
    const now = this.now();
    const moved = await this.rt.store.transaction(async (trx) => {
      await this.rt.store.adapter.lockForUpdateOf(trx, `volume-quota:${v.project_id}`);
      await this.checkQuota(trx, v.project_id, 0, newSize - v.size);
      const ok = await transitionVolume(trx, id, EXTENDABLE, {
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
      throw extendStatusInvalid(id, now2.status);
    }
    this.rt.bus.operationEnqueued(null);
  }
}

/** What Cinder copies from Glance into volume_glance_metadata: core fields and every property, as text. */
function imageMetadataOf(image: NonNullable<Awaited<ReturnType<typeof findImage>>>): Record<string, string> {
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
