/** /v3/users (keystone/api/users.py): list, create, show, update, delete, and a user's projects. */
import { first } from '../../lib/arrays.js';
import type { Runtime } from '../../runtime.js';
import { route, type RouteDef } from '../../http/route-table.js';
import { DEFAULT_DOMAIN_ID, IdentityAdminService } from '../../services/identity/identity-admin-service.js';
import { UserAdminService } from '../../services/identity/user-admin-service.js';
import { boolFilter, queryValue } from './query.js';
import { rolesOnly, userInUrl } from './targets.js';
import { collectionLinks, v3Url } from './views/links.js';
import { userView } from './views/users.js';
import { projectView } from './views/projects.js';
import { changePasswordBody, createBody, updateBody } from './schemas/users.js';

export function userRoutes(rt: Runtime): RouteDef[] {
  const svc = new UserAdminService(rt);
  const admin = new IdentityAdminService(rt);
  return [
    route({
      method: 'GET',
      url: '/v3/users',
      policy: 'identity:list_users',
      target: rolesOnly,
      handler: async (request) => {
        const rows = await svc.listUsers({
          name: queryValue(request, 'name'),
          domainId: queryValue(request, 'domain_id'),
          enabled: boolFilter(request, 'enabled'),
        });
        const v3 = v3Url(rt, request);
        return {
          users: (await svc.userDetails(rows)).map((u) => userView(u, v3)),
          links: collectionLinks(rt, request),
        };
      },
    }),
    route({
      method: 'POST',
      url: '/v3/users',
      policy: 'identity:create_user',
      target: rolesOnly,
      body: { '1': createBody },
      handler: async (request, reply) => {
        const row = await svc.createUser(request.body.user, DEFAULT_DOMAIN_ID);
        return reply.code(201).send({ user: userView(first(await svc.userDetails([row])), v3Url(rt, request)) });
      },
    }),
    route({
      method: 'GET',
      url: '/v3/users/:id',
      policy: 'identity:get_user',
      target: userInUrl,
      handler: async (request) => ({
        user: userView(first(await svc.userDetails([await admin.user(request.params.id)])), v3Url(rt, request)),
      }),
    }),
    route({
      method: 'PATCH',
      url: '/v3/users/:id',
      policy: 'identity:update_user',
      target: rolesOnly,
      body: { '1': updateBody },
      handler: async (request) => {
        const row = await svc.updateUser(request.params.id, request.body.user);
        return { user: userView(first(await svc.userDetails([row])), v3Url(rt, request)) };
      },
    }),
    route({
      method: 'DELETE',
      url: '/v3/users/:id',
      policy: 'identity:delete_user',
      target: rolesOnly,
      handler: async (request, reply) => {
        await svc.deleteUser(request.params.id);
        return reply.code(204).send();
      },
    }),
    route({
      // Keystone's change_password is unenforced (no token needed, so that a user whose password
      // expired can still change it); the original password is the credential.
      method: 'POST',
      url: '/v3/users/:id/password',
      auth: false,
      body: { '1': changePasswordBody },
      handler: async (request, reply) => {
        const { user } = request.body;
        await svc.changePassword(request.params.id, user.original_password, user.password);
        return reply.code(204).send();
      },
    }),
    route({
      method: 'GET',
      url: '/v3/users/:id/projects',
      policy: 'identity:list_user_projects',
      target: userInUrl,
      handler: async (request) => {
        const { id } = request.params;
        await admin.user(id);
        const v3 = v3Url(rt, request);
        return {
          projects: (await admin.projectDetails(await admin.projectsOfUser(id))).map((p) => projectView(p, v3)),
          links: collectionLinks(rt, request),
        };
      },
    }),
  ];
}
