/** cinder/api/schemas/volume_transfer.py: create (3.0), create_v355 (no_snapshots) and accept. */
import { Type } from '@sinclair/typebox';
import { booleanLike } from './volumes.js';

/** {'oneOf': [{'type': 'string', 'format': 'name_skip_leading_trailing_spaces'}, {'type': 'null'}]} */
const transferName = Type.Unsafe<string | null>({
  oneOf: [{ type: 'string', format: 'name_skip_leading_trailing_spaces' }, { type: 'null' }],
});

const createOf = (withNoSnapshots: boolean) =>
  Type.Object(
    {
      transfer: Type.Object(
        {
          volume_id: Type.String({ format: 'uuid' }),
          name: Type.Optional(transferName),
          ...(withNoSnapshots ? { no_snapshots: Type.Optional(booleanLike) } : {}),
        },
        { additionalProperties: false },
      ),
    },
    { additionalProperties: false },
  );

export const transferCreate = createOf(false);
export const transferCreateV355 = createOf(true);

export const transferAccept = Type.Object(
  {
    accept: Type.Object(
      { auth_key: Type.Unsafe<string | number>({ type: ['string', 'integer'] }) },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);
