/**
 * Mogan's request schemas (mogan/api/controllers/v1/schemas/instances.py @ MAIN) as TypeBox
 * builders, so that the handlers' request types come from the very schemas Ajv checks. Where
 * TypeBox's builder would emit other JSON than Mogan's (a type list, a string enum, an object
 * with only patternProperties), Type.Unsafe keeps the exact JSON: a Union would become anyOf
 * and change the jsonschema-worded messages clients see.
 */
import { Type, type Static } from '@sinclair/typebox';

const uuid = Type.String({ format: 'uuid' });
const name255 = Type.String({ minLength: 1, maxLength: 255 });

const network = Type.Object({ net_id: uuid, port_type: Type.Optional(name255) }, { additionalProperties: false });

const personalityFile = Type.Object(
  { path: Type.String({ maxLength: 255 }), contents: Type.String({ format: 'base64' }) },
  { additionalProperties: false },
);

/** Mogan stores extra as a flat string map whose keys are metadata-item names. */
const extra = Type.Unsafe<Record<string, string>>({
  type: 'object',
  additionalProperties: false,
  patternProperties: { '^[a-zA-Z0-9-_:. ]{1,255}$': { type: 'string', maxLength: 255 } },
});

export const createBody = Type.Object(
  {
    name: name255,
    description: Type.Optional(Type.Unsafe<string | null>({ type: ['string', 'null'], maxLength: 255 })),
    availability_zone: Type.Optional(name255),
    image_uuid: uuid,
    instance_type_uuid: name255,
    networks: Type.Array(network, { minItems: 1 }),
    user_data: Type.Optional(Type.String({ format: 'base64' })),
    personality: Type.Optional(Type.Array(personalityFile)),
    key_name: Type.Optional(name255),
    min_count: Type.Optional(Type.Integer({ minimum: 1 })),
    max_count: Type.Optional(Type.Integer({ minimum: 1 })),
    extra: Type.Optional(extra),
  },
  { additionalProperties: false },
);
export type CreateBody = Static<typeof createBody>;

/** RFC 6902 document with Mogan's JsonPatchType rules (types.py): ops add/replace/remove only. */
export const patchBody = Type.Array(
  Type.Object(
    {
      op: Type.Unsafe<'add' | 'replace' | 'remove'>({ type: 'string', enum: ['add', 'replace', 'remove'] }),
      path: Type.String({ pattern: '^(/[\\w-]+)+$' }),
      value: Type.Optional(Type.Unknown()),
    },
    { additionalProperties: false },
  ),
);
export type PatchOp = Static<typeof patchBody>[number];

export const powerBody = Type.Object({ target: Type.String() }, { additionalProperties: false });

/** the lock target is a boolean or a boolean-like string ("true", "on", "1", …) */
export const lockBody = Type.Object(
  { target: Type.Unsafe<boolean | string>({ type: ['boolean', 'string'] }) },
  { additionalProperties: false },
);
