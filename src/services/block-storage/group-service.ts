/**
 * Generic volume groups and group snapshots (cinder/group/api.py). Every state change commits
 * with its operation row (group_create, group_update, group_delete, group_snapshot_create,
 * group_snapshot_delete); the agent finishes it through group-backend.ts. A group's lock
 * (`volume-group:{id}`) orders its create-volume-in, update, delete and snapshot against each
 * other, and every move is a conditional UPDATE on the status the request saw, so of two racing
 * requests one wins and the other gets Cinder's 400. The groups quota is checked under the
 * project's quota lock in the transaction that writes the row.
 */
import type { Runtime } from '../../runtime.js';
import { findTypeEncryption } from '../../store/repositories/volume-type-encryption-repository.js';
import type { RequestContext } from '../../domain/context.js';
import type { Trx } from '../../store/database.js';
import { allowed } from '../../policy/check.js';
import { policyNotAuthorized } from '../../domain/errors.js';
import { isUuidLike, newUuid } from '../../lib/ids.js';
import { enqueueOperation } from '../../operations/enqueue.js';
import {
  countGroupSnapshotsOf,
  countGroupsOf,
  findGroup,
  findGroupSnapshot,
  insertGroup,
  insertGroupSnapshot,
  isSourceOfCreatingGroup,
  listGroupSnapshots,
  listGroups,
  markGroupVolumesDeleting,
  setGroupSnapshotMembersStatus,
  snapshotsOfGroupSnapshot,
  transitionGroup,
  transitionGroupSnapshot,
  volumeIdsOfGroups,
  volumesOfGroup,
  type GroupListFilter,
  type GroupRow,
  type GroupSnapshotListFilter,
  type GroupSnapshotRow,
  type GroupSnapshotSortKey,
  type GroupSortKey,
} from '../../store/repositories/volume-group-repository.js';
import {
  findVolume,
  findVolumeType,
  findVolumeTypeByName,
  insertSnapshot,
  insertVolume,
  volumeUsage,
  type VolumeRow,
  type VolumeTypeRow,
} from '../../store/repositories/volume-repository.js';
import { attachedOfVolumes } from '../../store/repositories/attachment-repository.js';
import { countSnapshotsOf } from '../../store/repositories/volume-repository.js';
import { SnapshotStatus, VolumeStatus } from '../../domain/volumes/states.js';
import {
  availabilityZoneInvalid,
  gigabytesQuotaExceeded,
  invalidVolume,
  snapshotLimitExceeded,
  volumeLimitExceeded,
  volumeTypeNotFound,
  volumeTypeNotFoundByName,
} from '../../domain/volumes/errors.js';
import {
  ADDABLE_TO_GROUP,
  REMOVABLE_FROM_GROUP,
  addVolumeInOtherGroup,
  addVolumeInvalidState,
  addVolumeNotFound,
  addVolumeOtherProject,
  addVolumeTypeUnsupported,
  groupDeleteRaced,
  groupDeleteStatusInvalid,
  groupHasSnapshots,
  groupHasVolumes,
  groupLimitExceeded,
  groupNotAvailable,
  groupNotFound,
  groupNotReplicated,
  groupNothingToUpdate,
  groupSnapshotDeleteInvalid,
  groupSnapshotEmpty,
  groupSnapshotNotFound,
  groupUpdateBothLists,
  groupVolumeAttached,
  groupVolumeHasSnapshots,
  groupVolumeTypeMissing,
  groupVolumeTypeUnsupported,
  invalidGroup,
  removeVolumeInvalidState,
  removeVolumeNotInGroup,
  sourceGroupEmpty,
} from '../../domain/volumes/group-errors.js';
import { effectiveLimits, groupLimit } from './quota-service.js';
import { GroupTypeService, groupSpecsOf } from './group-type-service.js';
import { findGroupType } from '../../store/repositories/volume-group-repository.js';

export type { GroupRow, GroupSnapshotRow, GroupSortKey, GroupSnapshotSortKey };

const visibleTo = (ctx: RequestContext, r: { project_id: string }): boolean =>
  ctx.isAdmin || (ctx.projectId !== null && r.project_id === ctx.projectId);

/** the lock a group's volume creates, updates, deletes and snapshots share */
export const groupLockKey = (groupId: string): string => `volume-group:${groupId}`;
const quotaLockKey = (projectId: string): string => `volume-quota:${projectId}`;

