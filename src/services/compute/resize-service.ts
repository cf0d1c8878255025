/**
 * Resize and its two endings (nova/compute/api.py resize, confirm_resize, revert_resize, and the
 * compute host's side in manager.py prep_resize → resize_instance → finish_resize,
 * confirm_resize, revert_resize → finish_revert_resize). The API side checks lock, state, flavor
 * and quota, then writes the task, a migration row, the instance action and the agent's
 * operation in one transaction; the agent moves the instance through the migration with
 * conditional writes (each also conditional on the migration's status), so a retried operation
 * resumes where the last attempt stopped.
 */
import type { Runtime } from '../../runtime.js';
import type { RequestContext } from '../../domain/context.js';
import { instanceNotFound } from '../../domain/errors.js';
import {
  cannotResizeDisk,
  notResized,
  quotaExceeded,
  resizeFlavorNotFound,
  resizeSameFlavor,
} from '../../domain/compute-errors.js';
import {
  STATE_RULES,
  checkInstanceHost,
  checkInstanceState,
  checkLock,
  invalidStateGeneric,
  type InstanceAction,
} from '../../domain/instances/rules.js';
import { TaskState, VmState } from '../../domain/instances/states.js';
import { newUuid } from '../../lib/ids.js';
import { findInstance, projectUsage, transitionInstance } from '../../store/repositories/instance-repository.js';
import { startAction } from '../../store/repositories/instance-action-repository.js';
import { findFlavor, findFlavorVisible, type FlavorRow } from '../../store/repositories/flavor-repository.js';
import {
  findMigration,
  finishedBefore,
  insertMigration,
  migrationByStatus,
  updateMigration,
  type MigrationRow,
  type NewMigration,
} from '../../store/repositories/migration-repository.js';
import { enqueueOperation } from '../../operations/enqueue.js';
import type { InstancesTable } from '../../store/tables/instances.table.js';
import type { Trx } from '../../store/database.js';
import { effectiveQuotas } from './quota-service.js';

export type { MigrationRow };

/** the task states of a resize on its way (task_states.py), in order */
export const RESIZE_TASKS: string[] = [
  TaskState.RESIZE_PREP,
  TaskState.RESIZE_MIGRATING,
  TaskState.RESIZE_MIGRATED,
  TaskState.RESIZE_FINISH,
];

/** internal_id: absent in a snapshot taken before migration 0045 */
type FlavorSnapshot = Pick<FlavorRow, 'id' | 'vcpus' | 'ram' | 'disk'> & { internal_id?: number };
export const flavorOf = (json: string): FlavorSnapshot => JSON.parse(json) as FlavorSnapshot;

/** the instance columns that follow its flavor */
export const flavorColumns = (json: string): Partial<InstancesTable> => {
  const f = flavorOf(json);
  return { flavor_id: f.id, flavor: json, vcpus: f.vcpus, memory_mb: f.ram, root_gb: f.disk };
};

/** who asks: a user's request, or the agent confirming on resize_confirm_window */
export type Actor = Pick<RequestContext, 'requestId' | 'userId' | 'projectId' | 'isAdmin'>;

export const actionRow = (ctx: Actor, inst: InstancesTable, action: string) => ({
  instanceUuid: inst.uuid,
  requestId: ctx.requestId,
  action,
  projectId: ctx.projectId ?? inst.project_id,
  userId: ctx.userId,
});

export async function loadFor(rt: Runtime, ctx: Actor, uuid: string, rule: InstanceAction): Promise<InstancesTable> {
  const inst = await findInstance(rt.store.db, uuid);
  if (!inst || inst.deleted || (!ctx.isAdmin && inst.project_id !== ctx.projectId)) throw instanceNotFound(uuid);
  checkLock(inst, ctx);
  checkInstanceState(rule, inst);
  return inst;
}

/** the conditional transition failed: report the state a concurrent request left */
export async function lost(trx: Trx, ctx: Actor, uuid: string, rule: InstanceAction): Promise<never> {
  const now = await findInstance(trx, uuid);
  if (!now || now.deleted) throw instanceNotFound(uuid);
  checkLock(now, ctx);
  checkInstanceState(rule, now);
  throw invalidStateGeneric(STATE_RULES[rule].name, uuid);
}

/**
 * compute/api.py _check_quota_for_upsize: only growth counts (cores and ram), checked against the
 * project's limits on the usage of the moment, under the project's quota lock.
 */
