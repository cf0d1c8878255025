/** Request schemas for flavor management (nova/api/openstack/compute/schemas/flavor_manage.py, flavors_extraspecs.py, flavor_access.py). */
import { Type, type TSchema } from '@sinclair/typebox';

const MAX_INT = 2147483647;
// parameter_types.flavor_param_positive / flavor_param_non_negative: integers or digit strings.
// Multi-type keywords stay as Nova writes them (Type.Union would emit anyOf and change the messages).
const positive = Type.Unsafe<number | string>({
  type: ['integer', 'string'],
  pattern: '^[0-9]*$',
  minimum: 1,
  maximum: MAX_INT,
});
const nonNegative = Type.Unsafe<number | string>({
  type: ['integer', 'string'],
  pattern: '^[0-9]*$',
  minimum: 0,
  maximum: MAX_INT,
});
export const boolean = Type.Unsafe<boolean | string>({
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
// parameter_types.name: printable, no leading or trailing whitespace
const name = Type.String({ minLength: 1, maxLength: 255, format: 'name' });
const description = Type.Unsafe<string | null>({ type: ['string', 'null'], minLength: 0, maxLength: 65535 });

const createProps = {
  name,
  // Tempest and old clients send integer ids; Nova turns them into strings
  id: Type.Optional(
    Type.Unsafe<string | number | null>({
      type: ['string', 'number', 'null'],
      minLength: 1,
      maxLength: 255,
      pattern: '^(?! )[a-zA-Z0-9. _-]+(?<! )$',
    }),
  ),
  ram: positive,
  vcpus: positive,
  disk: nonNegative,
  'OS-FLV-EXT-DATA:ephemeral': Type.Optional(nonNegative),
  swap: Type.Optional(nonNegative),
  rxtx_factor: Type.Optional(
    Type.Unsafe<number | string>({
      type: ['number', 'string'],
      pattern: '^[0-9]+(\\.[0-9]+)?$',
      exclusiveMinimum: 0,
      maximum: 3.40282e38,
    }),
  ),
  'os-flavor-access:is_public': Type.Optional(boolean),
};

const createBody = <P extends Record<string, TSchema>>(props: P) =>
  Type.Object({ flavor: Type.Object(props, { additionalProperties: false }) }, { additionalProperties: false });

export const flavorCreate = {
  '2.1': createBody(createProps),
  '2.55': createBody({ ...createProps, description: Type.Optional(description) }),
};

export const flavorUpdate = {
  '2.55': Type.Object(
    { flavor: Type.Object({ description }, { additionalProperties: false }) },
    { additionalProperties: false },
  ),
};

const specValue = Type.Unsafe<string | number | boolean>({
  type: ['string', 'number', 'boolean'],
  minLength: 0,
  maxLength: 255,
});
const specKey = Type.String({ pattern: '^[a-zA-Z0-9-_:. ]{1,255}$' });

export const extraSpecsCreate = {
  '2.1': Type.Object(
    { extra_specs: Type.Record(specKey, specValue, { additionalProperties: false }) },
    { additionalProperties: false },
  ),
};

export const extraSpecUpdate = {
  '2.1': Type.Record(specKey, specValue, { additionalProperties: false, minProperties: 1, maxProperties: 1 }),
};

const tenant = Type.Object({ tenant: Type.String({ minLength: 1, maxLength: 255 }) }, { additionalProperties: false });

export const addTenantAccess = Type.Object({ addTenantAccess: tenant }, { additionalProperties: false });
export const removeTenantAccess = Type.Object({ removeTenantAccess: tenant }, { additionalProperties: false });
