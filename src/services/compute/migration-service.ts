/**
 * Cold and live migration (nova/compute/api.py resize without a flavor, live_migrate,
 * live_migrate_force_complete, live_migrate_abort, get_migrations) and the reads behind
 * os-migrations and /servers/{id}/migrations.
 *
 * A cold migration is a resize to the same flavor (migration_type 'migration'): the destination
 * is chosen here by the scheduler (pickMoveDestination), so "no valid host" is the request's 400
 * as Nova's synchronous conductor call makes it, and the resize operation carries it out
 * (VERIFY_RESIZE, then confirmResize / revertResize). A live migration writes task MIGRATING, a
 * 'live-migration' row (queued) and the live_migrate operation in one transaction; the agent moves
 * it through preparing → running (progress counters) → completed. Abort and force_complete are
 * conditional writes on the migration's status, so they race the agent through the database.
 */
import type { Runtime } from '../../runtime.js';
import type { RequestContext } from '../../domain/context.js';
import type { DomainError } from '../../domain/errors.js';
import {
  cannotMigrateToSameHost,
  computeHostNotFound,
  computeServiceInUse,
  evacuateHostNotFound,
  evacuateSameHost,
  forceWithoutHost,
  invalidMigrationState,
  liveMigrationNotShown,
  migrationMarkerNotFound,
  migrationNotFoundForInstance,
  noValidHost,
  unableToMigrateToSelf,
} from '../../domain/compute-errors.js';
import { STATE_RULES, checkInstanceHost } from '../../domain/instances/rules.js';
import { PowerState, TaskState, VmState } from '../../domain/instances/states.js';
import { newUuid } from '../../lib/ids.js';
import { transitionInstance } from '../../store/repositories/instance-repository.js';
import { finishEvent, startAction, startEvent } from '../../store/repositories/instance-action-repository.js';
import {
  LIVE_IN_PROGRESS,
  findMigration,
  findMigrationBySeq,
  listMigrations,
  liveInProgress,
  updateMigration,
  type MigrationFilters,
  type MigrationRow,
} from '../../store/repositories/migration-repository.js';
import { enqueueOperation } from '../../operations/enqueue.js';
import type { InstancesTable } from '../../store/tables/instances.table.js';
import type { DbOrTrx, Trx } from '../../store/database.js';
import { findHost, hostIsUp, pickMoveDestination, type HostPick } from './compute-host-service.js';
import { actionRow, loadFor, lost, newMigration, type Actor } from './resize-service.js';

export type { MigrationRow, MigrationFilters };
export { LIVE_IN_PROGRESS };

/** the migration row's columns that come from the instance (a cold or live move keeps its flavor) */
const moveColumns = (r: InstancesTable, at: string) => ({
  instance_uuid: r.uuid,
  project_id: r.project_id,
  user_id: r.user_id,
  source_compute: r.host,
  source_node: r.node,
  old_flavor: r.flavor,
  new_flavor: r.flavor,
  old_az: r.availability_zone,
  was_stopped: r.vm_state === VmState.STOPPED ? 1 : 0,
  created_at: at,
  updated_at: at,
});

