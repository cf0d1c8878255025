/**
 * Role grants on projects and domains (keystone/api/projects.py and domains.py grant resources):
 * PUT/HEAD/GET/DELETE /v3/{projects|domains}/{t}/users/{u}/roles/{r} and GET …/users/{u}/roles.
 */
import type { FastifyReply } from 'fastify';
import type { Runtime } from '../../runtime.js';
import { route, type RouteDef, type TypedRequest } from '../../http/route-table.js';
import { GrantService } from '../../services/identity/grant-service.js';
import { IdentityAdminService, type GrantTarget } from '../../services/identity/identity-admin-service.js';
import { rolesOnly } from './targets.js';
import { collectionLinks, v3Url } from './views/links.js';
import { roleView } from './views/roles.js';

type Kind = GrantTarget['kind'];
type RolesUrl = `/v3/${Kind}s/:target/users/:user/roles`;
type RoleUrl = `${RolesUrl}/:role`;

export function grantRoutes(rt: Runtime): RouteDef[] {
  const svc = new GrantService(rt);
  const admin = new IdentityAdminService(rt);
  const routes: RouteDef[] = [];
  for (const kind of ['project', 'domain'] as const) {
    const base: RolesUrl = `/v3/${kind}s/:target/users/:user/roles`;
    const one: RoleUrl = `${base}/:role`;
    const on = (id: string): GrantTarget => ({ kind, id });
    // Keystone answers GET on a grant like HEAD (check_grant): 204 without a body
    const check = async (request: TypedRequest<RoleUrl>, reply: FastifyReply) => {
      const { target, user, role } = request.params;
      await svc.checkGrant(on(target), user, role);
      return reply.code(204).send();
    };
    routes.push(
      route({
        method: 'PUT',
        url: one,
        policy: 'identity:create_grant',
        target: rolesOnly,
        handler: async (request, reply) => {
          const { target, user, role } = request.params;
          await svc.addGrant(on(target), user, role);
          return reply.code(204).send();
        },
      }),
      route({ method: 'HEAD', url: one, policy: 'identity:check_grant', target: rolesOnly, handler: check }),
      route({ method: 'GET', url: one, policy: 'identity:check_grant', target: rolesOnly, handler: check }),
      route({
        method: 'DELETE',
        url: one,
        policy: 'identity:revoke_grant',
        target: rolesOnly,
        handler: async (request, reply) => {
          const { target, user, role } = request.params;
          await svc.removeGrant(on(target), user, role);
          return reply.code(204).send();
        },
      }),
      route({
        method: 'GET',
        url: base,
        policy: 'identity:list_grants',
        target: rolesOnly,
        handler: async (request) => {
          const { target, user } = request.params;
          await admin.user(user);
          await svc.grantTarget(on(target));
          const v3 = v3Url(rt, request);
          return {
            roles: (await admin.rolesOfUserOn(user, on(target))).map((r) => roleView(r, v3)),
            links: collectionLinks(rt, request),
          };
        },
      }),
    );
  }
  return routes;
}
