/**
 * Nova's volume and snapshot proxy views (nova/api/openstack/compute/volumes.py
 * _translate_volume_summary_view, _translate_snapshot_summary_view): Cinder's fields in Nova's
 * camelCase names. The detail views are the same as the summary ones.
 */
import type { NovaVolume } from '../../../services/compute/volume-proxy.js';
import type { SnapshotRow } from '../../../services/block-storage/snapshot-service.js';
import { cinderTime } from '../../block-storage/views/volumes.js';

export function novaVolumeView(v: NovaVolume): Record<string, unknown> {
  const { row } = v;
  const out: Record<string, unknown> = {
    id: row.id,
    status: row.status,
    size: row.size,
    availabilityZone: row.availability_zone,
    createdAt: cinderTime(row.created_at),
  };
  // cinder.py keeps one attachment per server, keyed by server; the view shows the first
  const first = v.attachments[0];
  if (first) {
    const a: Record<string, unknown> = { id: row.id, volumeId: row.id, serverId: first.instance_uuid };
    if (first.mountpoint) a.device = first.mountpoint;
    out.attachments = [a];
  } else {
    out.attachments = [{}];
  }
  out.displayName = row.name;
  out.displayDescription = row.description;
  // Cinder's volume_type (the type's name) is what Nova reads as volume_type_id
  out.volumeType = v.typeName;
  out.snapshotId = row.snapshot_id;
  out.metadata = JSON.parse(row.metadata) as Record<string, string>;
  return out;
}

export function novaSnapshotView(s: SnapshotRow): Record<string, unknown> {
  return {
    id: s.id,
    volumeId: s.volume_id,
    status: s.status,
    size: s.size,
    createdAt: cinderTime(s.created_at),
    displayName: s.name,
    displayDescription: s.description,
  };
}