export const volumeTypeIdsOf = (g: GroupRow): string[] => JSON.parse(g.volume_type_ids) as string[];

export type GroupListQuery = Omit<GroupListFilter, 'projectId' | 'marker'> & { allTenants: boolean; marker?: string };
export type GroupSnapshotListQuery = Omit<GroupSnapshotListFilter, 'projectId' | 'marker'> & {
  allTenants: boolean;
  marker?: string;
};

export class GroupService {
  private readonly types: GroupTypeService;
  constructor(private readonly rt: Runtime) {
    this.types = new GroupTypeService(rt);
  }

  private now(): string {
    return this.rt.clock().toISOString();
  }

  async get(ctx: RequestContext, id: string): Promise<GroupRow> {
    const g = await findGroup(this.rt.store.db, id);
    if (!g || !visibleTo(ctx, g)) throw groupNotFound(id);
    return g;
  }

  async getSnapshot(ctx: RequestContext, id: string): Promise<GroupSnapshotRow> {
    const s = await findGroupSnapshot(this.rt.store.db, id);
    if (!s || !visibleTo(ctx, s)) throw groupSnapshotNotFound(id);
    return s;
  }

  /** group ids → their volume ids (the 3.25 list_volume view) */
  async volumeIds(groups: GroupRow[]): Promise<Map<string, string[]>> {
    return volumeIdsOfGroups(
      this.rt.store.db,
      groups.map((g) => g.id),
    );
  }

  private scope(ctx: RequestContext, allTenants: boolean): string | null | undefined {
    if (allTenants && allowed(ctx, 'volume:get_all_tenants')) return null;
    return ctx.projectId ?? undefined;
  }

  async list(ctx: RequestContext, q: GroupListQuery): Promise<GroupRow[]> {
    const projectId = this.scope(ctx, q.allTenants);
    if (projectId === undefined) return [];
    const marker = q.marker === undefined ? undefined : await this.get(ctx, q.marker);
    return listGroups(this.rt.store.db, { ...q, projectId, marker });
  }

  async listSnapshots(ctx: RequestContext, q: GroupSnapshotListQuery): Promise<GroupSnapshotRow[]> {
    const projectId = this.scope(ctx, q.allTenants);
    if (projectId === undefined) return [];
    const marker = q.marker === undefined ? undefined : await this.getSnapshot(ctx, q.marker);
    return listGroupSnapshots(this.rt.store.db, { ...q, projectId, marker });
  }

  /** db volume_types_get_by_name_or_id: each by id when it looks like one, else by name */
  private async volumeTypes(refs: string[]): Promise<VolumeTypeRow[]> {
    const out: VolumeTypeRow[] = [];
    for (const ref of refs) {
      const t = isUuidLike(ref)
        ? await findVolumeType(this.rt.store.db, ref)
        : await findVolumeTypeByName(this.rt.store.db, ref);
      if (!t) throw isUuidLike(ref) ? volumeTypeNotFound(ref) : volumeTypeNotFoundByName(ref);
      out.push(t);
    }
    return out;
  }

  private async checkGroupQuota(trx: Trx, projectId: string): Promise<void> {
    await this.rt.store.adapter.lockForUpdateOf(trx, quotaLockKey(projectId));
    const limit = await groupLimit(trx, projectId);
    if (limit >= 0 && (await countGroupsOf(trx, projectId)) + 1 > limit) throw groupLimitExceeded(limit);
  }

  private enqueue(trx: Trx, ctx: RequestContext, kind: 'group_create' | 'group_delete', groupId: string, now: string) {
    return enqueueOperation(
      trx,
      { kind, instanceUuid: null, host: null, requestId: ctx.requestId, payload: { groupId } },
      now,
    );
  }

  async create(
    ctx: RequestContext,
    req: {
      name: string | null;
      description: string | null;
      groupType: string;
      volumeTypes: string[];
      availabilityZone: string | null;
    },
  ): Promise<GroupRow> {
    const projectId = ctx.projectId;
    if (projectId === null) throw policyNotAuthorized('group:create');
    const vtypes = await this.volumeTypes(req.volumeTypes);
    const gtype = await this.types.resolve(ctx, req.groupType);
    const cfg = this.rt.config.blockStorage;
    const az = req.availabilityZone ?? cfg.availabilityZone;
    if (az !== cfg.availabilityZone) throw availabilityZoneInvalid(az);
    const now = this.now();
    const row: GroupRow = {
      id: newUuid(),
      project_id: projectId,
      user_id: ctx.userId,
      name: req.name,
      description: req.description,
      status: 'creating',
      availability_zone: az,
      group_type_id: gtype.id,
      volume_type_ids: JSON.stringify(vtypes.map((t) => t.id)),
      group_snapshot_id: null,
      source_group_id: null,
      host: null,
      replication_status: null,
      created_at: now,
      updated_at: null,
    };
    await this.rt.store.transaction(async (trx) => {
      await this.checkGroupQuota(trx, projectId);
      await insertGroup(trx, row);
      await this.enqueue(trx, ctx, 'group_create', row.id, now);
    });
    this.rt.bus.operationEnqueued(null);
    return row;
  }

