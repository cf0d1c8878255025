/** keystone/assignment/schema.py role_create / role_update. */
import { description, envelope, idString, name, nullable, options } from './common.js';

const properties = { name, description, domain_id: nullable(idString), options };

export const createBody = envelope('role', { type: 'object', required: ['name'], properties, additionalProperties: true });
export const updateBody = envelope('role', { type: 'object', minProperties: 1, properties, additionalProperties: true });
