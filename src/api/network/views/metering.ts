/** Metering labels and label rules as Neutron renders them (metering_db.py _make_*_dict, key order kept). */
import type { MeteringLabelRow, MeteringLabelRuleRow } from '../../../services/network/metering-service.js';

export const meteringLabelView = (l: MeteringLabelRow): Record<string, unknown> => ({
  id: l.id,
  name: l.name,
  description: l.description,
  shared: l.shared === 1,
  project_id: l.project_id,
  tenant_id: l.project_id,
});

export const meteringRuleView = (r: MeteringLabelRuleRow): Record<string, unknown> => ({
  id: r.id,
  metering_label_id: r.metering_label_id,
  direction: r.direction,
  remote_ip_prefix: r.remote_ip_prefix,
  source_ip_prefix: r.source_ip_prefix,
  destination_ip_prefix: r.destination_ip_prefix,
  excluded: r.excluded === 1,
});
