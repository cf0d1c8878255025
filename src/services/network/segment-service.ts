/**
 * Network segments (segment extension; neutron/services/segments, Zed): admin-only CRUD over the
 * segments networks hold. A new segment is reserved as ML2 reserves a provider segment (the same
 * UNIQUE keys decide), takes the index after the network's last one and bumps the network's
 * revision; only name and description change; a segment with subnets cannot go (the subnets'
 * foreign key decides a race with a subnet being put on it). A network may lose its last segment.
 * Subnets name a segment of their own network, and a network's subnets are all on segments or
 * none is (ipam_backend_mixin _validate_segment).
 */
import { retryOnConflict } from './retry.js';
import { reserveSegment } from './provider-segments.js';
import type { Runtime } from '../../runtime.js';
import type { DbOrTrx } from '../../store/database.js';
import * as repo from '../../store/repositories/network-repository.js';
import * as segRepo from '../../store/repositories/segment-repository.js';
import type { SegmentFilter, SegmentRow } from '../../store/repositories/segment-repository.js';
import { requestedSegment, type ProviderRequest } from '../../domain/ports/provider.js';
import {
  invalidInput,
  networkIdsDontMatch,
  networkNotFound,
  noUpdateSubnetWhenMultipleSegmentsOnNetwork,
  segmentInUse,
  segmentNotFound,
  subnetsNotAllAssociatedWithSegments,
  subnetSegmentAssociationChangeNotAllowed,
} from '../../domain/ports/network-errors.js';

export type { SegmentRow } from '../../store/repositories/segment-repository.js';

export const listSegmentsFor = (rt: Runtime, f: SegmentFilter): Promise<SegmentRow[]> =>
  segRepo.listSegments(rt.store.db, f);

export async function showSegment(rt: Runtime, id: string): Promise<SegmentRow> {
  const s = await segRepo.findSegment(rt.store.db, id);
  if (!s) throw segmentNotFound(id);
  return s;
}

export interface SegmentSpec {
  networkId: string;
  provider: ProviderRequest;
  /** undefined: not given (null stored) */
  name?: string | null;
  /** undefined: not given ('' stored, standard-attr-description's default) */
  description?: string | null;
}

/** POST /segments: validated as ML2 validates a provider segment, then reserved. */
export async function createSegmentFor(rt: Runtime, spec: SegmentSpec): Promise<SegmentRow> {
  const wanted = requestedSegment(spec.provider);
  if (!wanted) throw invalidInput('network_type required');
  // a network deleted meanwhile fails the insert's foreign key; the retry answers its 404
  return retryOnConflict(rt.store.adapter, () =>
    rt.store.transaction(async (trx) => {
      const at = rt.clock().toISOString();
      if (!(await repo.findNetwork(trx, spec.networkId))) throw networkNotFound(spec.networkId);
      const meta = { name: spec.name ?? null, description: spec.description === undefined ? '' : spec.description };
      const row = await reserveSegment(trx, spec.networkId, wanted, meta, at);
      // the network's segments changed: a new revision of the network
      await repo.updateNetwork(trx, spec.networkId, { updated_at: at });
      return row;
    }),
  );
}

export interface SegmentChanges {
  name?: string | null;
  description?: string | null;
}

export async function updateSegmentFor(rt: Runtime, id: string, c: SegmentChanges): Promise<SegmentRow> {
  return rt.store.transaction(async (trx) => {
    const patch: Partial<SegmentRow> = { updated_at: rt.clock().toISOString() };
    if (c.name !== undefined) patch.name = c.name;
    if (c.description !== undefined) patch.description = c.description;
    if (!(await segRepo.updateSegment(trx, id, patch))) throw segmentNotFound(id);
    const updated = await segRepo.findSegment(trx, id);
    if (!updated) throw segmentNotFound(id);
    return updated;
  });
}

/** A subnet put on the segment concurrently fails the delete on its foreign key; the retry answers 409. */
export async function deleteSegmentFor(rt: Runtime, id: string): Promise<void> {
  await retryOnConflict(rt.store.adapter, () =>
    rt.store.transaction(async (trx) => {
      const s = await segRepo.findSegment(trx, id);
      if (!s) throw segmentNotFound(id);
      const subnets = await segRepo.subnetsOnSegment(trx, id);
      if (subnets.length > 0) throw segmentInUse(id, subnets);
      if (!(await segRepo.deleteSegment(trx, id))) throw segmentNotFound(id);
      await repo.updateNetwork(trx, s.network_id, { updated_at: rt.clock().toISOString() });
    }),
  );
}

/** The segment a new subnet names must exist (404) and be one of its network's (400). */
export async function segmentForNewSubnet(db: DbOrTrx, networkId: string, segmentId: string | null): Promise<void> {
  if (segmentId === null) return;
  const s = await segRepo.findSegment(db, segmentId);
  if (!s) throw segmentNotFound(segmentId);
  if (s.network_id !== networkId) throw networkIdsDontMatch(networkId, segmentId);
}

/**
 * After a subnet is written: the network's subnets are all on segments or none is
 * (SubnetsNotAllAssociatedWithSegments); the caller's transaction rolls the write back.
 */
export async function requireSegmentsConsistent(db: DbOrTrx, networkId: string): Promise<void> {
  const ids = new Set(await segRepo.subnetSegmentIds(db, networkId));
  if (ids.has(null) && ids.size > 1) throw subnetsNotAllAssociatedWithSegments(networkId);
}

/**
 * subnet-segmentid-writable (ipam_backend_mixin _validate_segment, action update): a subnet moves
 * onto a segment only when it is its network's one subnet, not yet on another segment, and the
 * network has a single segment.
 */
export async function segmentForSubnetUpdate(
  db: DbOrTrx,
  subnet: { id: string; network_id: string; segment_id: string | null },
  segmentId: string | null,
): Promise<void> {
  const networkId = subnet.network_id;
  const current = await segRepo.subnetSegmentIds(db, networkId);
  const associated = new Set(current);
  if (associated.has(null) && associated.size > 1) throw subnetsNotAllAssociatedWithSegments(networkId);
  if (subnet.segment_id !== segmentId) {
    if (current.length > 1) throw subnetsNotAllAssociatedWithSegments(networkId);
    if (!associated.has(null) && !associated.has(segmentId)) throw subnetSegmentAssociationChangeNotAllowed();
    const onNetwork = (await segRepo.segmentsOfNetworks(db, [networkId])).get(networkId) ?? [];
    if (onNetwork.length > 1) throw noUpdateSubnetWhenMultipleSegmentsOnNetwork(networkId);
  }
  await segmentForNewSubnet(db, networkId, segmentId);
}
