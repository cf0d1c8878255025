/**
 * The QoS specs bodies (cinder/api/schemas/qos_specs.py), without the stray `'type': 'object'`
 * upstream lists among create's properties (not a schema; Ajv refuses it).
 */
const SPEC_KEYS = { '^[a-zA-Z0-9-_:. /]{1,255}$': { type: ['string', 'null'], maxLength: 255 } };

export const qosSpecsCreate: Record<string, unknown> = {
  type: 'object',
  properties: {
    qos_specs: {
      type: 'object',
      properties: { name: { type: 'string', minLength: 1, maxLength: 255 } },
      required: ['name'],
      additionalProperties: true,
    },
  },
  required: ['qos_specs'],
  additionalProperties: false,
};

/** parameter_types.extra_specs_with_null */
export const qosSpecsSet: Record<string, unknown> = {
  type: 'object',
  properties: {
    qos_specs: { type: 'object', patternProperties: SPEC_KEYS, additionalProperties: false },
  },
  required: ['qos_specs'],
  additionalProperties: false,
};

export const qosSpecsUnset: Record<string, unknown> = {
  type: 'object',
  properties: {
    keys: { type: 'array', items: { type: 'string', minLength: 1, maxLength: 255 }, uniqueItems: true },
  },
  required: ['keys'],
  additionalProperties: false,
};
