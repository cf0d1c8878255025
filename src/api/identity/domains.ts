/** /v3/domains (keystone/api/domains.py): list and show; domains are seeded, not created here. */
import type { Runtime } from '../../runtime.js';
import type { RouteDef } from '../../http/route-table.js';
import { authorize } from '../../policy/check.js';
import { IdentityAdminService } from '../../services/identity/identity-admin-service.js';
import { boolFilter, queryValue } from './query.js';
import { collectionLinks, v3Url } from './views/links.js';
import { domainView } from './views/domains.js';

export function domainRoutes(rt: Runtime): RouteDef[] {
  const svc = new IdentityAdminService(rt);
  return [
    {
      method: 'GET', url: '/v3/domains', policy: 'identity:list_domains',
      handler: async (request) => {
        authorize(request.ctx, 'identity:list_domains');
        const rows = await svc.listDomains({ name: queryValue(request, 'name'), enabled: boolFilter(request, 'enabled') });
        const v3 = v3Url(rt, request);
        return { domains: rows.map((d) => domainView(d, v3)), links: collectionLinks(rt, request) };
      },
    },
    {
      method: 'GET', url: '/v3/domains/:id', policy: 'identity:get_domain',
      handler: async (request) => {
        authorize(request.ctx, 'identity:get_domain');
        return { domain: domainView(await svc.domain((request.params as { id: string }).id), v3Url(rt, request)) };
      },
    },
  ];
}
