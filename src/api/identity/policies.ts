/** /v3/policies (keystone/api/policy.py): admin CRUD of stored policy blobs. */
import type { Runtime } from '../../runtime.js';
import { route, type RouteDef } from '../../http/route-table.js';
import { PolicyService } from '../../services/identity/policy-service.js';
import { queryValue } from './query.js';
import { rolesOnly } from './targets.js';
import { collectionLinks, v3Url } from './views/links.js';
import { policyView } from './views/policies.js';
import { policyCreateBody, policyUpdateBody } from './schemas/policies.js';

export function policyRoutes(rt: Runtime): RouteDef[] {
  const svc = new PolicyService(rt);
  return [
    route({
      method: 'GET',
      url: '/v3/policies',
      policy: 'identity:list_policies',
      target: rolesOnly,
      handler: async (request) => {
        const v3 = v3Url(rt, request);
        const rows = await svc.list({ type: queryValue(request, 'type') });
        return { policies: rows.map((p) => policyView(p, v3)), links: collectionLinks(rt, request) };
      },
    }),
    route({
      method: 'POST',
      url: '/v3/policies',
      policy: 'identity:create_policy',
      target: rolesOnly,
      body: { '1': policyCreateBody },
      handler: async (request, reply) =>
        reply.code(201).send({ policy: policyView(await svc.create(request.body.policy), v3Url(rt, request)) }),
    }),
    route({
      method: 'GET',
      url: '/v3/policies/:id',
      policy: 'identity:get_policy',
      target: rolesOnly,
      handler: async (request) => ({ policy: policyView(await svc.get(request.params.id), v3Url(rt, request)) }),
    }),
    route({
      method: 'PATCH',
      url: '/v3/policies/:id',
      policy: 'identity:update_policy',
      target: rolesOnly,
      body: { '1': policyUpdateBody },
      handler: async (request) => ({
        policy: policyView(await svc.update(request.params.id, request.body.policy), v3Url(rt, request)),
      }),
    }),
    route({
      method: 'DELETE',
      url: '/v3/policies/:id',
      policy: 'identity:delete_policy',
      target: rolesOnly,
      handler: async (request, reply) => {
        await svc.delete(request.params.id);
        return reply.code(204).send();
      },
    }),
  ];
}
