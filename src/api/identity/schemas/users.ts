/** keystone/identity/schema.py user_create / user_update. */
import { boolean, description, envelope, idString, name, nullable, options } from './common.js';

const properties = {
  name, domain_id: idString, default_project_id: nullable(idString), description, enabled: boolean,
  email: { type: ['string', 'null'] }, password: { type: ['string', 'null'] }, options, federated: { type: 'array' },
};

export const createBody = envelope('user', { type: 'object', required: ['name'], properties, additionalProperties: true });
export const updateBody = envelope('user', { type: 'object', minProperties: 1, properties, additionalProperties: true });

/** keystone/identity/schema.py password_change: both passwords, nothing else. */
export const changePasswordBody = envelope('user', {
  type: 'object', required: ['original_password', 'password'], additionalProperties: false,
  properties: { original_password: { type: 'string' }, password: { type: 'string' } },
});
