/** Request schemas for os-keypairs (nova/api/openstack/compute/schemas/keypairs.py). */
import { Type, type TSchema } from '@sinclair/typebox';

// schemas/keypairs.py: the allowed characters are a format (keypair_name_20; 2.92 adds '@' and '.')
const name = (format: string) => Type.String({ minLength: 1, maxLength: 255, format });
const keyType = Type.Optional(Type.String({ enum: ['ssh', 'x509'] }));
const createBody = <P extends Record<string, TSchema>>(props: P) =>
  Type.Object({ keypair: Type.Object(props, { additionalProperties: false }) }, { additionalProperties: false });

export const keypairCreate = {
  '2.1': createBody({ name: name('keypair_name_20'), public_key: Type.Optional(Type.String()) }),
  '2.2': createBody({ name: name('keypair_name_20'), public_key: Type.Optional(Type.String()), type: keyType }),
  '2.10': createBody({
    name: name('keypair_name_20'),
    public_key: Type.Optional(Type.String()),
    type: keyType,
    user_id: Type.Optional(Type.String()),
  }),
  // 2.92: no more server-side key generation
  '2.92': createBody({
    name: name('keypair_name_292'),
    public_key: Type.String(),
    type: keyType,
    user_id: Type.Optional(Type.String()),
  }),
};

/** A query parameter Nova's schema types as a string, which may come repeated. */
export const queryParam = Type.Optional(
  Type.Unsafe<string | string[]>({ type: ['string', 'array'], items: { type: 'string' } }),
);

export const keypairIndexQuery = {
  '2.1': Type.Object({}, { additionalProperties: true }),
  '2.10': Type.Object({ user_id: queryParam }, { additionalProperties: true }),
  '2.35': Type.Object({ user_id: queryParam, limit: queryParam, marker: queryParam }, { additionalProperties: true }),
  '2.75': Type.Object({ user_id: queryParam, limit: queryParam, marker: queryParam }, { additionalProperties: false }),
};
