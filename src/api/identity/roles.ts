/** /v3/roles (keystone/api/roles.py): global roles only. */
import type { Runtime } from '../../runtime.js';
import { route, type RouteDef } from '../../http/route-table.js';
import { IdentityAdminService } from '../../services/identity/identity-admin-service.js';
import { queryValue } from './query.js';
import { rolesOnly } from './targets.js';
import { domainRolesUnsupported } from '../../domain/identity/errors.js';
import { collectionLinks, v3Url } from './views/links.js';
import { roleView } from './views/roles.js';
import { createBody, updateBody } from './schemas/roles.js';

export function roleRoutes(rt: Runtime): RouteDef[] {
  const svc = new IdentityAdminService(rt);
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
        if (role.domain_id) throw domainRolesUnsupported();
        const row = await svc.createRole({ name: role.name, description: role.description });
        return reply.code(201).send({ role: roleView(row, v3Url(rt, request)) });
      },
    }),
    route({
      method: 'GET',
      url: '/v3/roles/:id',
      policy: 'identity:get_role',
      target: rolesOnly,
      handler: async (request) => ({ role: roleView(await svc.role(request.params.id), v3Url(rt, request)) }),
    }),
    route({
      method: 'PATCH',
      url: '/v3/roles/:id',
      policy: 'identity:update_role',
      target: rolesOnly,
      body: { '1': updateBody },
      handler: async (request) => {
        const { role } = request.body;
        if (role.domain_id) throw domainRolesUnsupported();
        const row = await svc.updateRole(request.params.id, { name: role.name, description: role.description });
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
  ];
}
