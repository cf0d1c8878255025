/**
 * Compute flows waiting for external events (nova/compute/manager.py wait_for_instance_event,
 * virt/libvirt/driver.py _create_guest_with_network). Each wait is an event_waits row, so the
 * timeline shows it. Unlike Nova, an event stored before the wait started still satisfies it: the
 * wait looks for an accepted, unconsumed server_events row received since the operation began.
 * Wake-ups come from rt.bus.eventStored; the loop also polls, so events stored by another
 * process are seen too.
 */
import type { Runtime } from '../../runtime.js';
import { newUuid } from '../../lib/ids.js';
import { elapsedMs } from '../../lib/time.js';
import {
  consumeEvent,
  findUnconsumedEvent,
  finishWait,
  insertWait,
  interruptWaits,
} from '../../store/repositories/server-event-repository.js';
import type { ServerEventsTable } from '../../store/tables/events.table.js';
import { finishEvent, startEvent } from '../../store/repositories/instance-action-repository.js';
import type { DbOrTrx } from '../../store/database.js';

/**
 * Each wait is also an event of the waiting operation's instance action (e.g. the create), named
 * compute_wait_for_<event name>, so `server event show` tells why a build took long or failed.
 * Received events are listed by /_stackbox/servers/{id}/timeline.
 */
async function actionEventFor(
  db: DbOrTrx,
  operationId: string,
  name: string,
  tag: string | null,
  at: string,
): Promise<string | null> {
  const op = await db
    .selectFrom('operations')
    .select(['payload', 'host'])
    .where('id', '=', operationId)
    .executeTakeFirst();
  let actionId: string | undefined;
  try {
    actionId = op ? (JSON.parse(op.payload) as { actionId?: string }).actionId : undefined;
  } catch {
    actionId = undefined;
  }
  if (!op || !actionId) return null;
  const ev = await startEvent(db, actionId, `compute_wait_for_${name}`, op.host, at);
  await db
    .updateTable('instance_action_events')
    .set({ details: tag === null ? name : `${name}-${tag}` })
    .where('id', '=', ev.id)
    .execute();
  return ev.id;
}

export interface WaitRequest {
  instanceUuid: string;
  operationId: string;
  name: string;
  tag: string | null;
  timeoutMs: number;
  /** events received at or after this time count (default: the operation's creation) */
  since?: string;
  /** whether a timeout fails the operation (recorded accordingly in the action log); default true */
  fatal?: boolean;
}

export interface WaitOutcome {
  state: 'satisfied' | 'failed' | 'timed_out';
  event: ServerEventsTable | null;
}