  /**
   * create-from-src (group/api.py create_from_src): a new group of the source's type and volume
   * types with one new volume per source volume (or per snapshot of the group snapshot), each
   * created like any volume from its source (volume_create), all in one transaction.
   */
  async createFromSource(
    ctx: RequestContext,
    req: { name: string | null; description: string | null; groupSnapshotId?: string; sourceGroupId?: string },
  ): Promise<GroupRow> {
    const projectId = ctx.projectId;
    if (projectId === null) throw policyNotAuthorized('group:create');
    const now = this.now();
    const row = await this.rt.store.transaction(async (trx) => {
      let typeId: string;
      let volumeTypeIds: string;
      let az: string;
      const members: Array<{
        size: number;
        typeId: string;
        snapshotId: string | null;
        sourceVolid: string | null;
        bootable: number;
      }> = [];
      if (req.groupSnapshotId !== undefined) {
        const gs = await findGroupSnapshot(trx, req.groupSnapshotId);
        if (!gs || !visibleTo(ctx, gs)) throw groupSnapshotNotFound(req.groupSnapshotId);
        const snaps = await snapshotsOfGroupSnapshot(trx, gs.id);
        if (snaps.length === 0) throw groupSnapshotEmpty();
        const origin = await findGroup(trx, gs.group_id);
        typeId = gs.group_type_id;
        volumeTypeIds = origin?.volume_type_ids ?? '[]';
        az = origin?.availability_zone ?? this.rt.config.blockStorage.availabilityZone;
        for (const s of snaps) {
          if (s.status !== SnapshotStatus.AVAILABLE) throw invalidGroup('Group snapshot must be available.');
          const v = await findVolume(trx, s.volume_id);
          members.push({
            size: s.size,
            typeId: v?.volume_type_id ?? (JSON.parse(volumeTypeIds) as string[])[0] ?? '',
            snapshotId: s.id,
            sourceVolid: null,
            bootable: v?.bootable ?? 0,
          });
        }
      } else {
        const src = await findGroup(trx, req.sourceGroupId!);
        if (!src || !visibleTo(ctx, src)) throw groupNotFound(req.sourceGroupId!);
        const vols = await volumesOfGroup(trx, src.id);
        if (vols.length === 0) throw sourceGroupEmpty();
        typeId = src.group_type_id;
        volumeTypeIds = src.volume_type_ids;
        az = src.availability_zone;
        for (const v of vols) {
          if (v.status !== VolumeStatus.AVAILABLE && v.status !== VolumeStatus.IN_USE)
            throw invalidVolume('source volume status must be available or in-use.');
          members.push({
            size: v.size,
            typeId: v.volume_type_id,
            snapshotId: null,
            sourceVolid: v.id,
            bootable: v.bootable,
          });
        }
      }
      await this.checkGroupQuota(trx, projectId);
      const q = await effectiveLimits(this.rt, trx, projectId);
      const used = await volumeUsage(trx, projectId);
      const gb = members.reduce((n, m) => n + m.size, 0);
      if (q.volumes >= 0 && used.volumes + members.length > q.volumes) throw volumeLimitExceeded(q.volumes);
      if (q.gigabytes >= 0 && used.gigabytes + gb > q.gigabytes)
        throw gigabytesQuotaExceeded(gb, q.gigabytes, used.gigabytes);
      const g: GroupRow = {
        id: newUuid(),
        project_id: projectId,
        user_id: ctx.userId,
        name: req.name,
        description: req.description,
        status: 'creating',
        availability_zone: az,
        group_type_id: typeId,
        volume_type_ids: volumeTypeIds,
        group_snapshot_id: req.groupSnapshotId ?? null,
        source_group_id: req.sourceGroupId ?? null,
        host: null,
        replication_status: null,
        created_at: now,
        updated_at: null,
      };
      await insertGroup(trx, g);
      for (const m of members) {
        const v: VolumeRow = {
          id: newUuid(),
          project_id: projectId,
          user_id: ctx.userId,
          name: null,
          description: null,
          size: m.size,
          status: VolumeStatus.CREATING,
          previous_status: null,
          availability_zone: az,
          volume_type_id: m.typeId,
          bootable: m.bootable,
          multiattach: 0,
          metadata: '{}',
          image_metadata: null,
          snapshot_id: m.snapshotId,
          source_volid: m.sourceVolid,
          host: null,
          allocated_gb: 0,
          extend_to: null,
          readonly: null,
          // the key manager's key for a volume of an encrypted type (as volume create does)
          encryption_key_id: (await findTypeEncryption(trx, m.typeId)) ? newUuid() : null,
          group_id: g.id,
          created_at: now,
          updated_at: null,
          launched_at: null,
        };
        await insertVolume(trx, v);
        await enqueueOperation(
          trx,
          {
            kind: 'volume_create',
            instanceUuid: null,
            host: null,
            requestId: ctx.requestId,
            payload: { volumeId: v.id },
          },
          now,
        );
      }
      await this.enqueue(trx, ctx, 'group_create', g.id, now);
      return g;
    });
    this.rt.bus.operationEnqueued(null);
    return row;
  }

