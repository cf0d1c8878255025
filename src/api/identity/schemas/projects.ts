/** keystone/resource/schema.py project_create / project_update (extra properties are allowed there). */
import { Type, type TSchema } from '@sinclair/typebox';
import { boolean, description, idString, nullable, options, tags } from './common.js';

const projectName = Type.String({ minLength: 1, maxLength: 64, pattern: '[\\S]+' });
// one property list for both, in Keystone's order; only create requires the name
const properties = <N extends TSchema>(nameSchema: N) => ({
  name: nameSchema,
  description: Type.Optional(description),
  domain_id: Type.Optional(nullable(idString)),
  enabled: Type.Optional(boolean),
  parent_id: Type.Optional(nullable(idString)),
  is_domain: Type.Optional(boolean),
  tags: Type.Optional(tags),
  options: Type.Optional(options),
});

export const createBody = Type.Object({
  project: Type.Object(properties(projectName), { additionalProperties: true }),
});
export const updateBody = Type.Object({
  project: Type.Object(properties(Type.Optional(projectName)), { minProperties: 1, additionalProperties: true }),
});
