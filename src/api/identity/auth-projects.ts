/**
 * GET /v3/auth/projects and /v3/auth/domains (keystone/api/auth.py): what the token's user can
 * scope to. Any valid token may ask; only enabled targets are listed, as Keystone does.
 */
import type { Runtime } from '../../runtime.js';
import { route, type RouteDef } from '../../http/route-table.js';
import { IdentityAdminService } from '../../services/identity/identity-admin-service.js';
import { collectionLinks, v3Url } from './views/links.js';
import { projectView } from './views/projects.js';
import { domainView } from './views/domains.js';

export function authProjectRoutes(rt: Runtime): RouteDef[] {
  const svc = new IdentityAdminService(rt);
  return [
    route({
      method: 'GET',
      url: '/v3/auth/projects',
      handler: async (request) => {
        const rows = (await svc.projectsOfUser(request.ctx.userId)).filter((p) => p.enabled === 1);
        const v3 = v3Url(rt, request);
        return {
          projects: (await svc.projectDetails(rows)).map((p) => projectView(p, v3)),
          links: collectionLinks(rt, request),
        };
      },
    }),
    route({
      method: 'GET',
      url: '/v3/auth/domains',
      handler: async (request) => {
        const rows = (await svc.domainsOfUser(request.ctx.userId)).filter((d) => d.enabled === 1);
        const v3 = v3Url(rt, request);
        return { domains: rows.map((d) => domainView(d, v3)), links: collectionLinks(rt, request) };
      },
    }),
  ];
}
