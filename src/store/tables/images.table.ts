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
/** A Glance task (image_tasks): the record of one interoperable import. */
export interface ImageTasksTable {
  id: string;
  /** api_image_import */
  type: string;
  /** pending | processing | success | failure */
  status: string;
  owner: string | null;
  image_id: string | null;
  request_id: string | null;
  user_id: string | null;
  /** JSON object: {image_id, import_req, backend} */ input: string;
  /** JSON object or null */ result: string | null;
  message: string;
  created_at: string;
  updated_at: string;
  expires_at: string | null;
}
