/**
 * Emulator controls under /_stackbox (admin only): things a real cloud does not have.
 * coverage: the machine-readable list of OpenStack operations this process serves, generated from
 * the dialects' route tables (so it cannot drift from what is registered).
 */
import type { FastifyInstance } from 'fastify';
import type { Runtime } from '../runtime.js';
import type { RegisteredRoute } from '../http/route-table.js';
import { authenticate } from '../http/auth-hook.js';
import { DomainError, isDomainError } from '../domain/errors.js';
import { registerJsonBodyParser } from '../http/json-body.js';
import { eventExpectationRoutes } from './event-expectations.js';

export interface EmulatorOptions {
  rt: Runtime;
  /** the route registries of every dialect, keyed by service type */
  routes: Record<string, RegisteredRoute[]>;
}

export async function emulatorPlugin(app: FastifyInstance, opts: EmulatorOptions): Promise<void> {
  const { rt, routes } = opts;
  registerJsonBodyParser(app);
  app.setErrorHandler((err, _request, reply) => {
    const status = isDomainError(err) ? err.status : 500;
    const message = isDomainError(err) ? err.message : 'internal error';
    return reply.code(status).send({ error: { code: status, message } });
  });
  app.addHook('onRequest', async (request) => {
    await authenticate(rt, request);
    if (!request.ctx.isAdmin) throw new DomainError('FORBIDDEN', 403, 'The emulator controls are admin only.');
  });

  app.get('/coverage', async () => {
    const services: Record<string, Array<{ method: string; path: string; policy: string | null }>> = {};
    for (const [service, list] of Object.entries(routes)) {
      const seen = new Set<string>();
      services[service] = list
        // the legacy /{project_id} duplicates are one operation
        .filter((r) => !r.url.startsWith('/:project_id'))
        .map((r) => ({ method: r.method, path: r.url.replace(/:([A-Za-z_]+)/g, '{$1}'), policy: r.policy ?? null }))
        .filter((r) => {
          const key = `${r.method} ${r.path}`;
          if (seen.has(key)) return false;
          seen.add(key);
          return true;
        });
    }
    return { services };
  });

  await eventExpectationRoutes(app, rt);
}