export async function waitForEvent(rt: Runtime, req: WaitRequest): Promise<WaitOutcome> {
  const db = rt.store.db;
  const since =
    req.since ??
    (await db.selectFrom('operations').select('created_at').where('id', '=', req.operationId).executeTakeFirst())
      ?.created_at ??
    rt.clock().toISOString();
  // The stored started_at/deadline are runtime-clock times (what the timeline shows); the wait
  // itself ends after timeoutMs of real elapsed time, so it ends even when the clock is virtual.
  const startedAt = rt.clock();
  const timesOut = elapsedMs() + req.timeoutMs;
  const id = newUuid();
  const now = (): string => rt.clock().toISOString();
  await interruptWaits(db, req.operationId, req.name, req.tag, startedAt.toISOString());
  await insertWait(db, {
    id,
    instance_uuid: req.instanceUuid,
    operation_id: req.operationId,
    name: req.name,
    tag: req.tag,
    state: 'waiting',
    started_at: startedAt.toISOString(),
    deadline: new Date(startedAt.getTime() + req.timeoutMs).toISOString(),
    finished_at: null,
    event_id: null,
  });
  const actionEvent = await actionEventFor(db, req.operationId, req.name, req.tag, startedAt.toISOString());
  const finishAction = async (state: WaitOutcome['state'], ev: ServerEventsTable | null) => {
    if (!actionEvent) return;
    const key = req.tag === null ? req.name : `${req.name}-${req.tag}`;
    if (state === 'satisfied') await finishEvent(db, actionEvent, 'Success', now(), null, key);
    else if (state === 'failed')
      await finishEvent(db, actionEvent, 'Error', now(), `${key} arrived with status ${ev?.status ?? 'failed'}`, key);
    // a timeout only fails the action when vif_plugging_is_fatal; otherwise the build goes on
    else if (req.fatal === false)
      await finishEvent(
        db,
        actionEvent,
        'Success',
        now(),
        null,
        `${key}: timed out after ${req.timeoutMs} ms (not fatal)`,
      );
    else
      await finishEvent(db, actionEvent, 'Error', now(), `Timeout waiting for ${key} after ${req.timeoutMs} ms`, key);
  };
  let poke: (() => void) | null = null;
  /** an event for this instance was stored since the last look (reset at the top of each round) */
  let stored: boolean;
  const off = rt.bus.onEventStored((uuid) => {
    if (uuid !== req.instanceUuid) return;
    stored = true;
    poke?.();
  });
  try {
    for (;;) {
      stored = false;
      const ev = await findUnconsumedEvent(db, { instanceUuid: req.instanceUuid, name: req.name, tag: req.tag, since });
      if (ev && (await consumeEvent(db, ev.id, req.operationId, now()))) {
        // nova: any status but 'completed' makes the waiter fail
        const state = ev.status === 'completed' ? 'satisfied' : 'failed';
        await finishWait(db, id, state, now(), ev.id);
        await finishAction(state, ev);
        return { state, event: ev };
      }
      if (ev) continue; // another waiter took it: look again at once
      const left = timesOut - elapsedMs();
      if (left <= 0) {
        await finishWait(db, id, 'timed_out', now(), null);
        await finishAction('timed_out', null);
        return { state: 'timed_out', event: null };
      }
      if (stored) continue;
      await new Promise<void>((resolve) => {
        const t = setTimeout(
          () => {
            poke = null;
            resolve();
          },
          Math.min(left, rt.config.agentPollMs),
        );
        poke = () => {
          clearTimeout(t);
          poke = null;
          resolve();
        };
      });
    }
  } finally {
    off();
  }
}

/** Nova's VirtualInterfaceCreateException, raised when a plug event failed or never came (if fatal) */
export class VifPlugFailed extends Error {
  constructor(
    message: string,
    readonly details: string,
  ) {
    super(message);
  }
}

/**
 * Waits for network-vif-plugged-<port> for every port, with one deadline (Nova waits for all of
 * them together). vifPluggingTimeout 0 means "do not wait", as in Nova. A failed or missing
 * event throws VifPlugFailed when vifPluggingIsFatal, and is only logged otherwise.
 */
export async function waitForVifPlugged(
  rt: Runtime,
  a: { instanceUuid: string; operationId: string; portIds: string[]; since?: string; failMessage: string },
): Promise<void> {
  const { vifPluggingTimeout, vifPluggingIsFatal } = rt.config.compute;
  if (!a.portIds.length || !(vifPluggingTimeout > 0)) return;
  const timeoutMs = Math.round(vifPluggingTimeout * 1000);
  const outcomes = await Promise.all(
    a.portIds.map((port) =>
      waitForEvent(rt, {
        instanceUuid: a.instanceUuid,
        operationId: a.operationId,
        name: 'network-vif-plugged',
        tag: port,
        timeoutMs,
        since: a.since,
        fatal: vifPluggingIsFatal,
      }).then((o) => ({ port, ...o })),
    ),
  );
  const bad = outcomes.filter((o) => o.state !== 'satisfied');
  if (!bad.length) return;
  const details = bad
    .map((o) =>
      o.state === 'failed'
        ? `network-vif-plugged-${o.port} arrived with status ${o.event?.status ?? 'failed'}`
        : `Timeout waiting for network-vif-plugged-${o.port} for instance ${a.instanceUuid} after ${vifPluggingTimeout} seconds`,
    )
    .join('; ');
  if (vifPluggingIsFatal)
    throw new VifPlugFailed(
      a.failMessage,
      `VirtualInterfaceCreateException: Virtual Interface creation failed (${details})`,
    );
  rt.log.warn({ instance: a.instanceUuid }, `${details}; continuing because vif_plugging_is_fatal is off`);
}
