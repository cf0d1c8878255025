/** /v3/domains (keystone/api/domains.py): list, show, create, update, delete. */
import type { Runtime } from '../../runtime.js';
import { route, type RouteDef } from '../../http/route-table.js';
import { IdentityAdminService } from '../../services/identity/identity-admin-service.js';
import type { PolicyTarget } from '../../policy/check.js';
import { boolFilter, queryValue } from './query.js';
import { rolesOnly } from './targets.js';
import { collectionLinks, v3Url } from './views/links.js';
import { domainView } from './views/domains.js';
import { createBody, updateBody } from './schemas/domains.js';

/** the domain in the URL, which a token scoped to it (or to one of its projects) may read */
const domainInUrl = (request: { params: { id: string } }): PolicyTarget => ({ domain_id: request.params.id });

export function domainRoutes(rt: Runtime): RouteDef[] {
  const svc = new IdentityAdminService(rt);
  return [
    route({
      method: 'GET',
      url: '/v3/domains',
      policy: 'identity:list_domains',
      target: rolesOnly,
      handler: async (request) => {
        const rows = await svc.listDomains({
          name: queryValue(request, 'name'),
          enabled: boolFilter(request, 'enabled'),
        });
        const v3 = v3Url(rt, request);
        return { domains: rows.map((d) => domainView(d, v3)), links: collectionLinks(rt, request) };
      },
    }),
    route({
      method: 'POST',
      url: '/v3/domains',
      policy: 'identity:create_domain',
      target: rolesOnly,
      body: { '1': createBody },
      handler: async (request, reply) =>
        reply.code(201).send({ domain: domainView(await svc.createDomain(request.body.domain), v3Url(rt, request)) }),
    }),
    route({
      method: 'GET',
      url: '/v3/domains/:id',
      policy: 'identity:get_domain',
      target: domainInUrl,
      handler: async (request) => ({ domain: domainView(await svc.domain(request.params.id), v3Url(rt, request)) }),
    }),
    route({
      method: 'PATCH',
      url: '/v3/domains/:id',
      policy: 'identity:update_domain',
      target: rolesOnly,
      body: { '1': updateBody },
      handler: async (request) => ({
        domain: domainView(await svc.updateDomain(request.params.id, request.body.domain), v3Url(rt, request)),
      }),
    }),
    route({
      method: 'DELETE',
      url: '/v3/domains/:id',
      policy: 'identity:delete_domain',
      target: rolesOnly,
      handler: async (request, reply) => {
        await svc.deleteDomain(request.params.id);
        return reply.code(204).send();
      },
    }),
  ];
}
