/**
 * Server lifecycle requests (nova/compute/api.py): each action checks the lock and state rules,
 * makes one conditional transition, records the instance action and enqueues the agent's work,
 * all in one transaction. The agent (src/agent) carries the work out.
 */
import type { Runtime } from '../../runtime.js';
import type { RequestContext } from '../../domain/context.js';
import { instanceLocked, instanceNotFound, policyNotAuthorized } from '../../domain/errors.js';
import {
  STATE_RULES,
  checkInstanceHost,
  checkInstanceState,
  checkLock,
  invalidStateGeneric,
  type InstanceAction,
} from '../../domain/instances/rules.js';
import { releaseServerVolumes } from './volume-attach-service.js';
import { TaskState, VmState, deletedColumns } from '../../domain/instances/states.js';
import { isUuidLike } from '../../lib/ids.js';
import { findInstance, transitionInstance } from '../../store/repositories/instance-repository.js';
import {
  finishAction,
  finishEvent,
  startAction,
  startEvent,
} from '../../store/repositories/instance-action-repository.js';
import { enqueueOperation } from '../../operations/enqueue.js';
import type { Operation } from '../../operations/registry.js';
import type { InstancesTable } from '../../store/tables/instances.table.js';
import type { Trx } from '../../store/database.js';
import { decideResize, resizeInstance } from './resize-service.js';
import { snapshotInstance, type BackupSpec } from './snapshot-service.js';
import { systemMetadataOf } from './system-metadata.js';
import {
  deleteShelvedImage,
  isVolumeBacked,
  shelveInstance,
  shelveOffloadInstance,
  unshelveInstance,
  type UnshelveRequest,
} from './shelve-service.js';
import { imageById, imageVisibleTo } from '../image/image-service.js';
import { instanceNotRescuable, unsupportedRescueImage } from '../../domain/compute-errors.js';
import {
  createInstances,
  generatePassword,
  type CreateServerRequest,
  type CreateServerResult,
} from './instance-create.js';

export type { CreateServerRequest, CreateServerResult } from './instance-create.js';

export interface UpdateServerPatch {
  name?: string;
  description?: string | null;
  accessIPv4?: string | null;
  accessIPv6?: string | null;
  hostname?: string;
  /** OS-DCF:diskConfig: servers.py update stores it (auto_disk_config) */
  diskConfig?: 'AUTO' | 'MANUAL';
}

type PowerKind =
  | 'start'
  | 'stop'
  | 'reboot'
  | 'rebuild'
  | 'pause'
  | 'unpause'
  | 'suspend'
  | 'resume'
  | 'rescue'
  | 'unrescue'
  | 'set_admin_password';
type OpFor<K extends Operation['kind']> = Omit<Extract<Operation, { kind: K }>['payload'], 'actionId'>;

export class InstanceService {
  constructor(private readonly rt: Runtime) {}

  /** 404 for unknown or malformed ids, deleted rows (unless allowDeleted) and other projects' servers */
  async get(ctx: RequestContext, uuid: string, opts: { allowDeleted?: boolean } = {}): Promise<InstancesTable> {
    if (!isUuidLike(uuid)) throw instanceNotFound(uuid);
    const row = await findInstance(this.rt.store.db, uuid);
    if (!row || (row.deleted && !opts.allowDeleted)) throw instanceNotFound(uuid);
    if (!ctx.isAdmin && row.project_id !== ctx.projectId) throw instanceNotFound(uuid);
    return row;
  }

  create(ctx: RequestContext, req: CreateServerRequest): Promise<CreateServerResult> {
    return createInstances(this.rt, ctx, req);
  }

  start(ctx: RequestContext, uuid: string): Promise<InstancesTable> {
    return this.act(ctx, uuid, 'start', 'start', {}, 'start', {});
  }

  stop(ctx: RequestContext, uuid: string, opts: { graceful?: boolean } = {}): Promise<InstancesTable> {
    return this.act(ctx, uuid, 'stop', 'stop', {}, 'stop', {
      graceful: opts.graceful ?? true,
    });
  }

