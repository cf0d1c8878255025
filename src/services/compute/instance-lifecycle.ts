/**
 * The compute host's side of an instance's life, for the agent's executors: read the instance,
 * move it through its states with conditional transitions, record the compute steps of its
 * instance actions, and schedule it onto a host together with the operation's binding. The agent
 * reaches the store only through here (and the other services), never directly.
 */
import type { Runtime } from '../../runtime.js';
import { bindOperationToHost } from '../../operations/claim.js';
import {
  findInstance,
  transitionInstance,
  type TransitionGuard,
} from '../../store/repositories/instance-repository.js';
import { finishEvent, startEvent } from '../../store/repositories/instance-action-repository.js';
import { applyPowerUpdate } from '../../store/repositories/server-event-repository.js';
import { TaskState, VmState } from '../../domain/instances/states.js';
import type { InstancesTable } from '../../store/tables/instances.table.js';

export type InstanceRow = InstancesTable;
export type { TransitionGuard };

export const loadInstance = (rt: Runtime, uuid: string): Promise<InstanceRow | undefined> =>
  findInstance(rt.store.db, uuid);

/** one conditional UPDATE: undefined when the instance is no longer in the guarded state */
export const transition = (
  rt: Runtime,
  uuid: string,
  guard: TransitionGuard,
  patch: Partial<InstanceRow>,
): Promise<InstanceRow | undefined> => transitionInstance(rt.store.db, uuid, guard, patch);

/**
 * The host the scheduler picked, written with the operation's re-binding in one transaction:
 * from then on only that host's agent may continue the build.
 */
export async function scheduleOnto(
  rt: Runtime,
  uuid: string,
  opId: string,
  place: { host: string; node: string; az: string },
  patch: Partial<InstanceRow>,
): Promise<InstanceRow | undefined> {
  return rt.store.transaction(async (trx) => {
    const moved = await transitionInstance(
      trx,
      uuid,
      { fromVmStates: [VmState.BUILDING], fromTaskStates: [TaskState.SCHEDULING] },
      { ...patch, host: place.host, node: place.node, availability_zone: place.az },
    );
    if (moved) await bindOperationToHost(trx, opId, place.host);
    return moved;
  });
}

/** starts a compute step (instance action event); returns its id */
export async function startStep(rt: Runtime, actionId: string, event: string, host: string | null): Promise<string> {
  return (await startEvent(rt.store.db, actionId, event, host, rt.clock().toISOString())).id;
}

export const finishStep = (
  rt: Runtime,
  stepId: string,
  result: 'Success' | 'Error',
  traceback?: string | null,
  details?: string | null,
): Promise<void> => finishEvent(rt.store.db, stepId, result, rt.clock().toISOString(), traceback, details);

/** the steps of these actions still open (an interrupted attempt left them) */
export async function openSteps(rt: Runtime, actionIds: string[]): Promise<string[]> {
  if (!actionIds.length) return [];
  const rows = await rt.store.db
    .selectFrom('instance_action_events')
    .select('id')
    .where('action_id', 'in', actionIds)
    .where('finish_time', 'is', null)
    .execute();
  return rows.map((r) => r.id);
}

/** whether the action already has a successful `event` step */
export async function stepSucceeded(rt: Runtime, actionId: string, event: string): Promise<boolean> {
  const r = await rt.store.db
    .selectFrom('instance_action_events')
    .select('id')
    .where('action_id', '=', actionId)
    .where('event', '=', event)
    .where('result', '=', 'Success')
    .executeTakeFirst();
  return r !== undefined;
}

/**
 * The action the API recorded for an external event (same request id), unless compute already
 * finished `event` for it: null then, so a redelivered event does nothing twice.
 */
export async function pendingActionFor(
  rt: Runtime,
  ev: { instance_uuid: string; request_id: string | null },
  actions: string[],
  event: string,
): Promise<string | null> {
  const db = rt.store.db;
  const action = await db
    .selectFrom('instance_actions')
    .select(['id'])
    .where('instance_uuid', '=', ev.instance_uuid)
    .where('request_id', '=', ev.request_id ?? '')
    .where('action', 'in', actions)
    .orderBy('start_time')
    .executeTakeFirst();
  if (!action) return null;
  return (await stepSucceededOrFailed(rt, action.id, event)) ? null : action.id;
}

async function stepSucceededOrFailed(rt: Runtime, actionId: string, event: string): Promise<boolean> {
  const r = await rt.store.db
    .selectFrom('instance_action_events')
    .select('id')
    .where('action_id', '=', actionId)
    .where('event', '=', event)
    .where('finish_time', 'is not', null)
    .executeTakeFirst();
  return r !== undefined;
}

/** compute_power_update: only from the steady opposite state; false when nothing changed */
export const applyPowerEvent = (
  rt: Runtime,
  uuid: string,
  on: boolean,
  states: Parameters<typeof applyPowerUpdate>[3],
): Promise<boolean> => applyPowerUpdate(rt.store.db, uuid, on, states, rt.clock().toISOString());

/** the guests a host set's hypervisor should have (built, not deleted): what a restarted agent adopts */
export async function guestsOnHosts(rt: Runtime, hosts: string[]) {
  if (!hosts.length) return [];
  // only the columns a guest needs: reading whole rows (flavor JSON, user data…) of 10,000
  // servers at start-up left ~40 MB of heap behind (bench RSS scenario, docs/performance.md)
  return rt.store.db
    .selectFrom('instances')
    .select(['uuid', 'display_name', 'vcpus', 'memory_mb', 'root_gb', 'host', 'power_state'])
    .where('host', 'in', hosts)
    .where('deleted', '=', 0)
    .where('vm_state', '!=', VmState.BUILDING)
    .execute();
}
