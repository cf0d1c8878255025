/** keystone/resource/schema.py project_tags_update and the tag parameter type. */
import { tags } from './common.js';

export const TAG_PATTERN = '^[^,/]*$';
export const MAX_TAGS = 80;

export const tagsBody = { type: 'object', required: ['tags'], properties: { tags }, additionalProperties: false };
