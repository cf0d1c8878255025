export interface ImagesTable {
  id: string;
  name: string | null;
  status: string;
  visibility: string;
  owner: string | null;
  container_format: string | null;
  disk_format: string | null;
  min_disk: number;
  min_ram: number;
  size: number | null;
  virtual_size: number | null;
  checksum: string | null;
  os_hash_algo: string | null;
  os_hash_value: string | null;
  protected: number;
  os_hidden: number;
  /** JSON array */ tags: string;
  /** JSON object of additional properties */ properties: string;
  created_at: string;
  updated_at: string;
}
/** Uploaded image bytes in chunks of IMAGE_CHUNK_BYTES (the last one shorter, possibly empty). */
export interface ImageDataTable {
  image_id: string;
  seq: number;
  data: Buffer;
}
/** A project an image is shared with (visibility 'shared'); (image_id, member_id) is unique. */
export interface ImageMembersTable {
  image_id: string;
  member_id: string;
  /** pending | accepted | rejected */
  status: string;
  created_at: string;
  updated_at: string;
}
