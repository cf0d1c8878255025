/** Cinder's read side of quotas: GET /limits and GET /os-quota-sets/{project}[/defaults]. */
import type { Runtime } from '../../runtime.js';
import { route, type RouteDef } from '../../http/route-table.js';
import { notABoolean } from '../../domain/volumes/errors.js';
import { quotaSetUpdate } from './schemas/volumes.js';
import { BlockStorageQuotaService } from '../../services/block-storage/quota-service.js';
import { parseBoolString } from '../../lib/bool-from-string.js';

export function quotaRoutes(rt: Runtime): RouteDef[] {
  const svc = new BlockStorageQuotaService(rt);
  return [
    route({
      method: 'GET',
      url: '/limits',
      policy: 'limits_extension:used_limits',
      target: () => ({}),
      handler: async (request) => ({
        limits: { rate: [], absolute: await svc.limits(request.ctx.projectId ?? '') },
      }),
    }),
    route({
      method: 'GET',
      url: '/os-quota-sets/:target',
      policy: 'volume_extension:quotas:show',
      target: (request) => ({ project_id: request.params.target }),
      handler: async (request) => {
        const raw = request.query.usage;
        const given = Array.isArray(raw) ? raw[0] : raw;
        const parsed = given === undefined ? false : parseBoolString(given);
        if (parsed === undefined) throw notABoolean('usage', given ?? '');
        const usage = parsed;
        const set = await svc.quotaSet(request.params.target);
        const body: Record<string, unknown> = {};
        for (const [k, v] of set) body[k] = usage ? v : v.limit;
        body.id = request.params.target;
        return { quota_set: body };
      },
    }),
    route({
      method: 'GET',
      url: '/os-quota-sets/:target/defaults',
      policy: 'volume_extension:quotas:show',
      target: (request) => ({ project_id: request.params.target }),
      handler: async (request) => {
        const body: Record<string, unknown> = {};
        // defaults have no usage: the limits of a project that has nothing
        for (const [k, v] of await svc.quotaSet(request.params.target)) body[k] = v.limit;
        body.id = request.params.target;
        return { quota_set: body };
      },
    }),
    route({
      method: 'PUT',
      url: '/os-quota-sets/:target',
      policy: 'volume_extension:quotas:update',
      target: (request) => ({ project_id: request.params.target }),
      body: { '1': quotaSetUpdate },
      handler: async (request) => {
        const body: Record<string, unknown> = {};
        for (const [k, v] of await svc.update(request.params.target, request.body.quota_set)) body[k] = v.limit;
        return { quota_set: body };
      },
    }),
    route({
      method: 'DELETE',
      url: '/os-quota-sets/:target',
      policy: 'volume_extension:quotas:delete',
      target: (request) => ({ project_id: request.params.target }),
      handler: async (request, reply) => {
        await svc.reset(request.params.target);
        return reply.code(200).type('text/html; charset=UTF-8').send('');
      },
    }),
  ];
}
