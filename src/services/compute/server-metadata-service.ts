/**
 * Server metadata and tags writes (nova/compute/api.py update_instance_metadata,
 * delete_instance_metadata; nova/api/openstack/compute/server_tags.py). Every writer of the
 * metadata column (Nova's metadata API, Mogan's `extra`) goes through updateServerMetadata, so
 * the lock, the state gates (domain/instances/rules.ts) and the metadata_items limit are one
 * rule set. Tags rely on the (instance_uuid, tag) primary key.
 */
import type { Runtime } from '../../runtime.js';
import { classQuotas, DEFAULT_CLASS, effectiveQuotas } from './quota-service.js';
import type { RequestContext } from '../../domain/context.js';
import { DomainError, badRequest, conflict, instanceNotFound } from '../../domain/errors.js';
import { checkInstanceState, checkLock, type StatefulInstance } from '../../domain/instances/rules.js';
import { pyRepr } from '../../lib/python-repr.js';
import {
  deleteAllInstanceTags,
  deleteInstanceTag,
  insertInstanceTag,
  listInstanceTags,
  readMetadataState,
  replaceInstanceTags,
  swapMetadata,
} from '../../store/repositories/server-metadata-repository.js';
import { quotaExceeded } from '../../domain/compute-errors.js';

export const MAX_TAGS = 50;

export type Metadata = Record<string, string>;

/**
 * One metadata write: `merge` adds/overwrites keys (POST, PUT of one key), `replace` sets the
 * whole map (PUT), `delete` removes a key that must exist (404 "Metadata item was not found",
 * checked before the lock and state, as server_metadata.py does), `apply` computes the new map
 * from the current one (for callers such as a JSON patch; it may throw DomainErrors).
 */
export type MetadataChange =
  | { op: 'merge'; items: Metadata }
  | { op: 'replace'; items: Metadata }
  | { op: 'delete'; key: string }
  | { op: 'apply'; fn: (current: Metadata) => Metadata };

export const metadataItemNotFound = (): DomainError => new DomainError('NOT_FOUND', 404, 'Metadata item was not found');

function nextMetadata(current: Metadata, change: MetadataChange): Metadata {
  switch (change.op) {
    case 'merge':
      return { ...current, ...change.items };
    case 'replace':
      return { ...change.items };
    case 'delete': {
      const { [change.key]: _gone, ...rest } = current;
      return rest;
    }
    case 'apply':
      return change.fn({ ...current });
  }
}

/**
 * Applies one change to a live instance's metadata and returns the stored map. The caller has
 * already resolved the instance and authorised the request in its dialect's own way (Nova's 404
 * for another project, Mogan's 403). Rules, in Nova's order: the instance exists (404), the key
 * of a delete exists (404), check_instance_lock (409), check_instance_state for update_metadata /
 * delete_metadata (409), the metadata_items limit (403). The write is a compare-and-swap on the
 * row the rules were checked against, retried when another writer got in between.
 */
export async function updateServerMetadata(
  rt: Runtime,
  ctx: RequestContext,
  instanceUuid: string,
  change: MetadataChange,
): Promise<Metadata> {
  const rule = change.op === 'delete' ? 'delete_metadata' : 'update_metadata';
  // limit_check against the caller's project quota (os-quota-sets / the default class / config)
  const maxItems = (ctx.projectId ? await effectiveQuotas(rt, ctx.projectId) : await classQuotas(rt, DEFAULT_CLASS))
    .metadata_items;
  for (let attempt = 0; attempt < 20; attempt++) {
    const seen = await readMetadataState(rt.store.db, instanceUuid);
    if (!seen) throw instanceNotFound(instanceUuid);
    const current = JSON.parse(seen.metadata) as Metadata;
    if (change.op === 'delete' && !Object.hasOwn(current, change.key)) throw metadataItemNotFound();
    checkLock(seen, ctx);
    checkInstanceState(rule, seen);
    const next = nextMetadata(current, change);
    const n = Object.keys(next).length;
    if (maxItems >= 0 && n > maxItems) {
      throw quotaExceeded('metadata_items', n, 0, maxItems);
    }
    if (await swapMetadata(rt.store.db, seen, JSON.stringify(next), rt.clock().toISOString())) return next;
  }
  throw conflict('There was a conflict when trying to complete your request.');
}

/** server_tags.py _check_instance_in_valid_state; `action` is the words the route's 409 prints. */
export function checkTagsWritable(row: StatefulInstance, action: string): void {
  checkInstanceState('tags', row, action);
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
    throw badRequest(
      `Tag '${tag}' is invalid. It must be a non empty string without characters '/' and ','. Validation error message: ${err}`,
    );
  }
}

const tooManyTags = () => badRequest(`The number of tags exceeded the per-server limit ${MAX_TAGS}`);

export async function replaceTags(rt: Runtime, uuid: string, tags: string[]): Promise<string[]> {
  const unique = [...new Set(tags)];
  if (unique.length > MAX_TAGS) throw tooManyTags();
  const now = rt.clock().toISOString();
  await rt.store.transaction((trx) => replaceInstanceTags(trx, uuid, unique, now));
  return unique.sort();
}

/** Adds one tag; false when it was already there. The count limit is checked inside the insert's transaction. */
export async function addTag(rt: Runtime, uuid: string, tag: string): Promise<boolean> {
  try {
    return await rt.store.transaction(async (trx) => {
      const existing = await listInstanceTags(trx, uuid);
      if (existing.includes(tag)) return false;
      if (existing.length >= MAX_TAGS) throw tooManyTags();
      await insertInstanceTag(trx, uuid, tag);
      return true;
    });
  } catch (err) {
    if (rt.store.adapter.isUniqueViolation(err)) return false;
    throw err;
  }
}

export function deleteTag(rt: Runtime, uuid: string, tag: string): Promise<boolean> {
  return deleteInstanceTag(rt.store.db, uuid, tag);
}

export function deleteAllTags(rt: Runtime, uuid: string): Promise<void> {
  return deleteAllInstanceTags(rt.store.db, uuid);
}
