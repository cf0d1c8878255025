/**
 * Cinder's request schemas (cinder/api/schemas/volumes.py, volume_actions.py, volume_types.py and
 * parameter_types.py) as TypeBox builders that emit the same JSON Schema, so that the messages
 * match Cinder's validator. Nullable fields are type lists; Type.Unsafe keeps that exact JSON.
 */
import { Type } from '@sinclair/typebox';
import { isTrueString } from '../../../lib/bool-from-string.js';

const MAX_INT = 2147483647;
export const nullableString = (maxLength: number, minLength = 0) =>
  Type.Unsafe<string | null>({ type: ['string', 'null'], minLength, maxLength });
/** parameter_types.volume_size_allows_null / volume_size: digits as text are accepted */
const volumeSize = (nullable: boolean) =>
  Type.Unsafe<number | string | null>({
    type: nullable ? ['integer', 'string', 'null'] : ['integer', 'string'],
    pattern: '^[0-9]+$',
    minimum: 1,
    maximum: MAX_INT,
  });
const METADATA_KEYS = { '^[a-zA-Z0-9-_:. /]{1,255}$': { type: 'string', maxLength: 255 } };
/** parameter_types.metadata_allows_null / metadata (extra_specs) */
export function metadata(nullable: true): ReturnType<typeof Type.Unsafe<Record<string, string> | null>>;
export function metadata(nullable: false): ReturnType<typeof Type.Unsafe<Record<string, string>>>;
export function metadata(nullable: boolean) {
  return Type.Unsafe<Record<string, string> | null>({
    type: nullable ? ['object', 'null'] : 'object',
    patternProperties: METADATA_KEYS,
    additionalProperties: false,
  });
}
export const optionalUuid = Type.Unsafe<string | null>({ type: ['string', 'null'], format: 'uuid' });
export const booleanLike = Type.Unsafe<boolean | string>({
  type: ['boolean', 'string'],
  enum: [
    true,
    'True',
    'TRUE',
    'true',
    '1',
    'ON',
    'On',
    'on',
    'YES',
    'Yes',
    'yes',
    'y',
    't',
    false,
    'False',
    'FALSE',
    'false',
    '0',
    'OFF',
    'Off',
    'off',
    'NO',
    'No',
    'no',
    'n',
    'f',
  ],
});

export const parseBooleanLike = (v: boolean | string): boolean => isTrueString(v);

export const volumeCreate = Type.Object(
  {
    volume: Type.Object(
      {
        name: Type.Optional(nullableString(255)),
        description: Type.Optional(nullableString(255)),
        display_name: Type.Optional(nullableString(255)),
        display_description: Type.Optional(nullableString(255)),
        size: Type.Optional(volumeSize(true)),
        availability_zone: Type.Optional(nullableString(255, 1)),
        source_volid: Type.Optional(optionalUuid),
        snapshot_id: Type.Optional(optionalUuid),
        backup_id: Type.Optional(optionalUuid),
        group_id: Type.Optional(nullableString(255)),
        volume_type: Type.Optional(nullableString(255)),
        metadata: Type.Optional(metadata(true)),
        imageRef: Type.Optional(Type.Unsafe<string | null>({ type: ['string', 'null'] })),
        image_id: Type.Optional(Type.Unsafe<string | null>({ type: ['string', 'null'] })),
        multiattach: Type.Optional(booleanLike),
      },
      { additionalProperties: true },
    ),
    'OS-SCH-HNT:scheduler_hints': Type.Optional(Type.Unsafe<unknown>({ type: ['object', 'null'] })),
  },
  { additionalProperties: false },
);