  reboot(ctx: RequestContext, uuid: string, type: 'SOFT' | 'HARD'): Promise<InstancesTable> {
    const rule = type === 'SOFT' ? 'reboot_soft' : 'reboot_hard';
    return this.act(ctx, uuid, rule, 'reboot', {}, 'reboot', { type });
  }

  /**
   * compute/api.py pause / unpause / suspend / resume: lock, then the state rule (no host check:
   * a launched instance that passes the rule has one), the task written conditionally on no task
   * running, the instance action recorded and the agent's operation enqueued in one transaction.
   */
  pause(ctx: RequestContext, uuid: string): Promise<InstancesTable> {
    return this.act(ctx, uuid, 'pause', 'pause', {}, 'pause', {}, false);
  }

  unpause(ctx: RequestContext, uuid: string): Promise<InstancesTable> {
    return this.act(ctx, uuid, 'unpause', 'unpause', {}, 'unpause', {}, false);
  }

  suspend(ctx: RequestContext, uuid: string): Promise<InstancesTable> {
    return this.act(ctx, uuid, 'suspend', 'suspend', {}, 'suspend', {}, false);
  }

  resume(ctx: RequestContext, uuid: string): Promise<InstancesTable> {
    return this.act(ctx, uuid, 'resume', 'resume', {}, 'resume', {}, false);
  }

  /**
   * compute/api.py rescue: lock and state, then the rescue image (the server's own unless
   * rescue_image_ref names one the caller can see: else 400 UnsupportedRescueImage, as is one
   * made from a volume snapshot), then the volume-backed rule (2.87 allows it only with an image
   * carrying hw_rescue_bus and hw_rescue_device on a host with COMPUTE_RESCUE_BFV, which the fake
   * driver's hosts lack), then RESCUING with the action and the operation.
   */
  async rescue(
    ctx: RequestContext,
    uuid: string,
    opts: { password?: string; rescueImageRef?: string; allowBfvRescue: boolean },
  ): Promise<{ password: string }> {
    const inst = await this.get(ctx, uuid);
    checkLock(inst, ctx);
    checkInstanceState('rescue', inst);
    let imageId = inst.image_ref;
    let props: Record<string, unknown> = {};
    if (opts.rescueImageRef) {
      const image = await imageVisibleTo(this.rt, ctx, opts.rescueImageRef);
      if (!image) throw unsupportedRescueImage(opts.rescueImageRef);
      props = JSON.parse(image.properties) as Record<string, unknown>;
      if (props.img_block_device_mapping) throw unsupportedRescueImage(opts.rescueImageRef);
      imageId = image.id;
    } else if (inst.image_ref) {
      const image = await imageById(this.rt, inst.image_ref);
      if (image) props = JSON.parse(image.properties) as Record<string, unknown>;
    }
    if (isVolumeBacked(inst)) {
      const bfv = opts.allowBfvRescue && 'hw_rescue_bus' in props && 'hw_rescue_device' in props;
      throw instanceNotRescuable(
        uuid,
        bfv ? 'Host unable to rescue a volume-backed instance' : 'Cannot rescue a volume-backed instance',
      );
    }
    // rescue.py: the caller's adminPass, else utils.generate_password()
    const password = opts.password ?? generatePassword();
    await this.act(ctx, uuid, 'rescue', 'rescue', {}, 'rescue', { imageId }, false);
    return { password };
  }

  unrescue(ctx: RequestContext, uuid: string): Promise<InstancesTable> {
    return this.act(ctx, uuid, 'unrescue', 'unrescue', {}, 'unrescue', {}, false);
  }

  /** compute/api.py set_admin_password: UPDATING_PASSWORD, the guest agent sets it on the host */
  changePassword(ctx: RequestContext, uuid: string, password: string): Promise<InstancesTable> {
    return this.act(ctx, uuid, 'changePassword', 'changePassword', {}, 'set_admin_password', { password }, false);
  }

