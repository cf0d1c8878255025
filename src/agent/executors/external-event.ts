/**
 * Delivery of accepted external events on the owning host (nova/compute/manager.py
 * external_instance_event). At-least-once: each event is marked delivered after it is handled,
 * so a crash mid-batch redoes only the undelivered ones, and the handlers are idempotent.
 * Waiters (network-vif-plugged/-unplugged, accelerator-request-bound, volume-reimaged) read
 * server_events directly, so for them delivery only records that compute saw the event.
 */
import { PowerState, VmState } from '../../domain/instances/states.js';
import type { OperationRow } from '../../operations/claim.js';
import {
  applyPowerEvent,
  finishStep,
  loadInstance,
  pendingActionFor,
  startStep,
} from '../../services/compute/instance-lifecycle.js';
import {
  forgetInterface,
  interfaceOfDeletedPort,
  markEventDelivered,
  takeDeliveries,
  type DeliverableEvent,
} from '../../services/compute/event-delivery.js';
import { extendMappedVolume } from '../../services/compute/volume-attach-service.js';
import type { ExecContext } from './common.js';

export async function executeExternalEvents(x: ExecContext, op: OperationRow): Promise<void> {
  const { eventIds } = JSON.parse(op.payload) as { eventIds: string[] };
  // events with nothing to do on the host are marked delivered by the shared statement
  const pending = await takeShared(x, eventIds);
  for (const ev of pending) {
    await handle(x, ev);
    await markEventDelivered(x.rt, ev.id);
  }
}

/**
 * One batch request (100 events over 32 hosts) makes one delivery operation per host, and the
 * agent claims and starts them together: the deliveries that start in the same tick share one
 * takeUndelivered statement instead of a read and a write each. Each still waits for that
 * statement before running its handlers, and if it fails every delivery in it fails (and is
 * retried by the agent), so the at-least-once rule above is unchanged.
 */
interface Batch {
  ids: string[];
  result: Promise<DeliverableEvent[]>;
}
const batches = new WeakMap<object, Batch>();

async function takeShared(x: ExecContext, ids: string[]): Promise<DeliverableEvent[]> {
  // one batch per runtime (the store it reads)
  const key = x.rt;
  let batch = batches.get(key);
  if (!batch) {
    const b: Batch = { ids: [], result: Promise.resolve([]) };
    // runs once the current synchronous run of starts is over (a microtask), with every id joined
    b.result = Promise.resolve().then(() => {
      batches.delete(key);
      return takeDeliveries(x.rt, b.ids, HANDLED_NAMES);
    });
    batches.set(key, (batch = b));
  }
  batch.ids.push(...ids);
  const mine = new Set(ids);
  return (await batch.result)
    .filter((e) => mine.has(e.id))
    .sort((a, b) =>
      a.received_at < b.received_at ? -1 : a.received_at > b.received_at ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0,
    );
}

const HANDLED_NAMES = ['network-vif-deleted', 'power-update', 'volume-extended'];

async function handle(x: ExecContext, ev: DeliverableEvent): Promise<void> {
  switch (ev.name) {
    case 'network-vif-deleted':
      return vifDeleted(x, ev);
    case 'power-update':
      return powerUpdate(x, ev);
    case 'volume-extended':
      return volumeExtended(x, ev);
    // network-changed refreshes Nova's network info cache; ours is read live from the ports, so
    // recording the delivery is the whole refresh
    default:
      return;
  }
}

/** compute_power_update: only from the steady opposite state, otherwise a logged no-op */
async function powerUpdate(x: ExecContext, ev: DeliverableEvent): Promise<void> {
  const on = ev.tag === 'POWER_ON';
  const actionId = await pendingActionFor(x.rt, ev, [on ? 'start' : 'stop'], 'compute_power_update');
  if (!actionId) return;
  const inst = await loadInstance(x.rt, ev.instance_uuid);
  const e = await startStep(x.rt, actionId, 'compute_power_update', inst?.host ?? ev.host);
  const changed = await applyPowerEvent(x.rt, ev.instance_uuid, on, {
    active: VmState.ACTIVE,
    stopped: VmState.STOPPED,
    running: PowerState.RUNNING,
    shutdown: PowerState.SHUTDOWN,
  });
  if (!changed)
    x.rt.log.info(
      { instance: ev.instance_uuid, tag: ev.tag },
      'power-update ignored: the instance is not in the expected state',
    );
  await finishStep(x.rt, e, 'Success');
}

/**
 * compute_extend_volume: the server's mapping of the volume takes its new size (the fake driver
 * extends at once); a volume the server does not map fails Nova's lookup of the BDM
 */
async function volumeExtended(x: ExecContext, ev: DeliverableEvent): Promise<void> {
  const actionId = await pendingActionFor(x.rt, ev, ['extend_volume'], 'compute_extend_volume');
  if (!actionId) return;
  const e = await startStep(x.rt, actionId, 'compute_extend_volume', ev.host);
  if (ev.tag && (await extendMappedVolume(x.rt, ev.instance_uuid, ev.tag)) === 'extended') {
    await finishStep(x.rt, e, 'Success');
    return;
  }
  const msg = `VolumeBDMNotFound: No volume Block Device Mapping with id ${ev.tag ?? ''}.`;
  await finishStep(x.rt, e, 'Error', msg, msg);
}

/** the port is gone in Neutron: unplug it from the guest and forget the interface */
async function vifDeleted(x: ExecContext, ev: DeliverableEvent): Promise<void> {
  if (!ev.tag) return;
  const vif = await interfaceOfDeletedPort(x.rt, ev.instance_uuid, ev.tag);
  if (!vif) return;
  const inst = await loadInstance(x.rt, ev.instance_uuid);
  if (inst?.host && x.hosts.includes(inst.host)) await x.driver.unplugVif(inst.host, inst.uuid, ev.tag);
  await forgetInterface(x.rt, vif.id);
}
