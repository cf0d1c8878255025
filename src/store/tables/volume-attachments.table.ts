/** Volume attachments (migration 0026): Cinder's attachment records and Nova's block device mappings. */
export interface VolumeAttachmentsTable {
  id: string;
  volume_id: string;
  /** the volume's project */
  project_id: string;
  instance_uuid: string | null;
  attached_host: string | null;
  mountpoint: string | null;
  /** reserved | attaching | attached | detaching | error_attaching | error_detaching */
  attach_status: string;
  /** 'null' until chosen, then rw | ro (Cinder's own spelling) */
  attach_mode: string;
  /** JSON object, or null */ connector: string | null;
  /** JSON object, or null */ connection_info: string | null;
  attach_time: string | null;
  detach_time: string | null;
  created_at: string;
  updated_at: string | null;
}

export interface BlockDeviceMappingsTable {
  uuid: string;
  instance_uuid: string;
  volume_id: string;
  /** the Cinder attachment this mapping holds */
  attachment_id: string | null;
  device_name: string;
  tag: string | null;
  delete_on_termination: number;
  /** null for an attached data volume (0 would be the root disk) */
  boot_index: number | null;
  /** Nova's source_type: volume (an existing one) | image | snapshot | blank (made by the build) */
  source_type: string;
  /** GiB of a volume the build creates */
  volume_size: number | null;
  image_id: string | null;
  snapshot_id: string | null;
  /** the volume type asked for (2.67), null for the default */
  volume_type: string | null;
  disk_bus: string | null;
  device_type: string | null;
  created_at: string;
  updated_at: string | null;
}
