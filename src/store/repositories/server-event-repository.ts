/**
 * External events (server_events) and the waits compute flows register on them (event_waits).
 * Matching and consumption are conditional UPDATEs, so two waiters never take the same event.
 */
import type { DbOrTrx } from '../database.js';
import type { EventWaitsTable, ServerEventsTable } from '../tables/events.table.js';

export async function markDelivered(db: DbOrTrx, ids: string[], at: string): Promise<void> {
  for (let i = 0; i < ids.length; i += 500) {
    await db
      .updateTable('server_events')
      .set({ delivered_at: at })
      .where('id', 'in', ids.slice(i, i + 500))
      .where('delivered_at', 'is', null)
      .execute();
  }
}

export interface EventMatch {
  instanceUuid: string;
  name: string;
  tag: string | null;
  since: string;
}

/**
 * The oldest accepted (code 200), not yet consumed event for this key received at or after
 * `since`: an event that came before the wait started still counts.
 */
export async function findUnconsumedEvent(db: DbOrTrx, m: EventMatch): Promise<ServerEventsTable | undefined> {
  let q = db
    .selectFrom('server_events')
    .selectAll()
    .where('instance_uuid', '=', m.instanceUuid)
    .where('name', '=', m.name)
    .where('code', '=', 200)
    .where('consumed_by', 'is', null)
    .where('received_at', '>=', m.since);
  q = m.tag === null ? q.where('tag', 'is', null) : q.where('tag', '=', m.tag);
  return q.orderBy('received_at').orderBy('id').limit(1).executeTakeFirst();
}

/** true when this caller took the event (another waiter may have raced for it) */
export async function consumeEvent(db: DbOrTrx, eventId: string, by: string, at: string): Promise<boolean> {
  const r = await db
    .updateTable('server_events')
    .set({ consumed_by: by, consumed_at: at })
    .where('id', '=', eventId)
    .where('consumed_by', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** a retried operation's earlier wait (its agent died mid-wait) ends as 'interrupted' */
export async function interruptWaits(
  db: DbOrTrx,
  operationId: string,
  name: string,
  tag: string | null,
  at: string,
): Promise<void> {
  let q = db
    .updateTable('event_waits')
    .set({ state: 'interrupted', finished_at: at })
    .where('operation_id', '=', operationId)
    .where('name', '=', name)
    .where('state', '=', 'waiting');
  q = tag === null ? q.where('tag', 'is', null) : q.where('tag', '=', tag);
  await q.execute();
}

export async function insertWait(db: DbOrTrx, row: EventWaitsTable): Promise<void> {
  await db.insertInto('event_waits').values(row).execute();
}

export async function finishWait(
  db: DbOrTrx,
  id: string,
  state: 'satisfied' | 'failed' | 'timed_out',
  at: string,
  eventId: string | null,
): Promise<void> {
  await db
    .updateTable('event_waits')
    .set({ state, finished_at: at, event_id: eventId })
    .where('id', '=', id)
    .where('state', '=', 'waiting')
    .execute();
}

export async function eventsOfInstance(db: DbOrTrx, uuid: string): Promise<ServerEventsTable[]> {
  return db
    .selectFrom('server_events')
    .selectAll()
    .where('instance_uuid', '=', uuid)
    .orderBy('received_at')
    .orderBy('id')
    .execute();
}

export async function waitsOfInstance(db: DbOrTrx, uuid: string): Promise<EventWaitsTable[]> {
  return db
    .selectFrom('event_waits')
    .selectAll()
    .where('instance_uuid', '=', uuid)
    .orderBy('started_at')
    .orderBy('id')
    .execute();
}

/** power-update on compute (nova/compute/manager.py power_update): only from the expected steady state */
export async function applyPowerUpdate(
  db: DbOrTrx,
  uuid: string,
  on: boolean,
  states: { active: string; stopped: string; running: number; shutdown: number },
  at: string,
): Promise<boolean> {
  const r = await db
    .updateTable('instances')
    .set({
      vm_state: on ? states.active : states.stopped,
      power_state: on ? states.running : states.shutdown,
      updated_at: at,
    })
    .where('uuid', '=', uuid)
    .where('deleted', '=', 0)
    .where('task_state', 'is', null)
    .where('vm_state', '=', on ? states.stopped : states.active)
    .where('power_state', '=', on ? states.shutdown : states.running)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}
