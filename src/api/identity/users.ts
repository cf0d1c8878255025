/** /v3/users (keystone/api/users.py): list, create, show, update, delete, and a user's projects. */
import type { Runtime } from '../../runtime.js';
import type { RouteDef } from '../../http/route-table.js';
import { authorize } from '../../policy/check.js';
import { DEFAULT_DOMAIN_ID, IdentityAdminService, type UserInput } from '../../services/identity/identity-admin-service.js';
import { boolFilter, queryValue } from './query.js';
import { collectionLinks, v3Url } from './views/links.js';
import { userView } from './views/users.js';
import { projectView } from './views/projects.js';
import { changePasswordBody, createBody, updateBody } from './schemas/users.js';

type Params = { id: string };

export function userRoutes(rt: Runtime): RouteDef[] {
  const svc = new IdentityAdminService(rt);
  return [
    {
      method: 'GET', url: '/v3/users', policy: 'identity:list_users',
      handler: async (request) => {
        authorize(request.ctx, 'identity:list_users');
        const rows = await svc.listUsers({
          name: queryValue(request, 'name'), domainId: queryValue(request, 'domain_id'), enabled: boolFilter(request, 'enabled'),
        });
        const v3 = v3Url(rt, request);
        return { users: (await svc.userDetails(rows)).map((u) => userView(u, v3)), links: collectionLinks(rt, request) };
      },
    },
    {
      method: 'POST', url: '/v3/users', policy: 'identity:create_user', body: { '1': createBody },
      handler: async (request, reply) => {
        authorize(request.ctx, 'identity:create_user');
        const input = (request.body as { user: UserInput }).user;
        const row = await svc.createUser(input, DEFAULT_DOMAIN_ID);
        return reply.code(201).send({ user: userView((await svc.userDetails([row]))[0], v3Url(rt, request)) });
      },
    },
    {
      method: 'GET', url: '/v3/users/:id', policy: 'identity:get_user',
      handler: async (request) => {
        const { id } = request.params as Params;
        authorize(request.ctx, 'identity:get_user', { user_id: id });
        return { user: userView((await svc.userDetails([await svc.user(id)]))[0], v3Url(rt, request)) };
      },
    },
    {
      method: 'PATCH', url: '/v3/users/:id', policy: 'identity:update_user', body: { '1': updateBody },
      handler: async (request) => {
        authorize(request.ctx, 'identity:update_user');
        const { id } = request.params as Params;
        const patch = (request.body as { user: Partial<UserInput> }).user;
        const row = await svc.updateUser(id, patch);
        return { user: userView((await svc.userDetails([row]))[0], v3Url(rt, request)) };
      },
    },
    {
      method: 'DELETE', url: '/v3/users/:id', policy: 'identity:delete_user',
      handler: async (request, reply) => {
        authorize(request.ctx, 'identity:delete_user');
        await svc.deleteUser((request.params as Params).id);
        return reply.code(204).send();
      },
    },
    {
      // Keystone's change_password is unenforced (no token needed, so that a user whose password
      // expired can still change it); the original password is the credential.
      method: 'POST', url: '/v3/users/:id/password', auth: false, body: { '1': changePasswordBody },
      handler: async (request, reply) => {
        const { user } = request.body as { user: { original_password: string; password: string } };
        await svc.changePassword((request.params as Params).id, user.original_password, user.password);
        return reply.code(204).send();
      },
    },
    {
      method: 'GET', url: '/v3/users/:id/projects', policy: 'identity:list_user_projects',
      handler: async (request) => {
        const { id } = request.params as Params;
        authorize(request.ctx, 'identity:list_user_projects', { user_id: id });
        await svc.user(id);
        const v3 = v3Url(rt, request);
        return { projects: (await svc.projectDetails(await svc.projectsOfUser(id))).map((p) => projectView(p, v3)), links: collectionLinks(rt, request) };
      },
    },
  ];
}
