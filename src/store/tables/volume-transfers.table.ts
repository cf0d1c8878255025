/** Volume transfers (migration 0040): a volume offered to another project. */
export interface VolumeTransfersTable {
  id: string;
  volume_id: string;
  name: string | null;
  salt: string;
  /** hex HMAC-SHA1 of the auth key, keyed with the salt (as Cinder's _get_crypt_hash) */
  crypt_hash: string;
  expires_at: string | null;
  /** 0/1 */ no_snapshots: number;
  source_project_id: string;
  destination_project_id: string | null;
  /** 0/1 */ accepted: number;
  /** 0/1: accepted or deleted transfers are kept as history */ deleted: number;
  created_at: string;
  updated_at: string | null;
  deleted_at: string | null;
}
