/** Nova's instances table (the one model every dialect renders). */
export interface InstancesTable {
  uuid: string;
  display_name: string;
  display_description: string | null;
  hostname: string;
  project_id: string;
  user_id: string;
  vm_state: string;
  task_state: string | null;
  power_state: number;
  locked: number;
  locked_by: string | null;
  locked_reason: string | null;
  host: string | null;
  node: string | null;
  availability_zone: string | null;
  /** AZ the user asked for (shown as pinned_availability_zone at 2.96) */
  requested_availability_zone: string | null;
  flavor_id: string;
  /** JSON snapshot of the flavor at boot, as Nova embeds it */
  flavor: string;
  vcpus: number;
  memory_mb: number;
  root_gb: number;
  image_ref: string;
  key_name: string | null;
  key_data: string | null;
  user_data: string | null;
  /** JSON object */
  metadata: string;
  /** JSON object: Nova's instance_system_metadata (shelved_*, password_N, …) */
  system_metadata: string;
  /** JSON array of security group names */
  security_groups: string;
  reservation_id: string;
  launch_index: number;
  access_ip_v4: string | null;
  access_ip_v6: string | null;
  config_drive: string;
  disk_config: string;
  progress: number;
  /** JSON {code, message, details, created} when the instance has a fault */
  fault: string | null;
  /** JSON network request from the create call (kept to resume a build after a crash) */
  requested_networks: string;
  created_at: string;
  updated_at: string;
  launched_at: string | null;
  terminated_at: string | null;
  deleted_at: string | null;
  deleted: number;
}
export interface InstanceTagsTable {
  instance_uuid: string;
  tag: string;
}