/** compute/api.py resize(host_name=…) without a flavor: the cold migration */
export async function migrateInstance(
  rt: Runtime,
  ctx: RequestContext,
  uuid: string,
  hostName: string | null,
): Promise<InstancesTable> {
  const inst = await loadFor(rt, ctx, uuid, 'migrate');
  checkInstanceHost(inst);
  if (hostName !== null) {
    if (hostName === inst.host) throw cannotMigrateToSameHost();
    if (!(await findHost(rt.store.db, hostName))) throw computeHostNotFound(hostName);
  }
  const row = await rt.store.transaction(async (trx) => {
    const at = rt.clock().toISOString();
    const { vmStates, taskStates } = STATE_RULES.migrate;
    const r = await transitionInstance(
      trx,
      uuid,
      { fromVmStates: vmStates, fromTaskStates: taskStates, unlocked: !ctx.isAdmin },
      { task_state: STATE_RULES.migrate.sets, updated_at: at },
    );
    if (!r) return lost(trx, ctx, uuid, 'migrate');
    const pick = await pickMoveDestination(rt, trx, r, hostName);
    // conductor/tasks/migrate.py: the scheduler found nothing (the transaction rolls back)
    if (!pick) throw noValidHost('No valid host found for cold migrate');
    const mig = await newMigration(rt, trx, {
      ...moveColumns(r, at),
      uuid: newUuid(),
      migration_type: 'migration',
      status: 'pre-migrating',
      dest_compute: pick.host,
      dest_node: pick.node,
      dest_az: pick.az,
    });
    const action = await startAction(trx, actionRow(ctx, inst, 'migrate'), at);
    await enqueueOperation(
      trx,
      {
        kind: 'resize',
        instanceUuid: uuid,
        host: r.host,
        requestId: ctx.requestId,
        payload: { actionId: action.id, migrationId: mig.uuid },
      },
      at,
    );
    return r;
  });
  rt.bus.operationEnqueued(row.host);
  return row;
}

export interface LiveMigrateRequest {
  host: string | null;
  /** null: 'auto' (2.25+), the driver decides (the fake driver: no shared storage, so a block migration) */
  blockMigration: boolean | null;
  /** 2.30–2.67: skip the scheduler's checks of the named host */
  force: boolean;
  /** 2.34+: the conductor's checks run after the 202 (their failure is the migration's 'error') */
  async: boolean;
}

/** a live migration that failed its conductor checks: the instance untouched, the migration in error */
async function recordFailedLiveMigration(
  rt: Runtime,
  trx: Trx,
  ctx: Actor,
  inst: InstancesTable,
  dest: HostPick | null,
  reason: string,
  at: string,
): Promise<void> {
  await newMigration(rt, trx, {
    ...moveColumns(inst, at),
    uuid: newUuid(),
    migration_type: 'live-migration',
    status: 'error',
    dest_compute: dest?.host ?? null,
    dest_node: dest?.node ?? null,
    dest_az: dest?.az ?? null,
  });
  const action = await startAction(trx, actionRow(ctx, inst, 'live-migration'), at);
  const ev = await startEvent(trx, action.id, 'conductor_live_migrate_instance', null, at);
  await finishEvent(trx, ev.id, 'Error', at, reason);
}

/** compute/api.py live_migrate and conductor/tasks/live_migrate.py's checks */
export async function liveMigrateInstance(
  rt: Runtime,
  ctx: RequestContext,
  uuid: string,
  req: LiveMigrateRequest,
): Promise<InstancesTable> {
  if (req.force && !req.host) throw forceWithoutHost();
  const inst = await loadFor(rt, ctx, uuid, 'liveMigrate');
  checkInstanceHost(inst);
  if (req.host !== null && !(await findHost(rt.store.db, req.host))) throw computeHostNotFound(req.host);
  const result = await rt.store.transaction(async (trx) => {
    const at = rt.clock().toISOString();
    const { vmStates, taskStates } = STATE_RULES.liveMigrate;
    const r = await transitionInstance(
      trx,
      uuid,
      { fromVmStates: vmStates, fromTaskStates: taskStates, unlocked: !ctx.isAdmin },
      { task_state: STATE_RULES.liveMigrate.sets, updated_at: at },
    );
    if (!r) return lost(trx, ctx, uuid, 'liveMigrate');
    // the conductor's checks: not onto itself, a host the scheduler accepts (or the forced one)
    let failure: DomainError | null = null;
    let pick: HostPick | null = null;
    if (req.host === r.host) failure = unableToMigrateToSelf(uuid, req.host ?? '');
    else {
      const want = req.force ? { ...r, vcpus: 0, memory_mb: 0, root_gb: 0 } : r;
      pick = await pickMoveDestination(rt, trx, want, req.host);
      if (!pick) failure = noValidHost('There are not enough hosts available.');
    }
    if (failure || !pick) {
      const f = failure ?? noValidHost('There are not enough hosts available.');
      if (!req.async) throw f;
      // the task is undone in this transaction; the failure is the migration's and the action's
      await transitionInstance(
        trx,
        uuid,
        { fromTaskStates: [TaskState.MIGRATING] },
        { task_state: null, updated_at: at },
      );
      await recordFailedLiveMigration(rt, trx, ctx, r, pick, f.message, at);
      return { row: r, enqueued: false };
    }
    const dest = pick;
    const mig = await newMigration(rt, trx, {
      ...moveColumns(r, at),
      uuid: newUuid(),
      migration_type: 'live-migration',
      status: 'queued',
      dest_compute: dest.host,
      dest_node: dest.node,
      dest_az: dest.az,
    });
    const action = await startAction(trx, actionRow(ctx, inst, 'live-migration'), at);
    const ev = await startEvent(trx, action.id, 'conductor_live_migrate_instance', null, at);
    await finishEvent(trx, ev.id, 'Success', at);
    await enqueueOperation(
      trx,
      {
        kind: 'live_migrate',
        instanceUuid: uuid,
        host: r.host,
        requestId: ctx.requestId,
        payload: { actionId: action.id, migrationId: mig.uuid, blockMigration: req.blockMigration !== false },
      },
      at,
    );
    return { row: r, enqueued: true };
  });
  if (result.enqueued) rt.bus.operationEnqueued(result.row.host);
  return result.row;
}

