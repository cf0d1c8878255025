/**
 * External events on their hot paths. The API side (POST /os-server-external-events) writes a
 * batch's events (and, through src/operations/enqueue.ts, one delivery operation per host) in one
 * transaction with precompiled statements (src/store/precompiled.ts, precompiled-insert.ts): the SQL only depends on the
 * batch's size, and building it through Kysely cost as much CPU as SQLite took to run it. The
 * agent side takes a batch of deliveries in one statement: events with nothing to do on the host
 * are marked delivered and the ones a handler must run are returned, still undelivered (each is
 * marked after its handler ran, so a crash redoes only those).
 */
import type { DbOrTrx } from '../database.js';
import { precompiled } from '../precompiled.js';
import { precompiledInsert } from '../precompiled-insert.js';
import type { ServerEventsTable } from '../tables/events.table.js';

export interface EventInstance {
  uuid: string;
  host: string | null;
  project_id: string;
}

const instancesIn = precompiled((db, uuids: string[]) =>
  db.selectFrom('instances').select(['uuid', 'host', 'project_id']).where('uuid', 'in', uuids),
);

/** the columns event routing needs, for a batch of server uuids (deleted rows included, as Nova) */
export async function eventInstances(db: DbOrTrx, uuids: string[]): Promise<Map<string, EventInstance>> {
  const out = new Map<string, EventInstance>();
  const distinct = [...new Set(uuids)];
  for (let i = 0; i < distinct.length; i += 500) {
    for (const r of await instancesIn(db, distinct.slice(i, i + 500))) out.set(r.uuid, r);
  }
  return out;
}

const insertEvents = precompiledInsert('server_events', [
  'id',
  'instance_uuid',
  'name',
  'tag',
  'status',
  'code',
  'request_id',
  'source',
  'received_at',
  'consumed_by',
  'consumed_at',
  'delivered_at',
  'host',
]);

export async function insertEventRows(db: DbOrTrx, rows: ServerEventsTable[]): Promise<void> {
  // 13 columns a row: stay far below SQLite's and PostgreSQL's bind-parameter limits
  for (let i = 0; i < rows.length; i += 200) await insertEvents(db, rows.slice(i, i + 200));
}

/** what a delivery handler reads of an event */
export type DeliverableEvent = Pick<
  ServerEventsTable,
  'id' | 'instance_uuid' | 'name' | 'tag' | 'request_id' | 'host' | 'received_at'
>;

/**
 * Of `ids`, the undelivered events: those named in `handled` are returned untouched, the others
 * are marked delivered at `at` and left out. One UPDATE … RETURNING (SQLite ≥ 3.35, PostgreSQL)
 * instead of a read then a write; ids already delivered (a redone delivery) are neither.
 */
export async function takeUndelivered(
  db: DbOrTrx,
  ids: readonly string[],
  handled: readonly string[],
  at: string,
): Promise<DeliverableEvent[]> {
  const out: DeliverableEvent[] = [];
  // 500 ids a statement: far below SQLite's and PostgreSQL's bind-parameter limits
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db
      .updateTable('server_events')
      // a handled event keeps delivered_at null (the WHERE only matches null ones)
      .set((eb) => ({
        delivered_at: eb
          .case()
          .when('name', 'in', [...handled])
          .then(null)
          .else(at)
          .end(),
      }))
      .where('id', 'in', ids.slice(i, i + 500))
      .where('delivered_at', 'is', null)
      .returning(['id', 'instance_uuid', 'name', 'tag', 'request_id', 'host', 'received_at', 'delivered_at'])
      .execute();
    for (const r of rows) {
      if (r.delivered_at !== null) continue;
      out.push({
        id: r.id,
        instance_uuid: r.instance_uuid,
        name: r.name,
        tag: r.tag,
        request_id: r.request_id,
        host: r.host,
        received_at: r.received_at,
      });
    }
  }
  return out;
}
