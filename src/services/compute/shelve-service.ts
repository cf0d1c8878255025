/**
 * shelve / shelveOffload / unshelve (nova/compute/api.py shelve, shelve_offload, unshelve; the
 * compute host's side in manager.py _shelve_instance, _shelve_offload_instance,
 * _unshelve_instance). The API side checks lock and state, makes the `<name>-shelved` snapshot
 * image (not for a volume-backed server), writes the task, the instance action and the agent's
 * operation in one transaction. The agent powers the guest off, uploads the snapshot, marks the
 * instance SHELVED with shelved_at / shelved_image_id / shelved_host in its system metadata and,
 * with shelved_offload_time 0, offloads it at once: guest destroyed, ports unbound, host, node
 * and zone cleared (its resources freed). Unshelving an offloaded server schedules it again.
 */
import type { Runtime } from '../../runtime.js';
import type { RequestContext } from '../../domain/context.js';
import { DomainError, badRequest, conflict, instanceNotFound } from '../../domain/errors.js';
import {
  STATE_RULES,
  checkInstanceState,
  checkLock,
  invalidStateGeneric,
  type InstanceAction,
} from '../../domain/instances/rules.js';
import { TaskState, VmState } from '../../domain/instances/states.js';
import { findInstance, transitionInstance } from '../../store/repositories/instance-repository.js';
import { startAction } from '../../store/repositories/instance-action-repository.js';
import { enqueueOperation } from '../../operations/enqueue.js';
import type { InstancesTable } from '../../store/tables/instances.table.js';
import type { Trx } from '../../store/database.js';
import { deleteImage } from '../image/image-service.js';
import { createSnapshotImage } from './snapshot-service.js';
import { listComputeHosts } from './host-reads.js';
import { mergedSystemMetadata, systemMetadataOf } from './system-metadata.js';
import { bindOperationToHost } from '../../operations/claim.js';
import { newUuid } from '../../lib/ids.js';

/** who asks: a user's request, or the agent offloading on shelved_offload_time */
export type Actor = Pick<RequestContext, 'requestId' | 'userId' | 'projectId' | 'isAdmin'>;

/** compute/utils.py is_volume_backed_instance: a server booted from a volume has no image */
export const isVolumeBacked = (inst: Pick<InstancesTable, 'image_ref'>): boolean => !inst.image_ref;

/** the task states of a shelve on its way (task_states.py), in order */
export const SHELVE_TASKS: string[] = [
  TaskState.SHELVING,
  TaskState.SHELVING_IMAGE_PENDING_UPLOAD,
  TaskState.SHELVING_IMAGE_UPLOADING,
];

const actionRow = (ctx: Actor, inst: InstancesTable, action: string) => ({
  instanceUuid: inst.uuid,
  requestId: ctx.requestId,
  action,
  projectId: ctx.projectId ?? inst.project_id,
  userId: ctx.userId,
});

async function loadFor(rt: Runtime, ctx: Actor, uuid: string, rule: InstanceAction): Promise<InstancesTable> {
  const inst = await findInstance(rt.store.db, uuid);
  if (!inst || inst.deleted || (!ctx.isAdmin && inst.project_id !== ctx.projectId)) throw instanceNotFound(uuid);
  checkLock(inst, ctx);
  checkInstanceState(rule, inst);
  return inst;
}

/** the conditional transition failed: report the state a concurrent request left */
async function lost(trx: Trx, ctx: Actor, uuid: string, rule: InstanceAction): Promise<never> {
  const now = await findInstance(trx, uuid);
  if (!now || now.deleted) throw instanceNotFound(uuid);
  checkLock(now, ctx);
  checkInstanceState(rule, now);
  throw invalidStateGeneric(STATE_RULES[rule].name, uuid);
}

