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
    // '_'-prefixed ones always pass the schema; the list then drops them for members and
    // rejects them for admins ("Invalid filter field")
    patternProperties: { '^_': multi },
  };
}

export const serverIndexQuery = { '2.1': indexQuery(false), '2.75': indexQuery(true) };

// --- POST /servers (schemas/servers.py base_create and its per-microversion variants) ---

const name = { type: 'string', minLength: 1, maxLength: 255, format: 'name' };
const metadata = {
  type: 'object',
  patternProperties: { '^[a-zA-Z0-9-_:. ]{1,255}$': { type: 'string', maxLength: 255 } },
  additionalProperties: false,
};
// parameter_types.hostname (2.90: one DNS label) and parameter_types.fqdn (2.94: dotted names,
// underscores tolerated) as create, update and rebuild take them
export const hostnameLabel = { type: 'string', minLength: 2, maxLength: 63, pattern: '^[a-zA-Z0-9]+[a-zA-Z0-9-]*[a-zA-Z0-9]+$' };
export const hostnameFqdn = { type: 'string', minLength: 1, maxLength: 255, pattern: '^[a-zA-Z0-9-._]*$' };
export const requestedHostname = (mv: number) => (mv >= 94 ? hostnameFqdn : hostnameLabel);

const positiveCount = { type: ['integer', 'string'], pattern: '^[0-9]*$', minimum: 1, minLength: 1 };
const boolish = { type: ['boolean', 'string'], enum: [true, false, 'True', 'true', 'TRUE', 'False', 'false', 'FALSE', '1', '0', 'yes', 'no', 'on', 'off', 't', 'f', 'y', 'n'] };

function networkItem(withTag: boolean, uuidFormat: boolean) {
  const props: Record<string, unknown> = {
    fixed_ip: { type: 'string', format: 'ip-address' },
    port: { type: ['string', 'null'], format: 'uuid' },
    // 2.37 (base_create_v237) checks the network uuid's format in the schema, so a bad one fails the
    // whole oneOf; before, the controller's "Bad networks format" answers it
    uuid: uuidFormat ? { type: 'string', format: 'uuid' } : { type: 'string' },
  };
  if (withTag) props.tag = { type: 'string', minLength: 1, maxLength: 60, pattern: '^[^,/]*$' };
  return { type: 'object', properties: props, additionalProperties: false };
}

function createSchema(mv: number): JsonSchema {
  const withNetTag = (mv >= 32 && mv < 37) || mv >= 42;
  const networks = mv >= 37
    ? { oneOf: [{ type: 'array', items: networkItem(withNetTag, true) }, { type: 'string', enum: ['none', 'auto'] }] }
    : { type: 'array', items: networkItem(withNetTag, false) };
  const props: Record<string, unknown> = {
    name,
    imageRef: { type: 'string' },
    flavorRef: { type: ['string', 'integer'], minLength: 1 },
    adminPass: { type: 'string' },
    metadata,
    networks,
    'OS-DCF:diskConfig': { type: 'string', enum: ['AUTO', 'MANUAL'] },
    accessIPv4: { type: 'string', format: 'ipv4' },
    accessIPv6: { type: 'string', format: 'ipv6' },
    key_name: { type: 'string', minLength: 1, maxLength: 255 },
    user_data: { type: 'string', format: 'base64', maxLength: 65535 },
    security_groups: { type: 'array', items: { type: 'object', properties: { name: { type: 'string', minLength: 1, maxLength: 255 } }, additionalProperties: false } },
    availability_zone: { type: 'string', minLength: 1, maxLength: 255 },
    min_count: positiveCount,
    max_count: positiveCount,
    return_reservation_id: boolish,
    config_drive: boolish,
  };
  if (mv < 57) props.personality = { type: 'array', items: { type: 'object', properties: { path: { type: 'string' }, contents: { type: 'string', format: 'base64' } }, additionalProperties: false } };
  if (mv >= 19) props.description = { type: ['string', 'null'], minLength: 0, maxLength: 255 };
  if (mv >= 52) props.tags = { type: 'array', items: { type: 'string', minLength: 1, maxLength: 60, pattern: '^[^,/]*$' }, maxItems: 50 };
  if (mv >= 90) props.hostname = requestedHostname(mv);
  const required = mv >= 37 ? ['name', 'flavorRef', 'networks'] : ['name', 'flavorRef'];
  return {
    type: 'object',
    properties: {
      server: { type: 'object', properties: props, required, additionalProperties: false },
      'os:scheduler_hints': { type: 'object' },
      'OS-SCH-HNT:scheduler_hints': { type: 'object' },
    },
    required: ['server'],
    additionalProperties: false,
  };
}

export const serverCreate = Object.fromEntries([1, 19, 32, 37, 42, 52, 57, 90, 94].map((m) => [`2.${m}`, createSchema(m)]));

function updateSchema(mv: number): JsonSchema {
  const props: Record<string, unknown> = {
    name, 'OS-DCF:diskConfig': { type: 'string', enum: ['AUTO', 'MANUAL'] },
    accessIPv4: { type: 'string', format: 'ipv4' }, accessIPv6: { type: 'string', format: 'ipv6' },
  };
  if (mv >= 19) props.description = { type: ['string', 'null'], minLength: 0, maxLength: 255 };
  // update_v290 / update_v294
  if (mv >= 90) props.hostname = requestedHostname(mv);
  return {
    type: 'object',
    properties: { server: { type: 'object', properties: props, additionalProperties: false } },
    required: ['server'],
    additionalProperties: false,
  };
}

export const serverUpdate = { '2.1': updateSchema(1), '2.19': updateSchema(19), '2.90': updateSchema(90), '2.94': updateSchema(94) };
