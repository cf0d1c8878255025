/** keystone/identity/schema.py user_create / user_update. */
import { Type, type TSchema } from '@sinclair/typebox';
import { boolean, description, idString, name, nullable, nullableString, options } from './common.js';

const properties = <N extends TSchema>(nameSchema: N) => ({
  name: nameSchema,
  domain_id: Type.Optional(idString),
  default_project_id: Type.Optional(nullable(idString)),
  description: Type.Optional(description),
  enabled: Type.Optional(boolean),
  email: Type.Optional(nullableString()),
  password: Type.Optional(nullableString()),
  options: Type.Optional(options),
  // Type.Array would add `items: {}`
  federated: Type.Optional(Type.Unsafe<unknown[]>({ type: 'array' })),
});

export const createBody = Type.Object({ user: Type.Object(properties(name), { additionalProperties: true }) });
export const updateBody = Type.Object({
  user: Type.Object(properties(Type.Optional(name)), { minProperties: 1, additionalProperties: true }),
});

/** keystone/identity/schema.py password_change: both passwords, nothing else. */
export const changePasswordBody = Type.Object({
  user: Type.Object({ original_password: Type.String(), password: Type.String() }, { additionalProperties: false }),
});
