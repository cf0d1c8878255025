/**
 * Request schemas for /servers (nova/api/openstack/compute/schemas/servers.py): index_query, and
 * base_create / base_update with their per-microversion variants. Multi-type keywords are kept as
 * Nova writes them through Type.Unsafe: TypeBox's Union emits anyOf, which would change the
 * validation messages clients and the parity tests compare.
 */
import { Type, type Static } from '@sinclair/typebox';

const multi = Type.Unsafe<string | string[]>({ type: ['string', 'array'], items: { type: 'string' } });
const optionalMulti = Type.Optional(multi);

const BASE_PARAMS = [
  'user_id',
  'project_id',
  'tenant_id',
  'launch_index',
  'image_ref',
  'image',
  'kernel_id',
  'ramdisk_id',
  'hostname',
  'key_name',
  'power_state',
  'vm_state',
  'task_state',
  'host',
  'node',
  'flavor',
  'reservation_id',
  'launched_at',
  'terminated_at',
  'availability_zone',
  'name',
  'display_name',
  'description',
  'display_description',
  'locked_by',
  'uuid',
  'root_device_name',
  'config_drive',
  'access_ip_v4',
  'access_ip_v6',
  'auto_disk_config',
  'progress',
  'sort_key',
  'sort_dir',
  'all_tenants',
  'soft_deleted',
  'deleted',
  'status',
  'changes-since',
  'ip',
  'ip6',
  'created_at',
  'limit',
  'marker',
  'tags',
  'tags-any',
  'not-tags',
  'not-tags-any',
  'changes-before',
  'locked',
] as const;

type IndexParams = Record<(typeof BASE_PARAMS)[number], typeof optionalMulti>;

function indexQuery(strict: boolean) {
  return Type.Object(Object.fromEntries(BASE_PARAMS.map((p) => [p, optionalMulti])) as IndexParams, {
    // unknown parameters are silently dropped up to 2.74 and rejected from 2.75
    additionalProperties: !strict,
    // '_'-prefixed ones always pass the schema; the list then drops them for members and
    // rejects them for admins ("Invalid filter field")
    patternProperties: { '^_': multi },
  });
}

export const serverIndexQuery = { '2.1': indexQuery(false), '2.75': indexQuery(true) };

// --- POST /servers (schemas/servers.py base_create and its per-microversion variants) ---

export const serverName = Type.String({ minLength: 1, maxLength: 255, format: 'name' });
/** parameter_types.metadata: keys 1..255 characters, string values up to 255 */
export const metadataMap = Type.Record(
  Type.String({ pattern: '^[a-zA-Z0-9-_:. ]{1,255}$' }),
  Type.String({ maxLength: 255 }),
  { additionalProperties: false },
);
// parameter_types.hostname (2.90: one DNS label) and parameter_types.fqdn (2.94: dotted names,
// underscores tolerated) as create, update and rebuild take them
export const hostnameLabel = Type.String({
  minLength: 2,
  maxLength: 63,
  pattern: '^[a-zA-Z0-9]+[a-zA-Z0-9-]*[a-zA-Z0-9]+$',
});
export const hostnameFqdn = Type.String({ minLength: 1, maxLength: 255, pattern: '^[a-zA-Z0-9-._]*$' });
export const requestedHostname = (mv: number) => (mv >= 94 ? hostnameFqdn : hostnameLabel);
export const diskConfig = Type.String({ enum: ['AUTO', 'MANUAL'] });
export const ipv4 = Type.String({ format: 'ipv4' });
export const ipv6 = Type.String({ format: 'ipv6' });
/** description from 2.19: a string or null */
export const serverDescription = Type.Unsafe<string | null>({ type: ['string', 'null'], minLength: 0, maxLength: 255 });
export const personality = Type.Array(
  Type.Object(
    { path: Type.Optional(Type.String()), contents: Type.Optional(Type.String({ format: 'base64' })) },
    { additionalProperties: false },
  ),
);

