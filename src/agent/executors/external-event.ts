/**
 * Delivery of accepted external events on the owning host (nova/compute/manager.py
 * external_instance_event). At-least-once: each event is marked delivered after it is handled,
 * so a crash mid-batch redoes only the undelivered ones, and the handlers are idempotent.
 * Waiters (network-vif-plugged/-unplugged, accelerator-request-bound, volume-reimaged) read
 * server_events directly, so for them delivery only records that compute saw the event.
 */
import { PowerState, VmState } from '../../domain/instances/states.js';
import { findInstance } from '../../store/repositories/instance-repository.js';
import { finishEvent, startEvent } from '../../store/repositories/instance-action-repository.js';
import { applyPowerUpdate, markDelivered } from '../../store/repositories/server-event-repository.js';
import { takeUndelivered, type DeliverableEvent } from '../../store/repositories/event-delivery-queries.js';
import type { OperationsTable } from '../../store/tables/operations.table.js';
import { nowIso, type ExecContext } from './common.js';

export async function executeExternalEvents(x: ExecContext, op: OperationsTable): Promise<void> {
  const { eventIds } = JSON.parse(op.payload) as { eventIds: string[] };
  // events with nothing to do on the host are marked delivered by the shared statement
  const pending = await takeShared(x, eventIds);
  for (const ev of pending) {
    await handle(x, ev);
    await markDelivered(x.rt.store.db, [ev.id], nowIso(x));
  }
}

/**
 * One batch request (100 events over 32 hosts) makes one delivery operation per host, and the
 * agent claims and starts them together: the deliveries that start in the same tick share one
 * takeUndelivered statement instead of a read and a write each. Each still waits for that
 * statement before running its handlers, and if it fails every delivery in it fails (and is
 * retried by the agent), so the at-least-once rule above is unchanged.
 */
interface Batch { ids: string[]; result: Promise<DeliverableEvent[]> }
const batches = new WeakMap<object, Batch>();

async function takeShared(x: ExecContext, ids: string[]): Promise<DeliverableEvent[]> {
  const db = x.rt.store.db;
  let batch = batches.get(db);
  if (!batch) {
    const b: Batch = { ids: [], result: Promise.resolve([]) };
    // runs once the current synchronous run of starts is over (a microtask), with every id joined
    b.result = Promise.resolve().then(() => {
      batches.delete(db);
      return takeUndelivered(db, b.ids, HANDLED_NAMES, nowIso(x));
    });
    batches.set(db, batch = b);
  }
  batch.ids.push(...ids);
  const mine = new Set(ids);
  return (await batch.result).filter((e) => mine.has(e.id))
    .sort((a, b) => (a.received_at < b.received_at ? -1 : a.received_at > b.received_at ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

const HANDLED_NAMES = ['network-vif-deleted', 'power-update', 'volume-extended'];

async function handle(x: ExecContext, ev: DeliverableEvent): Promise<void> {
  switch (ev.name) {
    case 'network-vif-deleted': return vifDeleted(x, ev);
    case 'power-update': return powerUpdate(x, ev);
    case 'volume-extended': return volumeExtended(x, ev);
    // network-changed refreshes Nova's network info cache; ours is read live from the ports, so
    // recording the delivery is the whole refresh
    default: return;
  }
}

/** the action the API recorded for this event (same request id), and whether compute already ran */
async function actionFor(x: ExecContext, ev: DeliverableEvent, actions: string[], eventName: string) {
  const db = x.rt.store.db;
  const action = await db.selectFrom('instance_actions').select(['id']).where('instance_uuid', '=', ev.instance_uuid)
    .where('request_id', '=', ev.request_id ?? '').where('action', 'in', actions).orderBy('start_time').executeTakeFirst();
  if (!action) return null;
  const done = await db.selectFrom('instance_action_events').select('id').where('action_id', '=', action.id)
    .where('event', '=', eventName).where('finish_time', 'is not', null).executeTakeFirst();
  return done ? null : action.id;
}

/** compute_power_update: only from the steady opposite state, otherwise a logged no-op */
async function powerUpdate(x: ExecContext, ev: DeliverableEvent): Promise<void> {
  const on = ev.tag === 'POWER_ON';
  const actionId = await actionFor(x, ev, [on ? 'start' : 'stop'], 'compute_power_update');
  if (!actionId) return;
  const inst = await findInstance(x.rt.store.db, ev.instance_uuid);
  const e = await startEvent(x.rt.store.db, actionId, 'compute_power_update', inst?.host ?? ev.host);
  const changed = await applyPowerUpdate(x.rt.store.db, ev.instance_uuid, on, {
    active: VmState.ACTIVE, stopped: VmState.STOPPED, running: PowerState.RUNNING, shutdown: PowerState.SHUTDOWN,
  });
  if (!changed) x.rt.log.info({ instance: ev.instance_uuid, tag: ev.tag }, 'power-update ignored: the instance is not in the expected state');
  await finishEvent(x.rt.store.db, e.id, 'Success');
}

/** compute_extend_volume: there are no volume attachments here, so Nova's lookup of the BDM fails */
async function volumeExtended(x: ExecContext, ev: DeliverableEvent): Promise<void> {
  const actionId = await actionFor(x, ev, ['extend_volume'], 'compute_extend_volume');
  if (!actionId) return;
  const e = await startEvent(x.rt.store.db, actionId, 'compute_extend_volume', ev.host);
  const msg = `VolumeBDMNotFound: No volume Block Device Mapping with id ${ev.tag ?? ''}.`;
  await finishEvent(x.rt.store.db, e.id, 'Error', msg, msg);
}

/** the port is gone in Neutron: unplug it from the guest and forget the interface */
async function vifDeleted(x: ExecContext, ev: DeliverableEvent): Promise<void> {
  if (!ev.tag) return;
  const db = x.rt.store.db;
  const vif = await db.selectFrom('virtual_interfaces').select(['id']).where('instance_uuid', '=', ev.instance_uuid)
    .where('port_id', '=', ev.tag).executeTakeFirst();
  if (!vif) return;
  const inst = await findInstance(db, ev.instance_uuid);
  if (inst?.host && x.hosts.includes(inst.host)) await x.driver.unplugVif(inst.host, inst.uuid, ev.tag);
  await db.deleteFrom('virtual_interfaces').where('id', '=', vif.id).execute();
}
