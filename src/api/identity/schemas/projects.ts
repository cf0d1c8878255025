/** keystone/resource/schema.py project_create / project_update (extra properties are allowed there). */
import { boolean, description, envelope, idString, nullable, options, tags } from './common.js';

const projectName = { type: 'string', minLength: 1, maxLength: 64, pattern: '[\\S]+' };
const properties = {
  name: projectName, description, domain_id: nullable(idString), enabled: boolean,
  parent_id: nullable(idString), is_domain: boolean, tags, options,
};

export const createBody = envelope('project', { type: 'object', required: ['name'], properties, additionalProperties: true });
export const updateBody = envelope('project', { type: 'object', minProperties: 1, properties, additionalProperties: true });
