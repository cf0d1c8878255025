/**
 * The one entry point for external events, used by POST /os-server-external-events and by the
 * built-in network service alike (nova/api/openstack/compute/server_external_events.py create,
 * nova/compute/api.py external_instance_event). Every received event becomes a server_events row
 * (accepted or not); accepted ones are handed to the owning host's agent through an
 * `external_event` operation written in the same transaction, so a 200 is never lost.
 */
import type { Runtime } from '../../runtime.js';
import type { RequestContext } from '../../domain/context.js';
import { newRequestId, newUuid } from '../../lib/ids.js';
import { startAction } from '../../store/repositories/instance-action-repository.js';
import { eventInstances, insertEventRows } from '../../store/repositories/event-delivery-queries.js';
import { enqueueOperations } from '../../operations/enqueue.js';
import type { ServerEventsTable } from '../../store/tables/events.table.js';
import type { Trx } from '../../store/database.js';

export interface ExternalEventInput {
  name: string;
  server_uuid: string;
  status?: string;
  tag?: string;
}
export interface ExternalEventResult {
  id: string;
  code: 200 | 400 | 404 | 422;
  status: 'completed' | 'failed';
}
export interface ReceiveResult {
  results: ExternalEventResult[];
  overall: 200 | 207;
}

/** events whose compute handler needs the tag (server_external_events.py TAG_REQUIRED) */
export const TAG_REQUIRED = new Set(['volume-extended', 'power-update', 'accelerator-request-bound']);

/** compute/api.py: power-update tags that become start/stop actions; others are dropped */
const POWER_ACTIONS: Record<string, string> = { POWER_ON: 'start', POWER_OFF: 'stop' };

/**
 * ctx null: a built-in service (`source`: 'network', or 'volume' for Cinder's volume-extended).
 * Codes per event: 404 unknown server,
 * 400 tag missing where required, 422 server not on a host, else 200; overall 207 if any failed.
 * With `inTrx` the events are written in the caller's transaction, so they commit (or not) with
 * its own writes (Cinder's extend of an attached volume: the new size and Nova's volume-extended
 * together); the caller then calls `wake` once that transaction has committed.
 */
export async function receiveEvents(
  rt: Runtime,
  ctx: RequestContext | null,
  events: ExternalEventInput[],
  builtIn: 'network' | 'volume' = 'network',
  inTrx?: Trx,
): Promise<ReceiveResult & { wake: () => void }> {
  const requestId = ctx?.requestId ?? newRequestId();
  const source = ctx ? 'api' : builtIn;
  const now = rt.clock().toISOString();
  const results: ExternalEventResult[] = [];
  const accepted = new Set<string>();
  const hosts = new Set<string>();
  const write = async (trx: Trx) => {
    // deleted-but-kept rows are found too: Nova's lookup has no deleted filter
    const instances = await eventInstances(
      trx,
      events.map((e) => e.server_uuid),
    );
    const rows: ServerEventsTable[] = [];
    const byHost = new Map<string, { ids: string[]; uuids: Set<string> }>();
    const actioned = new Set<string>();
    for (const e of events) {
      const inst = instances.get(e.server_uuid);
      const tag = e.tag ?? null;
      let code: ExternalEventResult['code'];
      if (!inst) code = 404;
      else if (TAG_REQUIRED.has(e.name) && e.tag === undefined) code = 400;
      else if (inst.host) code = 200;
      else code = 422;
      const id = newUuid();
      results.push({ id, code, status: code === 200 ? 'completed' : 'failed' });
      // the stored status is what the sender said (a failed plug stays failed for the waiter)
      const row: ServerEventsTable = {
        id,
        instance_uuid: e.server_uuid,
        name: e.name,
        tag,
        status: e.status ?? 'completed',
        code,
        request_id: requestId,
        source,
        received_at: now,
        consumed_by: null,
        consumed_at: null,
        delivered_at: null,
        host: inst?.host ?? null,
      };
      rows.push(row);
      if (code !== 200 || !inst?.host) continue;
      accepted.add(inst.uuid);
      let dispatch = true;
      // one action per server and request (instance_actions is unique on both): a second
      // action-making event for the same server in one batch shares the first one's action
      const record = async (action: string) => {
        if (actioned.has(inst.uuid)) return;
        actioned.add(inst.uuid);
        await startAction(trx, actionOf(ctx, inst, requestId, action), now);
      };
      if (e.name === 'volume-extended') {
        await record('extend_volume');
      } else if (e.name === 'power-update') {
        const action = POWER_ACTIONS[tag ?? ''];
        // compute/api.py logs "Invalid power target" and drops the event; the API already said 200
        if (action) await record(action);
        else dispatch = false;
      }
      if (!dispatch) {
        row.delivered_at = now;
        continue;
      }
      let h = byHost.get(inst.host);
      if (!h) byHost.set(inst.host, (h = { ids: [], uuids: new Set() }));
      h.ids.push(id);
      h.uuids.add(inst.uuid);
    }
    await insertEventRows(trx, rows);
    // the durable hand-over: one external_event operation per host (Nova casts once per host),
    // bound to that host, in this transaction with the events
    await enqueueOperations(
      trx,
      [...byHost].map(([host, h]) => {
        hosts.add(host);
        return {
          kind: 'external_event' as const,
          host,
          instanceUuid: h.uuids.size === 1 ? ([...h.uuids][0] ?? null) : null,
          payload: { eventIds: h.ids },
          requestId,
        };
      }),
      now,
    );
  };
  const wake = () => {
    for (const uuid of accepted) rt.bus.eventStored(uuid);
    for (const host of hosts) rt.bus.operationEnqueued(host);
  };
  if (inTrx) {
    await write(inTrx);
  } else {
    await rt.store.transaction(write);
    wake();
  }
  return { results, overall: results.every((r) => r.code === 200) ? 200 : 207, wake };
}

function actionOf(
  ctx: RequestContext | null,
  inst: { uuid: string; project_id: string },
  requestId: string,
  action: string,
) {
  return {
    instanceUuid: inst.uuid,
    requestId,
    action,
    projectId: ctx?.projectId ?? inst.project_id,
    userId: ctx?.userId ?? '',
  };
}
