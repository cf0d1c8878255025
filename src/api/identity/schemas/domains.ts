/** keystone/resource/schema.py domain_create / domain_update (extra properties are allowed). */
import { Type, type TSchema } from '@sinclair/typebox';
import { boolean, description, options, tags } from './common.js';

const domainName = Type.String({ minLength: 1, maxLength: 64, pattern: '[\\S]+' });
const properties = <N extends TSchema>(nameSchema: N) => ({
  description: Type.Optional(description),
  enabled: Type.Optional(boolean),
  name: nameSchema,
  tags: Type.Optional(tags),
  options: Type.Optional(options),
});

export const createBody = Type.Object({ domain: Type.Object(properties(domainName), { additionalProperties: true }) });
export const updateBody = Type.Object({
  domain: Type.Object(properties(Type.Optional(domainName)), { minProperties: 1, additionalProperties: true }),
});
