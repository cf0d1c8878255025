/** /os-volumes and /os-snapshots bodies (nova/api/openstack/compute/schemas/volumes.py create, snapshot_create). */
import { Type } from '@sinclair/typebox';
import { boolean } from './flavor-manage.js';

export const volumeCreateBody = {
  '2.1': Type.Object(
    {
      volume: Type.Object(
        {
          volume_type: Type.Optional(Type.String()),
          metadata: Type.Optional(Type.Unsafe<Record<string, string>>({ type: 'object' })),
          snapshot_id: Type.Optional(Type.String()),
          size: Type.Unsafe<number | string>({ type: ['integer', 'string'], pattern: '^[0-9]+$', minimum: 1 }),
          availability_zone: Type.Optional(Type.String()),
          display_name: Type.Optional(Type.String()),
          display_description: Type.Optional(Type.String()),
        },
        { additionalProperties: false },
      ),
    },
    { additionalProperties: false },
  ),
};

export const snapshotCreateBody = {
  '2.1': Type.Object(
    {
      snapshot: Type.Object(
        {
          volume_id: Type.String(),
          force: Type.Optional(boolean),
          display_name: Type.Optional(Type.String()),
          display_description: Type.Optional(Type.String()),
        },
        { additionalProperties: false },
      ),
    },
    { additionalProperties: false },
  ),
};