/** the instance (visible to the caller), lock and task checked for a migration sub-resource action */
async function loadForMigrationAction(
  rt: Runtime,
  ctx: RequestContext,
  uuid: string,
  rule: 'forceComplete' | 'abortLiveMigration',
): Promise<InstancesTable> {
  return loadFor(rt, ctx, uuid, rule);
}

async function migrationOf(db: DbOrTrx, seq: number, uuid: string): Promise<MigrationRow | undefined> {
  const m = await findMigrationBySeq(db, seq);
  return m && m.instance_uuid === uuid ? m : undefined;
}

/** a bookkeeping action whose one event ends in the same transaction */
async function recordAction(trx: Trx, ctx: Actor, inst: InstancesTable, action: string, event: string, at: string) {
  const a = await startAction(trx, actionRow(ctx, inst, action), at);
  const ev = await startEvent(trx, a.id, event, inst.host, at);
  await finishEvent(trx, ev.id, 'Success', at);
}

/** compute/api.py live_migrate_force_complete: the copy finishes in the agent's next round */
export async function forceCompleteLiveMigration(
  rt: Runtime,
  ctx: RequestContext,
  uuid: string,
  seq: number,
): Promise<void> {
  const inst = await loadForMigrationAction(rt, ctx, uuid, 'forceComplete');
  await rt.store.transaction(async (trx) => {
    const at = rt.clock().toISOString();
    const mig = await migrationOf(trx, seq, uuid);
    if (!mig) throw migrationNotFoundForInstance(seq, uuid, 400);
    const m = await updateMigration(trx, mig.uuid, ['running'], { force_complete: 1, updated_at: at });
    if (!m) throw invalidMigrationState(seq, uuid, mig.status, 'force complete');
    await recordAction(trx, ctx, inst, 'live_migration_force_complete', 'compute_live_migration_force_complete', at);
  });
}

/**
 * compute/api.py live_migrate_abort: a running migration (and from 2.65 a queued or preparing
 * one) is cancelled; the instance stays on its source with no task. The agent's next write on the
 * migration finds it cancelled and removes what it had started on the destination.
 */