export const volumeUpdate = Type.Object(
  {
    volume: Type.Object(
      {
        name: Type.Optional(nullableString(255)),
        description: Type.Optional(nullableString(255)),
        display_name: Type.Optional(nullableString(255)),
        display_description: Type.Optional(nullableString(255)),
        metadata: Type.Optional(metadata(false)),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);

export const volumeExtend = Type.Object(
  {
    'os-extend': Type.Object({ new_size: volumeSize(false) }, { additionalProperties: false }),
  },
  { additionalProperties: false },
);

export const volumeTypeCreate = Type.Object(
  {
    volume_type: Type.Object(
      {
        name: Type.String({ minLength: 1, maxLength: 255 }),
        description: Type.Optional(nullableString(255)),
        extra_specs: Type.Optional(metadata(false)),
        'os-volume-type-access:is_public': Type.Optional(booleanLike),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);

/** schemas/volume_types.py update: every field optional; the handler insists on one */
export const volumeTypeUpdate = Type.Object(
  {
    volume_type: Type.Object(
      {
        name: Type.Optional(nullableString(255, 1)),
        description: Type.Optional(nullableString(255)),
        is_public: Type.Optional(booleanLike),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);

/** types_extra_specs.py create: {"extra_specs": {key: value}} */
export const extraSpecsCreate = Type.Object({ extra_specs: metadata(false) }, { additionalProperties: false });
/** types_extra_specs.py update: {key: value}, one pair */
export const extraSpecUpdate = Type.Unsafe<Record<string, string>>({
  type: 'object',
  patternProperties: METADATA_KEYS,
  additionalProperties: false,
  minProperties: 1,
  maxProperties: 1,
});

/** cinder/api/schemas/snapshots.py create */
export const snapshotCreate = Type.Object(
  {
    snapshot: Type.Object(
      {
        name: Type.Optional(nullableString(255)),
        display_name: Type.Optional(nullableString(255)),
        description: Type.Optional(nullableString(255)),
        display_description: Type.Optional(nullableString(255)),
        // uuid_allow_null: a null id passes the schema and is then a volume not found (404)
        volume_id: optionalUuid,
        force: Type.Optional(booleanLike),
        metadata: Type.Optional(metadata(true)),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);

/** cinder/api/schemas/snapshots.py update */
export const snapshotUpdate = Type.Object(
  {
    snapshot: Type.Object(
      {
        name: Type.Optional(nullableString(255)),
        display_name: Type.Optional(nullableString(255)),
        description: Type.Optional(nullableString(255)),
        display_description: Type.Optional(nullableString(255)),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);

/** cinder/api/schemas/volume_metadata.py create/update: {"metadata": {…}} */
export const volumeMetadataSet = Type.Object({ metadata: metadata(false) }, { additionalProperties: false });
/** volume_metadata.py update one key: {"meta": {key: value}} */
export const volumeMetadataKey = Type.Object(
  {
    meta: Type.Unsafe<Record<string, string>>({
      type: 'object',
      patternProperties: METADATA_KEYS,
      additionalProperties: false,
      minProperties: 1,
      maxProperties: 1,
    }),
  },
  { additionalProperties: false },
);

/** os-reset_status (volume_actions.py / admin_actions.py) */
export const volumeResetStatus = Type.Object(
  {
    'os-reset_status': Type.Object(
      {
        status: Type.Optional(Type.Unsafe<string | null>({ type: ['string', 'null'] })),
        attach_status: Type.Optional(Type.Unsafe<string | null>({ type: ['string', 'null'] })),
        migration_status: Type.Optional(Type.Unsafe<string | null>({ type: ['string', 'null'] })),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);

/** cinder/api/schemas/quota_sets.py update: a non-empty object; keys and values are checked by the service */
export const quotaSetUpdate = Type.Object(
  { quota_set: Type.Unsafe<Record<string, unknown>>({ type: 'object', minProperties: 1 }) },
  { additionalProperties: false },
);

/** volume_actions.py set_bootable: one strict boolean */
export const volumeSetBootable = Type.Object(
  { 'os-set_bootable': Type.Object({ bootable: booleanLike }, { additionalProperties: false }) },
  { additionalProperties: false },
);
/** volume_actions.py volume_readonly_update */
export const volumeUpdateReadonly = Type.Object(
  { 'os-update_readonly_flag': Type.Object({ readonly: booleanLike }, { additionalProperties: false }) },
  { additionalProperties: false },
);

/** volume_image_metadata.py set_image_metadata: parameter_types.image_metadata */
export const volumeSetImageMetadata = Type.Object(
  {
    'os-set_image_metadata': Type.Object(
      {
        metadata: Type.Unsafe<Record<string, string>>({
          type: 'object',
          patternProperties: { '^[a-zA-Z0-9-_:. /]{1,255}$': { type: 'string' } },
          additionalProperties: false,
        }),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);
export const volumeUnsetImageMetadata = Type.Object(
  {
    'os-unset_image_metadata': Type.Object(
      { key: Type.String({ minLength: 1, maxLength: 255 }) },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);
export const volumeShowImageMetadata = Type.Object(
  { 'os-show_image_metadata': Type.Unsafe<unknown>({}) },
  { additionalProperties: false },
);

/** volume_actions.py retype */
export const volumeRetype = Type.Object(
  {
    'os-retype': Type.Object(
      {
        new_type: Type.String(),
        migration_policy: Type.Optional(
          Type.Unsafe<'on-demand' | 'never' | null>({ type: ['string', 'null'], enum: ['on-demand', 'never'] }),
        ),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);

const uploadImageFields = {
  image_name: Type.String({ minLength: 1, maxLength: 255 }),
  force: Type.Optional(booleanLike),
  disk_format: Type.Optional(
    Type.Unsafe<string>({ type: 'string', enum: ['raw', 'vmdk', 'vdi', 'qcow2', 'vhd', 'vhdx', 'ploop'] }),
  ),
  // parameter_types.description, as Cinder's schema reuses it
  container_format: Type.Optional(nullableString(255)),
};
/** volume_actions.py volume_upload_image */
export const volumeUploadImage = Type.Object(
  { 'os-volume_upload_image': Type.Object(uploadImageFields, { additionalProperties: false }) },
  { additionalProperties: false },
);
/** volume_upload_image_v31: visibility and protected from 3.1 */
export const volumeUploadImageV31 = Type.Object(
  {
    'os-volume_upload_image': Type.Object(
      {
        ...uploadImageFields,
        visibility: Type.Optional(
          Type.Unsafe<string>({ type: 'string', enum: ['community', 'public', 'private', 'shared'] }),
        ),
        protected: Type.Optional(booleanLike),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);

/** schemas/volume_type_encryption.py create: other keys are allowed (and answered back) */
const encryptionFields = {
  // parameter_types.key_size: its "key_size" format (an int-like text) is checked by the handler
  key_size: Type.Optional(
    Type.Unsafe<number | string | null>({ type: ['string', 'integer', 'null'], minimum: 0, maximum: MAX_INT }),
  ),
  provider: Type.Optional(Type.String({ minLength: 0, maxLength: 255 })),
  control_location: Type.Optional(Type.Unsafe<string>({ enum: ['front-end', 'back-end'] })),
  cipher: Type.Optional(nullableString(255)),
};
export const encryptionCreate = Type.Object(
  {
    encryption: Type.Unsafe<Record<string, unknown>>({
      ...Type.Object(encryptionFields, { additionalProperties: true }),
      required: ['provider', 'control_location'],
    }),
  },
  { additionalProperties: false },
);
/** update: the same fields, none required */
export const encryptionUpdate = Type.Object(
  { encryption: Type.Object(encryptionFields, { additionalProperties: true }) },
  { additionalProperties: false },
);
