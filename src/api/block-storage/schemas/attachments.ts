/** Attachment bodies (cinder/api/schemas/attachments.py) and the attach/detach volume actions (volume_actions.py). */
import { Type } from '@sinclair/typebox';

const uuid = Type.String({ format: 'uuid' });
const connector = Type.Unsafe<Record<string, unknown> | null>({ type: ['object', 'null'] });

const createProps = {
  instance_uuid: Type.Optional(uuid),
  connector: Type.Optional(connector),
  volume_uuid: uuid,
};

/** 3.27 create, 3.54 create_v354 (mode) */
export const attachmentCreate = {
  '3.27': Type.Object(
    { attachment: Type.Object(createProps, { additionalProperties: false }) },
    { additionalProperties: false },
  ),
  '3.54': Type.Object(
    {
      attachment: Type.Object(
        { ...createProps, mode: Type.Optional(Type.Union([Type.Literal('rw'), Type.Literal('ro')])) },
        { additionalProperties: false },
      ),
    },
    { additionalProperties: false },
  ),
};

export const attachmentUpdate = Type.Object(
  {
    attachment: Type.Object(
      { connector: Type.Unsafe<Record<string, unknown>>({ type: 'object', minProperties: 1 }) },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);

const nullBody = Type.Unsafe<unknown>({});

export const volumeReserve = Type.Object({ 'os-reserve': nullBody }, { additionalProperties: false });
export const volumeUnreserve = Type.Object({ 'os-unreserve': nullBody }, { additionalProperties: false });
export const volumeBeginDetaching = Type.Object({ 'os-begin_detaching': nullBody }, { additionalProperties: false });
export const volumeRollDetaching = Type.Object({ 'os-roll_detaching': nullBody }, { additionalProperties: false });

export const volumeAttach = Type.Object(
  {
    'os-attach': Type.Unsafe<{ instance_uuid?: string; mountpoint: string; host_name?: string; mode?: string }>({
      type: 'object',
      properties: {
        instance_uuid: { type: 'string', format: 'uuid' },
        mountpoint: { type: 'string', minLength: 1, maxLength: 255 },
        host_name: { type: 'string', maxLength: 255 },
        mode: { type: 'string', enum: ['rw', 'ro'] },
      },
      required: ['mountpoint'],
      anyOf: [{ required: ['instance_uuid'] }, { required: ['host_name'] }],
      additionalProperties: false,
    }),
  },
  { additionalProperties: false },
);

export const volumeDetach = Type.Object(
  {
    'os-detach': Type.Unsafe<{ attachment_id?: string | null } | null>({
      type: ['object', 'null'],
      properties: { attachment_id: { type: ['string', 'null'], format: 'uuid' } },
      additionalProperties: false,
    }),
  },
  { additionalProperties: false },
);

export const volumeInitializeConnection = Type.Object(
  {
    'os-initialize_connection': Type.Object(
      { connector: Type.Unsafe<Record<string, unknown> | string>({ type: ['object', 'string'] }) },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);

export const volumeTerminateConnection = Type.Object(
  {
    'os-terminate_connection': Type.Object(
      { connector: Type.Unsafe<Record<string, unknown> | string | null>({ type: ['string', 'object', 'null'] }) },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);

/** schemas/admin_actions.py force_detach: connector and attachment_id, both optional */
export const volumeForceDetach = Type.Object(
  {
    'os-force_detach': Type.Unsafe<{ connector?: unknown; attachment_id?: string | null }>({
      type: 'object',
      properties: {
        connector: { type: ['string', 'object', 'null'] },
        attachment_id: { type: ['string', 'null'] },
      },
      additionalProperties: false,
    }),
  },
  { required: ['os-force_detach'], additionalProperties: false },
);
