/** Generic volume groups (migration 0042): group types, groups and group snapshots. */
export interface GroupTypesTable {
  id: string;
  name: string;
  description: string | null;
  is_public: number;
  /** JSON object of string values */ group_specs: string;
  created_at: string;
  updated_at: string | null;
}

export interface VolumeGroupsTable {
  id: string;
  project_id: string;
  user_id: string;
  name: string | null;
  description: string | null;
  /** creating | available | updating | deleting | error | error_deleting */
  status: string;
  availability_zone: string;
  group_type_id: string;
  /** JSON array of volume type ids */ volume_type_ids: string;
  group_snapshot_id: string | null;
  source_group_id: string | null;
  host: string | null;
  replication_status: string | null;
  created_at: string;
  updated_at: string | null;
}

export interface GroupSnapshotsTable {
  id: string;
  project_id: string;
  user_id: string;
  group_id: string;
  group_type_id: string;
  name: string | null;
  description: string | null;
  /** creating | available | deleting | error */
  status: string;
  created_at: string;
  updated_at: string | null;
}
