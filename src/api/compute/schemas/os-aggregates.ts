/** os-aggregates bodies (schemas/aggregates.py). */
import { Type } from '@sinclair/typebox';
import { hostnameFqdn } from './servers.js';

const name = Type.String({ minLength: 1, maxLength: 255, format: 'name' });
const nameWithSpaces = Type.String({ minLength: 1, maxLength: 255 });
// az_name: a name without ':' (the separator of "zone:host")
const zone = Type.Union([
  Type.String({ minLength: 1, maxLength: 255, format: 'name', pattern: '^[^:]*$' }),
  Type.Null(),
]);

export const aggregateCreate = {
  '2.1': Type.Object(
    {
      aggregate: Type.Object({ name, availability_zone: Type.Optional(zone) }, { additionalProperties: false }),
    },
    { additionalProperties: false },
  ),
};

export const aggregateUpdate = {
  '2.1': Type.Unsafe<{ aggregate: { name?: string; availability_zone?: string | null } }>(
    Type.Object(
      {
        aggregate: Type.Object(
          { name: Type.Optional(nameWithSpaces), availability_zone: Type.Optional(zone) },
          { additionalProperties: false, anyOf: [{ required: ['name'] }, { required: ['availability_zone'] }] },
        ),
      },
      { additionalProperties: false },
    ),
  ),
};

const hostBody = (key: 'add_host' | 'remove_host') =>
  Type.Object(
    { [key]: Type.Object({ host: hostnameFqdn }, { additionalProperties: false }) },
    { additionalProperties: false },
  );
export const addHostAction = Type.Unsafe<{ add_host: { host: string } }>(hostBody('add_host'));
export const removeHostAction = Type.Unsafe<{ remove_host: { host: string } }>(hostBody('remove_host'));

export const setMetadataAction = Type.Object(
  {
    set_metadata: Type.Object(
      {
        metadata: Type.Record(
          Type.String({ pattern: '^[a-zA-Z0-9-_:. ]{1,255}$' }),
          Type.Union([Type.String({ maxLength: 255 }), Type.Null()]),
          { additionalProperties: false },
        ),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);