  /**
   * volume/api.py create in a group: the request must name a type the group supports. Called
   * inside the volume's create transaction, under the group's lock, so a group delete cannot
   * slip in between.
   */
  async checkVolumeJoin(
    trx: Trx,
    ctx: RequestContext,
    groupId: string,
    volumeTypeGiven: boolean,
    typeId: string,
    typeName: string,
  ) {
    await this.rt.store.adapter.lockForUpdateOf(trx, groupLockKey(groupId));
    const g = await findGroup(trx, groupId);
    if (!g || !visibleTo(ctx, g) || g.status === 'deleting') throw groupNotFound(groupId);
    if (!volumeTypeGiven) throw groupVolumeTypeMissing();
    if (!volumeTypeIdsOf(g).includes(typeId)) throw groupVolumeTypeUnsupported(typeName);
  }

  /** the group as the API's 404 sees it (before the create's own checks) */
  async assertVisible(ctx: RequestContext, groupId: string): Promise<void> {
    await this.get(ctx, groupId);
  }

  /**
   * group/api.py update: name and description at once; volumes to add or remove are checked here
   * and moved by the group_update operation while the group is updating.
   */
  async update(
    ctx: RequestContext,
    id: string,
    req: {
      name?: string | null;
      description?: string | null;
      addVolumes?: string | null;
      removeVolumes?: string | null;
    },
  ): Promise<void> {
    const g = await this.get(ctx, id);
    let name = req.name === undefined ? null : (req.name?.trim() ?? null);
    let description = req.description === undefined ? null : (req.description?.trim() ?? null);
    if (name === g.name) name = null;
    if (description === g.description) description = null;
    const split = (s: string | null | undefined) => (s ? s.replace(/^,+|,+$/g, '').split(',') : []);
    const add = split(req.addVolumes);
    const remove = split(req.removeVolumes);
    const both = add.filter((a) => remove.includes(a));
    if (both.length > 0) throw groupUpdateBothLists(both);
    const now = this.now();
    const moved = await this.rt.store.transaction(async (trx) => {
      await this.rt.store.adapter.lockForUpdateOf(trx, groupLockKey(id));
      const current = await findGroup(trx, id);
      if (!current) throw groupNotFound(id);
      const members = await volumesOfGroup(trx, id);
      const memberIds = new Set(members.map((v) => v.id));
      const toAdd: string[] = [];
      for (const volId of add) {
        if (memberIds.has(volId) || toAdd.includes(volId)) continue;
        const v = await findVolume(trx, volId);
        if (!v) throw addVolumeNotFound(volId, id);
        if (v.group_id !== null) throw addVolumeInOtherGroup(v.id, id, v.group_id);
        if (v.project_id !== current.project_id) throw addVolumeOtherProject(v.id, id);
        if (!volumeTypeIdsOf(current).includes(v.volume_type_id))
          throw addVolumeTypeUnsupported(v.id, id, v.volume_type_id);
        if (!(ADDABLE_TO_GROUP as readonly string[]).includes(v.status))
          throw addVolumeInvalidState(v.id, id, v.status);
        toAdd.push(v.id);
      }
      const toRemove: string[] = [];
      for (const v of members) {
        if (!remove.includes(v.id)) continue;
        if (!(REMOVABLE_FROM_GROUP as readonly string[]).includes(v.status))
          throw removeVolumeInvalidState(v.id, id, v.status);
        toRemove.push(v.id);
      }
      for (const r of remove) if (!toRemove.includes(r)) throw removeVolumeNotInGroup(r, id);
      if (name === null && description === null && toAdd.length === 0 && toRemove.length === 0)
        throw groupNothingToUpdate(id);
      const set: Partial<GroupRow> = { updated_at: now };
      if (name !== null) set.name = name;
      if (description !== null) set.description = description;
      if (toAdd.length === 0 && toRemove.length === 0) {
        // only name or description: Cinder sets the group available whatever it was
        set.status = 'available';
        return transitionGroup(trx, id, null, set);
      }
      set.status = 'updating';
      if (!(await transitionGroup(trx, id, ['available'], set))) return false;
      await enqueueOperation(
        trx,
        {
          kind: 'group_update',
          instanceUuid: null,
          host: null,
          requestId: ctx.requestId,
          payload: { groupId: id, addVolumes: toAdd, removeVolumes: toRemove },
        },
        now,
      );
      return true;
    });
    if (!moved) throw groupNotAvailable();
    this.rt.bus.operationEnqueued(null);
  }

