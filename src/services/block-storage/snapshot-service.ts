/**
 * Volume snapshots (cinder/volume/api.py create_snapshot, delete_snapshot, update_snapshot).
 * A snapshot and the delete of its volume exclude each other under the volume's lock: the
 * volume's status is re-read inside the snapshot's transaction and its delete counts snapshots
 * inside its own, so neither can slip past the other.
 */
import type { Runtime } from '../../runtime.js';
import type { RequestContext } from '../../domain/context.js';
import type { Trx } from '../../store/database.js';
import { allowed } from '../../policy/check.js';
import { newUuid } from '../../lib/ids.js';
import { enqueueOperation } from '../../operations/enqueue.js';
import {
  findSnapshot,
  findVolume,
  insertSnapshot,
  listSnapshots,
  transitionSnapshot,
  updateSnapshotFields,
  volumeUsage,
  type SnapshotListFilter,
  type SnapshotRow,
  type SnapshotSortKey,
} from '../../store/repositories/volume-repository.js';
import { SNAPSHOT_DELETABLE, SnapshotStatus, VolumeStatus } from '../../domain/volumes/states.js';
import {
  gigabytesQuotaExceeded,
  snapshotDeleteStatusInvalid,
  snapshotLimitExceeded,
  snapshotMetadataNotFound,
  snapshotNotFound,
  snapshotOfVolumeInStatus,
  volumeNotFound,
} from '../../domain/volumes/errors.js';
import { policyNotAuthorized } from '../../domain/errors.js';
import { effectiveLimits } from './quota-service.js';
import { checkMetadataProperties, checkUpdateSnapshotStatus } from '../../domain/volumes/snapshot-rules.js';

export type { SnapshotRow, SnapshotSortKey };

const visibleTo = (ctx: RequestContext, s: { project_id: string }): boolean =>
  ctx.isAdmin || (ctx.projectId !== null && s.project_id === ctx.projectId);

/** the lock a volume's snapshot creates and its delete share */
export const volumeLockKey = (volumeId: string): string => `volume:${volumeId}`;

export interface CreateSnapshotRequest {
  /** null: Cinder looks the volume up anyway and answers "Volume None could not be found." */
  volumeId: string | null;
  name: string | null;
  description: string | null;
  metadata: Record<string, string>;
  force: boolean;
}

export class SnapshotService {
  constructor(private readonly rt: Runtime) {}

  async get(ctx: RequestContext, id: string): Promise<SnapshotRow> {
    const s = await findSnapshot(this.rt.store.db, id);
    if (!s || !visibleTo(ctx, s)) throw snapshotNotFound(id);
    return s;
  }

  async list(
    ctx: RequestContext,
    q: Omit<SnapshotListFilter, 'projectId' | 'marker'> & { allTenants: boolean; marker?: string },
  ): Promise<SnapshotRow[]> {
    const every = q.allTenants && allowed(ctx, 'volume:get_all_tenants');
    const projectId = every ? null : ctx.projectId;
    if (projectId === null && !every) return [];
    const marker = q.marker === undefined ? undefined : await this.get(ctx, q.marker);
    return listSnapshots(this.rt.store.db, { ...q, projectId, marker });
  }

  async create(ctx: RequestContext, req: CreateSnapshotRequest): Promise<SnapshotRow> {
    const projectId = ctx.projectId;
    if (projectId === null) throw policyNotAuthorized('volume:create_snapshot');
    if (req.volumeId === null) throw volumeNotFound('None');
    const volume = await findVolume(this.rt.store.db, req.volumeId);
    if (!volume || !visibleTo(ctx, volume)) throw volumeNotFound(req.volumeId);
    const now = this.rt.clock().toISOString();
    const row = await this.rt.store.transaction(async (trx) => {
      await this.rt.store.adapter.lockForUpdateOf(trx, volumeLockKey(volume.id));
      const v = await findVolume(trx, volume.id);
      if (!v) throw volumeNotFound(volume.id);
      const ok = v.status === VolumeStatus.AVAILABLE || (req.force && v.status === VolumeStatus.IN_USE);
      if (!ok) throw snapshotOfVolumeInStatus(v.status);
      await this.rt.store.adapter.lockForUpdateOf(trx, `volume-quota:${projectId}`);
      await this.checkQuota(trx, projectId, v.size);
      const r: SnapshotRow = {
        id: newUuid(),
        project_id: projectId,
        user_id: ctx.userId,
        volume_id: v.id,
        name: req.name,
        description: req.description,
        size: v.size,
        status: SnapshotStatus.CREATING,
        progress: '0%',
        metadata: JSON.stringify(req.metadata),
        group_snapshot_id: null,
        created_at: now,
        updated_at: null,
      };
      await insertSnapshot(trx, r);
      await enqueueOperation(
        trx,
        {
          kind: 'snapshot_create',
          instanceUuid: null,
          host: null,
          requestId: ctx.requestId,
          payload: { snapshotId: r.id },
        },
        now,
      );
      return r;
    });
    this.rt.bus.operationEnqueued(null);
    return row;
  }