const positiveCount = Type.Unsafe<number | string>({
  type: ['integer', 'string'],
  pattern: '^[0-9]*$',
  minimum: 1,
  minLength: 1,
});
const boolish = Type.Unsafe<boolean | string>({
  type: ['boolean', 'string'],
  enum: [
    true,
    false,
    'True',
    'true',
    'TRUE',
    'False',
    'false',
    'FALSE',
    '1',
    '0',
    'yes',
    'no',
    'on',
    'off',
    't',
    'f',
    'y',
    'n',
  ],
});
const tagString = Type.String({ minLength: 1, maxLength: 60, pattern: '^[^,/]*$' });

function networkItem(withTag: boolean, uuidFormat: boolean) {
  const props = {
    fixed_ip: Type.Optional(Type.String({ format: 'ip-address' })),
    port: Type.Optional(Type.Unsafe<string | null>({ type: ['string', 'null'], format: 'uuid' })),
    // 2.37 (base_create_v237) checks the network uuid's format in the schema, so a bad one fails the
    // whole oneOf; before, the controller's "Bad networks format" answers it
    uuid: Type.Optional(uuidFormat ? Type.String({ format: 'uuid' }) : Type.String()),
  };
  return withTag
    ? Type.Object({ ...props, tag: Type.Optional(tagString) }, { additionalProperties: false })
    : Type.Object(props, { additionalProperties: false });
}

/** What any version's networks item may hold (the widest item: tag, checked uuid). */
type NetworkItem = Static<ReturnType<typeof networkItem>>;

function networks(mv: number): Record<string, unknown> {
  const withNetTag = (mv >= 32 && mv < 37) || mv >= 42;
  const item = networkItem(withNetTag, mv >= 37);
  if (mv < 37) return Type.Array(item);
  // oneOf as Nova writes it: a list of networks, or 'none' / 'auto'
  return { oneOf: [Type.Array(item), { type: 'string', enum: ['none', 'auto'] }] };
}

const uuidString = Type.String({ format: 'uuid' });
const volumeSize = Type.Unsafe<number | string>({
  type: ['integer', 'string'],
  pattern: '^[0-9]+$',
  minimum: 1,
  maximum: 0x7fffffff,
});

/** schemas/block_device_mapping.py block_device_mapping_v2's item (tag at 2.32 and 2.42+, volume_type at 2.67) */
function bdmV2Item(mv: number) {
  const props = {
    virtual_name: Type.Optional(Type.String({ maxLength: 255 })),
    volume_id: Type.Optional(uuidString),
    snapshot_id: Type.Optional(uuidString),
    volume_size: Type.Optional(volumeSize),
    device_name: Type.Optional(Type.String({ minLength: 1, maxLength: 255, pattern: '^[a-zA-Z0-9._/-]*$' })),
    delete_on_termination: Type.Optional(boolish),
    no_device: Type.Optional(Type.Unsafe<unknown>({})),
    connection_info: Type.Optional(Type.String({ maxLength: 16777215 })),
    source_type: Type.Optional(Type.String({ enum: ['volume', 'image', 'snapshot', 'blank'] })),
    uuid: Type.Optional(Type.String({ minLength: 1, maxLength: 255, pattern: '^[a-zA-Z0-9._-]*$' })),
    image_id: Type.Optional(uuidString),
    destination_type: Type.Optional(Type.String({ enum: ['local', 'volume'] })),
    guest_format: Type.Optional(Type.String({ maxLength: 255 })),
    device_type: Type.Optional(Type.String({ maxLength: 255 })),
    disk_bus: Type.Optional(Type.String({ maxLength: 255 })),
    boot_index: Type.Optional(
      Type.Unsafe<number | string | null>({ type: ['integer', 'string', 'null'], pattern: '^-?[0-9]+$' }),
    ),
    tag: Type.Optional(tagString),
    volume_type: Type.Optional(Type.Unsafe<string | null>({ type: ['string', 'null'], minLength: 0, maxLength: 255 })),
  };
  const fields: Partial<typeof props> = { ...props };
  if (!((mv >= 32 && mv < 37) || mv >= 42)) delete fields.tag;
  if (mv < 67) delete fields.volume_type;
  return Type.Array(Type.Object(fields as typeof props, { additionalProperties: false }));
}

