/** keystone/resource/schema.py project_tags_update and the tag parameter type. */
import { Type } from '@sinclair/typebox';
import { tags } from './common.js';

export const TAG_PATTERN = '^[^,/]*$';
export const MAX_TAGS = 80;

export const tagsBody = Type.Object({ tags }, { additionalProperties: false });
