/**
 * Cinder v3 group types (3.11) and their group specs: list/show for everyone (private types for
 * admins only), create/update/delete and the specs for admins (cinder/api/v3/group_types.py,
 * group_specs.py).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Runtime } from '../../runtime.js';
import { route, type RawQuery, type RouteDef } from '../../http/route-table.js';
import { authorize } from '../../policy/check.js';
import { GroupTypeService, type GroupTypeSortKey } from '../../services/block-storage/group-type-service.js';
import { bodyUriMismatch, invalidIsPublicFilter, invalidSortKey } from '../../domain/volumes/errors.js';
import { parseBoolString } from '../../lib/bool-from-string.js';
import { parseBooleanLike } from './schemas/volumes.js';
import { groupSpecUpdate, groupSpecsCreate, groupTypeCreate, groupTypeUpdate } from './schemas/groups.js';
import { groupTypeView } from './views/groups.js';
import { firstParam, pageParams, sortParams } from './list-params.js';

const SORT_KEYS: GroupTypeSortKey[] = ['name', 'id', 'created_at', 'updated_at', 'description', 'is_public'];
const MIN = '3.11';

/** api_utils._parse_is_public: absent → public only, "None" → every type, else a strict boolean */
function isPublicFilter(q: RawQuery): boolean | null {
  const given = firstParam(q, 'is_public');
  if (given === undefined) return true;
  if (given.toLowerCase() === 'none') return null;
  const parsed = parseBoolString(given);
  if (parsed === undefined) throw invalidIsPublicFilter(given);
  return parsed;
}

const empty = (reply: FastifyReply) => reply.code(202).type('text/html; charset=UTF-8').send('');

export function groupTypeRoutes(rt: Runtime): RouteDef[] {
  const svc = new GroupTypeService(rt);
  const show = (request: FastifyRequest, id: string) =>
    id === 'default' ? svc.defaultType() : svc.get(request.ctx, id);
  return [
    route({
      method: 'GET',
      url: '/group_types',
      minVersion: MIN,
      handler: async (request) => {
        const q = request.query;
        const { limit, offset } = pageParams(q);
        const { key, dir } = sortParams(q);
        if (!(SORT_KEYS as string[]).includes(key)) throw invalidSortKey();
        const rows = await svc.list(request.ctx, {
          isPublic: isPublicFilter(q),
          sortKey: key as GroupTypeSortKey,
          sortDir: dir,
          limit,
          offset,
          marker: firstParam(q, 'marker'),
        });
        return { group_types: rows.map((t) => groupTypeView(request.ctx, t)) };
      },
    }),
    route({
      method: 'GET',
      url: '/group_types/:id',
      minVersion: MIN,
      handler: async (request) => ({ group_type: groupTypeView(request.ctx, await show(request, request.params.id)) }),
    }),
    route({
      method: 'POST',
      url: '/group_types',
      policy: 'group:group_types:create',
      minVersion: MIN,
      body: { '3.0': groupTypeCreate },
      handler: async (request, reply) => {
        authorize(request.ctx, 'group:group_types:create');
        const b = request.body.group_type;
        const t = await svc.create({
          name: b.name,
          description: b.description ?? null,
          isPublic: b.is_public === undefined ? true : parseBooleanLike(b.is_public),
          specs: b.group_specs ?? {},
        });
        reply.code(202);
        return { group_type: groupTypeView(request.ctx, t) };
      },
    }),
    route({
      method: 'PUT',
      url: '/group_types/:id',
      policy: 'group:group_types:update',
      minVersion: MIN,
      body: { '3.0': groupTypeUpdate },
      handler: async (request) => {
        authorize(request.ctx, 'group:group_types:update');
        const b = request.body.group_type;
        const t = await svc.update(request.ctx, request.params.id, {
          name: b.name ?? null,
          description: b.description ?? null,
          isPublic: b.is_public === undefined ? null : parseBooleanLike(b.is_public),
        });
        return { group_type: groupTypeView(request.ctx, t) };
      },
    }),
    route({
      method: 'DELETE',
      url: '/group_types/:id',
      policy: 'group:group_types:delete',
      minVersion: MIN,
      handler: async (request, reply: FastifyReply) => {
        authorize(request.ctx, 'group:group_types:delete');
        await svc.delete(request.ctx, request.params.id);
        return empty(reply);
      },
    }),
    route({
      method: 'GET',
      url: '/group_types/:id/group_specs',
      policy: 'group:group_types_specs:get_all',
      minVersion: MIN,
      handler: async (request) => {
        authorize(request.ctx, 'group:group_types_specs:get_all');
        return { group_specs: await svc.specs(request.ctx, request.params.id) };
      },
    }),
    route({
      method: 'POST',
      url: '/group_types/:id/group_specs',
      policy: 'group:group_types_specs:create',
      minVersion: MIN,
      body: { '3.0': groupSpecsCreate },
      handler: async (request, reply) => {
        authorize(request.ctx, 'group:group_types_specs:create');
        const specs = request.body.group_specs;
        await svc.changeSpecs(request.ctx, request.params.id, { set: specs });
        reply.code(202);
        return { group_specs: specs };
      },
    }),
    route({
      method: 'GET',
      url: '/group_types/:id/group_specs/:key',
      policy: 'group:group_types_specs:get',
      minVersion: MIN,
      handler: async (request) => {
        authorize(request.ctx, 'group:group_types_specs:get');
        const { id, key } = request.params;
        return { [key]: await svc.spec(request.ctx, id, key) };
      },
    }),
    route({
      method: 'PUT',
      url: '/group_types/:id/group_specs/:key',
      policy: 'group:group_types_specs:update',
      minVersion: MIN,
      body: { '3.0': groupSpecUpdate },
      handler: async (request) => {
        authorize(request.ctx, 'group:group_types_specs:update');
        const { id, key } = request.params;
        const body = request.body;
        if (!Object.prototype.hasOwnProperty.call(body, key)) throw bodyUriMismatch();
        await svc.changeSpecs(request.ctx, id, { set: body });
        return body;
      },
    }),
    route({
      method: 'DELETE',
      url: '/group_types/:id/group_specs/:key',
      policy: 'group:group_types_specs:delete',
      minVersion: MIN,
      handler: async (request, reply: FastifyReply) => {
        authorize(request.ctx, 'group:group_types_specs:delete');
        const { id, key } = request.params;
        await svc.changeSpecs(request.ctx, id, { remove: key });
        return empty(reply);
      },
    }),
  ];
}
