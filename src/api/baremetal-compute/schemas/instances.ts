/** Mogan's create_instance schema (mogan/api/controllers/v1/schemas/instances.py @ MAIN). */
export const createBody = {
  type: 'object',
  required: ['name', 'image_uuid', 'instance_type_uuid', 'networks'],
  additionalProperties: false,
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 255 },
    description: { type: ['string', 'null'], maxLength: 255 },
    availability_zone: { type: 'string', minLength: 1, maxLength: 255 },
    image_uuid: { type: 'string', format: 'uuid' },
    instance_type_uuid: { type: 'string', minLength: 1, maxLength: 255 },
    networks: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['net_id'],
        additionalProperties: false,
        properties: {
          net_id: { type: 'string', format: 'uuid' },
          port_type: { type: 'string', minLength: 1, maxLength: 255 },
        },
      },
    },
    user_data: { type: 'string', format: 'base64' },
    personality: {
      type: 'array',
      items: {
        type: 'object',
        required: ['path', 'contents'],
        additionalProperties: false,
        properties: { path: { type: 'string', maxLength: 255 }, contents: { type: 'string', format: 'base64' } },
      },
    },
    key_name: { type: 'string', minLength: 1, maxLength: 255 },
    min_count: { type: 'integer', minimum: 1 },
    max_count: { type: 'integer', minimum: 1 },
    extra: {
      type: 'object',
      additionalProperties: false,
      patternProperties: { '^[a-zA-Z0-9-_:. ]{1,255}$': { type: 'string', maxLength: 255 } },
    },
  },
};

/** RFC 6902 document with Mogan's JsonPatchType rules (types.py): ops add/replace/remove only. */
export const patchBody = {
  type: 'array',
  items: {
    type: 'object',
    required: ['op', 'path'],
    additionalProperties: false,
    properties: {
      op: { type: 'string', enum: ['add', 'replace', 'remove'] },
      path: { type: 'string', pattern: '^(/[\\w-]+)+$' },
      value: {},
    },
  },
};

export const powerBody = {
  type: 'object',
  required: ['target'],
  additionalProperties: false,
  properties: { target: { type: 'string' } },
};

export const lockBody = {
  type: 'object',
  required: ['target'],
  additionalProperties: false,
  properties: { target: { type: ['boolean', 'string'] } },
};
