/** keystone/policy/schema.py: policy create and update (extra properties allowed). */
import { Type } from '@sinclair/typebox';
import type { PolicyInput } from '../../../services/identity/policy-service.js';

const props = { blob: { type: 'string' }, type: { type: 'string', maxLength: 255 } };
export const policyCreateBody = Type.Object({
  policy: Type.Unsafe<PolicyInput & { blob: string; type: string }>({
    type: 'object',
    properties: props,
    required: ['blob', 'type'],
    additionalProperties: true,
  }),
});
export const policyUpdateBody = Type.Object({
  policy: Type.Unsafe<PolicyInput>({ type: 'object', properties: props, minProperties: 1, additionalProperties: true }),
});
