/**
 * A network's segments (ML2's type drivers and Neutron's networksegments): a requested segment is
 * reserved, an unset segmentation id is allocated from its range. The UNIQUE keys of
 * network_segments decide every race: the insert that loses on segment_key answers VlanIdInUse /
 * FlatNetworkInUse / TunnelIdInUse for a requested id and draws again for an allocated one; on
 * (network_id, network_type, physical_network) it answers Neutron's duplicate-entry 409; on
 * (network_id, segment_index) (two segments added to one network at once) it takes the next index.
 */
import { randomInt } from 'node:crypto';
import type { DbOrTrx } from '../../store/database.js';
import * as segRepo from '../../store/repositories/segment-repository.js';
import type { SegmentRow } from '../../store/repositories/segment-repository.js';
import { newUuid } from '../../lib/ids.js';
import { allocationRange, segmentKey, type Segment } from '../../domain/ports/provider.js';
import {
  duplicateNetworkSegment,
  flatNetworkInUse,
  noNetworkAvailable,
  tunnelIdInUse,
  vlanIdInUse,
} from '../../domain/ports/network-errors.js';

/** random draws before the range is scanned for a free id */
const RANDOM_DRAWS = 16;
/** index races lost before giving up (each loser sees the winner's row and moves on) */
const INDEX_ATTEMPTS = 8;

export const inUse = (s: Segment) =>
  s.networkType === 'flat'
    ? flatNetworkInUse(s.physicalNetwork ?? '')
    : s.networkType === 'vlan'
      ? vlanIdInUse(s.segmentationId ?? 0, s.physicalNetwork ?? '')
      : tunnelIdInUse(s.segmentationId ?? 0);

/** what a segment carries besides its provider values (null: not given, as Neutron stores it) */
export interface SegmentMeta {
  name: string | null;
  description: string | null;
}

type Outcome = { row: SegmentRow } | { lost: 'key' | 'index' };

/** One insert; on a lost UNIQUE key, which one (read after the winner committed). */
async function tryReserve(
  db: DbOrTrx,
  networkId: string,
  s: Segment,
  index: number,
  meta: SegmentMeta,
  at: string,
): Promise<Outcome> {
  const row: SegmentRow = {
    id: newUuid(),
    network_id: networkId,
    network_type: s.networkType,
    physical_network: s.physicalNetwork,
    segmentation_id: s.segmentationId,
    segment_key: segmentKey(s),
    segment_index: index,
    name: meta.name,
    description: meta.description,
    revision_number: 0,
    created_at: at,
    updated_at: at,
  };
  if (await segRepo.tryInsertSegment(db, row)) return { row };
  if (await segRepo.networkHasSegmentOn(db, networkId, s.networkType, s.physicalNetwork))
    throw duplicateNetworkSegment();
  return { lost: (await segRepo.segmentKeyHeld(db, row.segment_key)) ? 'key' : 'index' };
}

/** Reserves a fully given segment (flat, or with its id) at the next free index; throws 409. */
async function reserveExact(
  db: DbOrTrx,
  networkId: string,
  s: Segment,
  index: number | undefined,
  meta: SegmentMeta,
  at: string,
): Promise<SegmentRow | null> {
  for (let i = 0; i < INDEX_ATTEMPTS; i++) {
    const got = await tryReserve(db, networkId, s, index ?? (await segRepo.nextSegmentIndex(db, networkId)), meta, at);
    if ('row' in got) return got.row;
    if (got.lost === 'key') return null;
    if (index !== undefined) break;
  }
  throw duplicateNetworkSegment();
}

/**
 * Reserves `requested` as a segment of the network: at `index` (a network's creation numbers its
 * segments) or after its last one. An unset segmentation id is allocated. Throws 409/503.
 */
export async function reserveSegment(
  db: DbOrTrx,
  networkId: string,
  s: Segment,
  meta: SegmentMeta,
  at: string,
  index?: number,
): Promise<SegmentRow> {
  if (s.networkType === 'flat' || s.segmentationId !== null) {
    const row = await reserveExact(db, networkId, s, index, meta, at);
    if (!row) throw inUse(s);
    return row;
  }
  const { physicalNetwork, range } = allocationRange(s);
  const [lo, hi] = range;
  const attempt = (id: number) =>
    reserveExact(db, networkId, { networkType: s.networkType, physicalNetwork, segmentationId: id }, index, meta, at);
  for (let i = 0; i < RANDOM_DRAWS; i++) {
    const got = await attempt(randomInt(lo, hi + 1));
    if (got) return got;
  }
  // a crowded range: walk the ids no segment holds yet
  const used = new Set(await segRepo.segmentationIdsInUse(db, s.networkType, physicalNetwork));
  for (let id = lo; id <= hi; id++) {
    if (used.has(id)) continue;
    const got = await attempt(id);
    if (got) return got;
  }
  throw noNetworkAvailable();
}

/** the UNIQUE key of a VLAN segment moved to another id on its physical network */
export const vlanSegmentKey = (s: Pick<SegmentRow, 'physical_network'>, segmentationId: number): string =>
  segmentKey({ networkType: 'vlan', physicalNetwork: s.physical_network, segmentationId });

/** a stored segment as the provider rules see it */
export const asSegment = (r: SegmentRow): Segment => ({
  networkType: r.network_type as Segment['networkType'],
  physicalNetwork: r.physical_network,
  segmentationId: r.segmentation_id,
});