  /** compute/api.py shelve / shelve_offload / unshelve (services/compute/shelve-service.ts) */
  shelve(ctx: RequestContext, uuid: string): Promise<void> {
    return shelveInstance(this.rt, ctx, uuid);
  }

  shelveOffload(ctx: RequestContext, uuid: string): Promise<void> {
    return shelveOffloadInstance(this.rt, ctx, uuid);
  }

  unshelve(ctx: RequestContext, uuid: string, req: UnshelveRequest): Promise<void> {
    return unshelveInstance(this.rt, ctx, uuid, req);
  }

  /** compute/api.py resize (services/compute/resize-service.ts) */
  resize(
    ctx: RequestContext,
    uuid: string,
    flavorRef: string,
    diskConfig?: 'AUTO' | 'MANUAL',
  ): Promise<InstancesTable> {
    return resizeInstance(this.rt, ctx, uuid, flavorRef, diskConfig);
  }

  confirmResize(ctx: RequestContext, uuid: string): Promise<InstancesTable> {
    return decideResize(this.rt, ctx, uuid, 'confirmResize');
  }

  revertResize(ctx: RequestContext, uuid: string): Promise<InstancesTable> {
    return decideResize(this.rt, ctx, uuid, 'revertResize');
  }

  /** compute/api.py snapshot (services/compute/snapshot-service.ts): the new image's id */
  async createImage(
    ctx: RequestContext,
    uuid: string,
    name: string,
    metadata: Record<string, string>,
  ): Promise<string> {
    return (await snapshotInstance(this.rt, ctx, uuid, name, metadata)).id;
  }

  /** compute/api.py backup (services/compute/snapshot-service.ts): the new image's id */
  async createBackup(
    ctx: RequestContext,
    uuid: string,
    name: string,
    metadata: Record<string, string>,
    backup: BackupSpec,
    checkMetadataQuota: boolean,
  ): Promise<string> {
    return (await snapshotInstance(this.rt, ctx, uuid, name, metadata, { backup, checkMetadataQuota })).id;
  }

  /**
   * os-resetState (admin_actions.py _reset_state): vm_state set, task_state cleared in any state
   * and lock, recorded as a finished 'resetState' action without events. A pending operation of
   * the cleared task then finds its task gone and does nothing.
   */
  async resetState(ctx: RequestContext, uuid: string, state: 'active' | 'error'): Promise<InstancesTable> {
    const inst = await this.get(ctx, uuid);
    checkInstanceState('resetState', inst);
    return this.rt.store.transaction(async (trx) => {
      const now = this.rt.clock().toISOString();
      const action = await startAction(trx, this.actionRow(ctx, inst, 'resetState'), now);
      const r = await transitionInstance(
        trx,
        uuid,
        {},
        {
          vm_state: state === 'active' ? VmState.ACTIVE : VmState.ERROR,
          task_state: STATE_RULES.resetState.sets,
          updated_at: now,
        },
      );
      if (!r) throw instanceNotFound(uuid);
      await finishAction(trx, action.id, now);
      return r;
    });
  }

  /**
   * compute/api.py rebuild: the new image and the other requested fields are written with the
   * REBUILDING task in one conditional update; the agent then respawns the guest. vm_state is
   * kept, so a stopped server comes back SHUTOFF.
   */
  async rebuild(
    ctx: RequestContext,
    uuid: string,
    patch: Partial<InstancesTable>,
    reimage: { volumeId: string; imageId: string } | null = null,
  ): Promise<InstancesTable> {
    const inst = await this.get(ctx, uuid);
    return this.act(ctx, uuid, 'rebuild', 'rebuild', patch, 'rebuild', {
      wasStopped: inst.vm_state === VmState.STOPPED,
      ...(reimage ? { reimage } : {}),
    });
  }

  /**
   * os-deferred-delete forceDelete (compute/api.py force_delete): deletes at once in any
   * vm_state, but not while another task runs.
   */
  async forceDelete(ctx: RequestContext, uuid: string): Promise<void> {
    const inst = await this.get(ctx, uuid);
    checkLock(inst, ctx);
    checkInstanceState('force_delete', inst);
    await this.delete(ctx, uuid);
  }