  /** group/api.py delete (delete-volumes: its volumes go too, whatever the group's status) */
  async delete(ctx: RequestContext, id: string, deleteVolumes: boolean): Promise<void> {
    const g = await this.get(ctx, id);
    if (!deleteVolumes && g.status !== 'available' && g.status !== 'error') throw groupDeleteStatusInvalid(g.status);
    const now = this.now();
    await this.rt.store.transaction(async (trx) => {
      await this.rt.store.adapter.lockForUpdateOf(trx, groupLockKey(id));
      if ((await countGroupSnapshotsOf(trx, id)) > 0) throw groupHasSnapshots();
      const vols = await volumesOfGroup(trx, id);
      if (vols.length > 0 && !deleteVolumes) throw groupHasVolumes(id);
      const attached = await attachedOfVolumes(
        trx,
        vols.map((v) => v.id),
      );
      for (const v of vols) {
        if ((attached.get(v.id) ?? []).length > 0 || v.status === VolumeStatus.IN_USE) throw groupVolumeAttached(id);
        if ((await countSnapshotsOf(trx, v.id)) > 0) throw groupVolumeHasSnapshots();
      }
      if (await isSourceOfCreatingGroup(trx, { groupId: id })) throw groupDeleteRaced(id, deleteVolumes);
      const from = deleteVolumes ? null : ['available', 'error'];
      if (!(await transitionGroup(trx, id, from, { status: 'deleting', updated_at: now })))
        throw groupDeleteRaced(id, deleteVolumes);
      await markGroupVolumesDeleting(trx, id, now);
      await this.enqueue(trx, ctx, 'group_delete', id, now);
    });
    this.rt.bus.operationEnqueued(null);
  }

  /** os-reset_status for groups (3.20, admins): the status as given, lower-cased */
  async resetStatus(ctx: RequestContext, id: string, status: string): Promise<void> {
    await this.get(ctx, id);
    await transitionGroup(this.rt.store.db, id, null, { status, updated_at: this.now() });
  }

  /**
   * enable/disable/failover_replication (3.38): only a group whose type enables replication
   * (group_replication_enabled or consistent_group_replication_enabled "<is> True") can; the
   * simulated backend has no replication target, so there is none otherwise.
   */
  async replication(ctx: RequestContext, id: string, action: 'enable' | 'disable' | 'failover'): Promise<void> {
    const g = await this.get(ctx, id);
    const t = await findGroupType(this.rt.store.db, g.group_type_id);
    const specs = t ? groupSpecsOf(t) : {};
    const on = (k: string) => specs[k] === '<is> True';
    if (!on('group_replication_enabled') && !on('consistent_group_replication_enabled')) throw groupNotReplicated(id);
    const valid = action === 'failover' ? ['available', 'in-use'] : ['available'];
    if (!valid.includes(g.status))
      throw invalidGroup(`Group ${id} status must be ${valid.join(' or ')}, but current status is: ${g.status}.`);
    const next = action === 'enable' ? 'enabled' : action === 'disable' ? 'disabled' : 'failed-over';
    await transitionGroup(this.rt.store.db, id, [g.status], { replication_status: next, updated_at: this.now() });
  }

