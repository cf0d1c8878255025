/**
 * Role grants on projects and domains (keystone/api/projects.py and domains.py grant resources):
 * PUT/HEAD/GET/DELETE /v3/{projects|domains}/{t}/{users|groups}/{actor}/roles/{r} and
 * GET …/{users|groups}/{actor}/roles. Users' grants are here; groups.ts builds the groups' ones
 * with the same grantRouteSet().
 */
import type { FastifyReply } from 'fastify';
import type { Runtime } from '../../runtime.js';
import { route, type RouteDef, type TypedRequest } from '../../http/route-table.js';
import { GrantService } from '../../services/identity/grant-service.js';
import {
  IdentityAdminService,
  type GrantTarget,
  type RoleRow,
} from '../../services/identity/identity-admin-service.js';
import { rolesOnly } from './targets.js';
import { collectionLinks, v3Url } from './views/links.js';
import { roleView } from './views/roles.js';

type Kind = GrantTarget['kind'];
type Actors = 'users' | 'groups';
type RolesUrl = `/v3/${Kind}s/:target/${Actors}/:actor/roles`;
type RoleUrl = `${RolesUrl}/:role`;

/** what a grant route set asks of the service that keeps one actor kind's grants */
export interface GrantOps {
  add(target: GrantTarget, actor: string, role: string): Promise<void>;
  check(target: GrantTarget, actor: string, role: string): Promise<void>;
  remove(target: GrantTarget, actor: string, role: string): Promise<void>;
  list(target: GrantTarget, actor: string): Promise<RoleRow[]>;
}

/** the ten grant routes of one actor kind, on projects and on domains, with Keystone's rule names */
export function grantRouteSet(rt: Runtime, actors: Actors, ops: GrantOps): RouteDef[] {
  const routes: RouteDef[] = [];
  for (const kind of ['project', 'domain'] as const) {
    const base: RolesUrl = `/v3/${kind}s/:target/${actors}/:actor/roles`;
    const one: RoleUrl = `${base}/:role`;
    const on = (id: string): GrantTarget => ({ kind, id });
    // Keystone answers GET on a grant like HEAD (check_grant): 204 without a body
    const check = async (request: TypedRequest<RoleUrl>, reply: FastifyReply) => {
      const { target, actor, role } = request.params;
      await ops.check(on(target), actor, role);
      return reply.code(204).send();
    };
    routes.push(
      route({
        method: 'PUT',
        url: one,
        policy: 'identity:create_grant',
        target: rolesOnly,
        handler: async (request, reply) => {
          const { target, actor, role } = request.params;
          await ops.add(on(target), actor, role);
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
          const { target, actor, role } = request.params;
          await ops.remove(on(target), actor, role);
          return reply.code(204).send();
        },
      }),
      route({
        method: 'GET',
        url: base,
        policy: 'identity:list_grants',
        target: rolesOnly,
        handler: async (request) => {
          const { target, actor } = request.params;
          const v3 = v3Url(rt, request);
          return {
            roles: (await ops.list(on(target), actor)).map((r) => roleView(r, v3)),
            links: collectionLinks(rt, request),
          };
        },
      }),
    );
  }
  return routes;
}

export function grantRoutes(rt: Runtime): RouteDef[] {
  const svc = new GrantService(rt);
  const admin = new IdentityAdminService(rt);
  return grantRouteSet(rt, 'users', {
    add: (target, user, role) => svc.addGrant(target, user, role),
    check: (target, user, role) => svc.checkGrant(target, user, role),
    remove: (target, user, role) => svc.removeGrant(target, user, role),
    // the user, then the target, must exist (404 in that order), as Keystone looks them up
    list: async (target, user) => {
      await admin.user(user);
      await svc.grantTarget(target);
      return admin.rolesOfUserOn(user, target);
    },
  });
}
