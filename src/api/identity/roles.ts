/** /v3/roles (keystone/api/roles.py): global roles only. */
import type { Runtime } from '../../runtime.js';
import type { RouteDef } from '../../http/route-table.js';
import { authorize } from '../../policy/check.js';
import { badRequest } from '../../domain/errors.js';
import { IdentityAdminService } from '../../services/identity/identity-admin-service.js';
import { queryValue } from './query.js';
import { collectionLinks, v3Url } from './views/links.js';
import { roleView } from './views/roles.js';
import { createBody, updateBody } from './schemas/roles.js';

type Params = { id: string };
type RoleBody = { role: { name?: string; description?: string | null; domain_id?: string | null } };

// stackbox has no domain-specific roles; saying so beats silently creating a global one
const noDomainRoles = () => badRequest('Domain-specific roles are not supported.');

export function roleRoutes(rt: Runtime): RouteDef[] {
  const svc = new IdentityAdminService(rt);
  return [
    {
      method: 'GET', url: '/v3/roles', policy: 'identity:list_roles',
      handler: async (request) => {
        authorize(request.ctx, 'identity:list_roles');
        const rows = await svc.listRoles({ name: queryValue(request, 'name'), domainId: queryValue(request, 'domain_id') });
        const v3 = v3Url(rt, request);
        return { roles: rows.map((r) => roleView(r, v3)), links: collectionLinks(rt, request) };
      },
    },
    {
      method: 'POST', url: '/v3/roles', policy: 'identity:create_role', body: { '1': createBody },
      handler: async (request, reply) => {
        authorize(request.ctx, 'identity:create_role');
        const { role } = request.body as RoleBody;
        if (role.domain_id) throw noDomainRoles();
        const row = await svc.createRole({ name: role.name as string, description: role.description });
        return reply.code(201).send({ role: roleView(row, v3Url(rt, request)) });
      },
    },
    {
      method: 'GET', url: '/v3/roles/:id', policy: 'identity:get_role',
      handler: async (request) => {
        authorize(request.ctx, 'identity:get_role');
        return { role: roleView(await svc.role((request.params as Params).id), v3Url(rt, request)) };
      },
    },
    {
      method: 'PATCH', url: '/v3/roles/:id', policy: 'identity:update_role', body: { '1': updateBody },
      handler: async (request) => {
        authorize(request.ctx, 'identity:update_role');
        const { role } = request.body as RoleBody;
        if (role.domain_id) throw noDomainRoles();
        const row = await svc.updateRole((request.params as Params).id, { name: role.name, description: role.description });
        return { role: roleView(row, v3Url(rt, request)) };
      },
    },
    {
      method: 'DELETE', url: '/v3/roles/:id', policy: 'identity:delete_role',
      handler: async (request, reply) => {
        authorize(request.ctx, 'identity:delete_role');
        await svc.deleteRole((request.params as Params).id);
        return reply.code(204).send();
      },
    },
  ];
}
