/**
 * Cinder's transfer views (cinder/api/views/transfers.py): summary (id, volume_id, name, links),
 * detail (created_at; no_snapshots from 3.55; the history fields from 3.57) and create (detail
 * with the auth key, the only answer that carries it). Links use the os-volume-transfer
 * collection on both routes, as Cinder's view builder does.
 */
import type { ApiVersion } from '../../../http/api-version.js';
import type { TransferRow } from '../../../services/block-storage/transfer-service.js';
import { cinderTime, volumeLinks, type LinkBase } from './volumes.js';

const COLLECTION = 'os-volume-transfer';

export function transferSummary(b: LinkBase, t: TransferRow): Record<string, unknown> {
  return { id: t.id, volume_id: t.volume_id, name: t.name, links: volumeLinks(b, COLLECTION, t.id) };
}

function withVersionFields(mv: ApiVersion, t: TransferRow, out: Record<string, unknown>): Record<string, unknown> {
  if (mv.atLeast('3.55')) out.no_snapshots = t.no_snapshots === 1;
  if (mv.atLeast('3.57')) {
    out.destination_project_id = t.destination_project_id;
    out.source_project_id = t.source_project_id;
    out.accepted = t.accepted === 1;
  }
  return out;
}

export function transferDetail(b: LinkBase, mv: ApiVersion, t: TransferRow): Record<string, unknown> {
  return withVersionFields(mv, t, {
    id: t.id,
    created_at: cinderTime(t.created_at),
    name: t.name,
    volume_id: t.volume_id,
    links: volumeLinks(b, COLLECTION, t.id),
  });
}

export function transferCreated(b: LinkBase, mv: ApiVersion, t: TransferRow, authKey: string): Record<string, unknown> {
  return withVersionFields(mv, t, {
    id: t.id,
    created_at: cinderTime(t.created_at),
    name: t.name,
    volume_id: t.volume_id,
    auth_key: authKey,
    links: volumeLinks(b, COLLECTION, t.id),
  });
}