/** the task written, the action recorded and the operation enqueued, in one transaction */
async function begin(
  rt: Runtime,
  ctx: Actor,
  inst: InstancesTable,
  rule: InstanceAction,
  patch: (cur: InstancesTable) => Partial<InstancesTable>,
  action: string,
  op: (r: InstancesTable, actionId: string) => Parameters<typeof enqueueOperation>[1],
): Promise<InstancesTable> {
  const row = await rt.store.transaction(async (trx) => {
    const at = rt.clock().toISOString();
    const { vmStates, taskStates } = STATE_RULES[rule];
    // system metadata merges from the row as it is now, inside the transaction
    const cur = (await findInstance(trx, inst.uuid)) ?? inst;
    const r = await transitionInstance(
      trx,
      inst.uuid,
      { fromVmStates: vmStates, fromTaskStates: taskStates, unlocked: !ctx.isAdmin },
      { ...patch(cur), updated_at: at },
    );
    if (!r) return lost(trx, ctx, inst.uuid, rule);
    const a = await startAction(trx, actionRow(ctx, inst, action), at);
    await enqueueOperation(trx, op(r, a.id), at);
    return r;
  });
  rt.bus.operationEnqueued(row.host);
  return row;
}

/**
 * compute/api.py shelve: the snapshot image `<name>-shelved` first (a volume-backed server has
 * none and is offloaded directly), image_base_image_ref noted, SHELVING written conditionally on
 * no task running. A refused transition deletes the image again.
 */
export async function shelveInstance(rt: Runtime, ctx: Actor, uuid: string): Promise<void> {
  const inst = await loadFor(rt, ctx, uuid, 'shelve');
  const volumeBacked = isVolumeBacked(inst);
  const image = volumeBacked ? null : await createSnapshotImage(rt, ctx, inst, `${inst.display_name}-shelved`, {});
  try {
    await begin(
      rt,
      ctx,
      inst,
      'shelve',
      (cur) => ({
        task_state: STATE_RULES.shelve.sets,
        system_metadata: mergedSystemMetadata(cur, { image_base_image_ref: cur.image_ref }),
      }),
      'shelve',
      (r, actionId) =>
        image
          ? {
              kind: 'shelve',
              instanceUuid: uuid,
              host: r.host,
              requestId: ctx.requestId,
              payload: { actionId, imageId: image.id },
            }
          : {
              kind: 'shelve_offload',
              instanceUuid: uuid,
              host: r.host,
              requestId: ctx.requestId,
              payload: { actionId },
            },
    );
  } catch (e) {
    if (image) await deleteImage(rt, image.id).catch(() => undefined);
    throw e;
  }
}

/** compute/api.py shelve_offload: a SHELVED server leaves its host */
export async function shelveOffloadInstance(rt: Runtime, ctx: Actor, uuid: string): Promise<void> {
  const inst = await loadFor(rt, ctx, uuid, 'shelveOffload');
  await begin(
    rt,
    ctx,
    inst,
    'shelveOffload',
    () => ({ task_state: STATE_RULES.shelveOffload.sets }),
    'shelveOffload',
    (r, actionId) => ({
      kind: 'shelve_offload',
      instanceUuid: uuid,
      host: r.host,
      requestId: ctx.requestId,
      payload: { actionId },
    }),
  );
}

export interface UnshelveRequest {
  /** undefined: not given (the zone stays as it is); null: unpin (2.91) */
  availabilityZone?: string | null;
  /** 2.91: an admin's target host */
  host?: string;
  /** whether the caller passes os_compute_api:os-shelve:unshelve_to_host (asked only with a host) */
  mayTargetHost: () => void;
}

const unshelveInvalidState = (uuid: string, state: string) =>
  new DomainError(
    'INSTANCE_INVALID_STATE',
    409,
    `Specifying an availability zone or a host when unshelving server "${uuid}" with status "${state}" is not supported. The server status must be SHELVED_OFFLOADED.`,
  );

/**
 * compute/api.py unshelve, in Nova's order: lock and state, then (with a zone or a host) the
 * server must be offloaded, the zone must exist and have an enabled host, only an admin may name
 * a host, which must exist and lie in the zone the server will have. The requested zone is kept
 * as the server's pinned zone (RequestSpec.availability_zone). Quota: stackbox counts usage from
 * its instances table, where an offloaded server still counts (Nova's default,
 * count_usage_from_placement = False), so unshelving needs no new quota.
 */
