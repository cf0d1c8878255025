/** Block storage (migration 0014): volume types, volumes and the simulated backend's pools. */
export interface VolumeTypesTable {
  id: string;
  name: string;
  description: string | null;
  is_public: number;
  /** JSON object of string values */ extra_specs: string;
  created_at: string;
  updated_at: string | null;
  /** the associated QoS specs (migration 0041), null when none */
  qos_specs_id: string | null;
}

export interface VolumePoolsTable {
  /** Cinder's pool name, host@backend#pool */
  name: string;
  capacity_gb: number;
  allocated_gb: number;
}

export interface VolumesTable {
  id: string;
  project_id: string;
  user_id: string;
  name: string | null;
  description: string | null;
  size: number;
  /** creating | available | extending | deleting | error | error_deleting | error_extending */
  status: string;
  previous_status: string | null;
  availability_zone: string;
  volume_type_id: string;
  bootable: number;
  multiattach: number;
  /** JSON object */ metadata: string;
  /** JSON object copied from the Glance image (volume_image_metadata), null when none */
  image_metadata: string | null;
  snapshot_id: string | null;
  source_volid: string | null;
  /** the pool (os-vol-host-attr:host), null until scheduled */
  host: string | null;
  /** GB held in the pool */
  allocated_gb: number;
  /** the size an extend in progress asks for (counted by the gigabytes quota), else null */
  extend_to: number | null;
  /** admin metadata "readonly" ('True' | 'False', migration 0039), null until os-update_readonly_flag or an attach sets it */
  readonly: string | null;
  /** the key of a volume created with an encrypted type (migration 0043): Cinder shows it as encrypted */
  encryption_key_id: string | null;
  /** the generic volume group it belongs to (migration 0042), else null */
  group_id: string | null;
  created_at: string;
  updated_at: string | null;
  launched_at: string | null;
}

export interface VolumeSnapshotsTable {
  id: string;
  project_id: string;
  user_id: string;
  volume_id: string;
  name: string | null;
  description: string | null;
  size: number;
  /** creating | available | deleting | error */
  status: string;
  /** os-extended-snapshot-attributes:progress ("0%" until available, then "100%") */
  progress: string;
  /** JSON object */ metadata: string;
  /** the group snapshot that made it (migration 0042), else null */
  group_snapshot_id: string | null;
  created_at: string;
  updated_at: string | null;
}

/** os-quota-sets overrides: one row per project and resource an admin set */
export interface VolumeQuotasTable {
  project_id: string;
  resource: string;
  hard_limit: number;
}

/** a project's access to a private volume type (migration 0041) */
export interface VolumeTypeProjectsTable {
  volume_type_id: string;
  project_id: string;
  created_at: string;
}

/** the admin-set state of a cinder-scheduler / cinder-volume service (migration 0041) */
export interface VolumeServicesTable {
  binary: string;
  host: string;
  disabled: number;
  disabled_reason: string | null;
  frozen: number;
  updated_at: string;
}

/** QoS specs (migration 0041) */
export interface QosSpecsTable {
  id: string;
  name: string;
  consumer: string;
  /** JSON object of string values */ specs: string;
  created_at: string;
  updated_at: string | null;
}

/** os-quota-class-sets limits (migration 0041) */
export interface VolumeQuotaClassesTable {
  class_name: string;
  resource: string;
  hard_limit: number;
}

/** Cinder's user messages (migration 0043) */
export interface VolumeMessagesTable {
  id: string;
  project_id: string;
  request_id: string | null;
  resource_type: string | null;
  resource_uuid: string | null;
  event_id: string;
  message_level: string;
  action_id: string;
  detail_id: string;
  created_at: string;
  /** guaranteed_until */ expires_at: string;
}

/** a volume type's encryption spec (migration 0043) */
export interface VolumeTypeEncryptionTable {
  volume_type_id: string;
  encryption_id: string;
  provider: string;
  cipher: string | null;
  key_size: number | null;
  control_location: string;
  created_at: string;
  updated_at: string | null;
}
