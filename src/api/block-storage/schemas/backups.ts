/**
 * Cinder's backup request schemas (cinder/api/schemas/backups.py, admin_actions.py), emitting
 * the same JSON Schema per microversion: metadata from 3.43, availability_zone from 3.51.
 */
import { Type } from '@sinclair/typebox';
import { booleanLike, metadata, nullableString, optionalUuid } from './volumes.js';

const createFields = {
  volume_id: Type.String({ format: 'uuid' }),
  container: Type.Optional(nullableString(255)),
  description: Type.Optional(nullableString(255)),
  incremental: Type.Optional(booleanLike),
  force: Type.Optional(booleanLike),
  name: Type.Optional(nullableString(255)),
  snapshot_id: Type.Optional(optionalUuid),
};

const wrap = <T extends Record<string, ReturnType<typeof Type.Optional> | ReturnType<typeof Type.String>>>(f: T) =>
  Type.Object({ backup: Type.Object(f, { additionalProperties: false }) }, { additionalProperties: false });

export const backupCreate = wrap(createFields);
export const backupCreateV343 = wrap({ ...createFields, metadata: Type.Optional(metadata(true)) });
export const backupCreateV351 = wrap({
  ...createFields,
  metadata: Type.Optional(metadata(true)),
  availability_zone: Type.Optional(nullableString(255)),
});

const updateFields = {
  name: Type.Optional(nullableString(255)),
  description: Type.Optional(nullableString(255)),
};
export const backupUpdate = Type.Object(
  {
    backup: Type.Unsafe<{ name?: string | null; description?: string | null } | null>({
      type: ['object', 'null'],
      properties: updateFields,
      additionalProperties: false,
    }),
  },
  { additionalProperties: false },
);
export const backupUpdateV343 = Type.Object(
  {
    backup: Type.Unsafe<{
      name?: string | null;
      description?: string | null;
      metadata?: Record<string, string>;
    } | null>({
      type: ['object', 'null'],
      properties: { ...updateFields, metadata: metadata(false) },
      additionalProperties: false,
    }),
  },
  { additionalProperties: false },
);

export const backupRestore = Type.Object(
  {
    restore: Type.Unsafe<{ name?: string | null; volume_id?: string | null } | null>({
      type: ['object', 'null'],
      properties: { name: nullableString(255), volume_id: optionalUuid },
      additionalProperties: false,
    }),
  },
  { additionalProperties: false },
);

/** admin_actions.py reset_status_backup (the status's format is checked by the handler, as Cinder's validator) */
export const backupResetStatus = Type.Object(
  {
    'os-reset_status': Type.Object({ status: Type.String() }, { additionalProperties: false }),
  },
  { additionalProperties: false },
);

/** admin_actions.py force_delete_backup */
export const backupForceDelete = Type.Object(
  { 'os-force_delete': Type.Unsafe<unknown>({}) },
  { additionalProperties: false },
);

/** schemas/backups.py import_record (backup_url's base64 format is checked by the service's decode) */
export const backupImportRecord = Type.Object(
  {
    'backup-record': Type.Object(
      {
        backup_service: Type.String({ minLength: 0, maxLength: 255 }),
        backup_url: Type.String({ minLength: 1 }),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: true },
);
