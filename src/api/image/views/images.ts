/** Glance v2 image body (glance/api/v2/images.py ResponseSerializer._format_image). Links are relative, as Glance's. */
import type { ImageRow } from '../../../services/image/image-service.js';

/** Glance renders its timestamps without fractional seconds: 2024-01-01T00:00:00Z */
const glanceTime = (iso: string): string => iso.replace(/\.\d+Z$/, 'Z');

export function imageView(i: ImageRow): Record<string, unknown> {
  const props = JSON.parse(i.properties) as Record<string, unknown>;
  return {
    // custom properties first: the core fields below always win a name clash
    ...props,
    id: i.id,
    name: i.name,
    status: i.status,
    visibility: i.visibility,
    owner: i.owner,
    container_format: i.container_format,
    disk_format: i.disk_format,
    min_disk: i.min_disk,
    min_ram: i.min_ram,
    size: i.size === null ? null : Number(i.size),
    virtual_size: i.virtual_size === null ? null : Number(i.virtual_size),
    checksum: i.checksum,
    os_hash_algo: i.os_hash_algo,
    os_hash_value: i.os_hash_value,
    protected: i.protected === 1,
    os_hidden: i.os_hidden === 1,
    tags: JSON.parse(i.tags) as string[],
    created_at: glanceTime(i.created_at),
    updated_at: glanceTime(i.updated_at),
    self: `/v2/images/${i.id}`,
    file: `/v2/images/${i.id}/file`,
    schema: '/v2/schemas/image',
  };
}
