/** Read side of the instance action log (nova/db/main/api.py actions_get, action_get_by_request_id, action_events_get). */
import type { DbOrTrx } from '../database.js';
import type { InstanceActionEventsTable, InstanceActionsTable } from '../tables/instance-actions.table.js';

export type ActionRow = InstanceActionsTable;
export type EventRow = InstanceActionEventsTable;

export class ActionMarkerNotFound extends Error {}

export interface ActionPage {
  limit?: number;
  marker?: string;
  changesSince?: string;
  changesBefore?: string;
}

/** Newest first (start_time desc, id desc); the marker is a request id of this instance. */
export async function listActions(db: DbOrTrx, instanceUuid: string, p: ActionPage = {}): Promise<ActionRow[]> {
  let q = db.selectFrom('instance_actions').selectAll().where('instance_uuid', '=', instanceUuid);
  if (p.changesSince !== undefined) q = q.where('updated_at', '>=', p.changesSince);
  if (p.changesBefore !== undefined) q = q.where('updated_at', '<=', p.changesBefore);
  if (p.marker !== undefined) {
    const m = await db
      .selectFrom('instance_actions')
      .select(['start_time', 'id'])
      .where('instance_uuid', '=', instanceUuid)
      .where('request_id', '=', p.marker)
      .executeTakeFirst();
    if (!m) throw new ActionMarkerNotFound(p.marker);
    q = q.where((eb) =>
      eb.or([eb('start_time', '<', m.start_time), eb.and([eb('start_time', '=', m.start_time), eb('id', '<', m.id)])]),
    );
  }
  q = q.orderBy('start_time', 'desc').orderBy('id', 'desc');
  if (p.limit !== undefined) q = q.limit(p.limit);
  return q.execute();
}

export async function findAction(db: DbOrTrx, instanceUuid: string, requestId: string): Promise<ActionRow | undefined> {
  return db
    .selectFrom('instance_actions')
    .selectAll()
    .where('instance_uuid', '=', instanceUuid)
    .where('request_id', '=', requestId)
    .orderBy('start_time', 'desc')
    .executeTakeFirst();
}

export async function listEvents(db: DbOrTrx, actionId: string): Promise<EventRow[]> {
  return db
    .selectFrom('instance_action_events')
    .selectAll()
    .where('action_id', '=', actionId)
    .orderBy('start_time')
    .orderBy('id')
    .execute();
}
