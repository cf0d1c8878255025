/**
 * The addProjectAccess / removeProjectAccess bodies (cinder/api/schemas/volume_type_access.py),
 * key for key (Zed's, whose project is a 'uuid': a 32-hex Keystone id passes) except the stray `'type': 'object'` upstream lists among the properties: not a
 * schema, so Ajv refuses to compile it, and it only ever matched a body key named "type".
 */
const projectAccess = (action: string): Record<string, unknown> => ({
  type: 'object',
  properties: {
    [action]: {
      type: 'object',
      properties: { project: { type: 'string', minLength: 1, maxLength: 255, format: 'uuid' } },
      required: ['project'],
      additionalProperties: false,
    },
  },
  required: [action],
  additionalProperties: false,
});

export const addProjectAccess = projectAccess('addProjectAccess');
export const removeProjectAccess = projectAccess('removeProjectAccess');
