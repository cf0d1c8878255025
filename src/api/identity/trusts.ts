/**
 * /v3/OS-TRUST/trusts (keystone/api/trusts.py): create, list (all: admin; by trustor or trustee:
 * that user or an admin), show, delete, the trust's roles and one of them.
 */
import type { FastifyRequest } from 'fastify';
import type { Runtime } from '../../runtime.js';
import { route, type RouteDef } from '../../http/route-table.js';
import { authorize } from '../../policy/check.js';
import { TrustService, type TrustRow } from '../../services/identity/trust-service.js';
import { keystoneTime } from '../../lib/time.js';
import { queryValue } from './query.js';
import { rolesOnly } from './targets.js';
import { collectionLinks, v3Url } from './views/links.js';
import { roleView } from './views/roles.js';
import { trustCreateBody } from './schemas/trusts.js';

export function trustRoutes(rt: Runtime): RouteDef[] {
  const svc = new TrustService(rt);
  /** the list leaves the roles out (keystone/api/trusts.py _list_trusts) */
  const listView = (t: TrustRow, v3: string) => ({
    id: t.id,
    trustor_user_id: t.trustor_user_id,
    trustee_user_id: t.trustee_user_id,
    project_id: t.project_id,
    impersonation: t.impersonation === 1,
    expires_at: t.expires_at === null ? null : keystoneTime(new Date(t.expires_at)),
    remaining_uses: t.remaining_uses,
    deleted_at: null,
    redelegated_trust_id: null,
    redelegation_count: 0,
    links: { self: `${v3}/OS-TRUST/trusts/${t.id}` },
  });
  const view = async (t: TrustRow, v3: string) => ({
    roles: (await svc.roles(t)).map((r) => roleView(r, v3)),
    ...listView(t, v3),
    roles_links: { self: `${v3}/OS-TRUST/trusts/${t.id}/roles`, next: null, previous: null },
  });
  /**
   * the trustor or trustee the caller is (or the trustor), for Keystone's "trustor or trustee"
   * rules; Keystone loads the trust to build the target, so an unknown one is 404 before the check
   */
  const party = async (request: FastifyRequest & { params: { id: string } }) => {
    const t = await svc.trust(request.params.id);
    return { user_id: request.ctx.userId === t.trustee_user_id ? t.trustee_user_id : t.trustor_user_id };
  };
  const trustor = async (request: FastifyRequest & { params: { id: string } }) => {
    const t = await svc.trust(request.params.id);
    return { user_id: t.trustor_user_id };
  };
  const listRoute = (url: string) =>
    route({
      method: 'GET',
      url,
      target: rolesOnly,
      handler: async (request) => {
        const trustorUserId = queryValue(request, 'trustor_user_id');
        const trusteeUserId = queryValue(request, 'trustee_user_id');
        // Keystone checks one rule per filter (keystone/api/trusts.py _list_trusts)
        if (trustorUserId !== undefined)
          authorize(request.ctx, 'identity:list_trusts_for_trustor', { user_id: trustorUserId });
        if (trusteeUserId !== undefined)
          authorize(request.ctx, 'identity:list_trusts_for_trustee', { user_id: trusteeUserId });
        if (trustorUserId === undefined && trusteeUserId === undefined)
          authorize(request.ctx, 'identity:list_trusts', {});
        const v3 = v3Url(rt, request);
        const rows = await svc.list({ trustorUserId, trusteeUserId });
        return { trusts: rows.map((t) => listView(t, v3)), links: collectionLinks(rt, request) };
      },
    });
  return [
    route({
      method: 'POST',
      url: '/v3/OS-TRUST/trusts',
      policy: 'identity:create_trust',
      body: { '1': trustCreateBody },
      target: (request) => ({ user_id: request.body.trust.trustor_user_id }),
      handler: async (request, reply) =>
        reply
          .code(201)
          .send({ trust: await view(await svc.create(request.body.trust, request.ctx.authToken), v3Url(rt, request)) }),
    }),
    listRoute('/v3/OS-TRUST/trusts'),
    // Keystone's Flask routes are not strict about a trailing slash; Tempest lists with one
    listRoute('/v3/OS-TRUST/trusts/'),
    route({
      method: 'GET',
      url: '/v3/OS-TRUST/trusts/:id',
      policy: 'identity:get_trust',
      target: party,
      handler: async (request) => ({ trust: await view(await svc.trust(request.params.id), v3Url(rt, request)) }),
    }),
    route({
      method: 'GET',
      url: '/v3/OS-TRUST/trusts/:id/roles',
      policy: 'identity:list_roles_for_trust',
      target: party,
      handler: async (request) => {
        const v3 = v3Url(rt, request);
        const roles = await svc.roles(await svc.trust(request.params.id));
        return {
          roles: roles.map((r) => roleView(r, v3)),
          links: { self: `${v3}/OS-TRUST/trusts/${request.params.id}/roles`, next: null, previous: null },
        };
      },
    }),
    route({
      method: 'GET',
      url: '/v3/OS-TRUST/trusts/:id/roles/:role_id',
      policy: 'identity:get_role_for_trust',
      target: party,
      handler: async (request) => {
        const role = await svc.role(await svc.trust(request.params.id), request.params.role_id);
        return { role: roleView(role, v3Url(rt, request)) };
      },
    }),
    route({
      method: 'DELETE',
      url: '/v3/OS-TRUST/trusts/:id',
      policy: 'identity:delete_trust',
      target: trustor,
      handler: async (request, reply) => {
        await svc.delete(request.params.id);
        return reply.code(204).send();
      },
    }),
  ];
}
