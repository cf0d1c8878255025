/** Keystone v3 subset, mounted at /identity. */
import type { FastifyInstance } from 'fastify';
import type { Runtime } from '../../runtime.js';
import { registerJsonBodyParser } from '../../http/json-body.js';
import { registerRoutes } from '../../http/register-routes.js';
import { methodsForPath, type RegisteredRoute, pathOf } from '../../http/route-table.js';
import { identityErrorHandler, keystoneError } from './errors.js';
import { identityRoutes } from './routes.js';
import { baseUrl } from '../../http/base-url.js';
import { v3Entry } from './versions.js';
import '../../http/fastify-types.js';

export async function identityPlugin(
  app: FastifyInstance,
  opts: { rt: Runtime; registry: RegisteredRoute[] },
): Promise<void> {
  const { rt, registry } = opts;
  registerJsonBodyParser(app);
  app.setErrorHandler(identityErrorHandler);
  app.addHook('onSend', async (request, reply, payload) => {
    reply.header('x-openstack-request-id', request.id);
    reply.header('vary', 'X-Auth-Token');
    return payload;
  });
  // keystone/api/discovery.py: 300, and Location names the preferred version's root (the only one)
  const discovery = async (request: Parameters<typeof v3Entry>[1], reply: import('fastify').FastifyReply) =>
    reply
      .code(300)
      .header('location', `${baseUrl(rt.config, request)}/identity/`)
      .send({ versions: { values: [v3Entry(rt, request)] } });
  app.get('/', discovery);
  app.get('/v3', async (request) => ({ version: v3Entry(rt, request) }));
  app.get('/v3/', async (request) => ({ version: v3Entry(rt, request) }));
  registerRoutes(app, rt, identityRoutes(rt), registry);
  app.setNotFoundHandler(async (request, reply) => {
    const path = pathOf(request.url);
    const methods = methodsForPath(registry, path);
    if (methods.length > 0) {
      return reply
        .code(405)
        .header('allow', methods.join(', '))
        .send(keystoneError(405, 'The method specified is not allowed for this resource.'));
    }
    return reply.code(404).send(keystoneError(404, 'The resource could not be found.'));
  });
}