  // ---- group snapshots ----

  /** group/api.py create_group_snapshot: one snapshot per volume of the group, in one transaction */
  async createSnapshot(
    ctx: RequestContext,
    groupId: string,
    req: { name: string | null; description: string | null },
  ): Promise<GroupSnapshotRow> {
    const projectId = ctx.projectId;
    if (projectId === null) throw policyNotAuthorized('group:create_group_snapshot');
    await this.get(ctx, groupId);
    const now = this.now();
    const row = await this.rt.store.transaction(async (trx) => {
      await this.rt.store.adapter.lockForUpdateOf(trx, groupLockKey(groupId));
      const g = await findGroup(trx, groupId);
      if (!g) throw groupNotFound(groupId);
      if (g.status !== 'available')
        throw invalidGroup(`Group ${groupId} status must be available, but current status is: ${g.status}.`);
      const vols = await volumesOfGroup(trx, groupId);
      for (const v of vols)
        if (v.status !== VolumeStatus.AVAILABLE && v.status !== VolumeStatus.IN_USE)
          throw invalidVolume(`Volume ${v.id} status must be available or in-use, but current status is: ${v.status}`);
      await this.rt.store.adapter.lockForUpdateOf(trx, quotaLockKey(projectId));
      const q = await effectiveLimits(this.rt, trx, projectId);
      const used = await volumeUsage(trx, projectId);
      const gb = vols.reduce((n, v) => n + v.size, 0);
      if (q.snapshots >= 0 && used.snapshots + vols.length > q.snapshots) throw snapshotLimitExceeded(q.snapshots);
      if (q.gigabytes >= 0 && used.gigabytes + gb > q.gigabytes)
        throw gigabytesQuotaExceeded(gb, q.gigabytes, used.gigabytes);
      const gs: GroupSnapshotRow = {
        id: newUuid(),
        project_id: projectId,
        user_id: ctx.userId,
        group_id: groupId,
        group_type_id: g.group_type_id,
        name: req.name,
        description: req.description,
        status: 'creating',
        created_at: now,
        updated_at: null,
      };
      await insertGroupSnapshot(trx, gs);
      for (const v of vols)
        await insertSnapshot(trx, {
          id: newUuid(),
          project_id: projectId,
          user_id: ctx.userId,
          volume_id: v.id,
          name: req.name,
          description: req.description,
          size: v.size,
          status: SnapshotStatus.CREATING,
          progress: '0%',
          metadata: '{}',
          group_snapshot_id: gs.id,
          created_at: now,
          updated_at: null,
        });
      await enqueueOperation(
        trx,
        {
          kind: 'group_snapshot_create',
          instanceUuid: null,
          host: null,
          requestId: ctx.requestId,
          payload: { groupSnapshotId: gs.id },
        },
        now,
      );
      return gs;
    });
    this.rt.bus.operationEnqueued(null);
    return row;
  }

  async deleteSnapshot(ctx: RequestContext, id: string): Promise<void> {
    await this.getSnapshot(ctx, id);
    const now = this.now();
    await this.rt.store.transaction(async (trx) => {
      const gs = await findGroupSnapshot(trx, id);
      if (!gs) throw groupSnapshotNotFound(id);
      await this.rt.store.adapter.lockForUpdateOf(trx, groupLockKey(gs.group_id));
      if (await isSourceOfCreatingGroup(trx, { groupSnapshotId: id })) throw groupSnapshotDeleteInvalid();
      if (!(await transitionGroupSnapshot(trx, id, ['available', 'error'], { status: 'deleting', updated_at: now })))
        throw groupSnapshotDeleteInvalid();
      await setGroupSnapshotMembersStatus(trx, id, null, { status: SnapshotStatus.DELETING, updated_at: now });
      await enqueueOperation(
        trx,
        {
          kind: 'group_snapshot_delete',
          instanceUuid: null,
          host: null,
          requestId: ctx.requestId,
          payload: { groupSnapshotId: id },
        },
        now,
      );
    });
    this.rt.bus.operationEnqueued(null);
  }

  async resetSnapshotStatus(ctx: RequestContext, id: string, status: string): Promise<void> {
    await this.getSnapshot(ctx, id);
    await transitionGroupSnapshot(this.rt.store.db, id, null, { status, updated_at: this.now() });
  }
}
