/**
 * Nova's instance actions and their events (what os-instance-actions shows). Every time written
 * here comes from the caller (`at`), which reads the runtime clock: the store has no clock.
 */
import { newUuid } from '../../lib/ids.js';
import type { DbOrTrx } from '../database.js';
import type { InstanceActionsTable, InstanceActionEventsTable } from '../tables/instance-actions.table.js';

export interface StartAction {
  instanceUuid: string;
  requestId: string;
  action: string;
  projectId: string;
  userId: string;
  message?: string | null;
}

export async function startAction(trx: DbOrTrx, a: StartAction, at: string): Promise<InstanceActionsTable> {
  const now = at;
  const row: InstanceActionsTable = {
    id: newUuid(),
    instance_uuid: a.instanceUuid,
    request_id: a.requestId,
    action: a.action,
    project_id: a.projectId,
    user_id: a.userId,
    start_time: now,
    finish_time: null,
    message: a.message ?? null,
    updated_at: now,
  };
  await trx.insertInto('instance_actions').values(row).execute();
  return row;
}

/** an action completed in the API itself (os-resetState): finish_time set, no events */
export async function finishAction(db: DbOrTrx, actionId: string, at: string): Promise<void> {
  await db
    .updateTable('instance_actions')
    .set({ finish_time: at, updated_at: at })
    .where('id', '=', actionId)
    .execute();
}

export async function findActionByRequest(
  db: DbOrTrx,
  instanceUuid: string,
  requestId: string,
): Promise<InstanceActionsTable | undefined> {
  return db
    .selectFrom('instance_actions')
    .selectAll()
    .where('instance_uuid', '=', instanceUuid)
    .where('request_id', '=', requestId)
    .executeTakeFirst();
}

export async function startEvent(
  db: DbOrTrx,
  actionId: string,
  event: string,
  host: string | null,
  at: string,
): Promise<InstanceActionEventsTable> {
  const now = at;
  const row: InstanceActionEventsTable = {
    id: newUuid(),
    action_id: actionId,
    event,
    start_time: now,
    finish_time: null,
    result: null,
    traceback: null,
    host,
    details: null,
  };
  await db.insertInto('instance_action_events').values(row).execute();
  await db.updateTable('instance_actions').set({ updated_at: now }).where('id', '=', actionId).execute();
  return row;
}

/**
 * Nova records a failed action's message as "Error" on the action itself too (the user-visible
 * summary in os-instance-actions); the traceback stays on the event.
 */
export async function finishEvent(
  db: DbOrTrx,
  eventId: string,
  result: 'Success' | 'Error',
  at: string,
  traceback?: string | null,
  details?: string | null,
): Promise<void> {
  const now = at;
  const ev = await db
    .updateTable('instance_action_events')
    .set({ finish_time: now, result, traceback: traceback ?? null, details: details ?? null })
    .where('id', '=', eventId)
    .returning('action_id')
    .executeTakeFirst();
  if (!ev) return;
  // like nova.db action_event_finish: the action's updated_at moves, finish_time stays as it was
  const patch: Partial<InstanceActionsTable> = { updated_at: now };
  if (result === 'Error') patch.message = 'Error';
  await db.updateTable('instance_actions').set(patch).where('id', '=', ev.action_id).execute();
}
