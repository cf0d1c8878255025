/** Registers a dialect's route table on an encapsulated Fastify instance. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Runtime } from '../runtime.js';
import { authenticate } from './auth-hook.js';
import { authorize } from '../policy/check.js';
import type { RequestContext } from '../domain/context.js';
import { pathPattern, validateRequest, type RegisteredRoute, type RouteDef } from './route-table.js';

/** A dialect's policy engine: checks a rule for the caller against what a route's target resolved. */
export type Authorizer<T> = (ctx: RequestContext, rule: string, target: T) => void;

export interface RegisterOptions {
  /** URL prefixes to register each route under (e.g. '' and '/:project_id') */
  prefixes?: string[];
  /** runs after authentication and before validation (microversion gates, URL project checks) */
  before?: (route: RouteDef<unknown>, request: FastifyRequest) => void | Promise<void>;
}

/** Registers routes whose targets are PolicyTargets, checked by the one authorize(). */
export function registerRoutes(
  app: FastifyInstance,
  rt: Runtime,
  routes: RouteDef[],
  registry: RegisteredRoute[],
  opts: RegisterOptions = {},
): void {
  registerRoutesWith(app, rt, routes, registry, opts, authorize);
}

/** Registers routes checked by a dialect's own policy engine (Neutron's). */
export function registerRoutesWith<T>(
  app: FastifyInstance,
  rt: Runtime,
  routes: Array<RouteDef<T>>,
  registry: RegisteredRoute[],
  opts: RegisterOptions,
  check: Authorizer<T>,
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
          if (route.policy && route.target) check(request.ctx, route.policy, await route.target(request));
          return route.handler(request, reply);
        },
      });
    }
  }
}
