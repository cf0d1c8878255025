/** /v3/OS-OAUTH1/consumers (keystone/api/os_oauth1.py ConsumerResource): admin CRUD. */
import type { Runtime } from '../../runtime.js';
import { route, type RouteDef } from '../../http/route-table.js';
import { OAuth1ConsumerService } from '../../services/identity/oauth1-consumer-service.js';
import { consumerView } from './views/oauth1-consumers.js';
import { rolesOnly } from './targets.js';
import { collectionLinks, v3Url } from './views/links.js';
import { consumerCreateBody, consumerUpdateBody } from './schemas/oauth1-consumers.js';

export function oauth1ConsumerRoutes(rt: Runtime): RouteDef[] {
  const svc = new OAuth1ConsumerService(rt);
  const base = '/v3/OS-OAUTH1/consumers';
  return [
    route({
      method: 'GET',
      url: base,
      policy: 'identity:list_consumers',
      target: rolesOnly,
      handler: async (request) => {
        const v3 = v3Url(rt, request);
        return { consumers: (await svc.list()).map((c) => consumerView(c, v3)), links: collectionLinks(rt, request) };
      },
    }),
    route({
      method: 'POST',
      url: base,
      policy: 'identity:create_consumer',
      target: rolesOnly,
      body: { '1': consumerCreateBody },
      handler: async (request, reply) => {
        const c = await svc.create(request.body.consumer ?? {});
        return reply.code(201).send({ consumer: consumerView(c, v3Url(rt, request), c.secret) });
      },
    }),
    route({
      method: 'GET',
      url: `${base}/:id`,
      policy: 'identity:get_consumer',
      target: rolesOnly,
      handler: async (request) => ({ consumer: consumerView(await svc.get(request.params.id), v3Url(rt, request)) }),
    }),
    route({
      method: 'PATCH',
      url: `${base}/:id`,
      policy: 'identity:update_consumer',
      target: rolesOnly,
      body: { '1': consumerUpdateBody },
      handler: async (request) => ({
        consumer: consumerView(await svc.update(request.params.id, request.body.consumer), v3Url(rt, request)),
      }),
    }),
    route({
      method: 'DELETE',
      url: `${base}/:id`,
      policy: 'identity:delete_consumer',
      target: rolesOnly,
      handler: async (request, reply) => {
        await svc.delete(request.params.id);
        return reply.code(204).send();
      },
    }),
  ];
}
