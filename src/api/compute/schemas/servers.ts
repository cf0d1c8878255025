/** Query schemas for GET /servers[/detail] (nova/api/openstack/compute/schemas/servers.py index_query). */
import type { JsonSchema } from '../../../http/validation.js';

const multi = { type: ['string', 'array'], items: { type: 'string' } };

const BASE_PARAMS = [
  'user_id', 'project_id', 'tenant_id', 'launch_index', 'image_ref', 'image', 'kernel_id', 'ramdisk_id', 'hostname', 'key_name',
  'power_state', 'vm_state', 'task_state', 'host', 'node', 'flavor', 'reservation_id', 'launched_at', 'terminated_at',
  'availability_zone', 'name', 'display_name', 'description', 'display_description', 'locked_by', 'uuid', 'root_device_name',
  'config_drive', 'access_ip_v4', 'access_ip_v6', 'auto_disk_config', 'progress', 'sort_key', 'sort_dir', 'all_tenants',
  'soft_deleted', 'deleted', 'status', 'changes-since', 'ip', 'ip6', 'created_at', 'limit', 'marker',
  'tags', 'tags-any', 'not-tags', 'not-tags-any', 'changes-before', 'locked',
];

function indexQuery(strict: boolean): JsonSchema {
  return {
    type: 'object',
    properties: Object.fromEntries(BASE_PARAMS.map((p) => [p, multi])),
    // unknown parameters are silently dropped up to 2.74 and rejected from 2.75
    additionalProperties: !strict,
  };
}

export const serverIndexQuery = { '2.1': indexQuery(false), '2.75': indexQuery(true) };
