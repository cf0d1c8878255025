/**
 * /v3/groups (keystone/api/groups.py): CRUD, members (/v3/groups/{g}/users[/{u}]), a user's groups
 * (/v3/users/{u}/groups) and role grants to a group on a project or domain
 * (/v3/{projects|domains}/{t}/groups/{g}/roles[/{r}]).
 */
import { UserAdminService } from '../../services/identity/user-admin-service.js';
import type { FastifyReply } from 'fastify';
import type { Runtime } from '../../runtime.js';
import { route, type RouteDef, type TypedRequest } from '../../http/route-table.js';
import { GroupService } from '../../services/identity/group-service.js';
import { DEFAULT_DOMAIN_ID } from '../../services/identity/identity-admin-service.js';
import { queryValue } from './query.js';
import { rolesOnly, userInUrl } from './targets.js';
import { collectionLinks, v3Url } from './views/links.js';
import { groupView } from './views/groups.js';
import { grantRouteSet } from './grants.js';
import { userView } from './views/users.js';
import { createBody, updateBody } from './schemas/groups.js';

type MemberUrl = '/v3/groups/:id/users/:user';

export function groupRoutes(rt: Runtime): RouteDef[] {
  const svc = new GroupService(rt);
  const userAdmin = new UserAdminService(rt);
  const checkMember = async (request: TypedRequest<MemberUrl>, reply: FastifyReply) => {
    await svc.checkMember(request.params.id, request.params.user);
    return reply.code(204).send();
  };
  const routes: RouteDef[] = [
    route({
      method: 'GET',
      url: '/v3/groups',
      policy: 'identity:list_groups',
      target: rolesOnly,
      handler: async (request) => {
        const rows = await svc.list({ name: queryValue(request, 'name'), domainId: queryValue(request, 'domain_id') });
        const v3 = v3Url(rt, request);
        return { groups: rows.map((g) => groupView(g, v3)), links: collectionLinks(rt, request) };
      },
    }),
    route({
      method: 'POST',
      url: '/v3/groups',
      policy: 'identity:create_group',
      target: rolesOnly,
      body: { '1': createBody },
      handler: async (request, reply) =>
        reply
          .code(201)
          .send({ group: groupView(await svc.create(request.body.group, DEFAULT_DOMAIN_ID), v3Url(rt, request)) }),
    }),
    route({
      method: 'GET',
      url: '/v3/groups/:id',
      policy: 'identity:get_group',
      target: rolesOnly,
      handler: async (request) => ({ group: groupView(await svc.group(request.params.id), v3Url(rt, request)) }),
    }),
    route({
      method: 'PATCH',
      url: '/v3/groups/:id',
      policy: 'identity:update_group',
      target: rolesOnly,
      body: { '1': updateBody },
      handler: async (request) => ({
        group: groupView(await svc.update(request.params.id, request.body.group), v3Url(rt, request)),
      }),
    }),
    route({
      method: 'DELETE',
      url: '/v3/groups/:id',
      policy: 'identity:delete_group',
      target: rolesOnly,
      handler: async (request, reply) => {
        await svc.delete(request.params.id);
        return reply.code(204).send();
      },
    }),
    route({
      method: 'GET',
      url: '/v3/groups/:id/users',
      policy: 'identity:list_users_in_group',
      target: rolesOnly,
      handler: async (request) => {
        const v3 = v3Url(rt, request);
        const users = await userAdmin.userDetails(await svc.members(request.params.id));
        return { users: users.map((u) => userView(u, v3)), links: collectionLinks(rt, request) };
      },
    }),
    route({
      method: 'PUT',
      url: '/v3/groups/:id/users/:user',
      policy: 'identity:add_user_to_group',
      target: rolesOnly,
      handler: async (request, reply) => {
        await svc.addMember(request.params.id, request.params.user);
        return reply.code(204).send();
      },
    }),
    route({
      method: 'HEAD',
      url: '/v3/groups/:id/users/:user',
      policy: 'identity:check_user_in_group',
      target: rolesOnly,
      handler: checkMember,
    }),
    route({
      method: 'GET',
      url: '/v3/groups/:id/users/:user',
      policy: 'identity:check_user_in_group',
      target: rolesOnly,
      handler: checkMember,
    }),
    route({
      method: 'DELETE',
      url: '/v3/groups/:id/users/:user',
      policy: 'identity:remove_user_from_group',
      target: rolesOnly,
      handler: async (request, reply) => {
        await svc.removeMember(request.params.id, request.params.user);
        return reply.code(204).send();
      },
    }),
    route({
      method: 'GET',
      url: '/v3/users/:id/groups',
      policy: 'identity:list_groups_for_user',
      target: userInUrl,
      handler: async (request) => {
        const v3 = v3Url(rt, request);
        const rows = await svc.groupsOfUser(request.params.id);
        return { groups: rows.map((g) => groupView(g, v3, true)), links: collectionLinks(rt, request) };
      },
    }),
  ];
  routes.push(
    ...grantRouteSet(rt, 'groups', {
      add: (target, group, role) => svc.addGrant(target, group, role),
      check: (target, group, role) => svc.checkGrant(target, group, role),
      remove: (target, group, role) => svc.removeGrant(target, group, role),
      list: (target, group) => svc.rolesOn(target, group),
    }),
  );
  return routes;
}