export async function abortLiveMigration(
  rt: Runtime,
  ctx: RequestContext,
  uuid: string,
  seq: number,
  abortQueued: boolean,
): Promise<void> {
  const inst = await loadForMigrationAction(rt, ctx, uuid, 'abortLiveMigration');
  const host = await rt.store.transaction(async (trx) => {
    const at = rt.clock().toISOString();
    const mig = await migrationOf(trx, seq, uuid);
    if (!mig) throw migrationNotFoundForInstance(seq, uuid, 404);
    const allowed = abortQueued ? ['running', 'queued', 'preparing'] : ['running'];
    if (mig.migration_type !== 'live-migration' || !allowed.includes(mig.status))
      throw invalidMigrationState(seq, uuid, mig.status, 'abort live migration');
    const m = await updateMigration(trx, mig.uuid, allowed, { status: 'cancelled', updated_at: at });
    if (!m) {
      const now = await findMigration(trx, mig.uuid);
      throw invalidMigrationState(seq, uuid, now?.status ?? mig.status, 'abort live migration');
    }
    const r = await transitionInstance(
      trx,
      uuid,
      { fromTaskStates: [TaskState.MIGRATING] },
      { task_state: null, updated_at: at },
    );
    if (!r) return lost(trx, ctx, uuid, 'abortLiveMigration');
    await recordAction(trx, ctx, inst, 'live_migration_cancel', 'compute_live_migration_abort', at);
    return r.host;
  });
  rt.bus.operationEnqueued(host);
}

/** GET /servers/{id}/migrations: the server's live migrations in progress */
export async function serverLiveMigrations(rt: Runtime, uuid: string): Promise<MigrationRow[]> {
  return liveInProgress(rt.store.db, uuid);
}

/** GET /servers/{id}/migrations/{id}: only an in-progress live migration of that server */
export async function serverLiveMigration(rt: Runtime, uuid: string, seq: number): Promise<MigrationRow> {
  const m = await migrationOf(rt.store.db, seq, uuid);
  if (!m) throw liveMigrationNotShown(`In-progress live migration ${seq} is not found for server ${uuid}.`);
  if (m.migration_type !== 'live-migration')
    throw liveMigrationNotShown(`Migration ${seq} for server ${uuid} is not live-migration.`);
  if (!LIVE_IN_PROGRESS.includes(m.status))
    throw liveMigrationNotShown(`Live migration ${seq} for server ${uuid} is not in progress.`);
  return m;
}

/** GET /os-migrations: newest first, with a marker (a migration uuid, 2.59) */
export async function listAllMigrations(
  rt: Runtime,
  filters: Omit<MigrationFilters, 'marker'>,
  marker?: string,
): Promise<MigrationRow[]> {
  let m: MigrationRow | undefined;
  if (marker !== undefined) {
    m = await findMigration(rt.store.db, marker);
    if (!m) throw migrationMarkerNotFound(marker);
  }
  return listMigrations(rt.store.db, { ...filters, marker: m });
}

/** the IP address of each host (a migration's dest_host) */
export async function hostAddresses(rt: Runtime, hosts: (string | null)[]): Promise<Map<string, string>> {
  const names = [...new Set(hosts.filter((h): h is string => !!h))];
  if (!names.length) return new Map();
  const rows = await rt.store.db
    .selectFrom('compute_hosts')
    .select(['host', 'host_ip'])
    .where('host', 'in', names)
    .execute();
  return new Map(rows.map((r) => [r.host, r.host_ip]));
}

/**
 * A live migration that can never finish before its switch-over (the agent gave up, a host went
 * down): the instance stays on (goes back to) the source with no task, the migration is 'error'.
 */
export async function failLiveMigration(rt: Runtime, uuid: string, migrationId: string, source: string): Promise<void> {
  await rt.store.transaction(async (trx) => {
    const at = rt.clock().toISOString();
    await updateMigration(trx, migrationId, ['queued', 'preparing', 'running'], { status: 'error', updated_at: at });
    await transitionInstance(
      trx,
      uuid,
      { fromTaskStates: [TaskState.MIGRATING] },
      { task_state: null, host: source, updated_at: at },
    );
  });
}

export interface EvacuateRequest {
  host: string | null;
  force: boolean;
}

/**
 * compute/api.py evacuate: the server's host must be down (no heartbeat, or forced down through
 * os-services); task REBUILDING, an 'evacuation' migration (accepted) and the evacuate operation
 * on the destination's agent, in one transaction. With no valid host the conductor's failure is
 * recorded after the answer, as Nova's cast makes it: the migration in error, the server as it was.
 */
