/**
 * Server metadata and tags writes (nova/compute/api.py update_instance_metadata,
 * delete_instance_metadata; nova/api/openstack/compute/server_tags.py). Metadata is one JSON
 * column, so writes are compare-and-swap UPDATEs retried on conflict: concurrent writers never
 * lose each other's keys. Tags rely on the (instance_uuid, tag) primary key.
 */
import type { Db } from '../../store/database.js';
import { DomainError, badRequest, conflict, instanceLocked } from '../../domain/errors.js';
import type { RequestContext } from '../../domain/context.js';
import type { InstanceRow } from '../../store/repositories/server-queries.js';
import { pyRepr } from '../../lib/python-repr.js';

export const MAX_TAGS = 50;

const METADATA_STATES = ['active', 'paused', 'suspended', 'stopped'];
const TAG_STATES = ['active', 'paused', 'rescued', 'resized', 'shelved', 'shelved_offloaded', 'stopped', 'suspended'];

function invalidState(action: string, row: InstanceRow): DomainError {
  return new DomainError('INSTANCE_INVALID_STATE', 409, `Cannot '${action}' instance ${row.uuid} while it is in vm_state ${row.vm_state}`);
}

/** check_instance_lock + check_instance_state(task_state=None) as the metadata API applies them. */
export function checkMetadataWritable(ctx: RequestContext, row: InstanceRow, action: string): void {
  if (row.locked && !ctx.isAdmin) throw instanceLocked(row.uuid);
  if (!METADATA_STATES.includes(row.vm_state)) throw invalidState(action, row);
  if (row.task_state !== null) {
    throw new DomainError('INSTANCE_INVALID_STATE', 409, `Cannot '${action}' instance ${row.uuid} while it is in task_state ${row.task_state}`);
  }
}

export function checkTagsWritable(row: InstanceRow, action: string): void {
  if (!TAG_STATES.includes(row.vm_state)) throw invalidState(action, row);
}

/**
 * Applies fn to the current metadata and stores the result, retrying when another writer changed
 * the row in between (UPDATE … WHERE metadata = <what we read>).
 */
export async function updateMetadata(
  db: Db, uuid: string, maxItems: number, fn: (current: Record<string, string>) => Record<string, string>,
): Promise<Record<string, string>> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const row = await db.selectFrom('instances').select('metadata').where('uuid', '=', uuid).where('deleted', '=', 0).executeTakeFirst();
    if (!row) throw new DomainError('INSTANCE_NOT_FOUND', 404, `Instance ${uuid} could not be found.`);
    const next = fn(JSON.parse(row.metadata) as Record<string, string>);
    if (Object.keys(next).length > maxItems) {
      throw new DomainError('QUOTA_EXCEEDED', 403, `Quota exceeded for metadata_items: Requested ${Object.keys(next).length}, but already used 0 of ${maxItems} metadata_items`);
    }
    const res = await db.updateTable('instances')
      .set({ metadata: JSON.stringify(next), updated_at: new Date().toISOString() })
      .where('uuid', '=', uuid).where('metadata', '=', row.metadata).executeTakeFirst();
    if (Number(res.numUpdatedRows) === 1) return next;
  }
  throw conflict('There was a conflict when trying to complete your request.');
}

/**
 * PUT /servers/{id}/tags/{tag} (server_tags.py update): the tag is checked against parameter_types.tag
 * and jsonschema's own message is quoted inside Nova's sentence.
 */
export function validateTag(tag: string): void {
  const q = pyRepr(tag);
  let err: string | null = null;
  if (tag.length < 1) err = `${q} is too short`;
  else if (tag.length > 60) err = `${q} is too long`;
  else if (tag.includes('/') || tag.includes(',')) err = `${q} does not match '^[^,/]*$'`;
  if (err) {
    throw badRequest(`Tag '${tag}' is invalid. It must be a non empty string without characters '/' and ','. Validation error message: ${err}`);
  }
}

export async function replaceTags(db: Db, uuid: string, tags: string[]): Promise<string[]> {
  const unique = [...new Set(tags)];
  if (unique.length > MAX_TAGS) throw badRequest(`The number of tags exceeded the per-server limit ${MAX_TAGS}`);
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('instance_tags').where('instance_uuid', '=', uuid).execute();
    if (unique.length) await trx.insertInto('instance_tags').values(unique.map((tag) => ({ instance_uuid: uuid, tag }))).execute();
    await trx.updateTable('instances').set({ updated_at: new Date().toISOString() }).where('uuid', '=', uuid).execute();
  });
  return unique.sort();
}

/** Adds one tag; false when it was already there. The count limit is checked inside the insert's transaction. */
export async function addTag(db: Db, uuid: string, tag: string, isUniqueViolation: (e: unknown) => boolean): Promise<boolean> {
  try {
    return await db.transaction().execute(async (trx) => {
      const existing = await trx.selectFrom('instance_tags').select('tag').where('instance_uuid', '=', uuid).execute();
      if (existing.some((r) => r.tag === tag)) return false;
      if (existing.length >= MAX_TAGS) throw badRequest(`The number of tags exceeded the per-server limit ${MAX_TAGS}`);
      await trx.insertInto('instance_tags').values({ instance_uuid: uuid, tag }).execute();
      return true;
    });
  } catch (err) {
    if (isUniqueViolation(err)) return false;
    throw err;
  }
}

export async function deleteTag(db: Db, uuid: string, tag: string): Promise<boolean> {
  const r = await db.deleteFrom('instance_tags').where('instance_uuid', '=', uuid).where('tag', '=', tag).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export async function deleteAllTags(db: Db, uuid: string): Promise<void> {
  await db.deleteFrom('instance_tags').where('instance_uuid', '=', uuid).execute();
}
