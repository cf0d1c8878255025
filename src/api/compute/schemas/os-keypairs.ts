/** Request schemas for os-keypairs (nova/api/openstack/compute/schemas/keypairs.py). */
import type { JsonSchema } from '../../../http/validation.js';

// schemas/keypairs.py: the allowed characters are a format (keypair_name_20; 2.92 adds '@' and '.')
const name = (format: string) => ({ type: 'string', minLength: 1, maxLength: 255, format });

function create(opts: { type: boolean; userId: boolean; keyRequired: boolean; nameFormat?: string }): JsonSchema {
  const props: Record<string, unknown> = { name: name(opts.nameFormat ?? 'keypair_name_20'), public_key: { type: 'string' } };
  if (opts.type) props.type = { type: 'string', enum: ['ssh', 'x509'] };
  if (opts.userId) props.user_id = { type: 'string' };
  return {
    type: 'object',
    properties: {
      keypair: { type: 'object', properties: props, required: opts.keyRequired ? ['name', 'public_key'] : ['name'], additionalProperties: false },
    },
    required: ['keypair'],
    additionalProperties: false,
  };
}

export const keypairCreate = {
  '2.1': create({ type: false, userId: false, keyRequired: false }),
  '2.2': create({ type: true, userId: false, keyRequired: false }),
  '2.10': create({ type: true, userId: true, keyRequired: false }),
  // 2.92: no more server-side key generation
  '2.92': create({ type: true, userId: true, keyRequired: true, nameFormat: 'keypair_name_292' }),
};

const str = { type: ['string', 'array'], items: { type: 'string' } };
export const keypairIndexQuery = {
  '2.1': { type: 'object', properties: {}, additionalProperties: true },
  '2.10': { type: 'object', properties: { user_id: str }, additionalProperties: true },
  '2.35': { type: 'object', properties: { user_id: str, limit: str, marker: str }, additionalProperties: true },
  '2.75': { type: 'object', properties: { user_id: str, limit: str, marker: str }, additionalProperties: false },
};
