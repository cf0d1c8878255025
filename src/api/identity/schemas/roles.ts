/** keystone/assignment/schema.py role_create / role_update. */
import { Type, type TSchema } from '@sinclair/typebox';
import { description, idString, name, nullable, options } from './common.js';

const properties = <N extends TSchema>(nameSchema: N) => ({
  name: nameSchema,
  description: Type.Optional(description),
  domain_id: Type.Optional(nullable(idString)),
  options: Type.Optional(options),
});

export const createBody = Type.Object({ role: Type.Object(properties(name), { additionalProperties: true }) });
export const updateBody = Type.Object({
  role: Type.Object(properties(Type.Optional(name)), { minProperties: 1, additionalProperties: true }),
});
