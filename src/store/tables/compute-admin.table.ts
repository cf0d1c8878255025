/** Tables of migration 0015: quota classes, per-user quotas, control services, aggregates. */

/** os-quota-class-sets: a class's limit for one resource ('default' is the one enforced) */
export interface QuotaClassesTable {
  class_name: string;
  resource: string;
  hard_limit: number;
}

/** os-quota-sets?user_id=: a user's limit within a project */
export interface ProjectUserQuotasTable {
  project_id: string;
  user_id: string;
  resource: string;
  hard_limit: number;
}

/** nova-scheduler / nova-conductor rows of os-services (nova-compute rows are compute_hosts) */
export interface ControlServicesTable {
  id: string;
  /** the integer id os-services shows before 2.53 */
  seq: number;
  binary: string;
  host: string;
  status: string;
  disabled_reason: string | null;
  forced_down: number;
  created_at: string;
  updated_at: string | null;
}

export interface AggregatesTable {
  id: string;
  /** the integer id Nova shows (the uuid is shown from 2.41) */
  seq: number;
  name: string;
  created_at: string;
  updated_at: string | null;
}

export interface AggregateHostsTable {
  aggregate_id: string;
  host: string;
}

export interface AggregateMetadataTable {
  aggregate_id: string;
  key: string;
  value: string;
}
