/** Nova's migrations table (migration 0019): one row per resize of an instance. */
export interface MigrationsTable {
  uuid: string;
  instance_uuid: string;
  project_id: string;
  user_id: string;
  /** 'resize', 'migration' (cold), 'live-migration' or 'evacuation' */
  migration_type: string;
  status: string;
  source_compute: string | null;
  source_node: string | null;
  /** null until the scheduler picked the destination */
  dest_compute: string | null;
  dest_node: string | null;
  dest_az: string | null;
  old_instance_type_id: string;
  new_instance_type_id: string;
  /** JSON flavor snapshots (as instances.flavor) */
  old_flavor: string;
  new_flavor: string;
  old_az: string | null;
  /** 0/1: the instance was SHUTOFF when the resize began (it stays off, as in Nova) */
  was_stopped: number;
  created_at: string;
  updated_at: string | null;
  /** the integer id Nova shows (migration 0033; unique) */
  seq: number | null;
  /** a live migration's progress in bytes (migration 0033; null otherwise) */
  memory_total: number | null;
  memory_processed: number | null;
  memory_remaining: number | null;
  disk_total: number | null;
  disk_processed: number | null;
  disk_remaining: number | null;
  /** 1: force_complete was asked during a live migration (migration 0033) */
  force_complete: number | null;
}
