/**
 * The Nova v2.1 dialect, mounted at /compute. Encapsulated: its own body parser, error envelope,
 * not-found/405 handling, microversion negotiation and response headers.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Runtime } from '../../runtime.js';
import { registerJsonBodyParser } from '../../http/json-body.js';
import { registerRoutes } from '../../http/register-routes.js';
import { authenticate } from '../../http/auth-hook.js';
import { methodsForPath, type RegisteredRoute, type RouteDef, pathOf } from '../../http/route-table.js';
import { notFound } from '../../domain/errors.js';
import { computeErrorHandler, faultBody } from './errors.js';
import { negotiate, requestedVersionString } from './microversions.js';
import { ApiVersion } from '../../http/api-version.js';
import { choicesDocument, computeRoot, versionDocument, versionsDocument } from './versions.js';
import { computeRoutes } from './routes.js';
import { extensionRoutes } from './extensions.js';
import { consolePageHandler } from './remote-consoles.js';
import { registerConsoleWebsocket } from './console-websocket.js';
import '../../http/fastify-types.js';
import { urlProjectMismatch } from '../../domain/compute-errors.js';

export interface ComputePluginOptions {
  rt: Runtime;
  /** filled with every registered route (for 405s and the coverage document) */
  registry: RegisteredRoute[];
}

/**
 * The version a matched API route echoes when the request failed before negotiation (a body
 * that is not JSON, an unsupported version): Nova's wsgi.Resource sets the headers from the
 * parsed request version even on those errors, but not for a version string it cannot parse.
 */
function echoedVersion(request: FastifyRequest): string | null {
  if (request.routeOptions.url === undefined || !request.url.startsWith('/compute/v2.1/')) return null;
  try {
    return negotiate(request.headers).toString();
  } catch {
    const raw = requestedVersionString(request.headers);
    return raw === null ? null : (ApiVersion.parse(raw)?.toString() ?? null);
  }
}

export async function computePlugin(app: FastifyInstance, opts: ComputePluginOptions): Promise<void> {
  const { rt, registry } = opts;
  registerJsonBodyParser(app);
  app.setErrorHandler(computeErrorHandler);

  app.addHook('onSend', async (request, reply, payload) => {
    reply.header('x-openstack-request-id', request.id);
    reply.header('x-compute-request-id', request.id);
    // a 401 comes from keystonemiddleware, in front of Nova's wsgi: no version headers
    const v = request.mv?.toString() ?? (reply.statusCode === 401 ? null : echoedVersion(request));
    if (v) {
      reply.header('openstack-api-version', `compute ${v}`);
      reply.header('x-openstack-nova-api-version', v);
      reply.header('vary', 'OpenStack-API-Version, X-OpenStack-Nova-API-Version');
    }
    return payload;
  });

  // Unauthenticated version discovery. The root list ignores microversion headers; /v2.1 parses them.
  app.get('/', async (request) => versionsDocument(computeRoot(rt, request)));
  const v21doc = async (request: FastifyRequest) => {
    request.mv = negotiate(request.headers);
    return versionDocument(computeRoot(rt, request), 'v2.1');
  };
  app.get('/v2.1', v21doc);
  app.get('/v2.1/', v21doc);
  app.get('/v2', async (request) => versionDocument(computeRoot(rt, request), 'v2.0'));
  app.get('/v2/', async (request) => versionDocument(computeRoot(rt, request), 'v2.0'));
  // the pages console URLs open (remote-consoles.ts): the token in the URL is the credential
  app.get('/_stackbox/console/:page', consolePageHandler(rt));
  // and the websocket noVNC then opens at the host root (console-websocket.ts)
  registerConsoleWebsocket(app, rt);

  const before = (route: RouteDef<unknown>, request: FastifyRequest): void => {
    request.mv = negotiate(request.headers);
    // the legacy /{project_id} prefix: params are the prefix's and the route's, read without a cast
    const params: unknown = request.params;
    const urlProject =
      typeof params === 'object' && params !== null && 'project_id' in params ? String(params.project_id) : undefined;
    if (urlProject !== undefined && urlProject !== request.ctx.projectId) {
      throw urlProjectMismatch(urlProject, request.ctx.projectId);
    }
    // a trailing slash leaves a path parameter empty (`/os-simple-tenant-usage/` matched as a show
    // of ''); Nova's router has no such route and answers 404, as for any unknown path
    if (typeof params === 'object' && params !== null && Object.values(params).some((v) => v === '')) {
      throw notFound();
    }
    if (
      (route.minVersion && !request.mv.atLeast(route.minVersion)) ||
      (route.maxVersion && !request.mv.atMost(route.maxVersion))
    ) {
      throw notFound();
    }
  };

  await app.register(
    async (v21) => {
      registerRoutes(v21, rt, computeRoutes(rt), registry, { prefixes: ['', '/:project_id'], before });
      registerRoutes(v21, rt, extensionRoutes(registry), registry, { prefixes: ['', '/:project_id'], before });
    },
    { prefix: '/v2.1' },
  );
  // the legacy v1.1 root still answers the extension listing (GET /v1.1/{tenant_id}/extensions)
  await app.register(
    async (v11) => {
      registerRoutes(v11, rt, extensionRoutes(registry), registry, { prefixes: ['/:project_id'], before });
    },
    { prefix: '/v1.1' },
  );

  app.setNotFoundHandler(async (request, reply) => {
    const path = pathOf(request.url);
    // keystonemiddleware sits in front of Nova's router: below /v2.1/ a missing or bad token is 401
    // before any 404 or 405 (api-paste.ini)
    if (path.startsWith('/compute/v2.1/') || path.startsWith('/compute/v1.1/')) await authenticate(rt, request);
    const methods = methodsForPath(registry, path);
    if (methods.length > 0) {
      return reply
        .code(405)
        .header('allow', methods.join(', '))
        .type('application/json; charset=UTF-8')
        .send(faultBody(405, 'The method specified is not allowed for this resource.'));
    }
    // Nova answers 300 Multiple Choices for unknown paths on the unversioned root
    if (
      !path.startsWith('/compute/v2.1/') &&
      !path.startsWith('/compute/v2/') &&
      path !== '/compute/v2.1' &&
      path !== '/compute/v2'
    ) {
      return reply.code(300).send(choicesDocument(computeRoot(rt, request), path.replace(/^\/compute/, '')));
    }
    return reply
      .code(404)
      .type('application/json; charset=UTF-8')
      .send(faultBody(404, 'The resource could not be found.'));
  });
}
