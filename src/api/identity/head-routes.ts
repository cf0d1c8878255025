/**
 * Keystone (Flask) answers HEAD on every GET resource with the GET's status and headers and no
 * body (keystone/api/*.py document "GET/HEAD"). Adds a HEAD twin for each GET that lacks one.
 */
import type { RouteDef } from '../../http/route-table.js';

export function withHeadRoutes(routes: RouteDef[]): RouteDef[] {
  const heads = new Set(routes.filter((r) => r.method === 'HEAD').map((r) => r.url));
  const twins: RouteDef[] = routes
    .filter((r) => r.method === 'GET' && !heads.has(r.url))
    .map((r) => ({
      ...r,
      method: 'HEAD',
      handler: async (request, reply) => {
        const result = await r.handler(request, reply);
        if (reply.sent) return reply;
        return reply.send(result === undefined ? undefined : '');
      },
    }));
  return [...routes, ...twins];
}
