/** Volume backups (migration 0039): Cinder's backup record. */
export interface VolumeBackupsTable {
  id: string;
  project_id: string;
  user_id: string;
  volume_id: string;
  snapshot_id: string | null;
  name: string | null;
  description: string | null;
  container: string | null;
  /** creating | available | restoring | deleting | error | error_deleting */
  status: string;
  fail_reason: string | null;
  size: number;
  object_count: number;
  availability_zone: string | null;
  parent_id: string | null;
  restore_volume_id: string | null;
  /** JSON object */ metadata: string;
  data_timestamp: string | null;
  created_at: string;
  updated_at: string | null;
}
