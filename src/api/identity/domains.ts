/** /v3/domains (keystone/api/domains.py): list and show; domains are seeded, not created here. */
import type { Runtime } from '../../runtime.js';
import { route, type RouteDef } from '../../http/route-table.js';
import { IdentityAdminService } from '../../services/identity/identity-admin-service.js';
import { boolFilter, queryValue } from './query.js';
import { rolesOnly } from './targets.js';
import { collectionLinks, v3Url } from './views/links.js';
import { domainView } from './views/domains.js';

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
      method: 'GET',
      url: '/v3/domains/:id',
      policy: 'identity:get_domain',
      target: rolesOnly,
      handler: async (request) => ({ domain: domainView(await svc.domain(request.params.id), v3Url(rt, request)) }),
    }),
  ];
}
