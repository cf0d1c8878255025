/**
 * System grants (keystone/api/system.py): /v3/system/{users|groups}/{id}/roles[/{role}], and
 * OS-INHERIT grants (keystone/api/os_inherit.py):
 * /v3/OS-INHERIT/{domains|projects}/{t}/{users|groups}/{id}/roles/{role}/inherited_to_projects
 * (a list on domains only). A GET on one grant answers like HEAD: 204 without a body.
 */
import type { FastifyReply } from 'fastify';
import type { Runtime } from '../../runtime.js';
import { route, type RouteDef } from '../../http/route-table.js';
import { ScopedGrantService, type Actor } from '../../services/identity/scoped-grant-service.js';
import type { GrantTarget } from '../../services/identity/identity-admin-service.js';
import { rolesOnly } from './targets.js';
import { collectionLinks, v3Url } from './views/links.js';
import { roleView } from './views/roles.js';

export function scopedGrantRoutes(rt: Runtime): RouteDef[] {
  const svc = new ScopedGrantService(rt);
  const routes: RouteDef[] = [];
  for (const kind of ['user', 'group'] as const) {
    const base = `/v3/system/${kind}s/:actor/roles` as const;
    const one = `${base}/:role` as const;
    const who = (id: string): Actor => ({ kind, id });
    const check = async (request: { params: { actor: string; role: string } }, reply: FastifyReply) => {
      await svc.checkSystemGrant(who(request.params.actor), request.params.role);
      return reply.code(204).send();
    };
    routes.push(
      route({
        method: 'PUT',
        url: one,
        policy: `identity:create_system_grant_for_${kind}`,
        target: rolesOnly,
        handler: async (request, reply) => {
          await svc.addSystemGrant(who(request.params.actor), request.params.role);
          return reply.code(204).send();
        },
      }),
      route({
        method: 'GET',
        url: one,
        policy: `identity:check_system_grant_for_${kind}`,
        target: rolesOnly,
        handler: check,
      }),
      route({
        method: 'HEAD',
        url: one,
        policy: `identity:check_system_grant_for_${kind}`,
        target: rolesOnly,
        handler: check,
      }),
      route({
        method: 'DELETE',
        url: one,
        policy: `identity:revoke_system_grant_for_${kind}`,
        target: rolesOnly,
        handler: async (request, reply) => {
          await svc.removeSystemGrant(who(request.params.actor), request.params.role);
          return reply.code(204).send();
        },
      }),
      route({
        method: 'GET',
        url: base,
        policy: `identity:list_system_grants_for_${kind}`,
        target: rolesOnly,
        handler: async (request) => {
          const v3 = v3Url(rt, request);
          return {
            roles: (await svc.systemRoles(who(request.params.actor))).map((r) => roleView(r, v3)),
            links: collectionLinks(rt, request),
          };
        },
      }),
    );
    for (const on of ['domain', 'project'] as const) {
      const list = `/v3/OS-INHERIT/${on}s/:target/${kind}s/:actor/roles/inherited_to_projects` as const;
      const grant = `/v3/OS-INHERIT/${on}s/:target/${kind}s/:actor/roles/:role/inherited_to_projects` as const;
      const at = (id: string): GrantTarget => ({ kind: on, id });
      const checkInherited = async (
        request: { params: { target: string; actor: string; role: string } },
        reply: FastifyReply,
      ) => {
        const { target, actor, role } = request.params;
        await svc.checkInheritedGrant(who(actor), at(target), role);
        return reply.code(204).send();
      };
      routes.push(
        route({
          method: 'PUT',
          url: grant,
          policy: 'identity:create_grant',
          target: rolesOnly,
          handler: async (request, reply) => {
            const { target, actor, role } = request.params;
            await svc.addInheritedGrant(who(actor), at(target), role);
            return reply.code(204).send();
          },
        }),
        route({
          method: 'GET',
          url: grant,
          policy: 'identity:check_grant',
          target: rolesOnly,
          handler: checkInherited,
        }),
        route({
          method: 'HEAD',
          url: grant,
          policy: 'identity:check_grant',
          target: rolesOnly,
          handler: checkInherited,
        }),
        route({
          method: 'DELETE',
          url: grant,
          policy: 'identity:revoke_grant',
          target: rolesOnly,
          handler: async (request, reply) => {
            const { target, actor, role } = request.params;
            await svc.removeInheritedGrant(who(actor), at(target), role);
            return reply.code(204).send();
          },
        }),
      );
      // Keystone lists inherited grants on a domain only
      if (on === 'domain')
        routes.push(
          route({
            method: 'GET',
            url: list,
            policy: 'identity:list_grants',
            target: rolesOnly,
            handler: async (request) => {
              const v3 = v3Url(rt, request);
              const { target, actor } = request.params;
              return {
                roles: (await svc.inheritedRoles(who(actor), at(target))).map((r) => roleView(r, v3)),
                links: collectionLinks(rt, request),
              };
            },
          }),
        );
    }
  }
  return routes;
}
