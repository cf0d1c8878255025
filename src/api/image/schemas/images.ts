/**
 * The writable subset of Glance's image schema (glance/api/v2/images.py get_base_properties) as a
 * TypeBox builder, so that the create handler's body type comes from the schema Ajv checks.
 * Glance's nullable attributes are type lists (["null", "string"]): Type.Unsafe keeps that exact
 * JSON, since a Union would become anyOf and change the jsonschema-worded messages.
 */
import { Type, type Static } from '@sinclair/typebox';

export const DISK_FORMATS = ['ami', 'ari', 'aki', 'vhd', 'vhdx', 'vmdk', 'raw', 'qcow2', 'vdi', 'iso', 'ploop'];
export const CONTAINER_FORMATS = ['ami', 'ari', 'aki', 'bare', 'ovf', 'ova', 'docker', 'compressed'];

/** Attributes the server owns; Glance answers 403 "Attribute '<name>' is read-only." */
export const READ_ONLY = [
  'status',
  'size',
  'virtual_size',
  'checksum',
  'os_hash_algo',
  'os_hash_value',
  'created_at',
  'updated_at',
  'self',
  'file',
  'schema',
  'direct_url',
  'locations',
];
/** Glance answers 403 "Attribute '<name>' is reserved." */
export const RESERVED = ['deleted', 'deleted_at'];

const nullableString = (maxLength: number) => Type.Unsafe<string | null>({ type: ['null', 'string'], maxLength });
const nullableEnum = (values: string[]) =>
  Type.Unsafe<string | null>({ type: ['null', 'string'], enum: [null, ...values] });

const imageCreateV1 = Type.Object(
  {
    id: Type.Optional(
      Type.String({
        pattern: '^([0-9a-fA-F]){8}-([0-9a-fA-F]){4}-([0-9a-fA-F]){4}-([0-9a-fA-F]){4}-([0-9a-fA-F]){12}$',
      }),
    ),
    name: Type.Optional(nullableString(255)),
    visibility: Type.Optional(
      Type.Unsafe<'community' | 'public' | 'private' | 'shared'>({
        type: 'string',
        enum: ['community', 'public', 'private', 'shared'],
      }),
    ),
    protected: Type.Optional(Type.Boolean()),
    os_hidden: Type.Optional(Type.Boolean()),
    owner: Type.Optional(nullableString(255)),
    container_format: Type.Optional(nullableEnum(CONTAINER_FORMATS)),
    disk_format: Type.Optional(nullableEnum(DISK_FORMATS)),
    min_ram: Type.Optional(Type.Integer({ minimum: 0 })),
    min_disk: Type.Optional(Type.Integer({ minimum: 0 })),
    tags: Type.Optional(Type.Array(Type.String({ maxLength: 255 }), { uniqueItems: true })),
  },
  // additional properties are the image's custom properties: strings only (Glance's default schema)
  { additionalProperties: Type.String({ maxLength: 65535 }) },
);

export const imageCreate = { '1': imageCreateV1 };

/** A create body that passed imageCreate: the core attributes typed, the rest custom string properties. */
export type ImageCreateBody = Static<typeof imageCreateV1>;