  /** os-deferred-delete restore: only a SOFT_DELETED instance qualifies, which stackbox never makes, so 409 */
  async restore(ctx: RequestContext, uuid: string): Promise<void> {
    const inst = await this.get(ctx, uuid);
    checkLock(inst, ctx);
    checkInstanceState('restore', inst);
  }

  /**
   * Allowed in any state (locked → 409). An instance never scheduled to a host is deleted here
   * (nova's _local_delete); otherwise the host's agent destroys the guest.
   */
  async delete(ctx: RequestContext, uuid: string): Promise<void> {
    const inst = await this.get(ctx, uuid);
    checkLock(inst, ctx);
    if (inst.task_state === TaskState.DELETING) return;
    const host = await this.rt.store.transaction(async (trx) => {
      const now = this.rt.clock().toISOString();
      const action = await startAction(trx, this.actionRow(ctx, inst, 'delete'), now);
      // an offloaded server has ports to give back: an agent deletes it (host null: any agent)
      if (!inst.host && inst.vm_state !== VmState.SHELVED_OFFLOADED) {
        const done = await transitionInstance(
          trx,
          uuid,
          { fromTaskStates: [inst.task_state], unlocked: !ctx.isAdmin },
          deletedColumns(now),
        );
        // nova's _local_delete also gives the server's volumes back
        if (done) return (await releaseServerVolumes(this.rt, trx, uuid, ctx.requestId, now)) ? undefined : null;
      }
      const r = await transitionInstance(
        trx,
        uuid,
        { unlocked: !ctx.isAdmin },
        { task_state: STATE_RULES.delete.sets, updated_at: now },
      );
      if (!r) {
        const cur = await findInstance(trx, uuid);
        if (!cur || cur.deleted) throw instanceNotFound(uuid);
        throw instanceLocked(uuid);
      }
      await enqueueOperation(
        trx,
        {
          kind: 'delete',
          instanceUuid: uuid,
          host: r.host,
          requestId: ctx.requestId,
          payload: { actionId: action.id },
        },
        now,
      );
      return r.host ?? undefined;
    });
    if (host !== null) this.rt.bus.operationEnqueued(host ?? null);
    // compute/api.py _delete: a shelved server's snapshot image goes with it
    if (inst.vm_state === VmState.SHELVED || inst.vm_state === VmState.SHELVED_OFFLOADED)
      await deleteShelvedImage(this.rt, systemMetadataOf(inst).shelved_image_id);
  }

  /** nova lock: locked_by 'owner' when the caller's project owns the server, else 'admin' */
  async lock(ctx: RequestContext, uuid: string, reason: string | null): Promise<InstancesTable> {
    const inst = await this.get(ctx, uuid);
    const isOwner = ctx.projectId === inst.project_id;
    // compute/api.py lock: the owner locking an already locked server changes and records nothing
    if (inst.locked && isOwner) return inst;
    return this.rt.store.transaction(async (trx) => {
      const now = this.rt.clock().toISOString();
      const r = await transitionInstance(
        trx,
        uuid,
        {},
        { locked: 1, locked_by: isOwner ? 'owner' : 'admin', locked_reason: reason, updated_at: now },
      );
      if (!r) throw instanceNotFound(uuid);
      await this.apiEvent(trx, await startAction(trx, this.actionRow(ctx, inst, 'lock'), now), 'api_lock', now);
      return r;
    });
  }

