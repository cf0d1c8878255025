/** Bodies of /servers/{id}/metadata and /tags (schemas/server_metadata.py, server_tags.py). */
import { Type } from '@sinclair/typebox';
import { MAX_TAGS } from '../../../services/compute/server-metadata-service.js';
import { metadataMap } from './servers.js';

export const metadataSet = { '2.1': Type.Object({ metadata: metadataMap }, { additionalProperties: false }) };

export const metadataItem = {
  '2.1': Type.Object(
    {
      meta: Type.Record(Type.String({ pattern: '^[a-zA-Z0-9-_:. ]{1,255}$' }), Type.String({ maxLength: 255 }), {
        additionalProperties: false,
        minProperties: 1,
        maxProperties: 1,
      }),
    },
    { additionalProperties: false },
  ),
};

const tag = Type.String({ minLength: 1, maxLength: 60, pattern: '^[^,/]*$' });
export const tagsUpdateAll = {
  '2.26': Type.Object({ tags: Type.Array(tag, { maxItems: MAX_TAGS }) }, { additionalProperties: false }),
};
