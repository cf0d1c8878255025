/** /v3/auth/tokens: issue (POST), validate (GET/HEAD with X-Subject-Token), revoke (DELETE). */
import type { FastifyRequest } from 'fastify';
import type { Runtime } from '../../runtime.js';
import type { RouteDef } from '../../http/route-table.js';
import { AuthService, type AuthBody, type IssuedToken } from '../../services/identity/auth-service.js';
import { DomainError } from '../../domain/errors.js';
import { buildCatalog } from '../../domain/identity/catalog.js';
import { baseUrl } from '../../http/base-url.js';
import { findDomainById, findProjectById, findUserById, roleNamesFor } from '../../store/repositories/identity-repository.js';
import { expandImpliedRoles } from '../../domain/identity/roles.js';
import { tokenView } from './views/auth-tokens.js';
import { createBody } from './schemas/auth-tokens.js';

export function authTokenRoutes(rt: Runtime): RouteDef[] {
  const auth = new AuthService(rt);
  const catalogFor = (request: FastifyRequest) =>
    ('nocatalog' in (request.query as object)) ? null : buildCatalog(baseUrl(rt.config, request), rt.config.region);

  /** Validates X-Subject-Token and rebuilds its body; 404 when it is not a valid token. */
  const subject = async (request: FastifyRequest): Promise<IssuedToken> => {
    const raw = request.headers['x-subject-token'];
    const token = Array.isArray(raw) ? raw[0] : raw;
    const notFound = new DomainError('NOT_FOUND', 404, `Could not find token: ${token ?? ''}.`);
    if (!token) throw new DomainError('NOT_FOUND', 404, 'Could not find token: .');
    const ctx = await rt.tokens.validate(token, request.id).catch(() => { throw notFound; });
    const payload = rt.tokens.decode(token);
    const db = rt.store.db;
    const user = await findUserById(db, ctx.userId);
    const userDomain = user && await findDomainById(db, user.domain_id);
    if (!payload || !user || !userDomain) throw notFound;
    const project = ctx.projectId ? (await findProjectById(db, ctx.projectId)) ?? null : null;
    const projectDomain = project ? (await findDomainById(db, project.domain_id)) ?? null : null;
    const domain = payload.domainId ? (await findDomainById(db, payload.domainId)) ?? null : null;
    const direct = await roleNamesFor(db, user.id, { projectId: payload.projectId, domainId: payload.domainId });
    const names = expandImpliedRoles(direct.map((r) => r.name));
    const roles = names.length ? await db.selectFrom('roles').selectAll().where('name', 'in', names).execute() : [];
    return { token, payload, user, userDomain, project, projectDomain, domain, roles };
  };

  return [
    {
      method: 'POST', url: '/v3/auth/tokens', auth: false, body: { '1': createBody },
      handler: async (request, reply) => {
        const issued = await auth.issue((request.body as { auth: AuthBody }).auth);
        return reply.code(201).header('x-subject-token', issued.token).send(tokenView(issued, catalogFor(request)));
      },
    },
    {
      method: 'GET', url: '/v3/auth/tokens',
      handler: async (request, reply) => {
        const t = await subject(request);
        return reply.header('x-subject-token', t.token).send(tokenView(t, catalogFor(request)));
      },
    },
    {
      method: 'HEAD', url: '/v3/auth/tokens',
      handler: async (request, reply) => {
        const t = await subject(request);
        return reply.code(200).header('x-subject-token', t.token).send();
      },
    },
    {
      method: 'DELETE', url: '/v3/auth/tokens',
      handler: async (request, reply) => {
        const t = await subject(request);
        await auth.revokeToken(t.payload);
        return reply.code(204).send();
      },
    },
    {
      method: 'GET', url: '/v3/auth/catalog',
      handler: async (request) => ({ catalog: buildCatalog(baseUrl(rt.config, request), rt.config.region), links: { self: `${baseUrl(rt.config, request)}/identity/v3/auth/catalog`, previous: null, next: null } }),
    },
  ];
}
