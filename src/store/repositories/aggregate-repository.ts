/**
 * Host aggregates (nova/db/api/models.py Aggregate, AggregateHost, AggregateMetadata): rows,
 * memberships and metadata. Uniqueness (names, a host once per aggregate) is the database's;
 * a host's availability zone is written onto its compute_hosts row by syncHostZones, in the
 * transaction that changed it, so the scheduler and os-availability-zone read one column.
 */
import type { DbOrTrx } from '../database.js';
import type { AggregatesTable } from '../tables/compute-admin.table.js';

export type AggregateRow = AggregatesTable;

export interface AggregateFull extends AggregateRow {
  hosts: string[];
  metadata: Record<string, string>;
}

export const AZ_KEY = 'availability_zone';

export async function nextAggregateSeq(db: DbOrTrx): Promise<number> {
  const { max } = await db
    .selectFrom('aggregates')
    .select((eb) => eb.fn.max('seq').as('max'))
    .executeTakeFirstOrThrow();
  return Number(max ?? 0) + 1;
}

export async function insertAggregate(db: DbOrTrx, row: AggregateRow): Promise<void> {
  await db.insertInto('aggregates').values(row).execute();
}

async function complete(db: DbOrTrx, rows: AggregateRow[]): Promise<AggregateFull[]> {
  if (!rows.length) return [];
  const ids = rows.map((r) => r.id);
  const [hosts, meta] = await Promise.all([
    db.selectFrom('aggregate_hosts').selectAll().where('aggregate_id', 'in', ids).orderBy('host').execute(),
    db.selectFrom('aggregate_metadata').selectAll().where('aggregate_id', 'in', ids).orderBy('key').execute(),
  ]);
  return rows.map((r) => ({
    ...r,
    seq: Number(r.seq),
    hosts: hosts.filter((h) => h.aggregate_id === r.id).map((h) => h.host),
    metadata: Object.fromEntries(meta.filter((m) => m.aggregate_id === r.id).map((m) => [m.key, m.value])),
  }));
}

export async function listAggregates(db: DbOrTrx): Promise<AggregateFull[]> {
  return complete(db, await db.selectFrom('aggregates').selectAll().orderBy('seq').execute());
}

export async function findAggregateBySeq(db: DbOrTrx, seq: number): Promise<AggregateFull | undefined> {
  const row = await db.selectFrom('aggregates').selectAll().where('seq', '=', seq).executeTakeFirst();
  return row ? (await complete(db, [row]))[0] : undefined;
}

/** the aggregates `hosts` belong to */
export async function aggregatesOfHosts(db: DbOrTrx, hosts: string[]): Promise<AggregateFull[]> {
  if (!hosts.length) return [];
  const rows = await db
    .selectFrom('aggregates')
    .selectAll()
    .where('id', 'in', db.selectFrom('aggregate_hosts').select('aggregate_id').where('host', 'in', hosts))
    .orderBy('seq')
    .execute();
  return complete(db, rows);
}

export async function renameAggregate(db: DbOrTrx, id: string, name: string, now: string): Promise<void> {
  await db.updateTable('aggregates').set({ name, updated_at: now }).where('id', '=', id).execute();
}

export async function touchAggregate(db: DbOrTrx, id: string, now: string): Promise<void> {
  await db.updateTable('aggregates').set({ updated_at: now }).where('id', '=', id).execute();
}

/** metadata keys set (upsert) or, for null values, removed */
export async function updateAggregateMetadata(
  db: DbOrTrx,
  id: string,
  metadata: Record<string, string | null>,
): Promise<void> {
  for (const [key, value] of Object.entries(metadata)) {
    if (value === null) {
      await db.deleteFrom('aggregate_metadata').where('aggregate_id', '=', id).where('key', '=', key).execute();
    } else {
      await db
        .insertInto('aggregate_metadata')
        .values({ aggregate_id: id, key, value })
        .onConflict((oc) => oc.columns(['aggregate_id', 'key']).doUpdateSet({ value }))
        .execute();
    }
  }
}

export async function addAggregateHost(db: DbOrTrx, id: string, host: string): Promise<void> {
  await db.insertInto('aggregate_hosts').values({ aggregate_id: id, host }).execute();
}

export async function removeAggregateHost(db: DbOrTrx, id: string, host: string): Promise<boolean> {
  const r = await db
    .deleteFrom('aggregate_hosts')
    .where('aggregate_id', '=', id)
    .where('host', '=', host)
    .executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** deletes an aggregate that has no hosts (the condition is part of the DELETE) */
export async function deleteEmptyAggregate(db: DbOrTrx, id: string): Promise<boolean> {
  const r = await db
    .deleteFrom('aggregates')
    .where('id', '=', id)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('aggregate_hosts').select('host').where('aggregate_id', '=', id))))
    .executeTakeFirst();
  if (Number(r.numDeletedRows) === 0) return false;
  await db.deleteFrom('aggregate_metadata').where('aggregate_id', '=', id).execute();
  return true;
}

/**
 * availability_zones.get_host_availability_zone: a host's zone is the availability_zone metadata
 * of an aggregate it is in, else the default zone; written onto each host's compute_hosts row.
 */
export async function syncHostZones(db: DbOrTrx, hosts: string[], defaultZone: string): Promise<void> {
  for (const host of hosts) {
    const row = await db
      .selectFrom('aggregate_metadata as m')
      .innerJoin('aggregate_hosts as h', 'h.aggregate_id', 'm.aggregate_id')
      .select((eb) => eb.fn.min('m.value').as('zone'))
      .where('m.key', '=', AZ_KEY)
      .where('h.host', '=', host)
      .executeTakeFirst();
    const zone = row?.zone ?? defaultZone;
    await db
      .updateTable('compute_hosts')
      .set({ availability_zone: String(zone) })
      .where('host', '=', host)
      .execute();
  }
}

/** live instances on any of `hosts` */
export async function countInstancesOnHosts(db: DbOrTrx, hosts: string[]): Promise<number> {
  if (!hosts.length) return 0;
  const r = await db
    .selectFrom('instances')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('host', 'in', hosts)
    .where('deleted', '=', 0)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function computeHostExists(db: DbOrTrx, host: string): Promise<boolean> {
  return !!(await db.selectFrom('compute_hosts').select('id').where('host', '=', host).executeTakeFirst());
}
