/**
 * An instance's system metadata (Nova's instance_system_metadata) and the two things kept there
 * that clients see: the shelve keys and the guest's encrypted password (os-server-password,
 * nova/api/metadata/password.py: up to 4 chunks of 255 characters in password_0..password_3).
 */
import type { Runtime } from '../../runtime.js';
import type { RequestContext } from '../../domain/context.js';
import { instanceNotFound } from '../../domain/errors.js';
import { findInstance } from '../../store/repositories/instance-repository.js';
import type { InstancesTable } from '../../store/tables/instances.table.js';

export type SystemMetadata = Record<string, string>;

export const systemMetadataOf = (row: Pick<InstancesTable, 'system_metadata'>): SystemMetadata =>
  JSON.parse(row.system_metadata || '{}') as SystemMetadata;

/** the row's system metadata with `patch` applied (null removes a key), as the column's JSON */
export function mergedSystemMetadata(
  row: Pick<InstancesTable, 'system_metadata'>,
  patch: Record<string, string | null>,
): string {
  const md = systemMetadataOf(row);
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete md[k];
    else md[k] = v;
  }
  return JSON.stringify(md);
}

/** compute/utils.py remove_shelved_keys_from_system_metadata */
export const SHELVED_KEYS_CLEARED = { shelved_at: null, shelved_image_id: null, shelved_host: null };

const CHUNKS = 4;
const CHUNK_LENGTH = 255;

/** password.py convert_password: the keys that store `password` (null clears them all) */
export function passwordKeys(password: string | null): Record<string, string> {
  const out: Record<string, string> = {};
  const p = password ?? '';
  for (let i = 0; i < CHUNKS; i++) out[`password_${i}`] = p.slice(i * CHUNK_LENGTH, (i + 1) * CHUNK_LENGTH);
  return out;
}

/** password.py extract_password: the chunks joined, '' when none is stored */
export const extractPassword = (md: SystemMetadata): string => {
  let p = '';
  for (let i = 0; i < CHUNKS; i++) p += md[`password_${i}`] ?? '';
  return p;
};

async function visible(rt: Runtime, ctx: RequestContext, uuid: string): Promise<InstancesTable> {
  const row = await findInstance(rt.store.db, uuid);
  if (!row || row.deleted || (!ctx.isAdmin && row.project_id !== ctx.projectId)) throw instanceNotFound(uuid);
  return row;
}

/** GET /servers/{id}/os-server-password */
export async function serverPassword(rt: Runtime, ctx: RequestContext, uuid: string): Promise<string> {
  return extractPassword(systemMetadataOf(await visible(rt, ctx, uuid)));
}

/**
 * Stores the guest's encrypted password (what the metadata service's POST /password does) or,
 * with null, clears it (DELETE /servers/{id}/os-server-password: the chunks set to '', as Nova).
 * The merge is retried on a concurrent change of the same row, so no other key is lost.
 */
export async function storeServerPassword(
  rt: Runtime,
  ctx: RequestContext,
  uuid: string,
  password: string | null,
): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    const row = await visible(rt, ctx, uuid);
    const done = await rt.store.db
      .updateTable('instances')
      .set({
        system_metadata: mergedSystemMetadata(row, passwordKeys(password)),
        updated_at: rt.clock().toISOString(),
      })
      .where('uuid', '=', uuid)
      .where('deleted', '=', 0)
      .where('system_metadata', '=', row.system_metadata)
      .executeTakeFirst();
    if (Number(done.numUpdatedRows) > 0 || attempt >= 10) return;
  }
}
