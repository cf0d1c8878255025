/** Registers a dialect's route table on an encapsulated Fastify instance. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Runtime } from '../runtime.js';
import { authenticate } from './auth-hook.js';
import { authorize } from '../policy/check.js';
import { pathPattern, validateRequest, type RegisteredRoute, type RouteDef } from './route-table.js';

export interface RegisterOptions {
  /** URL prefixes to register each route under (e.g. '' and '/:project_id') */
  prefixes?: string[];
  /** runs after authentication and before validation (microversion gates, URL project checks) */
  before?: (route: RouteDef, request: FastifyRequest) => void | Promise<void>;
}

export function registerRoutes(
  app: FastifyInstance,
  rt: Runtime,
  routes: RouteDef[],
  registry: RegisteredRoute[],
  opts: RegisterOptions = {},
): void {
  const prefixes = opts.prefixes ?? [''];
  for (const route of routes) {
    for (const prefix of prefixes) {
      const url = prefix + route.url;
      registry.push({ method: route.method, url, pattern: pathPattern(app.prefix + url), policy: route.policy });
      app.route({
        method: route.method,
        url,
        handler: async (request, reply) => {
          if (route.auth !== false) await authenticate(rt, request);
          if (opts.before) await opts.before(route, request);
          validateRequest(route, request);
          // route-level policy: a route that says what its rule is checked against is authorised
          // here, so its handler never repeats the rule's name
          if (route.policy && route.target) authorize(request.ctx, route.policy, await route.target(request));
          return route.handler(request, reply);
        },
      });
    }
  }
}
