/** SQL for network segments (migration 0035). */
import type { Insertable, Selectable, Updateable } from 'kysely';
import type { DbOrTrx } from '../database.js';
import type { NetworkSegmentsTable } from '../tables/networks.table.js';

export type SegmentRow = Selectable<NetworkSegmentsTable>;

export interface SegmentFilter {
  ids?: string[];
  networkIds?: string[];
  names?: string[];
  descriptions?: string[];
  networkTypes?: string[];
  physicalNetworks?: string[];
}

const some = (v: string[]) => (v.length ? v : ['']);

/** Neutron's segment list order: by id */
export async function listSegments(db: DbOrTrx, f: SegmentFilter): Promise<SegmentRow[]> {
  let q = db.selectFrom('network_segments').selectAll();
  if (f.ids) q = q.where('id', 'in', some(f.ids));
  if (f.networkIds) q = q.where('network_id', 'in', some(f.networkIds));
  if (f.names) q = q.where('name', 'in', some(f.names));
  if (f.descriptions) q = q.where('description', 'in', some(f.descriptions));
  if (f.networkTypes) q = q.where('network_type', 'in', some(f.networkTypes));
  if (f.physicalNetworks) q = q.where('physical_network', 'in', some(f.physicalNetworks));
  return q.orderBy('id').execute();
}

/** each network's segments in segment_index order (networks without any are absent) */
export async function segmentsOfNetworks(db: DbOrTrx, networkIds: string[]): Promise<Map<string, SegmentRow[]>> {
  const out = new Map<string, SegmentRow[]>();
  if (networkIds.length === 0) return out;
  const rows = await db
    .selectFrom('network_segments')
    .selectAll()
    .where('network_id', 'in', networkIds)
    .orderBy('network_id')
    .orderBy('segment_index')
    .execute();
  for (const r of rows) out.set(r.network_id, [...(out.get(r.network_id) ?? []), r]);
  return out;
}

export const findSegment = (db: DbOrTrx, id: string) =>
  db.selectFrom('network_segments').selectAll().where('id', '=', id).executeTakeFirst();

/** false: one of the UNIQUE keys is held already (the caller finds out which) */
export async function tryInsertSegment(db: DbOrTrx, row: Insertable<NetworkSegmentsTable>): Promise<boolean> {
  const r = await db
    .insertInto('network_segments')
    .values(row)
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0n) === 1;
}

export async function segmentKeyHeld(db: DbOrTrx, key: string): Promise<boolean> {
  const r = await db.selectFrom('network_segments').select('id').where('segment_key', '=', key).executeTakeFirst();
  return r !== undefined;
}

/** the network has a segment of this type on this physical network (never for a null one) */
export async function networkHasSegmentOn(
  db: DbOrTrx,
  networkId: string,
  type: string,
  physnet: string | null,
): Promise<boolean> {
  if (physnet === null) return false;
  const r = await db
    .selectFrom('network_segments')
    .select('id')
    .where('network_id', '=', networkId)
    .where('network_type', '=', type)
    .where('physical_network', '=', physnet)
    .executeTakeFirst();
  return r !== undefined;
}

/** the index a new segment of the network takes: the last one + 1 (Neutron's _create_segment_db) */
export async function nextSegmentIndex(db: DbOrTrx, networkId: string): Promise<number> {
  const r = await db
    .selectFrom('network_segments')
    .select((eb) => eb.fn.max('segment_index').as('last'))
    .where('network_id', '=', networkId)
    .executeTakeFirst();
  const last = r?.last;
  return last === null || last === undefined ? 0 : Number(last) + 1;
}

/** the segmentation ids segments hold of one type (and physical network) */
export async function segmentationIdsInUse(db: DbOrTrx, type: string, physnet: string | null): Promise<number[]> {
  let q = db
    .selectFrom('network_segments')
    .select('segmentation_id')
    .where('network_type', '=', type)
    .where('segmentation_id', 'is not', null);
  q = physnet === null ? q : q.where('physical_network', '=', physnet);
  return (await q.execute()).map((r) => r.segmentation_id!);
}

/** false when the segment is gone */
export async function updateSegment(
  db: DbOrTrx,
  id: string,
  patch: Updateable<NetworkSegmentsTable>,
): Promise<boolean> {
  const r = await db
    .updateTable('network_segments')
    .set(patch)
    .set((eb) => ({ revision_number: eb('revision_number', '+', 1) }))
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** false when the segment is gone */
export async function deleteSegment(db: DbOrTrx, id: string): Promise<boolean> {
  const r = await db.deleteFrom('network_segments').where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) === 1;
}

export const deleteNetworkSegments = (db: DbOrTrx, networkId: string) =>
  db.deleteFrom('network_segments').where('network_id', '=', networkId).execute();

export async function subnetsOnSegment(db: DbOrTrx, segmentId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('subnets')
    .select('id')
    .where('segment_id', '=', segmentId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map((r) => r.id);
}

/** the segment ids of the network's subnets, one entry per subnet (null: a subnet on no segment) */
export async function subnetSegmentIds(db: DbOrTrx, networkId: string): Promise<Array<string | null>> {
  const rows = await db.selectFrom('subnets').select('segment_id').where('network_id', '=', networkId).execute();
  return rows.map((r) => r.segment_id);
}
