/**
 * /v3/users/{user_id}/application_credentials and /v3/users/{user_id}/access_rules
 * (keystone/api/users.py UserAppCred*Resource, UserAccessRule*Resource).
 */
import type { Runtime } from '../../runtime.js';
import { route, type RouteDef } from '../../http/route-table.js';
import { ApplicationCredentialService } from '../../services/identity/application-credential-service.js';
import { queryValue } from './query.js';
import type { PolicyTarget } from '../../policy/check.js';
import { collectionLinks, v3Url } from './views/links.js';
import { accessRuleView, appCredView } from './views/application-credentials.js';
import { createBody } from './schemas/application-credentials.js';

const owner = (request: { params: { user_id: string } }): PolicyTarget => ({ user_id: request.params.user_id });

export function applicationCredentialRoutes(rt: Runtime): RouteDef[] {
  const svc = new ApplicationCredentialService(rt);
  const base = '/v3/users/:user_id/application_credentials';
  return [
    route({
      method: 'GET',
      url: base,
      policy: 'identity:list_application_credentials',
      target: owner,
      handler: async (request) => {
        const rows = await svc.list(request.params.user_id, queryValue(request, 'name'));
        const v3 = v3Url(rt, request);
        return { application_credentials: rows.map((c) => appCredView(c, v3)), links: collectionLinks(rt, request) };
      },
    }),
    route({
      method: 'POST',
      url: base,
      policy: 'identity:create_application_credential',
      target: owner,
      body: { '1': createBody },
      handler: async (request, reply) => {
        const { row, secret } = await svc.create(
          request.ctx,
          request.params.user_id,
          request.body.application_credential,
        );
        return reply.code(201).send({ application_credential: appCredView(row, v3Url(rt, request), secret) });
      },
    }),
    route({
      method: 'GET',
      url: `${base}/:id`,
      policy: 'identity:get_application_credential',
      target: owner,
      handler: async (request) => ({
        application_credential: appCredView(
          await svc.get(request.params.user_id, request.params.id),
          v3Url(rt, request),
        ),
      }),
    }),
    // ---- access rules
    route({
      method: 'GET',
      url: '/v3/users/:user_id/access_rules',
      policy: 'identity:list_access_rules',
      target: owner,
      handler: async (request) => {
        const rows = await svc.accessRules(request.ctx, request.params.user_id, {
          service: queryValue(request, 'service'),
          path: queryValue(request, 'path'),
          method: queryValue(request, 'method'),
        });
        const v3 = v3Url(rt, request);
        return { access_rules: rows.map((r) => accessRuleView(r, v3)), links: collectionLinks(rt, request) };
      },
    }),
    route({
      method: 'GET',
      url: '/v3/users/:user_id/access_rules/:id',
      policy: 'identity:get_access_rule',
      target: owner,
      handler: async (request) => ({
        access_rule: accessRuleView(
          await svc.accessRule(request.ctx, request.params.user_id, request.params.id),
          v3Url(rt, request),
        ),
      }),
    }),
    route({
      method: 'DELETE',
      url: '/v3/users/:user_id/access_rules/:id',
      policy: 'identity:delete_access_rule',
      target: owner,
      handler: async (request, reply) => {
        await svc.deleteAccessRule(request.ctx, request.params.user_id, request.params.id);
        return reply.code(204).send();
      },
    }),
    route({
      method: 'DELETE',
      url: `${base}/:id`,
      policy: 'identity:delete_application_credential',
      target: owner,
      handler: async (request, reply) => {
        await svc.delete(request.ctx, request.params.user_id, request.params.id);
        return reply.code(204).send();
      },
    }),
  ];
}
