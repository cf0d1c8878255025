/**
 * buildApp(runtime): the HTTP application with every dialect registered under its own prefix.
 * Nothing listens here; the CLI and the tests decide how to serve it.
 */
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Runtime } from './runtime.js';
import type { RegisteredRoute } from './http/route-table.js';
import { newRequestId } from './lib/ids.js';
import { identityPlugin } from './api/identity/plugin.js';
import { computePlugin } from './api/compute/plugin.js';
import { networkPlugin } from './api/network/plugin.js';
import { imagePlugin } from './api/image/plugin.js';
import { blockStoragePlugin } from './api/block-storage/plugin.js';
import { emulatorPlugin } from './emulator/plugin.js';
import { baremetalComputePlugin } from './api/baremetal-compute/plugin.js';
import { SERVICES } from './domain/identity/catalog.js';
import { baseUrl } from './http/base-url.js';

export interface BuiltApp {
  app: FastifyInstance;
  /** every registered route, per dialect (405 handling and the coverage document) */
  routes: Record<string, RegisteredRoute[]>;
}

/**
 * Neutron's pecan router takes a `.json` extension on any path as the JSON format
 * (`GET /v2.0/networks.json`, Tempest's `quotas/{id}/details.json`): routed without it.
 */
export function stripNeutronJsonSuffix(url: string): string {
  if (!url.startsWith('/network/')) return url;
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  if (!path.endsWith('.json')) return url;
  return path.slice(0, -'.json'.length) + (q < 0 ? '' : url.slice(q));
}

export async function buildApp(rt: Runtime): Promise<BuiltApp> {
  const app = Fastify({
    loggerInstance: rt.log as unknown as FastifyBaseLogger,
    // Fastify's two lines per request are replaced by our one (onResponse hook below)
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: rt.config.bodyLimit,
    genReqId: () => newRequestId(),
    requestIdHeader: false,
    return503OnClosing: true,
    exposeHeadRoutes: false,
    routerOptions: { ignoreDuplicateSlashes: true, maxParamLength: 1000 },
    rewriteUrl: (req) => stripNeutronJsonSuffix(req.url ?? '/'),
  });

  // one log line per request: id, method, url, status, duration
  app.addHook('onResponse', async (request, reply) => {
    request.log.info(
      {
        reqId: request.id,
        method: request.method,
        url: request.url,
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime * 100) / 100,
      },
      'request',
    );
  });

  const routes = {
    identity: [] as RegisteredRoute[],
    compute: [] as RegisteredRoute[],
    image: [] as RegisteredRoute[],
    network: [] as RegisteredRoute[],
    'baremetal-compute': [] as RegisteredRoute[],
    'block-storage': [] as RegisteredRoute[],
  };
  await app.register(identityPlugin, { prefix: '/identity', rt, registry: routes.identity });
  await app.register(computePlugin, { prefix: '/compute', rt, registry: routes.compute });
  await app.register(networkPlugin, { prefix: '/network', rt, registry: routes.network });
  await app.register(imagePlugin, { prefix: '/image', rt, registry: routes.image });
  await app.register(blockStoragePlugin, { prefix: '/volume', rt, registry: routes['block-storage'] });
  await app.register(baremetalComputePlugin, {
    prefix: '/baremetal-compute',
    rt,
    registry: routes['baremetal-compute'],
  });
  await app.register(baremetalComputePlugin, { rt, registry: [], rootAlias: true });

  await app.register(emulatorPlugin, { prefix: '/_stackbox', rt, routes });

  app.get('/', async (request) => {
    const base = baseUrl(rt.config, request);
    return { name: 'stackbox', services: SERVICES.map((s) => ({ type: s.type, name: s.name, url: base + s.path })) };
  });
  app.setNotFoundHandler(async (_request, reply) =>
    reply.code(404).send({ error: { code: 404, title: 'Not Found', message: 'The resource could not be found.' } }),
  );
  return { app, routes };
}