/** Every field some version of base_create takes, typed (the per-version schemas drop some). */
function createFields(mv: number) {
  return {
    name: serverName,
    imageRef: Type.Optional(Type.String()),
    flavorRef: Type.Unsafe<string | number>({ type: ['string', 'integer'], minLength: 1 }),
    adminPass: Type.Optional(Type.String()),
    metadata: Type.Optional(metadataMap),
    networks: Type.Optional(Type.Unsafe<NetworkItem[] | 'none' | 'auto'>(networks(mv))),
    'OS-DCF:diskConfig': Type.Optional(diskConfig),
    accessIPv4: Type.Optional(ipv4),
    accessIPv6: Type.Optional(ipv6),
    key_name: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
    user_data: Type.Optional(Type.String({ format: 'base64', maxLength: 65535 })),
    security_groups: Type.Optional(
      Type.Array(
        Type.Object(
          { name: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })) },
          { additionalProperties: false },
        ),
      ),
    ),
    availability_zone: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
    min_count: Type.Optional(positiveCount),
    max_count: Type.Optional(positiveCount),
    return_reservation_id: Type.Optional(boolish),
    config_drive: Type.Optional(boolish),
    personality: Type.Optional(personality),
    description: Type.Optional(serverDescription),
    tags: Type.Optional(Type.Array(tagString, { maxItems: 50 })),
    hostname: Type.Optional(requestedHostname(mv)),
    block_device_mapping_v2: Type.Optional(bdmV2Item(mv)),
  };
}

const anyObject = Type.Unsafe<Record<string, unknown>>({ type: 'object' });

function createSchema(mv: number) {
  const fields: Partial<ReturnType<typeof createFields>> = createFields(mv);
  // networks becomes required at 2.37 (its position in the object, hence in `required`, stays)
  if (mv >= 37)
    fields.networks = Type.Unsafe<NetworkItem[] | 'none' | 'auto'>(networks(mv)) as unknown as typeof fields.networks;
  if (mv >= 57) delete fields.personality;
  if (mv < 19) delete fields.description;
  if (mv < 52) delete fields.tags;
  if (mv < 90) delete fields.hostname;
  return Type.Object(
    {
      server: Type.Object(fields as ReturnType<typeof createFields>, { additionalProperties: false }),
      'os:scheduler_hints': Type.Optional(anyObject),
      'OS-SCH-HNT:scheduler_hints': Type.Optional(anyObject),
    },
    { additionalProperties: false },
  );
}

export const serverCreate = {
  '2.1': createSchema(1),
  '2.19': createSchema(19),
  '2.32': createSchema(32),
  '2.37': createSchema(37),
  '2.42': createSchema(42),
  '2.52': createSchema(52),
  '2.57': createSchema(57),
  '2.67': createSchema(67),
  '2.90': createSchema(90),
  '2.94': createSchema(94),
};

/** base_update and update_v219 / update_v290 / update_v294 */
function updateSchema(mv: number) {
  const fields: Partial<ReturnType<typeof updateFields>> = updateFields(mv);
  if (mv < 19) delete fields.description;
  if (mv < 90) delete fields.hostname;
  return Type.Object(
    { server: Type.Object(fields as ReturnType<typeof updateFields>, { additionalProperties: false }) },
    { additionalProperties: false },
  );
}

function updateFields(mv: number) {
  return {
    name: Type.Optional(serverName),
    'OS-DCF:diskConfig': Type.Optional(diskConfig),
    accessIPv4: Type.Optional(ipv4),
    accessIPv6: Type.Optional(ipv6),
    description: Type.Optional(serverDescription),
    hostname: Type.Optional(requestedHostname(mv)),
  };
}

export const serverUpdate = {
  '2.1': updateSchema(1),
  '2.19': updateSchema(19),
  '2.90': updateSchema(90),
  '2.94': updateSchema(94),
};