async function checkUpsizeQuota(rt: Runtime, trx: Trx, inst: InstancesTable, f: FlavorRow): Promise<void> {
  const deltas = { cores: f.vcpus - inst.vcpus, ram: f.ram - inst.memory_mb };
  if (deltas.cores <= 0 && deltas.ram <= 0) return;
  await rt.store.adapter.lockForUpdateOf(trx, `quota:${inst.project_id}`);
  const limits = await effectiveQuotas(rt, inst.project_id, null, trx);
  const used = await projectUsage(trx, inst.project_id);
  for (const r of ['cores', 'ram'] as const) {
    const limit = limits[r];
    if (deltas[r] > 0 && limit >= 0 && used[r] + deltas[r] > limit) throw quotaExceeded(r, deltas[r], used[r], limit);
  }
}

export async function resizeInstance(
  rt: Runtime,
  ctx: RequestContext,
  uuid: string,
  flavorRef: string,
  diskConfig?: 'AUTO' | 'MANUAL',
): Promise<InstancesTable> {
  const inst = await loadFor(rt, ctx, uuid, 'resize');
  checkInstanceHost(inst);
  // Flavor.get_by_flavor_id with the caller's access (a private flavor without access is not found)
  const f = await findFlavorVisible(rt.store.db, flavorRef, ctx.isAdmin ? null : (ctx.projectId ?? ''));
  if (!f || f.deleted || f.disabled) throw resizeFlavorNotFound(flavorRef);
  if (f.id === inst.flavor_id) throw resizeSameFlavor();
  if (f.disk === 0 && inst.root_gb !== 0) throw cannotResizeDisk('Resize to zero disk flavor is not allowed.');
  const row = await rt.store.transaction(async (trx) => {
    const at = rt.clock().toISOString();
    await checkUpsizeQuota(rt, trx, inst, f);
    const patch: Partial<InstancesTable> = { task_state: STATE_RULES.resize.sets, updated_at: at };
    if (diskConfig) patch.disk_config = diskConfig;
    const { vmStates, taskStates } = STATE_RULES.resize;
    const r = await transitionInstance(
      trx,
      uuid,
      { fromVmStates: vmStates, fromTaskStates: taskStates, unlocked: !ctx.isAdmin },
      patch,
    );
    if (!r) return lost(trx, ctx, uuid, 'resize');
    const migrationId = newUuid();
    await newMigration(rt, trx, {
      uuid: migrationId,
      instance_uuid: uuid,
      project_id: r.project_id,
      user_id: r.user_id,
      migration_type: 'resize',
      status: 'pre-migrating',
      source_compute: r.host,
      source_node: r.node,
      dest_compute: null,
      dest_node: null,
      dest_az: null,
      old_flavor: r.flavor,
      new_flavor: JSON.stringify(f),
      old_az: r.availability_zone,
      was_stopped: r.vm_state === VmState.STOPPED ? 1 : 0,
      created_at: at,
      updated_at: at,
    });
    const action = await startAction(trx, actionRow(ctx, inst, 'resize'), at);
    await enqueueOperation(
      trx,
      {
        kind: 'resize',
        instanceUuid: uuid,
        host: r.host,
        requestId: ctx.requestId,
        payload: { actionId: action.id, migrationId },
      },
      at,
    );
    return r;
  });
  rt.bus.operationEnqueued(row.host);
  return row;
}

/**
 * confirm_resize / revert_resize: the finished migration is claimed with one conditional UPDATE
 * (finished → confirming | reverting), so of two concurrent decisions one wins and the other
 * finds no finished migration (400, as Nova's MigrationNotFoundByStatus).
 */
export async function decideResize(
  rt: Runtime,
  ctx: Actor,
  uuid: string,
  decision: 'confirmResize' | 'revertResize',
): Promise<InstancesTable> {
  const inst = await loadFor(rt, ctx, uuid, decision);
  const row = await rt.store.transaction(async (trx) => {
    const at = rt.clock().toISOString();
    const mig = await migrationByStatus(trx, uuid, 'finished');
    if (!mig) throw notResized();
    const claimed = await updateMigration(trx, mig.uuid, ['finished'], {
      status: decision === 'confirmResize' ? 'confirming' : 'reverting',
      updated_at: at,
    });
    if (!claimed) throw notResized();
    const { vmStates, taskStates, sets } = STATE_RULES[decision];
    const r = await transitionInstance(
      trx,
      uuid,
      { fromVmStates: vmStates, fromTaskStates: taskStates, unlocked: !ctx.isAdmin },
      sets ? { task_state: sets, updated_at: at } : { updated_at: at },
    );
    if (!r) return lost(trx, ctx, uuid, decision);
    const action = await startAction(trx, actionRow(ctx, inst, decision), at);
    const payload = { actionId: action.id, migrationId: mig.uuid };
    await enqueueOperation(
      trx,
      decision === 'confirmResize'
        ? { kind: 'confirm_resize', instanceUuid: uuid, host: r.host, requestId: ctx.requestId, payload }
        : { kind: 'revert_resize', instanceUuid: uuid, host: r.host, requestId: ctx.requestId, payload },
      at,
    );
    return r;
  });
  rt.bus.operationEnqueued(row.host);
  return row;
}

