/** Keystone's auth request schema (keystone/auth/schema.py), trimmed to the methods we support. */
const nameOrIdDomain = {
  type: 'object',
  properties: { id: { type: 'string' }, name: { type: 'string' } },
};

export const createBody = {
  type: 'object',
  required: ['auth'],
  properties: {
    auth: {
      type: 'object',
      required: ['identity'],
      properties: {
        identity: {
          type: 'object',
          required: ['methods'],
          properties: {
            methods: { type: 'array', items: { type: 'string' }, minItems: 1 },
            password: {
              type: 'object',
              required: ['user'],
              properties: {
                user: {
                  type: 'object',
                  properties: {
                    id: { type: 'string' }, name: { type: 'string' }, password: { type: 'string' },
                    domain: nameOrIdDomain,
                  },
                },
              },
            },
            token: { type: 'object', required: ['id'], properties: { id: { type: 'string' } } },
          },
        },
        scope: {
          oneOf: [
            { type: 'string', enum: ['unscoped'] },
            {
              type: 'object',
              properties: {
                project: {
                  type: 'object',
                  properties: { id: { type: 'string' }, name: { type: 'string' }, domain: nameOrIdDomain },
                },
                domain: nameOrIdDomain,
                'OS-TRUST:trust': { type: 'object' },
                system: { type: 'object' },
              },
            },
          ],
        },
      },
    },
  },
};
