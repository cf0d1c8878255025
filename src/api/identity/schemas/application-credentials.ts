/** keystone/application_credential/schema.py application_credential_create. */
import { Type } from '@sinclair/typebox';
import { boolean, description, idString, name, nullableString } from './common.js';

const roles = Type.Array(
  Type.Object(
    { id: Type.Optional(idString), name: Type.Optional(name) },
    { minProperties: 1, maxProperties: 1, additionalProperties: false },
  ),
);
const accessRules = Type.Array(
  Type.Object(
    {
      path: Type.Optional(Type.String({ minLength: 0, maxLength: 225 })),
      method: Type.Optional(Type.String({ pattern: '^(POST|GET|HEAD|PATCH|PUT|DELETE)$' })),
      service: Type.Optional(idString),
      id: Type.Optional(idString),
    },
    { additionalProperties: false },
  ),
);

export const createBody = Type.Object({
  application_credential: Type.Object(
    {
      name,
      description: Type.Optional(description),
      secret: Type.Optional(nullableString()),
      expires_at: Type.Optional(nullableString()),
      roles: Type.Optional(roles),
      unrestricted: Type.Optional(boolean),
      access_rules: Type.Optional(accessRules),
    },
    { additionalProperties: true },
  ),
});
