/**
 * /v3/roles (keystone/api/roles.py): global and domain-specific roles (domain_id; listed with
 * ?domain_id=), and the role inference rules: /v3/roles/{prior}/implies[/{implied}] and
 * /v3/role_inferences (keystone/api/role_inferences.py).
 */
import type { Runtime } from '../../runtime.js';
import { route, type RouteDef, type TypedRequest } from '../../http/route-table.js';
import { IdentityAdminService, type RoleRow } from '../../services/identity/identity-admin-service.js';
import { RoleAdminService } from '../../services/identity/role-admin-service.js';
import { queryValue } from './query.js';
import { rolesOnly } from './targets.js';
import { ImpliedRoleService } from '../../services/identity/implied-role-service.js';
import { collectionLinks, v3Url } from './views/links.js';
import { impliedRoleRef, roleView } from './views/roles.js';
import { createBody, updateBody } from './schemas/roles.js';

export function roleRoutes(rt: Runtime): RouteDef[] {
  const svc = new RoleAdminService(rt);
  const admin = new IdentityAdminService(rt);
  const implied = new ImpliedRoleService(rt);
  type RuleUrl = '/v3/roles/:prior/implies/:implied';
  const ruleView = (request: TypedRequest<RuleUrl>, rule: { prior: RoleRow; implied: RoleRow }) => {
    const v3 = v3Url(rt, request);
    const { prior, implied: to } = request.params;
    return {
      role_inference: { prior_role: impliedRoleRef(rule.prior, v3), implies: impliedRoleRef(rule.implied, v3) },
      links: { self: `${v3}/roles/${prior}/implies/${to}` },
    };
  };
  return [
    route({
      method: 'GET',
      url: '/v3/roles',
      policy: 'identity:list_roles',
      target: rolesOnly,
      handler: async (request) => {
        const rows = await svc.listRoles({
          name: queryValue(request, 'name'),
          domainId: queryValue(request, 'domain_id'),
        });
        const v3 = v3Url(rt, request);
        return { roles: rows.map((r) => roleView(r, v3)), links: collectionLinks(rt, request) };
      },
    }),
    route({
      method: 'POST',
      url: '/v3/roles',
      policy: 'identity:create_role',
      target: rolesOnly,
      body: { '1': createBody },
      handler: async (request, reply) => {
        const { role } = request.body;
        const row = await svc.createRole({ name: role.name, description: role.description, domain_id: role.domain_id });
        return reply.code(201).send({ role: roleView(row, v3Url(rt, request)) });
      },
    }),
    route({
      method: 'GET',
      url: '/v3/roles/:id',
      policy: 'identity:get_role',
      target: rolesOnly,
      handler: async (request) => ({ role: roleView(await admin.role(request.params.id), v3Url(rt, request)) }),
    }),
    route({
      method: 'PATCH',
      url: '/v3/roles/:id',
      policy: 'identity:update_role',
      target: rolesOnly,
      body: { '1': updateBody },
      handler: async (request) => {
        const { role } = request.body;
        const row = await svc.updateRole(request.params.id, {
          name: role.name,
          description: role.description,
          domain_id: role.domain_id,
        });
        return { role: roleView(row, v3Url(rt, request)) };
      },
    }),
    route({
      method: 'DELETE',
      url: '/v3/roles/:id',
      policy: 'identity:delete_role',
      target: rolesOnly,
      handler: async (request, reply) => {
        await svc.deleteRole(request.params.id);
        return reply.code(204).send();
      },
    }),
    route({
      method: 'GET',
      url: '/v3/roles/:prior/implies',
      policy: 'identity:list_implied_roles',
      target: rolesOnly,
      handler: async (request) => {
        const v3 = v3Url(rt, request);
        const { prior, implies } = await implied.impliesOf(request.params.prior);
        return {
          role_inference: { prior_role: impliedRoleRef(prior, v3), implies: implies.map((r) => impliedRoleRef(r, v3)) },
          links: { self: `${v3}/roles/${request.params.prior}/implies` },
        };
      },
    }),
    route({
      method: 'PUT',
      url: '/v3/roles/:prior/implies/:implied',
      policy: 'identity:create_implied_role',
      target: rolesOnly,
      handler: async (request, reply) => {
        const rule = await implied.create(request.params.prior, request.params.implied);
        return reply.code(201).send(ruleView(request, rule));
      },
    }),
    route({
      method: 'GET',
      url: '/v3/roles/:prior/implies/:implied',
      policy: 'identity:get_implied_role',
      target: rolesOnly,
      handler: async (request) => ruleView(request, await implied.get(request.params.prior, request.params.implied)),
    }),
    // Keystone answers HEAD on a rule with 204, unlike its GET (keystone/api/roles.py head)
    route({
      method: 'HEAD',
      url: '/v3/roles/:prior/implies/:implied',
      policy: 'identity:check_implied_role',
      target: rolesOnly,
      handler: async (request, reply) => {
        await implied.get(request.params.prior, request.params.implied);
        return reply.code(204).send();
      },
    }),
    route({
      method: 'DELETE',
      url: '/v3/roles/:prior/implies/:implied',
      policy: 'identity:delete_implied_role',
      target: rolesOnly,
      handler: async (request, reply) => {
        await implied.remove(request.params.prior, request.params.implied);
        return reply.code(204).send();
      },
    }),
    route({
      method: 'GET',
      url: '/v3/role_inferences',
      policy: 'identity:list_role_inference_rules',
      target: rolesOnly,
      handler: async (request) => {
        const v3 = v3Url(rt, request);
        return {
          role_inferences: (await implied.all()).map((r) => ({
            prior_role: impliedRoleRef(r.prior, v3),
            implies: r.implies.map((i) => impliedRoleRef(i, v3)),
          })),
        };
      },
    }),
  ];
}
