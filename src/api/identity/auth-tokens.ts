/** /v3/auth/tokens: issue (POST), validate (GET/HEAD with X-Subject-Token), revoke (DELETE). */
import type { FastifyRequest } from 'fastify';
import type { Runtime } from '../../runtime.js';
import { route, type RouteDef } from '../../http/route-table.js';
import { AuthService, type IssuedToken } from '../../services/identity/auth-service.js';
import { TokenRevocationService } from '../../services/identity/token-revocation-service.js';
import { noSubjectToken } from '../../domain/identity/errors.js';
import { CatalogService } from '../../services/identity/catalog-service.js';
import { baseUrl } from '../../http/base-url.js';
import { authorize } from '../../policy/check.js';
import type { HasQuery } from './query.js';
import { tokenView } from './views/auth-tokens.js';
import { createBody } from './schemas/auth-tokens.js';

export function authTokenRoutes(rt: Runtime): RouteDef[] {
  const auth = new AuthService(rt);
  const revocations = new TokenRevocationService(rt);
  const catalog = new CatalogService(rt);
  const catalogFor = async (request: FastifyRequest & HasQuery, t: IssuedToken) =>
    'nocatalog' in request.query
      ? null
      : catalog.tokenCatalog({ base_url: baseUrl(rt.config, request), project_id: t.project?.id, user_id: t.user.id });

  /**
   * The X-Subject-Token the route acts on, once the caller passes `rule` for it. Keystone's order
   * (rbac_enforcer): an invalid subject token is a 404 before the policy check, which needs the
   * token's user; a missing one leaves the rule no subject (403 unless admin or service), then 404.
   * The check stays here rather than in a route target because the handler needs the same token.
   */
  const subject = async (request: FastifyRequest, rule: string): Promise<IssuedToken> => {
    const raw = request.headers['x-subject-token'];
    const token = Array.isArray(raw) ? raw[0] : raw;
    const t = token ? await auth.describe(token, request.id) : null;
    authorize(request.ctx, rule, { token_user_id: t?.user.id ?? null });
    if (!t) throw noSubjectToken();
    return t;
  };

  return [
    route({
      method: 'POST',
      url: '/v3/auth/tokens',
      auth: false,
      body: { '1': createBody },
      handler: async (request, reply) => {
        const issued = await auth.issue(request.body.auth);
        return reply
          .code(201)
          .header('x-subject-token', issued.token)
          .send(tokenView(issued, await catalogFor(request, issued)));
      },
    }),
    route({
      method: 'GET',
      url: '/v3/auth/tokens',
      policy: 'identity:validate_token',
      handler: async (request, reply) => {
        const t = await subject(request, 'identity:validate_token');
        return reply.header('x-subject-token', t.token).send(tokenView(t, await catalogFor(request, t)));
      },
    }),
    route({
      method: 'HEAD',
      url: '/v3/auth/tokens',
      policy: 'identity:check_token',
      handler: async (request, reply) => {
        const t = await subject(request, 'identity:check_token');
        return reply.code(200).header('x-subject-token', t.token).send();
      },
    }),
    route({
      method: 'DELETE',
      url: '/v3/auth/tokens',
      policy: 'identity:revoke_token',
      handler: async (request, reply) => {
        const t = await subject(request, 'identity:revoke_token');
        await revocations.revokeToken(t.payload);
        return reply.code(204).send();
      },
    }),
    route({
      method: 'GET',
      url: '/v3/auth/catalog',
      handler: async (request) => ({
        catalog: await catalog.tokenCatalog({
          base_url: baseUrl(rt.config, request),
          project_id: request.ctx.projectId ?? undefined,
          user_id: request.ctx.userId,
        }),
        links: { self: `${baseUrl(rt.config, request)}/identity/v3/auth/catalog`, previous: null, next: null },
      }),
    }),
  ];
}
