/** The writable subset of Glance's image schema (glance/api/v2/images.py get_base_properties). */
import type { JsonSchema } from '../../../http/validation.js';

export const DISK_FORMATS = ['ami', 'ari', 'aki', 'vhd', 'vhdx', 'vmdk', 'raw', 'qcow2', 'vdi', 'iso', 'ploop'];
export const CONTAINER_FORMATS = ['ami', 'ari', 'aki', 'bare', 'ovf', 'ova', 'docker', 'compressed'];

/** Attributes the server owns; Glance answers 403 "Attribute '<name>' is read-only." */
export const READ_ONLY = ['status', 'size', 'virtual_size', 'checksum', 'os_hash_algo', 'os_hash_value', 'created_at', 'updated_at', 'self', 'file', 'schema', 'direct_url', 'locations'];
/** Glance answers 403 "Attribute '<name>' is reserved." */
export const RESERVED = ['deleted', 'deleted_at'];

export const imageCreate: Record<string, JsonSchema> = {
  '1': {
    type: 'object',
    properties: {
      id: { type: 'string', pattern: '^([0-9a-fA-F]){8}-([0-9a-fA-F]){4}-([0-9a-fA-F]){4}-([0-9a-fA-F]){4}-([0-9a-fA-F]){12}$' },
      name: { type: ['null', 'string'], maxLength: 255 },
      visibility: { type: 'string', enum: ['community', 'public', 'private', 'shared'] },
      protected: { type: 'boolean' },
      os_hidden: { type: 'boolean' },
      owner: { type: ['null', 'string'], maxLength: 255 },
      container_format: { type: ['null', 'string'], enum: [null, ...CONTAINER_FORMATS] },
      disk_format: { type: ['null', 'string'], enum: [null, ...DISK_FORMATS] },
      min_ram: { type: 'integer', minimum: 0 },
      min_disk: { type: 'integer', minimum: 0 },
      tags: { type: 'array', items: { type: 'string', maxLength: 255 }, uniqueItems: true },
    },
    // additional properties are the image's custom properties: strings only (Glance's default schema)
    additionalProperties: { type: 'string', maxLength: 65535 },
  },
};
