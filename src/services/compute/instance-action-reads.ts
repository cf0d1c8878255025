/**
 * The instance actions and their events as os-instance-actions and the console log read them
 * (nova/compute/api.py InstanceActionAPI). The writes happen inside the lifecycle transactions
 * of instance-service.ts and the agent's executors.
 */
import type { Runtime } from '../../runtime.js';
import {
  findAction as findActionQuery,
  listActions as listActionsQuery,
  listEvents as listEventsQuery,
  type ActionPage,
  type ActionRow,
  type EventRow,
} from '../../store/repositories/instance-action-queries.js';

export { ActionMarkerNotFound } from '../../store/repositories/instance-action-queries.js';
export type { ActionPage, ActionRow, EventRow } from '../../store/repositories/instance-action-queries.js';

/** Newest first; throws ActionMarkerNotFound for an unknown marker. */
export function listActions(rt: Runtime, instanceUuid: string, page: ActionPage = {}): Promise<ActionRow[]> {
  return listActionsQuery(rt.store.db, instanceUuid, page);
}

export function findAction(rt: Runtime, instanceUuid: string, requestId: string): Promise<ActionRow | undefined> {
  return findActionQuery(rt.store.db, instanceUuid, requestId);
}

export function listEvents(rt: Runtime, actionId: string): Promise<EventRow[]> {
  return listEventsQuery(rt.store.db, actionId);
}