  /** an admin's lock may only be lifted by someone passing unlock_override (nova/api/.../lock_server.py) */
  async unlock(ctx: RequestContext, uuid: string): Promise<InstancesTable> {
    const inst = await this.get(ctx, uuid);
    if (inst.locked && inst.locked_by === 'admin' && !ctx.isAdmin) {
      throw policyNotAuthorized('os_compute_api:os-lock-server:unlock:unlock_override');
    }
    return this.rt.store.transaction(async (trx) => {
      const now = this.rt.clock().toISOString();
      const r = await transitionInstance(
        trx,
        uuid,
        {},
        { locked: 0, locked_by: null, locked_reason: null, updated_at: now },
      );
      if (!r) throw instanceNotFound(uuid);
      await this.apiEvent(trx, await startAction(trx, this.actionRow(ctx, inst, 'unlock'), now), 'api_unlock', now);
      return r;
    });
  }

  /** lock/unlock happen in the API itself: Nova wraps them in an api_<name> event (wrap_instance_event prefix='api') */
  private async apiEvent(trx: Trx, action: { id: string }, event: string, at: string): Promise<void> {
    const ev = await startEvent(trx, action.id, event, null, at);
    await finishEvent(trx, ev.id, 'Success', at);
  }

  async update(ctx: RequestContext, uuid: string, patch: UpdateServerPatch): Promise<InstancesTable> {
    await this.get(ctx, uuid);
    const set: Partial<InstancesTable> = { updated_at: this.rt.clock().toISOString() };
    if (patch.name !== undefined) set.display_name = patch.name;
    if (patch.description !== undefined) set.display_description = patch.description;
    if (patch.accessIPv4 !== undefined) set.access_ip_v4 = patch.accessIPv4;
    if (patch.hostname !== undefined) set.hostname = patch.hostname;
    if (patch.accessIPv6 !== undefined) set.access_ip_v6 = patch.accessIPv6;
    if (patch.diskConfig !== undefined) set.disk_config = patch.diskConfig;
    const r = await transitionInstance(this.rt.store.db, uuid, {}, set);
    if (!r) throw instanceNotFound(uuid);
    return r;
  }

  private actionRow(ctx: RequestContext, inst: InstancesTable, action: string) {
    return {
      instanceUuid: inst.uuid,
      requestId: ctx.requestId,
      action,
      projectId: ctx.projectId ?? inst.project_id,
      userId: ctx.userId,
    };
  }

  private async act<K extends PowerKind>(
    ctx: RequestContext,
    uuid: string,
    rule: InstanceAction,
    actionName: string,
    patch: Partial<InstancesTable>,
    kind: K,
    extra: OpFor<K>,
    hostCheckFirst = true,
  ): Promise<InstancesTable> {
    const inst = await this.get(ctx, uuid);
    checkLock(inst, ctx);
    // @check_instance_host comes before the state check where Nova has it (start, stop); pause and
    // co. have none, so their state rule answers first (the agent still needs a host after it)
    if (hostCheckFirst) checkInstanceHost(inst);
    checkInstanceState(rule, inst);
    if (!hostCheckFirst) checkInstanceHost(inst);
    // the task written is the rule's (rules.ts): one table says what each action leaves behind
    const { vmStates, taskStates, sets } = STATE_RULES[rule];
    const row = await this.rt.store.transaction(async (trx: Trx) => {
      const at = this.rt.clock().toISOString();
      const r = await transitionInstance(
        trx,
        uuid,
        { fromVmStates: vmStates, fromTaskStates: taskStates, unlocked: !ctx.isAdmin },
        { ...patch, task_state: sets, updated_at: at },
      );
      if (!r) {
        // someone else changed it between our read and this write: report the state they left
        const now = await findInstance(trx, uuid);
        if (!now || now.deleted) throw instanceNotFound(uuid);
        checkLock(now, ctx);
        checkInstanceState(rule, now);
        throw invalidStateGeneric(STATE_RULES[rule].name, uuid);
      }
      const action = await startAction(trx, this.actionRow(ctx, inst, actionName), at);
      await enqueueOperation(
        trx,
        {
          kind,
          instanceUuid: uuid,
          host: r.host,
          requestId: ctx.requestId,
          payload: { actionId: action.id, ...extra },
        } as Parameters<typeof enqueueOperation>[1],
        at,
      );
      return r;
    });
    this.rt.bus.operationEnqueued(row.host);
    return row;
  }
}
