/** A Neutron metering label (metering extension). */
export interface MeteringLabelsTable {
  id: string;
  project_id: string;
  name: string;
  description: string;
  /** 0/1 */
  shared: number;
  created_at: string;
}
/** A rule of a metering label; deleted with its label (foreign key ON DELETE CASCADE). */
export interface MeteringLabelRulesTable {
  id: string;
  metering_label_id: string;
  /** ingress | egress */
  direction: string;
  /** 0/1 */
  excluded: number;
  remote_ip_prefix: string | null;
  source_ip_prefix: string | null;
  destination_ip_prefix: string | null;
  created_at: string;
}
