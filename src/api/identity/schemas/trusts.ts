/** keystone/trust/schema.py trust_create (extra properties allowed). */
import { Type } from '@sinclair/typebox';
import { nullableString } from './common.js';

const roleRef = Type.Object(
  { id: Type.Optional(Type.String()), name: Type.Optional(Type.String()) },
  {
    additionalProperties: true,
  },
);

export const trustCreateBody = Type.Object({
  trust: Type.Object(
    {
      trustor_user_id: Type.String({ minLength: 1, maxLength: 64 }),
      trustee_user_id: Type.String({ minLength: 1, maxLength: 64 }),
      impersonation: Type.Boolean(),
      project_id: Type.Optional(nullableString()),
      roles: Type.Optional(Type.Array(roleRef)),
      expires_at: Type.Optional(nullableString()),
      // a type list, as Keystone's schema words it (Ajv then reports the minimum as jsonschema does)
      remaining_uses: Type.Optional(Type.Unsafe<number | null>({ type: ['integer', 'null'], minimum: 1 })),
      allow_redelegation: Type.Optional(Type.Boolean()),
    },
    { additionalProperties: true },
  ),
});
