/**
 * Role grants on projects and domains (keystone/api/projects.py and domains.py grant resources):
 * PUT/HEAD/GET/DELETE /v3/{projects|domains}/{t}/users/{u}/roles/{r} and GET …/users/{u}/roles.
 */
import type { FastifyRequest } from 'fastify';
import type { Runtime } from '../../runtime.js';
import type { RouteDef } from '../../http/route-table.js';
import { authorize } from '../../policy/check.js';
import { GrantService } from '../../services/identity/grant-service.js';
import { IdentityAdminService, type GrantTarget } from '../../services/identity/identity-admin-service.js';
import { collectionLinks, v3Url } from './views/links.js';
import { roleView } from './views/roles.js';

type Params = { target: string; user: string; role: string };

export function grantRoutes(rt: Runtime): RouteDef[] {
  const svc = new GrantService(rt);
  const admin = new IdentityAdminService(rt);
  const routes: RouteDef[] = [];
  for (const kind of ['project', 'domain'] as const) {
    const base = `/v3/${kind}s/:target/users/:user/roles`;
    const parts = (request: FastifyRequest): { target: GrantTarget; user: string; role: string } => {
      const p = request.params as Params;
      return { target: { kind, id: p.target }, user: p.user, role: p.role };
    };
    const check = async (request: FastifyRequest, reply: import('fastify').FastifyReply) => {
      authorize(request.ctx, 'identity:check_grant');
      const g = parts(request);
      await svc.checkGrant(g.target, g.user, g.role);
      return reply.code(204).send();
    };
    routes.push(
      {
        method: 'PUT', url: `${base}/:role`, policy: 'identity:create_grant',
        handler: async (request, reply) => {
          authorize(request.ctx, 'identity:create_grant');
          const g = parts(request);
          await svc.addGrant(g.target, g.user, g.role);
          return reply.code(204).send();
        },
      },
      { method: 'HEAD', url: `${base}/:role`, policy: 'identity:check_grant', handler: check },
      // Keystone answers GET on a grant like HEAD (check_grant): 204 without a body
      { method: 'GET', url: `${base}/:role`, policy: 'identity:check_grant', handler: check },
      {
        method: 'DELETE', url: `${base}/:role`, policy: 'identity:revoke_grant',
        handler: async (request, reply) => {
          authorize(request.ctx, 'identity:revoke_grant');
          const g = parts(request);
          await svc.removeGrant(g.target, g.user, g.role);
          return reply.code(204).send();
        },
      },
      {
        method: 'GET', url: base, policy: 'identity:list_grants',
        handler: async (request) => {
          authorize(request.ctx, 'identity:list_grants');
          const g = parts(request);
          await admin.user(g.user);
          await svc.grantTarget(g.target);
          const v3 = v3Url(rt, request);
          return { roles: (await admin.rolesOfUserOn(g.user, g.target)).map((r) => roleView(r, v3)), links: collectionLinks(rt, request) };
        },
      },
    );
  }
  return routes;
}