/** a migration row with the next integer id (the `migrations` lock queues concurrent inserts) */
/**
 * Nova's migration.old_/new_instance_type_id: the internal integer id of the flavor a snapshot
 * was taken from (flavors.internal_id, kept in the snapshot; a snapshot older than migration
 * 0045 finds it through its flavor, '' when that flavor is gone).
 */
async function instanceTypeId(trx: Trx, snapshot: string): Promise<string> {
  const f = flavorOf(snapshot);
  if (typeof f.internal_id === 'number') return String(f.internal_id);
  const live = await findFlavor(trx, f.id);
  return live ? String(live.internal_id) : '';
}

/** the migration row; its instance type ids follow from its flavor snapshots */
export async function newMigration(
  rt: Runtime,
  trx: Trx,
  row: Omit<NewMigration, 'old_instance_type_id' | 'new_instance_type_id'>,
): Promise<MigrationRow> {
  const old_instance_type_id = await instanceTypeId(trx, row.old_flavor);
  const new_instance_type_id =
    row.new_flavor === row.old_flavor ? old_instance_type_id : await instanceTypeId(trx, row.new_flavor);
  await rt.store.adapter.lockForUpdateOf(trx, 'migrations');
  return insertMigration(trx, { ...row, old_instance_type_id, new_instance_type_id });
}

// ---- the compute host's side (called by the agent's executors) ----

export const loadMigration = (rt: Runtime, uuid: string): Promise<MigrationRow | undefined> =>
  findMigration(rt.store.db, uuid);

/**
 * One step of a migration: the instance's conditional transition and the migration's status
 * change commit together, or neither does (undefined: someone else moved the instance on).
 */
export async function migrationStep(
  rt: Runtime,
  inst: { uuid: string; guard: { fromVmStates?: string[]; fromTaskStates?: (string | null)[] } },
  patch: Partial<InstancesTable>,
  mig: { uuid: string; from: string[]; patch: Partial<MigrationRow> },
): Promise<InstancesTable | undefined> {
  return rt.store.transaction(async (trx) => {
    const at = rt.clock().toISOString();
    const r = await transitionInstance(trx, inst.uuid, inst.guard, { ...patch, updated_at: at });
    if (!r) return undefined;
    const m = await updateMigration(trx, mig.uuid, mig.from, { ...mig.patch, updated_at: at });
    if (!m) throw new Error(`migration ${mig.uuid} is no longer in ${mig.from.join('/')}`);
    return r;
  });
}

/** marks a migration failed (its instance already rolled back) */
export async function failMigration(rt: Runtime, uuid: string): Promise<void> {
  await updateMigration(
    rt.store.db,
    uuid,
    ['pre-migrating', 'migrating', 'post-migrating', 'finished', 'confirming', 'reverting'],
    { status: 'error', updated_at: rt.clock().toISOString() },
  );
}

/**
 * resize_confirm_window (manager.py _poll_unconfirmed_resizes): the finished resizes on these
 * hosts older than the window are confirmed as if the user had asked, by the agent.
 */
export async function autoConfirmResizes(rt: Runtime, hosts: string[]): Promise<number> {
  const window = rt.config.compute.resizeConfirmWindow;
  if (!window || window <= 0) return 0;
  const cutoff = new Date(rt.clock().getTime() - window * 1000).toISOString();
  let n = 0;
  for (const m of await finishedBefore(rt.store.db, hosts, cutoff)) {
    const ctx: Actor = { requestId: `req-${newUuid()}`, userId: m.user_id, projectId: m.project_id, isAdmin: true };
    try {
      await decideResize(rt, ctx, m.instance_uuid, 'confirmResize');
      n++;
    } catch {
      // the user decided meanwhile, or the instance is gone: nothing to confirm
    }
  }
  return n;
}
