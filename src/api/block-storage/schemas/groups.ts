/**
 * Cinder's generic volume group request schemas (cinder/api/schemas/group_types.py,
 * group_specs.py, groups.py and group_snapshots.py) as TypeBox builders emitting the same JSON
 * Schema. The format checkers Cinder adds (group_type, group_status, group_snapshot_status) are
 * checked by the handlers with Cinder's wording.
 */
import { Type } from '@sinclair/typebox';
import { booleanLike, metadata, nullableString } from './volumes.js';

const uuid = Type.Unsafe<string>({ type: 'string', format: 'uuid' });
const name = Type.Unsafe<string>({ type: 'string', minLength: 1, maxLength: 255 });
const nameAllowEmpty = nullableString(255);
const description = nullableString(255);
const SPEC_KEYS = { '^[a-zA-Z0-9-_:.]{1,255}$': { type: ['string', 'null'], maxLength: 255 } };

export const groupTypeCreate = Type.Object(
  {
    group_type: Type.Object(
      {
        name,
        description: Type.Optional(description),
        is_public: Type.Optional(booleanLike),
        group_specs: Type.Optional(metadata(true)),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);

export const groupTypeUpdate = Type.Object(
  {
    group_type: Type.Object(
      {
        name: Type.Optional(nameAllowEmpty),
        description: Type.Optional(description),
        is_public: Type.Optional(booleanLike),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);

export const groupSpecsCreate = Type.Object(
  {
    group_specs: Type.Unsafe<Record<string, string | null>>({
      type: 'object',
      patternProperties: SPEC_KEYS,
      additionalProperties: false,
    }),
  },
  { additionalProperties: false },
);

export const groupSpecUpdate = Type.Unsafe<Record<string, string | null>>({
  type: 'object',
  patternProperties: SPEC_KEYS,
  additionalProperties: false,
  minProperties: 1,
  maxProperties: 1,
});

export const groupCreate = Type.Object(
  {
    group: Type.Object(
      {
        description: Type.Optional(description),
        group_type: Type.String({ maxLength: 255 }),
        name: Type.Optional(nameAllowEmpty),
        volume_types: Type.Array(Type.String({ maxLength: 255 }), { minItems: 1, uniqueItems: true }),
        availability_zone: Type.Optional(Type.Unsafe<string | null>({ type: ['string', 'null'] })),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);

export const groupCreateFromSource = Type.Object(
  {
    'create-from-src': Type.Unsafe<{
      description?: string | null;
      name?: string | null;
      source_group_id?: string;
      group_snapshot_id?: string;
    }>({
      type: 'object',
      properties: {
        description: { type: ['string', 'null'], minLength: 0, maxLength: 255 },
        name: { type: ['string', 'null'], minLength: 0, maxLength: 255 },
        source_group_id: { type: 'string', format: 'uuid' },
        group_snapshot_id: { type: 'string', format: 'uuid' },
      },
      oneOf: [{ required: ['group_snapshot_id'] }, { required: ['source_group_id'] }],
      additionalProperties: false,
    }),
  },
  { additionalProperties: false },
);

export const groupUpdate = Type.Object(
  {
    group: Type.Unsafe<{
      name?: string | null;
      description?: string | null;
      add_volumes?: string | null;
      remove_volumes?: string | null;
    }>({
      type: 'object',
      properties: {
        description: { type: ['string', 'null'], minLength: 0, maxLength: 255 },
        name: { type: ['string', 'null'], minLength: 0, maxLength: 255 },
        add_volumes: { type: ['string', 'null'], minLength: 0, maxLength: 255 },
        remove_volumes: { type: ['string', 'null'], minLength: 0, maxLength: 255 },
      },
      anyOf: [
        { required: ['name'] },
        { required: ['description'] },
        { required: ['add_volumes'] },
        { required: ['remove_volumes'] },
      ],
      additionalProperties: false,
    }),
  },
  { additionalProperties: false },
);

export const groupDelete = Type.Object(
  {
    delete: Type.Object({ 'delete-volumes': Type.Optional(booleanLike) }, { additionalProperties: false }),
  },
  { additionalProperties: false },
);

export const resetStatus = Type.Object(
  {
    reset_status: Type.Object({ status: Type.String() }, { additionalProperties: false }),
  },
  { additionalProperties: false },
);

export const replicationAction = (key: string) =>
  Type.Object({ [key]: Type.Object({}) }, { additionalProperties: false });

export const failoverReplication = Type.Object(
  {
    failover_replication: Type.Object(
      {
        allow_attached_volume: Type.Optional(booleanLike),
        secondary_backend_id: Type.Optional(Type.Unsafe<string | null>({ type: ['string', 'null'] })),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);

export const groupSnapshotCreate = Type.Object(
  {
    group_snapshot: Type.Object(
      {
        group_id: uuid,
        name: Type.Optional(nameAllowEmpty),
        description: Type.Optional(description),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);
