/** os-server-groups bodies and query (schemas/server_groups.py). */
import { Type, type TSchema } from '@sinclair/typebox';
import { queryParam } from './os-keypairs.js';

const name = Type.String({ minLength: 1, maxLength: 255, format: 'name' });
const policies = (allowed: string[]) =>
  Type.Array(Type.String({ enum: allowed }), { minItems: 1, maxItems: 1, uniqueItems: true });
const body = <P extends Record<string, TSchema>>(props: P) =>
  Type.Object({ server_group: Type.Object(props, { additionalProperties: false }) }, { additionalProperties: false });
// positive_integer: an integer, or a string of digits, at least 1
const positiveInteger = Type.Unsafe<number | string>({
  type: ['integer', 'string'],
  pattern: '^[0-9]*$',
  minimum: 1,
  minLength: 1,
});

export const serverGroupCreate = {
  '2.1': body({ name, policies: policies(['anti-affinity', 'affinity']) }),
  '2.15': body({
    name,
    policies: policies(['anti-affinity', 'affinity', 'soft-anti-affinity', 'soft-affinity']),
  }),
  '2.64': body({
    name,
    policy: Type.String({ enum: ['anti-affinity', 'affinity', 'soft-anti-affinity', 'soft-affinity'] }),
    rules: Type.Optional(
      Type.Object({ max_server_per_host: Type.Optional(positiveInteger) }, { additionalProperties: false }),
    ),
  }),
};

export const serverGroupIndexQuery = {
  '2.1': Type.Object(
    { all_projects: queryParam, limit: queryParam, offset: queryParam },
    { additionalProperties: true },
  ),
  '2.75': Type.Object(
    { all_projects: queryParam, limit: queryParam, offset: queryParam },
    { additionalProperties: false },
  ),
};
