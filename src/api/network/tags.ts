/**
 * Neutron's tags API (standard-attr-tag; neutron/extensions/tagging.py) under each tagged resource,
 * and the two things every tagged resource's routes use: its stored tags in its view, and the
 * tags/tags-any/not-tags/not-tags-any filters of its list.
 */
import type { Runtime } from '../../runtime.js';
import { route, type RouteDef } from '../../http/route-table.js';
import type { NeutronRouteTarget } from '../../policy/network-rules.js';
import { parseTagFilters, validateTag, validateTagsBody } from '../../domain/ports/tags.js';
import { tagCreateNotSupported } from '../../domain/ports/network-errors.js';
import {
  addTag,
  getTags,
  passingTagFilters,
  removeAllTags,
  removeTag,
  replaceTags,
  requireTag,
  tagsOf,
  type TaggedType,
} from '../../services/network/tag-service.js';
import { queryValues, type HasQuery } from './request.js';

type View = Record<string, unknown>;

/** URL collection → Neutron's collection name (tagging.py serves security_groups as security-groups) */
const TAGGED: Array<[string, TaggedType]> = [
  ['networks', 'networks'],
  ['subnets', 'subnets'],
  ['ports', 'ports'],
  ['routers', 'routers'],
  ['floatingips', 'floatingips'],
  ['security-groups', 'security_groups'],
  ['subnetpools', 'subnetpools'],
];

/** The views with each resource's stored tags in `tags`. */
export async function withTags(rt: Runtime, type: TaggedType, views: View[]): Promise<View[]> {
  const tags = await tagsOf(
    rt,
    type,
    views.map((v) => String(v.id)),
  );
  return views.map((v) => ({ ...v, tags: tags.get(String(v.id)) ?? [] }));
}

/** One view with its stored tags. */
export async function withTagsOne(rt: Runtime, type: TaggedType, view: View): Promise<View> {
  const [out] = await withTags(rt, type, [view]);
  return out ?? view;
}

/**
 * A list's views with their tags, less those the request's tag filters leave out (before paging,
 * as Neutron filters in its query).
 */
export async function taggedList(rt: Runtime, request: HasQuery, type: TaggedType, views: View[]): Promise<View[]> {
  const filters = parseTagFilters((name) => queryValues(request, name));
  const tagged = await withTags(rt, type, views);
  if (!filters) return tagged;
  const tags = new Map(tagged.map((v) => [String(v.id), v.tags as string[]]));
  const passing = passingTagFilters(tags, filters);
  return tagged.filter((v) => passing.has(String(v.id)));
}

/** The six tag routes of one resource type (Zed checks no policy rule of its own for them). */
function routesFor(rt: Runtime, path: string, type: TaggedType): Array<RouteDef<NeutronRouteTarget>> {
  const base = `/${path}/:id/tags` as const;
  const one = `/${path}/:id/tags/:tag` as const;
  return [
    route({
      method: 'GET',
      url: base,
      handler: async (request) => ({ tags: await getTags(rt, request.ctx, type, request.params.id) }),
    }),
    route({
      method: 'PUT',
      url: base,
      // tagging.py answers the request body itself
      handler: async (request) => {
        await replaceTags(rt, request.ctx, type, request.params.id, validateTagsBody(request.body));
        return request.body;
      },
    }),
    route({
      method: 'DELETE',
      url: base,
      handler: async (request, reply) => {
        await removeAllTags(rt, request.ctx, type, request.params.id);
        return reply.code(204).send();
      },
    }),
    route({
      method: 'POST',
      url: base,
      handler: async () => {
        throw tagCreateNotSupported();
      },
    }),
    route({
      method: 'GET',
      url: one,
      handler: async (request, reply) => {
        await requireTag(rt, request.ctx, type, request.params.id, validateTag(request.params.tag));
        return reply.code(204).send();
      },
    }),
    route({
      method: 'PUT',
      url: one,
      // 201 with the JSON null Neutron's controller returns
      handler: async (request, reply) => {
        await addTag(rt, request.ctx, type, request.params.id, validateTag(request.params.tag));
        return reply.code(201).type('application/json').send('null');
      },
    }),
    route({
      method: 'DELETE',
      url: one,
      handler: async (request, reply) => {
        await removeTag(rt, request.ctx, type, request.params.id, validateTag(request.params.tag));
        return reply.code(204).send();
      },
    }),
  ];
}

export function tagRoutes(rt: Runtime): Array<RouteDef<NeutronRouteTarget>> {
  return TAGGED.flatMap(([path, type]) => routesFor(rt, path, type));
}
