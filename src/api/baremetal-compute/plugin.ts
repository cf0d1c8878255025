/**
 * The Mogan v1 "Instances" dialect (bare-metal compute), mounted at /baremetal-compute (the
 * catalog endpoint) with its resources under /v1 and, as in Mogan where any first segment other
 * than v1 routes to v1, under the bare bookmark paths too.
 */
import type { FastifyInstance } from 'fastify';
import type { Runtime } from '../../runtime.js';
import { registerJsonBodyParser } from '../../http/json-body.js';
import { registerRoutes } from '../../http/register-routes.js';
import { methodsForPath, type RegisteredRoute, pathOf } from '../../http/route-table.js';
import { moganErrorBody, moganErrorHandler } from './errors.js';
import { rootDocument, v1Document } from './versions.js';
import { baremetalComputeRoutes } from './routes.js';
import { moganBase } from './instances.js';
import '../../http/fastify-types.js';

export interface BaremetalComputeOptions {
  rt: Runtime;
  registry: RegisteredRoute[];
  /**
   * Mounted at the server root as DESIGN.md's short form (/v1/instances…): only the /v1 paths,
   * since / is the stackbox index there. Links still point at the catalog endpoint.
   */
  rootAlias?: boolean;
}

export async function baremetalComputePlugin(app: FastifyInstance, opts: BaremetalComputeOptions): Promise<void> {
  const { rt, registry } = opts;
  registerJsonBodyParser(app);
  app.setErrorHandler(moganErrorHandler);
  app.addHook('onSend', async (request, reply, payload) => {
    reply.header('openstack-request-id', request.id);
    reply.header('x-openstack-request-id', request.id);
    return payload;
  });
  if (!opts.rootAlias) app.get('/', async () => rootDocument());
  app.get('/v1', async (request) => v1Document(moganBase(rt, request)));
  app.get('/v1/', async (request) => v1Document(moganBase(rt, request)));
  registerRoutes(app, rt, baremetalComputeRoutes(rt), registry, { prefixes: opts.rootAlias ? ['/v1'] : ['/v1', ''] });
  if (opts.rootAlias) return;
  app.setNotFoundHandler(async (request, reply) => {
    const methods = methodsForPath(registry, pathOf(request.url));
    if (methods.length > 0)
      return reply
        .code(405)
        .header('allow', methods.join(', '))
        .send(moganErrorBody(405, 'The method specified is not allowed for this resource.'));
    return reply.code(404).send(moganErrorBody(404, 'Resource could not be found.'));
  });
}
