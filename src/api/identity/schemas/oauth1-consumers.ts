/** keystone/oauth1/schema.py: consumer create and update (extra properties allowed). */
import { Type } from '@sinclair/typebox';
import type { ConsumerInput } from '../../../services/identity/oauth1-consumer-service.js';

const props = { description: { type: ['string', 'null'] } };
/** Keystone reads `consumer` with a default of {}: a body without it makes a consumer too */
export const consumerCreateBody = Type.Object({
  consumer: Type.Optional(
    Type.Unsafe<ConsumerInput>({ type: 'object', properties: props, additionalProperties: true }),
  ),
});
export const consumerUpdateBody = Type.Object({
  consumer: Type.Unsafe<ConsumerInput>({
    type: 'object',
    properties: props,
    not: { required: ['secret'] },
    minProperties: 1,
    additionalProperties: true,
  }),
});
