/** Segment as Neutron renders it (segment and standard-attr-segment extensions; no project, as Zed hides it). */
import type { SegmentRow } from '../../../services/network/segment-service.js';
import { neutronTime } from '../request.js';

export function segmentView(s: SegmentRow): Record<string, unknown> {
  return {
    id: s.id,
    network_id: s.network_id,
    name: s.name,
    description: s.description,
    physical_network: s.physical_network,
    network_type: s.network_type,
    segmentation_id: s.segmentation_id,
    created_at: neutronTime(s.created_at),
    updated_at: neutronTime(s.updated_at),
    revision_number: s.revision_number,
  };
}
