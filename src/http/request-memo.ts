/**
 * One computation per request, shared by a route's policy target and its handler: the target
 * loads the resource (and parses the body) to check the rule, the handler then gets the same
 * result instead of loading it again.
 */
import type { FastifyRequest } from 'fastify';

export function perRequest<R extends FastifyRequest, T>(
  compute: (request: R) => Promise<T>,
): (request: R) => Promise<T> {
  const memo = new WeakMap<FastifyRequest, Promise<T>>();
  return (request) => {
    let hit = memo.get(request);
    if (!hit) {
      hit = compute(request);
      memo.set(request, hit);
    }
    return hit;
  };
}
