/** Cinder v3 volume types: list/show for everyone, create/delete for admins (cinder/api/v3/types.py, contrib/types_manage.py). */
import type { FastifyReply } from 'fastify';
import type { Runtime } from '../../runtime.js';
import { route, type RouteDef } from '../../http/route-table.js';
import { authorize } from '../../policy/check.js';
import { VolumeTypeService } from '../../services/block-storage/volume-type-service.js';
import {
  extraSpecUpdate,
  extraSpecsCreate,
  parseBooleanLike,
  volumeTypeCreate,
  volumeTypeUpdate,
} from './schemas/volumes.js';
import { bodyUriMismatch, invalidIsPublicFilter } from '../../domain/volumes/errors.js';
import { parseBoolString } from '../../lib/bool-from-string.js';
import { volumeTypeManageView, volumeTypeView } from './views/volumes.js';

/**
 * api_utils._parse_is_public: absent → true (public plus shared), "None" → all, else a strict
 * boolean. Only an admin's value is used (the service ignores it for members).
 */
function isPublicFilter(raw: string | string[] | undefined): boolean | null {
  const given = Array.isArray(raw) ? raw[raw.length - 1] : raw;
  if (given === undefined) return true;
  if (given.toLowerCase() === 'none') return null;
  const parsed = parseBoolString(given);
  if (parsed === undefined) throw invalidIsPublicFilter(given);
  return parsed;
}

export function volumeTypeRoutes(rt: Runtime): RouteDef[] {
  const svc = new VolumeTypeService(rt);
  return [
    route({
      method: 'GET',
      url: '/types',
      policy: 'volume_extension:type_get_all',
      target: () => ({}),
      handler: async (request) => ({
        volume_types: (await svc.list(request.ctx, isPublicFilter(request.query.is_public))).map((t) =>
          volumeTypeView(request.ctx, t),
        ),
      }),
    }),
    route({
      method: 'GET',
      url: '/types/:id',
      policy: 'volume_extension:type_get',
      target: () => ({}),
      handler: async (request) => {
        const view = volumeTypeView(request.ctx, await svc.get(request.ctx, request.params.id));
        // volume_type_access.py extends show from the cached type by id, which "default" is not
        if (request.params.id === 'default') delete view['os-volume-type-access:is_public'];
        return { volume_type: view };
      },
    }),
    route({
      method: 'POST',
      url: '/types',
      policy: 'volume_extension:type_create',
      body: { '1': volumeTypeCreate },
      handler: async (request) => {
        // types_manage.py checks the rule before it reads the body
        authorize(request.ctx, 'volume_extension:type_create');
        const b = request.body.volume_type;
        const t = await svc.create({
          name: b.name,
          description: b.description ?? null,
          isPublic:
            b['os-volume-type-access:is_public'] === undefined
              ? true
              : parseBooleanLike(b['os-volume-type-access:is_public']),
          extraSpecs: b.extra_specs ?? {},
        });
        // Cinder answers a type create with 200, not 201/202; volume_type_access.py extends
        // only this (not update) with its is_public key
        return {
          volume_type: { ...volumeTypeManageView(t), 'os-volume-type-access:is_public': t.is_public === 1 },
        };
      },
    }),
    route({
      method: 'PUT',
      url: '/types/:id',
      policy: 'volume_extension:type_update',
      target: () => ({}),
      body: { '1': volumeTypeUpdate },
      handler: async (request) => {
        const b = request.body.volume_type;
        const t = await svc.update(request.ctx, request.params.id, {
          name: b.name ?? null,
          description: b.description ?? null,
          isPublic: b.is_public === undefined ? null : parseBooleanLike(b.is_public),
        });
        return { volume_type: volumeTypeManageView(t) };
      },
    }),
    route({
      method: 'DELETE',
      url: '/types/:id',
      policy: 'volume_extension:type_delete',
      target: () => ({}),
      handler: async (request, reply: FastifyReply) => {
        await svc.delete(request.ctx, request.params.id);
        return reply.code(202).type('text/html; charset=UTF-8').send('');
      },
    }),
    route({
      method: 'GET',
      url: '/types/:id/extra_specs',
      policy: 'volume_extension:types_extra_specs:index',
      target: () => ({}),
      handler: async (request) => ({ extra_specs: await svc.extraSpecs(request.ctx, request.params.id) }),
    }),
    route({
      method: 'POST',
      url: '/types/:id/extra_specs',
      policy: 'volume_extension:types_extra_specs:create',
      target: () => ({}),
      body: { '1': extraSpecsCreate },
      handler: async (request) => {
        const specs = request.body.extra_specs;
        await svc.changeExtraSpecs(request.ctx, request.params.id, { set: specs });
        return { extra_specs: specs };
      },
    }),
    route({
      method: 'GET',
      url: '/types/:id/extra_specs/:key',
      policy: 'volume_extension:types_extra_specs:show',
      target: () => ({}),
      handler: async (request) => {
        const { id, key } = request.params;
        return { [key]: await svc.extraSpec(request.ctx, id, key) };
      },
    }),
    route({
      method: 'PUT',
      url: '/types/:id/extra_specs/:key',
      policy: 'volume_extension:types_extra_specs:update',
      target: () => ({}),
      body: { '1': extraSpecUpdate },
      handler: async (request) => {
        const { id, key } = request.params;
        const body = request.body;
        if (!Object.prototype.hasOwnProperty.call(body, key)) throw bodyUriMismatch();
        await svc.changeExtraSpecs(request.ctx, id, { set: body });
        return body;
      },
    }),
    route({
      method: 'DELETE',
      url: '/types/:id/extra_specs/:key',
      policy: 'volume_extension:types_extra_specs:delete',
      target: () => ({}),
      handler: async (request, reply: FastifyReply) => {
        const { id, key } = request.params;
        await svc.changeExtraSpecs(request.ctx, id, { remove: key });
        return reply.code(202).type('text/html; charset=UTF-8').send('');
      },
    }),
  ];
}