export async function unshelveInstance(rt: Runtime, ctx: Actor, uuid: string, req: UnshelveRequest): Promise<void> {
  const inst = await loadFor(rt, ctx, uuid, 'unshelve');
  const azPassed = req.availabilityZone !== undefined;
  if ((azPassed || req.host) && inst.vm_state !== VmState.SHELVED_OFFLOADED)
    throw unshelveInvalidState(uuid, inst.vm_state);
  const hosts = azPassed || req.host ? await listComputeHosts(rt) : [];
  if (azPassed && req.availabilityZone) {
    const zones = new Set(hosts.filter((h) => h.status === 'enabled').map((h) => h.availability_zone));
    if (!zones.has(req.availabilityZone)) throw badRequest('The requested availability zone is not available');
  }
  const expectedAz = azPassed ? (req.availabilityZone ?? null) : inst.requested_availability_zone;
  if (req.host) {
    req.mayTargetHost();
    const h = hosts.find((x) => x.host === req.host);
    if (!h) throw badRequest(`Compute host ${req.host} could not be found.`);
    if (expectedAz !== null && h.availability_zone !== expectedAz)
      throw conflict(`Host "${req.host}" is not in the availability zone "${expectedAz}".`);
  }
  const target = req.host ?? null;
  await begin(
    rt,
    ctx,
    inst,
    'unshelve',
    () => ({ task_state: STATE_RULES.unshelve.sets, requested_availability_zone: expectedAz }),
    'unshelve',
    (r, actionId) => ({
      kind: 'unshelve',
      instanceUuid: uuid,
      // a SHELVED server is still on its host; an offloaded one goes to the requested host or any agent
      host: r.vm_state === VmState.SHELVED ? r.host : target,
      requestId: ctx.requestId,
      payload: { actionId, host: target },
    }),
  );
}

// ---- the compute host's side (called by the agent's shelve executors) ----

/**
 * The host the scheduler picked for an offloaded server, written with the operation's re-binding
 * in one transaction (as a build's scheduleOnto): from then on only that host's agent continues.
 */
export async function placeUnshelve(
  rt: Runtime,
  uuid: string,
  opId: string,
  place: { host: string; node: string; az: string },
): Promise<InstancesTable | undefined> {
  return rt.store.transaction(async (trx) => {
    const moved = await transitionInstance(
      trx,
      uuid,
      { fromVmStates: [VmState.SHELVED_OFFLOADED], fromTaskStates: [TaskState.UNSHELVING] },
      {
        task_state: TaskState.SPAWNING,
        host: place.host,
        node: place.node,
        availability_zone: place.az,
        updated_at: rt.clock().toISOString(),
      },
    );
    if (moved) await bindOperationToHost(trx, opId, place.host);
    return moved;
  });
}

/** manager.py _delete_snapshot_of_shelved_instance: the image goes; one already gone is fine */
export async function deleteShelvedImage(rt: Runtime, imageId: string | undefined): Promise<void> {
  if (imageId) await deleteImage(rt, imageId).catch(() => undefined);
}

/**
 * shelved_offload_time > 0 (manager.py _poll_shelved_instances): the SHELVED servers on these
 * hosts shelved longer ago than that are offloaded as if an admin had asked.
 */
export async function offloadDueShelved(rt: Runtime, hosts: string[]): Promise<number> {
  const wait = rt.config.compute.shelvedOffloadTime;
  if (!(wait > 0) || !hosts.length) return 0;
  const cutoff = new Date(rt.clock().getTime() - wait * 1000).toISOString();
  const rows = await rt.store.db
    .selectFrom('instances')
    .selectAll()
    .where('host', 'in', hosts)
    .where('deleted', '=', 0)
    .where('vm_state', '=', VmState.SHELVED)
    .where('task_state', 'is', null)
    .execute();
  let n = 0;
  for (const inst of rows) {
    const at = systemMetadataOf(inst).shelved_at;
    if (!at || at > cutoff) continue;
    const ctx = {
      requestId: `req-${newUuid()}`,
      userId: inst.user_id,
      projectId: inst.project_id,
      isAdmin: true,
    };
    try {
      await shelveOffloadInstance(rt, ctx, inst.uuid);
      n++;
    } catch {
      // unshelved or deleted meanwhile
    }
  }
  return n;
}
