/**
 * /v3/credentials (keystone/api/credentials.py) and /v3/users/{user_id}/credentials/OS-EC2
 * (keystone/api/users.py): credentials of any type, and the ec2 ones by access key.
 */
import type { FastifyRequest } from 'fastify';
import type { Runtime } from '../../runtime.js';
import { route, type RouteDef } from '../../http/route-table.js';
import type { PolicyTarget } from '../../policy/check.js';
import { CredentialService, hashAccessKey } from '../../services/identity/credential-service.js';
import { queryValue } from './query.js';
import { collectionLinks, v3Url } from './views/links.js';
import { credentialView, ec2CredentialView } from './views/credentials.js';
import { credentialCreateBody, credentialUpdateBody, ec2CreateBody } from './schemas/credentials.js';

export function credentialRoutes(rt: Runtime): RouteDef[] {
  const svc = new CredentialService(rt);
  /** the credential's owner; null when there is none, which only an admin passes */
  const owner = async (id: string): Promise<PolicyTarget> => ({ user_id: (await svc.find(id))?.user_id ?? null });
  const byId = (request: FastifyRequest & { params: { id: string } }) => owner(request.params.id);
  // Keystone loads the ec2 credential to build the target: a missing one is a 404 for anyone
  const byAccess = async (request: FastifyRequest & { params: { access: string } }): Promise<PolicyTarget> => ({
    user_id: (await svc.getById(hashAccessKey(request.params.access))).user_id,
  });
  const ec2 = '/v3/users/:user_id/credentials/OS-EC2';
  return [
    route({
      method: 'GET',
      url: '/v3/credentials',
      policy: 'identity:list_credentials',
      target: (request) => ({ user_id: request.ctx.userId }),
      handler: async (request) => {
        const rows = await svc.list(request.ctx, {
          userId: queryValue(request, 'user_id'),
          type: queryValue(request, 'type'),
        });
        const v3 = v3Url(rt, request);
        return { credentials: rows.map((c) => credentialView(c, v3)), links: collectionLinks(rt, request) };
      },
    }),
    route({
      method: 'POST',
      url: '/v3/credentials',
      policy: 'identity:create_credential',
      body: { '1': credentialCreateBody },
      target: (request) => ({ user_id: request.body.credential.user_id }),
      handler: async (request, reply) =>
        reply.code(201).send({
          credential: credentialView(await svc.create(request.ctx, request.body.credential), v3Url(rt, request)),
        }),
    }),
    route({
      method: 'GET',
      url: '/v3/credentials/:id',
      policy: 'identity:get_credential',
      target: byId,
      handler: async (request) => ({
        credential: credentialView(await svc.get(request.ctx, request.params.id), v3Url(rt, request)),
      }),
    }),
    route({
      method: 'PATCH',
      url: '/v3/credentials/:id',
      policy: 'identity:update_credential',
      body: { '1': credentialUpdateBody },
      target: byId,
      handler: async (request) => ({
        credential: credentialView(
          await svc.update(request.ctx, request.params.id, request.body.credential),
          v3Url(rt, request),
        ),
      }),
    }),
    route({
      method: 'DELETE',
      url: '/v3/credentials/:id',
      policy: 'identity:delete_credential',
      target: byId,
      handler: async (request, reply) => {
        await svc.delete(request.ctx, request.params.id);
        return reply.code(204).send();
      },
    }),
    // ---- OS-EC2
    route({
      method: 'GET',
      url: ec2,
      policy: 'identity:ec2_list_credentials',
      target: (request) => ({ user_id: request.params.user_id }),
      handler: async (request) => {
        const rows = await svc.ec2List(request.ctx, request.params.user_id);
        const v3 = v3Url(rt, request);
        return { credentials: rows.map((c) => ec2CredentialView(c, v3)), links: collectionLinks(rt, request) };
      },
    }),
    route({
      method: 'POST',
      url: ec2,
      policy: 'identity:ec2_create_credential',
      body: { '1': ec2CreateBody },
      target: (request) => ({ user_id: request.params.user_id }),
      handler: async (request, reply) =>
        reply.code(201).send({
          credential: ec2CredentialView(
            await svc.ec2Create(request.ctx, request.params.user_id, request.body.tenant_id),
            v3Url(rt, request),
          ),
        }),
    }),
    route({
      method: 'GET',
      url: `${ec2}/:access`,
      policy: 'identity:ec2_get_credential',
      target: byAccess,
      handler: async (request) => ({
        credential: ec2CredentialView(
          await svc.ec2Get(request.ctx, request.params.user_id, request.params.access),
          v3Url(rt, request),
        ),
      }),
    }),
    route({
      method: 'DELETE',
      url: `${ec2}/:access`,
      policy: 'identity:ec2_delete_credential',
      target: byAccess,
      handler: async (request, reply) => {
        await svc.ec2Delete(request.ctx, request.params.user_id, request.params.access);
        return reply.code(204).send();
      },
    }),
  ];
}
