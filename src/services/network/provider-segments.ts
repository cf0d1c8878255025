/**
 * A network's provider segment (ML2's type drivers): a requested segment is reserved, an unset
 * segmentation id is allocated from its range. The UNIQUE networks.segment_key decides every race:
 * the insert that loses answers VlanIdInUse / FlatNetworkInUse / TunnelIdInUse for a requested id,
 * and draws again for an allocated one.
 */
import { randomInt } from 'node:crypto';
import type { DbOrTrx } from '../../store/database.js';
import type { NetworkRow } from '../../store/repositories/network-repository.js';
import * as repo from '../../store/repositories/network-repository.js';
import { allocationRange, segmentKey, TENANT_SEGMENT, type Segment } from '../../domain/ports/provider.js';
import { flatNetworkInUse, noNetworkAvailable, tunnelIdInUse, vlanIdInUse } from '../../domain/ports/network-errors.js';

/** random draws before the range is scanned for a free id */
const RANDOM_DRAWS = 16;

export type NetworkBase = Omit<
  NetworkRow,
  'provider_network_type' | 'provider_physical_network' | 'provider_segmentation_id' | 'segment_key'
>;

const withSegment = (row: NetworkBase, s: Segment): NetworkRow => ({
  ...row,
  provider_network_type: s.networkType,
  provider_physical_network: s.physicalNetwork,
  provider_segmentation_id: s.segmentationId,
  segment_key: segmentKey(s),
});

const inUse = (s: Segment) =>
  s.networkType === 'flat'
    ? flatNetworkInUse(s.physicalNetwork ?? '')
    : s.networkType === 'vlan'
      ? vlanIdInUse(s.segmentationId ?? 0, s.physicalNetwork ?? '')
      : tunnelIdInUse(s.segmentationId ?? 0);

/** Inserts the network holding its segment (null: a tenant network); throws 409/503. */
export async function insertNetworkWithSegment(
  db: DbOrTrx,
  row: NetworkBase,
  requested: Segment | null,
): Promise<NetworkRow> {
  const s = requested ?? TENANT_SEGMENT;
  if (s.networkType === 'flat' || s.segmentationId !== null) {
    const full = withSegment(row, s);
    if (!(await repo.tryInsertNetwork(db, full))) throw inUse(s);
    return full;
  }
  const { physicalNetwork, range } = allocationRange(s);
  const [lo, hi] = range;
  const attempt = async (id: number): Promise<NetworkRow | null> => {
    const full = withSegment(row, { networkType: s.networkType, physicalNetwork, segmentationId: id });
    return (await repo.tryInsertNetwork(db, full)) ? full : null;
  };
  for (let i = 0; i < RANDOM_DRAWS; i++) {
    const got = await attempt(randomInt(lo, hi + 1));
    if (got) return got;
  }
  // a crowded range: walk the ids no network holds yet
  const used = new Set(await repo.segmentationIdsInUse(db, s.networkType, physicalNetwork));
  for (let id = lo; id <= hi; id++) {
    if (used.has(id)) continue;
    const got = await attempt(id);
    if (got) return got;
  }
  throw noNetworkAvailable();
}

/** the UNIQUE key of a VLAN network moved to another id on its physical network */
export const vlanSegmentKey = (n: Pick<NetworkRow, 'provider_physical_network'>, segmentationId: number): string =>
  segmentKey({ networkType: 'vlan', physicalNetwork: n.provider_physical_network, segmentationId });
