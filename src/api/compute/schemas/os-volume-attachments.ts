/** /servers/{id}/os-volume_attachments bodies (nova/api/openstack/compute/schemas/volumes.py). */
import { Type } from '@sinclair/typebox';
import { boolean } from './flavor-manage.js';

const uuid = Type.String({ format: 'uuid' });
// match_device's pattern, as Nova's schema carries it
const device = Type.Unsafe<string | null>({
  type: ['string', 'null'],
  pattern: '(^/dev/x{0,1}[a-z]{0,1}d{0,1})([a-z]+)[0-9]*$',
});
// parameter_types.tag
const tag = Type.String({ minLength: 1, maxLength: 60, pattern: '^[^,/]*$' });

const base = { volumeId: uuid, device: Type.Optional(device) };

/** 2.1 create, 2.49 create_v249 (tag), 2.79 create_v279 (delete_on_termination) */
export const volumeAttachmentCreateBody = {
  '2.1': Type.Object(
    { volumeAttachment: Type.Object(base, { additionalProperties: false }) },
    { additionalProperties: false },
  ),
  '2.49': Type.Object(
    { volumeAttachment: Type.Object({ ...base, tag: Type.Optional(tag) }, { additionalProperties: false }) },
    { additionalProperties: false },
  ),
  '2.79': Type.Object(
    {
      volumeAttachment: Type.Object(
        { ...base, tag: Type.Optional(tag), delete_on_termination: Type.Optional(boolean) },
        { additionalProperties: false },
      ),
    },
    { additionalProperties: false },
  ),
};

/** 2.1 update_volume_attachment (volumeId only), 2.85 update_volume_attachment_v285 */
export const volumeAttachmentUpdateBody = {
  '2.1': Type.Object(
    { volumeAttachment: Type.Object({ volumeId: uuid }, { additionalProperties: false }) },
    { additionalProperties: false },
  ),
  '2.85': Type.Object(
    {
      volumeAttachment: Type.Object(
        {
          volumeId: uuid,
          device: Type.Optional(device),
          tag: Type.Optional(tag),
          delete_on_termination: Type.Optional(boolean),
          serverId: Type.Optional(uuid),
          id: Type.Optional(uuid),
        },
        { additionalProperties: false },
      ),
    },
    { additionalProperties: false },
  ),
};
