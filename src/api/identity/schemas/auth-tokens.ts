/** Keystone's auth request schema (keystone/auth/schema.py), trimmed to the methods we support. */
import { Type, type Static } from '@sinclair/typebox';

const nameOrIdDomain = Type.Object({ id: Type.Optional(Type.String()), name: Type.Optional(Type.String()) });
const anyObject = Type.Unsafe<Record<string, unknown>>({ type: 'object' });

const scopeObject = Type.Object({
  project: Type.Optional(
    Type.Object({
      id: Type.Optional(Type.String()),
      name: Type.Optional(Type.String()),
      domain: Type.Optional(nameOrIdDomain),
    }),
  ),
  domain: Type.Optional(nameOrIdDomain),
  'OS-TRUST:trust': Type.Optional(anyObject),
  system: Type.Optional(anyObject),
});

// Keystone says oneOf (TypeBox's Union emits anyOf, whose failures Ajv words differently)
const scope = Type.Unsafe<'unscoped' | Static<typeof scopeObject>>({
  oneOf: [{ type: 'string', enum: ['unscoped'] }, scopeObject],
});

export const createBody = Type.Object({
  auth: Type.Object({
    identity: Type.Object({
      methods: Type.Array(Type.String(), { minItems: 1 }),
      password: Type.Optional(
        Type.Object({
          user: Type.Object({
            id: Type.Optional(Type.String()),
            name: Type.Optional(Type.String()),
            password: Type.Optional(Type.String()),
            domain: Type.Optional(nameOrIdDomain),
          }),
        }),
      ),
      token: Type.Optional(Type.Object({ id: Type.String() })),
      application_credential: Type.Optional(
        Type.Object({
          id: Type.Optional(Type.String()),
          name: Type.Optional(Type.String()),
          secret: Type.Optional(Type.String()),
          user: Type.Optional(
            Type.Object({
              id: Type.Optional(Type.String()),
              name: Type.Optional(Type.String()),
              domain: Type.Optional(nameOrIdDomain),
            }),
          ),
        }),
      ),
    }),
    scope: Type.Optional(scope),
  }),
});

export type AuthRequest = Static<typeof createBody>['auth'];