  private async checkQuota(trx: Trx, projectId: string, gigabytes: number): Promise<void> {
    const q = await effectiveLimits(this.rt, trx, projectId);
    const used = await volumeUsage(trx, projectId);
    if (q.snapshots >= 0 && used.snapshots + 1 > q.snapshots) throw snapshotLimitExceeded(q.snapshots);
    if (q.gigabytes >= 0 && used.gigabytes + gigabytes > q.gigabytes)
      throw gigabytesQuotaExceeded(gigabytes, q.gigabytes, used.gigabytes);
  }

  async update(
    ctx: RequestContext,
    id: string,
    patch: { name?: string | null; description?: string | null },
  ): Promise<SnapshotRow> {
    await this.get(ctx, id);
    const set: Partial<SnapshotRow> = { updated_at: this.rt.clock().toISOString() };
    if (patch.name !== undefined) set.name = patch.name;
    if (patch.description !== undefined) set.description = patch.description;
    await updateSnapshotFields(this.rt.store.db, id, set);
    return this.get(ctx, id);
  }

  async delete(ctx: RequestContext, id: string): Promise<void> {
    const snap = await this.get(ctx, id);
    // volume/api.py delete_snapshot's expected group_snapshot_id None
    if (snap.group_snapshot_id !== null) throw snapshotDeleteStatusInvalid();
    const now = this.rt.clock().toISOString();
    const moved = await this.rt.store.transaction(async (trx) => {
      if (
        !(await transitionSnapshot(trx, id, SNAPSHOT_DELETABLE, { status: SnapshotStatus.DELETING, updated_at: now }))
      )
        return false;
      await enqueueOperation(
        trx,
        {
          kind: 'snapshot_delete',
          instanceUuid: null,
          host: null,
          requestId: ctx.requestId,
          payload: { snapshotId: id },
        },
        now,
      );
      return true;
    });
    if (!moved) {
      await this.get(ctx, id);
      throw snapshotDeleteStatusInvalid();
    }
    this.rt.bus.operationEnqueued(null);
  }

  /**
   * Snapshot metadata (volume/api.py update_snapshot_metadata / delete_snapshot_metadata): merge,
   * replace, or remove one key, under the snapshot's metadata lock so concurrent writes of
   * different keys all land; Cinder's property check applies to the merged result.
   */
  async changeMetadata(
    ctx: RequestContext,
    id: string,
    change: { merge?: Record<string, unknown>; replace?: Record<string, unknown>; remove?: string },
  ): Promise<Record<string, string>> {
    await this.get(ctx, id);
    return this.rt.store.transaction(async (trx) => {
      await this.rt.store.adapter.lockForUpdateOf(trx, `snapshot-metadata:${id}`);
      const s = await findSnapshot(trx, id);
      if (!s) throw snapshotNotFound(id);
      const current = JSON.parse(s.metadata) as Record<string, string>;
      let md: Record<string, unknown> = change.replace ?? { ...current, ...(change.merge ?? {}) };
      if (change.remove !== undefined) {
        if (!Object.prototype.hasOwnProperty.call(current, change.remove))
          throw snapshotMetadataNotFound(id, change.remove);
        md = { ...current };
        delete md[change.remove];
      } else checkMetadataProperties(md);
      await updateSnapshotFields(trx, id, { metadata: JSON.stringify(md), updated_at: this.rt.clock().toISOString() });
      return md as Record<string, string>;
    });
  }

  /** os-reset_status (admins): the status as given, lower-cased, no transition rules, as in Cinder */
  async resetStatus(ctx: RequestContext, id: string, status: string): Promise<void> {
    await this.get(ctx, id);
    await updateSnapshotFields(this.rt.store.db, id, { status, updated_at: this.rt.clock().toISOString() });
  }

  /**
   * os-update_snapshot_status: the volume driver's callback while a snapshot is made or removed;
   * the status moves only as Cinder's status_map allows, with an optional progress.
   */
  async updateStatus(ctx: RequestContext, id: string, status: string, progress: string | null): Promise<void> {
    const s = await this.get(ctx, id);
    checkUpdateSnapshotStatus(s.status, status);
    const set: Partial<SnapshotRow> = { status, updated_at: this.rt.clock().toISOString() };
    if (progress) set.progress = progress;
    // the status read above must still hold, or a concurrent change decides first
    if (!(await transitionSnapshot(this.rt.store.db, id, [s.status], set))) {
      const now = await this.get(ctx, id);
      checkUpdateSnapshotStatus(now.status, status);
      await transitionSnapshot(this.rt.store.db, id, [now.status], set);
    }
  }

  /** os-force_delete (admins): volume/api.py delete_snapshot(force=True), from any status */
  async forceDelete(ctx: RequestContext, id: string): Promise<void> {
    await this.get(ctx, id);
    const now = this.rt.clock().toISOString();
    const moved = await this.rt.store.transaction(async (trx) => {
      const s = await findSnapshot(trx, id);
      if (!s) return false;
      await updateSnapshotFields(trx, id, { status: SnapshotStatus.DELETING, updated_at: now });
      await enqueueOperation(
        trx,
        {
          kind: 'snapshot_delete',
          instanceUuid: null,
          host: null,
          requestId: ctx.requestId,
          payload: { snapshotId: id },
        },
        now,
      );
      return true;
    });
    if (!moved) throw snapshotNotFound(id);
    this.rt.bus.operationEnqueued(null);
  }
}