export async function evacuateInstance(
  rt: Runtime,
  ctx: RequestContext,
  uuid: string,
  req: EvacuateRequest,
): Promise<InstancesTable> {
  if (req.force && !req.host) throw forceWithoutHost();
  if (req.host !== null && !(await findHost(rt.store.db, req.host))) throw evacuateHostNotFound(req.host);
  const inst = await loadFor(rt, ctx, uuid, 'evacuate');
  checkInstanceHost(inst);
  if (inst.host === req.host) throw evacuateSameHost();
  const source = inst.host ?? '';
  if (await hostIsUp(rt, rt.store.db, source)) throw computeServiceInUse(source);
  const result = await rt.store.transaction(async (trx) => {
    const at = rt.clock().toISOString();
    const { vmStates, taskStates } = STATE_RULES.evacuate;
    const r = await transitionInstance(
      trx,
      uuid,
      { fromVmStates: vmStates, fromTaskStates: taskStates, unlocked: !ctx.isAdmin },
      { task_state: STATE_RULES.evacuate.sets, updated_at: at },
    );
    if (!r) return lost(trx, ctx, uuid, 'evacuate');
    const want = req.force ? { ...r, vcpus: 0, memory_mb: 0, root_gb: 0 } : r;
    const pick = await pickMoveDestination(rt, trx, want, req.host, true);
    const action = await startAction(trx, actionRow(ctx, inst, 'evacuate'), at);
    const mig = await newMigration(rt, trx, {
      ...moveColumns(r, at),
      uuid: newUuid(),
      migration_type: 'evacuation',
      status: pick ? 'accepted' : 'error',
      dest_compute: pick?.host ?? null,
      dest_node: pick?.node ?? null,
      dest_az: pick?.az ?? null,
    });
    if (!pick) {
      await transitionInstance(
        trx,
        uuid,
        { fromTaskStates: [TaskState.REBUILDING] },
        { task_state: null, updated_at: at },
      );
      const ev = await startEvent(trx, action.id, 'conductor_rebuild_server', null, at);
      await finishEvent(trx, ev.id, 'Error', at, noValidHost('There are not enough hosts available.').message);
      return { row: r, host: null };
    }
    await enqueueOperation(
      trx,
      {
        kind: 'evacuate',
        instanceUuid: uuid,
        host: pick.host,
        requestId: ctx.requestId,
        payload: { actionId: action.id, migrationId: mig.uuid },
      },
      at,
    );
    return { row: r, host: pick.host };
  });
  if (result.host) rt.bus.operationEnqueued(result.host);
  return result.row;
}

/**
 * The evacuation's end on the destination (the agent): the server lives there now, ACTIVE (or
 * SHUTOFF if it was stopped), the migration done. Conditional on the task and the migration's
 * status, so a repeated call does nothing.
 */
export async function finishEvacuation(
  rt: Runtime,
  uuid: string,
  mig: MigrationRow,
  outcome: 'done' | 'failed',
): Promise<boolean> {
  return rt.store.transaction(async (trx) => {
    const at = rt.clock().toISOString();
    const m = await updateMigration(trx, mig.uuid, ['accepted', 'pre-migrating'], {
      status: outcome,
      updated_at: at,
    });
    if (!m) return false;
    const patch: Partial<InstancesTable> =
      outcome === 'done'
        ? {
            host: mig.dest_compute,
            node: mig.dest_node,
            availability_zone: mig.dest_az,
            vm_state: mig.was_stopped ? VmState.STOPPED : VmState.ACTIVE,
            power_state: mig.was_stopped ? PowerState.SHUTDOWN : PowerState.RUNNING,
            task_state: null,
            updated_at: at,
          }
        : { vm_state: VmState.ERROR, task_state: null, updated_at: at };
    await transitionInstance(trx, uuid, { fromTaskStates: [TaskState.REBUILDING] }, patch);
    return true;
  });
}
