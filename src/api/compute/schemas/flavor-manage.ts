/** Request schemas for flavor management (nova/api/openstack/compute/schemas/flavor_manage.py, flavors_extraspecs.py, flavor_access.py). */
import type { JsonSchema } from '../../../http/validation.js';

const MAX_INT = 2147483647;
// parameter_types.flavor_param_positive / flavor_param_non_negative: integers or digit strings
const positive = { type: ['integer', 'string'], pattern: '^[0-9]*$', minimum: 1, maximum: MAX_INT };
const nonNegative = { type: ['integer', 'string'], pattern: '^[0-9]*$', minimum: 0, maximum: MAX_INT };
const boolean = { type: ['boolean', 'string'], enum: [true, 'True', 'TRUE', 'true', '1', 'ON', 'On', 'on', 'YES', 'Yes', 'yes', 'y', 't',
  false, 'False', 'FALSE', 'false', '0', 'OFF', 'Off', 'off', 'NO', 'No', 'no', 'n', 'f'] };
// parameter_types.name: printable, no leading or trailing whitespace
const name = { type: 'string', minLength: 1, maxLength: 255, format: 'name' };
const description = { type: ['string', 'null'], minLength: 0, maxLength: 65535 };

function createSchema(withDescription: boolean): JsonSchema {
  const props: Record<string, unknown> = {
    name,
    // Tempest and old clients send integer ids; Nova turns them into strings
    id: { type: ['string', 'number', 'null'], minLength: 1, maxLength: 255, pattern: '^(?! )[a-zA-Z0-9. _-]+(?<! )$' },
    ram: positive,
    vcpus: positive,
    disk: nonNegative,
    'OS-FLV-EXT-DATA:ephemeral': nonNegative,
    swap: nonNegative,
    rxtx_factor: { type: ['number', 'string'], pattern: '^[0-9]+(\\.[0-9]+)?$', exclusiveMinimum: 0, maximum: 3.40282e38 },
    'os-flavor-access:is_public': boolean,
  };
  if (withDescription) props.description = description;
  return {
    type: 'object',
    properties: {
      flavor: { type: 'object', properties: props, required: ['name', 'ram', 'vcpus', 'disk'], additionalProperties: false },
    },
    required: ['flavor'],
    additionalProperties: false,
  };
}

export const flavorCreate = { '2.1': createSchema(false), '2.55': createSchema(true) };

export const flavorUpdate = {
  '2.55': {
    type: 'object',
    properties: { flavor: { type: 'object', properties: { description }, required: ['description'], additionalProperties: false } },
    required: ['flavor'],
    additionalProperties: false,
  },
};

const specValue = { type: ['string', 'number', 'boolean'], minLength: 0, maxLength: 255 };
const specKeyPattern = '^[a-zA-Z0-9-_:. ]{1,255}$';

export const extraSpecsCreate = {
  '2.1': {
    type: 'object',
    properties: {
      extra_specs: { type: 'object', patternProperties: { [specKeyPattern]: specValue }, additionalProperties: false },
    },
    required: ['extra_specs'],
    additionalProperties: false,
  },
};

export const extraSpecUpdate = {
  '2.1': {
    type: 'object',
    patternProperties: { [specKeyPattern]: specValue },
    additionalProperties: false,
    minProperties: 1,
    maxProperties: 1,
  },
};

const tenantAction = (action: string) => ({
  type: 'object',
  properties: {
    [action]: {
      type: 'object',
      properties: { tenant: { type: 'string', minLength: 1, maxLength: 255 } },
      required: ['tenant'],
      additionalProperties: false,
    },
  },
  required: [action],
  additionalProperties: false,
});

export const addTenantAccess = tenantAction('addTenantAccess');
export const removeTenantAccess = tenantAction('removeTenantAccess');
