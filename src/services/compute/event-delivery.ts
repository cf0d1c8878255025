/**
 * The agent's side of external events: take a batch of deliveries, mark each delivered after its
 * handler ran (at-least-once), and forget an interface whose port Neutron deleted.
 */
import type { Runtime } from '../../runtime.js';
import { takeUndelivered, type DeliverableEvent } from '../../store/repositories/event-delivery-queries.js';
import { markDelivered } from '../../store/repositories/server-event-repository.js';
import { deleteVif, findVifOfPort } from '../../store/repositories/virtual-interface-repository.js';

export type { DeliverableEvent };

/** of `ids`, the undelivered events a handler must run; the others are marked delivered now */
export const takeDeliveries = (
  rt: Runtime,
  ids: readonly string[],
  handled: readonly string[],
): Promise<DeliverableEvent[]> => takeUndelivered(rt.store.db, ids, handled, rt.clock().toISOString());

export const markEventDelivered = (rt: Runtime, id: string): Promise<void> =>
  markDelivered(rt.store.db, [id], rt.clock().toISOString());

/** the interface of a deleted port, if the instance still has it */
export const interfaceOfDeletedPort = (rt: Runtime, instanceUuid: string, portId: string) =>
  findVifOfPort(rt.store.db, instanceUuid, portId);

/** forgets the interface (the port is already gone in Neutron); false when it was already gone */
export const forgetInterface = (rt: Runtime, vifId: string): Promise<boolean> => deleteVif(rt.store.db, vifId);
