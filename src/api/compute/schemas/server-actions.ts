/**
 * Bodies of POST /servers/{id}/action, one schema per action (schemas/servers.py reboot and
 * rebuild, console_output.py, lock_server.py, security_groups.py). The action router validates
 * them itself: the route cannot, as its body is any one of these.
 */
import { Type } from '@sinclair/typebox';
import { boolean as booleanParam } from './flavor-manage.js';
import {
  diskConfig,
  ipv4,
  ipv6,
  metadataMap,
  personality,
  requestedHostname,
  serverDescription,
  serverName,
} from './servers.js';

export const consoleOutputSchema = Type.Object(
  {
    'os-getConsoleOutput': Type.Object(
      {
        // schemas/console_output.py: one schema for all three types, so jsonschema names the failing keyword
        length: Type.Optional(
          Type.Unsafe<number | string | null>({
            type: ['integer', 'string', 'null'],
            pattern: '^-?[0-9]+$',
            minimum: -1,
          }),
        ),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);

export const rebootSchema = Type.Object(
  {
    reboot: Type.Object(
      {
        type: Type.Unsafe<'HARD' | 'Hard' | 'hard' | 'SOFT' | 'Soft' | 'soft'>({
          type: 'string',
          enum: ['HARD', 'Hard', 'hard', 'SOFT', 'Soft', 'soft'],
        }),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);

// lock_server.py: any body before 2.73; from 2.73 null or {locked_reason}
export const lockSchema = Type.Object(
  {
    lock: Type.Unsafe<{ locked_reason?: string } | null>({
      type: ['object', 'null'],
      properties: { locked_reason: { type: 'string', minLength: 1, maxLength: 255 } },
      additionalProperties: false,
    }),
  },
  { additionalProperties: false },
);

const groupName = Type.Object({ name: Type.String({ minLength: 1 }) });
/** addSecurityGroup / removeSecurityGroup (extra fields are tolerated, as Nova's schema does) */
export const securityGroupSchema = <A extends 'addSecurityGroup' | 'removeSecurityGroup'>(action: A) =>
  // a computed key widens to string in TypeScript; the record type restores it
  Type.Object({ [action]: groupName } as Record<A, typeof groupName>, { additionalProperties: false });

/** Every field some version of the rebuild schema takes, typed (the per-version schemas drop some). */
function rebuildFields(mv: number) {
  return {
    name: Type.Optional(serverName),
    imageRef: Type.String({ format: 'uuid' }),
    adminPass: Type.Optional(Type.String()),
    metadata: Type.Optional(metadataMap),
    preserve_ephemeral: Type.Optional(
      Type.Unsafe<boolean | string>({
        type: ['boolean', 'string'],
        enum: [true, false, 'True', 'true', 'False', 'false', '1', '0', 'yes', 'no', 'on', 'off'],
      }),
    ),
    'OS-DCF:diskConfig': Type.Optional(diskConfig),
    accessIPv4: Type.Optional(ipv4),
    accessIPv6: Type.Optional(ipv6),
    personality: Type.Optional(personality),
    description: Type.Optional(serverDescription),
    key_name: Type.Optional(Type.Unsafe<string | null>({ type: ['string', 'null'], minLength: 1, maxLength: 255 })),
    user_data: Type.Optional(
      Type.Unsafe<string | null>({ type: ['string', 'null'], format: 'base64', maxLength: 65535 }),
    ),
    // rebuild_v290 / rebuild_v294
    hostname: Type.Optional(requestedHostname(mv)),
  };
}

/** base_rebuild and its 2.19 / 2.54 / 2.57 / 2.90 / 2.94 variants */
export function rebuildSchema(mv: number) {
  const fields: Partial<ReturnType<typeof rebuildFields>> = rebuildFields(mv);
  if (mv >= 57) delete fields.personality;
  if (mv < 19) delete fields.description;
  if (mv < 54) delete fields.key_name;
  if (mv < 57) delete fields.user_data;
  if (mv < 90) delete fields.hostname;
  return Type.Object(
    { rebuild: Type.Object(fields as ReturnType<typeof rebuildFields>, { additionalProperties: false }) },
    { additionalProperties: false },
  );
}

const anyValue = Type.Unknown();
/**
 * pause_server.py / suspend_server.py: `{"<action>": <anything>}` (Nova's schema leaves the value
 * unconstrained: `{"pause": {}}` with the key required and nothing else allowed).
 */
export const bareActionSchema = <
  A extends 'pause' | 'unpause' | 'suspend' | 'resume' | 'shelve' | 'shelveOffload' | 'unrescue',
>(
  action: A,
) => Type.Object({ [action]: anyValue } as Record<A, typeof anyValue>, { additionalProperties: false });

/** admin_actions.py reset_state */
export const resetStateSchema = Type.Object(
  {
    'os-resetState': Type.Object(
      { state: Type.Unsafe<'active' | 'error'>({ type: 'string', enum: ['active', 'error'] }) },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);

const ipAddress = Type.Unsafe<string>({ type: 'string', oneOf: [{ format: 'ipv4' }, { format: 'ipv6' }] });
/** floating_ips.py add_floating_ip (2.1–2.43) */
export const addFloatingIpSchema = Type.Object(
  {
    addFloatingIp: Type.Object(
      { address: ipAddress, fixed_address: Type.Optional(ipAddress) },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);
/** floating_ips.py remove_floating_ip (2.1–2.43) */
export const removeFloatingIpSchema = Type.Object(
  { removeFloatingIp: Type.Object({ address: ipAddress }, { additionalProperties: false }) },
  { additionalProperties: false },
);

/** schemas/servers.py base_resize */
export const resizeSchema = Type.Object(
  {
    resize: Type.Object(
      {
        flavorRef: Type.Unsafe<string | number>({ type: ['string', 'integer'], minLength: 1 }),
        'OS-DCF:diskConfig': Type.Optional(diskConfig),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);

/** servers.py confirmResize / revertResize: no schema, any value */
export const resizeDecisionSchema = <A extends 'confirmResize' | 'revertResize'>(action: A) =>
  Type.Object({ [action]: anyValue } as Record<A, typeof anyValue>, { additionalProperties: false });

/** schemas/create_image.py create_image (name and metadata as parameter_types name / metadata) */
export const createImageSchema = Type.Object(
  {
    createImage: Type.Object(
      { name: serverName, metadata: Type.Optional(metadataMap) },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);

// schemas/create_backup.py (2.1+): rotation is parameter_types.non_negative_integer
export const createBackupSchema = Type.Object(
  {
    createBackup: Type.Object(
      {
        name: serverName,
        backup_type: Type.String(),
        rotation: Type.Unsafe<number | string>({
          type: ['integer', 'string'],
          pattern: '^[0-9]*$',
          minimum: 0,
          minLength: 1,
        }),
        metadata: Type.Optional(metadataMap),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);

/**
 * shelve.py unshelve: any value before 2.77; null or {"availability_zone": <name>} (required)
 * from 2.77; from 2.91 null or an object with availability_zone (string or null) and/or host
 */
export function unshelveSchema(mv: { atLeast(v: string): boolean }) {
  if (mv.atLeast('2.91'))
    return Type.Object(
      {
        unshelve: Type.Unsafe<{ availability_zone?: string | null; host?: string } | null>({
          type: ['object', 'null'],
          properties: { availability_zone: { type: ['string', 'null'] }, host: { type: 'string' } },
          additionalProperties: false,
        }),
      },
      { additionalProperties: false },
    );
  if (mv.atLeast('2.77'))
    return Type.Object(
      {
        unshelve: Type.Unsafe<{ availability_zone?: string | null; host?: string } | null>({
          type: ['object', 'null'],
          properties: { availability_zone: { type: 'string', minLength: 1, maxLength: 255, format: 'name' } },
          required: ['availability_zone'],
          additionalProperties: false,
        }),
      },
      { additionalProperties: false },
    );
  return Type.Object(
    { unshelve: Type.Unsafe<{ availability_zone?: string | null; host?: string } | null>({}) },
    { additionalProperties: false },
  );
}

/** rescue.py: null or {adminPass?, rescue_image_ref? (uuid)} */
export const rescueSchema = Type.Object(
  {
    rescue: Type.Unsafe<{ adminPass?: string; rescue_image_ref?: string } | null>({
      type: ['object', 'null'],
      properties: { adminPass: { type: 'string' }, rescue_image_ref: { type: 'string', format: 'uuid' } },
      additionalProperties: false,
    }),
  },
  { additionalProperties: false },
);

/** admin_password.py change_password */
export const changePasswordSchema = Type.Object(
  { changePassword: Type.Object({ adminPass: Type.String() }, { additionalProperties: false }) },
  { additionalProperties: false },
);

// schemas/migrate_server.py: host is parameter_types.fqdn that may be null
const moveHost = Type.Unsafe<string | null>({
  type: ['string', 'null'],
  minLength: 1,
  maxLength: 255,
  pattern: '^[a-zA-Z0-9-._]*$',
});

/** migrate_server.py migrate: any body before 2.56, then migrate_v2_56 (null or {host}) */
export function migrateSchema(mv: { atLeast(v: string): boolean }) {
  if (mv.atLeast('2.56'))
    return Type.Object(
      {
        migrate: Type.Unsafe<{ host?: string | null } | null>({
          type: ['object', 'null'],
          properties: { host: moveHost },
          additionalProperties: false,
        }),
      },
      { additionalProperties: false },
    );
  return Type.Object({ migrate: Type.Unsafe<unknown>({}) }, { additionalProperties: false });
}

const blockMigrationAuto = Type.Unsafe<boolean | string>({
  ...(booleanParam as unknown as Record<string, unknown>),
  enum: [...((booleanParam as unknown as { enum: unknown[] }).enum ?? []), 'auto'],
});

export interface MigrateLiveBody {
  'os-migrateLive': {
    host: string | null;
    block_migration: boolean | string;
    disk_over_commit?: boolean | string;
    force?: boolean | string;
  };
}

/** migrate_server.py os-migrateLive: migrate_live (2.0), _v2_25, _v2_30 (force), _v2_68 (no force) */
export function migrateLiveSchema(mv: { atLeast(v: string): boolean }) {
  const props: Record<string, unknown> = { host: moveHost };
  let required = ['block_migration', 'disk_over_commit', 'host'];
  if (mv.atLeast('2.25')) {
    props.block_migration = blockMigrationAuto;
    required = ['block_migration', 'host'];
    if (mv.atLeast('2.30') && !mv.atLeast('2.68')) props.force = booleanParam;
  } else {
    props.block_migration = booleanParam;
    props.disk_over_commit = booleanParam;
  }
  return Type.Object(
    {
      'os-migrateLive': Type.Unsafe<MigrateLiveBody['os-migrateLive']>({
        type: 'object',
        properties: props,
        required,
        additionalProperties: false,
      }),
    },
    { additionalProperties: false },
  );
}

export interface EvacuateBody {
  evacuate: { host?: string; onSharedStorage?: boolean | string; adminPass?: string; force?: boolean | string };
}

/** schemas/evacuate.py: evacuate (onSharedStorage required), _v214 (gone), _v2_29 (force), _v2_68 (no force) */
export function evacuateSchema(mv: { atLeast(v: string): boolean }) {
  const props: Record<string, unknown> = {
    host: { type: 'string', minLength: 1, maxLength: 255, pattern: '^[a-zA-Z0-9-._]*$' },
    adminPass: { type: 'string' },
  };
  const inner: Record<string, unknown> = { type: 'object', properties: props, additionalProperties: false };
  if (!mv.atLeast('2.14')) {
    props.onSharedStorage = booleanParam;
    inner.required = ['onSharedStorage'];
  } else if (mv.atLeast('2.29') && !mv.atLeast('2.68')) props.force = booleanParam;
  return Type.Object({ evacuate: Type.Unsafe<EvacuateBody['evacuate']>(inner) }, { additionalProperties: false });
}

// schemas/servers.py trigger_crash_dump: the value must be null
export const triggerCrashDumpSchema = Type.Object(
  { trigger_crash_dump: Type.Unsafe<null>({ type: 'null' }) },
  { additionalProperties: false },
);
