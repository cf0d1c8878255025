/**
 * Neutron's tags (standard-attr-tag; neutron/services/tag/tag_plugin.py): a set of strings on each
 * network, subnet, port, router, floating IP, security group and subnet pool, replaced, added to
 * and removed from through /{resource}/{id}/tags, shown in the resource's `tags` and filtered on by
 * its list.
 *
 * Zed has no policy rules for tags: the plugin finds the resource with the caller's visibility
 * (model_query.get_by_id), so whoever can see a resource may change its tags, a shared or external
 * network included; an invisible or unknown one is TagResourceNotFound. A change bumps the
 * resource's revision_number and updated_at once (Tag.revises_on_change); one that changes nothing
 * bumps nothing.
 */
import type { RequestContext } from '../../domain/context.js';
import { isDomainError } from '../../domain/errors.js';
import { tagNotFound, tagResourceNotFound } from '../../domain/ports/network-errors.js';
import { matchesTagFilters, sortTags, type TagFilters } from '../../domain/ports/tags.js';
import type { Runtime } from '../../runtime.js';
import type { DbOrTrx } from '../../store/database.js';
import * as repo from '../../store/repositories/neutron-tag-repository.js';
import type { TaggedType } from '../../store/repositories/neutron-tag-repository.js';
import { showFloatingIp, showRouter } from './l3-service.js';
import { getVisibleNetwork, showSubnet } from './network-service.js';
import { showPort } from './port-service.js';
import { retryOnConflict } from './retry.js';
import { showSecurityGroup } from './security-group-service.js';
import { showSubnetpool } from './subnet-pool-service.js';

export type { TaggedType } from '../../store/repositories/neutron-tag-repository.js';

/** each type's show visibility (its NotFound when the caller cannot see the resource) */
const SHOW: Record<TaggedType, (rt: Runtime, ctx: RequestContext, id: string) => Promise<unknown>> = {
  networks: (rt, ctx, id) => getVisibleNetwork(rt.store.db, ctx, id),
  subnets: showSubnet,
  ports: showPort,
  routers: showRouter,
  floatingips: showFloatingIp,
  security_groups: showSecurityGroup,
  subnetpools: showSubnetpool,
};

/** The resource the caller names, if it may see it; else TagResourceNotFound. */
async function requireVisible(rt: Runtime, ctx: RequestContext, type: TaggedType, id: string): Promise<void> {
  try {
    await SHOW[type](rt, ctx, id);
  } catch (err) {
    if (isDomainError(err) && err.status === 404) throw tagResourceNotFound(type, id);
    throw err;
  }
}

/**
 * A change of a resource's tags: the visibility check, then `change` in a transaction holding the
 * resource's tag lock (two replace-alls do not interleave), bumping the revision when it reports a
 * change. A resource deleted meanwhile fails the tag insert's foreign key: the retry answers 404.
 */
async function changeTags<T>(
  rt: Runtime,
  ctx: RequestContext,
  type: TaggedType,
  id: string,
  change: (trx: DbOrTrx) => Promise<{ changed: boolean; result: T }>,
): Promise<T> {
  return retryOnConflict(rt.store.adapter, async () => {
    await requireVisible(rt, ctx, type, id);
    return rt.store.transaction(async (trx) => {
      await rt.store.adapter.lockForUpdateOf(trx, `tags:${type}:${id}`);
      const { changed, result } = await change(trx);
      if (changed) await repo.bumpRevision(trx, type, id, rt.clock().toISOString());
      return result;
    });
  });
}

/** GET /{resource}/{id}/tags */
export async function getTags(rt: Runtime, ctx: RequestContext, type: TaggedType, id: string): Promise<string[]> {
  await requireVisible(rt, ctx, type, id);
  return sortTags((await repo.listTags(rt.store.db, type, [id])).map((r) => r.tag));
}

/** GET /{resource}/{id}/tags/{tag}: TagNotFound unless the resource has it */
export async function requireTag(rt: Runtime, ctx: RequestContext, type: TaggedType, id: string, tag: string) {
  if (!(await getTags(rt, ctx, type, id)).includes(tag)) throw tagNotFound(tag);
}

/** PUT /{resource}/{id}/tags: the resource's tags become exactly `tags` */
export async function replaceTags(
  rt: Runtime,
  ctx: RequestContext,
  type: TaggedType,
  id: string,
  tags: string[],
): Promise<void> {
  await changeTags(rt, ctx, type, id, async (trx) => {
    const old = new Set((await repo.listTags(trx, type, [id])).map((r) => r.tag));
    const removed = [...old].filter((t) => !tags.includes(t));
    await repo.deleteTags(trx, type, id, removed);
    let added = 0;
    for (const t of tags) if (!old.has(t) && (await repo.insertTag(trx, type, id, t))) added++;
    return { changed: removed.length > 0 || added > 0, result: undefined };
  });
}

/** PUT /{resource}/{id}/tags/{tag}: adds it; already there is no change and no error */
export async function addTag(rt: Runtime, ctx: RequestContext, type: TaggedType, id: string, tag: string) {
  await changeTags(rt, ctx, type, id, async (trx) => ({
    changed: await repo.insertTag(trx, type, id, tag),
    result: undefined,
  }));
}

/** DELETE /{resource}/{id}/tags/{tag}: TagNotFound unless the resource had it */
export async function removeTag(rt: Runtime, ctx: RequestContext, type: TaggedType, id: string, tag: string) {
  await changeTags(rt, ctx, type, id, async (trx) => {
    if ((await repo.deleteTags(trx, type, id, [tag])) === 0) throw tagNotFound(tag);
    return { changed: true, result: undefined };
  });
}

/** DELETE /{resource}/{id}/tags */
export async function removeAllTags(rt: Runtime, ctx: RequestContext, type: TaggedType, id: string) {
  await changeTags(rt, ctx, type, id, async (trx) => ({
    changed: (await repo.deleteTags(trx, type, id)) > 0,
    result: undefined,
  }));
}

/** The tags of each of these resources, in Neutron's order (none: []). */
export async function tagsOf(rt: Runtime, type: TaggedType, ids: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return out;
  // a long list reads the type's tags in one query rather than by chunks of ids
  const rows = await repo.listTags(rt.store.db, type, ids.length > 500 ? undefined : ids);
  for (const r of rows) out.get(r.resource_id)?.push(r.tag);
  for (const [id, tags] of out) out.set(id, sortTags(tags));
  return out;
}

/** The ids among these whose tags pass the list filters. */
export function passingTagFilters(tags: Map<string, string[]>, f: TagFilters): Set<string> {
  const out = new Set<string>();
  for (const [id, t] of tags) if (matchesTagFilters(new Set(t), f)) out.add(id);
  return out;
}
