/** keystone/identity/schema.py group_create / group_update (extra properties are allowed). */
import { Type, type TSchema } from '@sinclair/typebox';
import { description, idString, name } from './common.js';

const properties = <N extends TSchema>(nameSchema: N) => ({
  description: Type.Optional(description),
  domain_id: Type.Optional(idString),
  name: nameSchema,
});

export const createBody = Type.Object({ group: Type.Object(properties(name), { additionalProperties: true }) });
export const updateBody = Type.Object({
  group: Type.Object(properties(Type.Optional(name)), { minProperties: 1, additionalProperties: true }),
});
