/**
 * GET /extensions and /extensions/{alias} (nova/api/openstack/compute/extension_info.py), JSON by
 * default and XML for `Accept: application/xml` or a `.xml` suffix, as the pre-v2.1 API offered.
 * Also served at the legacy v1.1 root /compute/v1.1/{tenant_id}/extensions.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { route, type RouteDef, type RegisteredRoute } from '../../http/route-table.js';
import { notFound } from '../../domain/errors.js';
import { extensionXml, extensionsXml, servedExtensions } from './views/extensions.js';

const wantsXml = (request: FastifyRequest, suffix: boolean): boolean =>
  suffix || /application\/xml|text\/xml/.test(String(request.headers.accept ?? ''));

const RULE = 'os_compute_api:extensions';
const target = () => ({});

/** `registry` is the compute route registry, read at request time (it is complete by then). */
export function extensionRoutes(registry: readonly RegisteredRoute[]): RouteDef[] {
  const served = (method: string, path: string) =>
    registry.some((r) => r.method === method && r.pattern.test(`/compute/v2.1${path}`));
  const list = (suffix: boolean) => async (request: FastifyRequest, reply: FastifyReply) => {
    const entries = servedExtensions(served);
    if (wantsXml(request, suffix)) return reply.type('application/xml; charset=UTF-8').send(extensionsXml(entries));
    return { extensions: entries };
  };
  const show = async (request: FastifyRequest & { params: { alias: string } }, reply: FastifyReply) => {
    let alias = request.params.alias;
    const suffix = alias.endsWith('.xml');
    if (suffix) alias = alias.slice(0, -4);
    const entry = servedExtensions(served).find((e) => e.alias === alias);
    // nova: exception.NotFound() → "The resource could not be found."
    if (!entry) throw notFound();
    if (wantsXml(request, suffix)) return reply.type('application/xml; charset=UTF-8').send(extensionXml(entry));
    return { extension: entry };
  };
  return [
    route({ method: 'GET', url: '/extensions', policy: RULE, target, handler: list(false) }),
    route({ method: 'GET', url: '/extensions.xml', policy: RULE, target, handler: list(true) }),
    route({ method: 'GET', url: '/extensions/:alias', policy: RULE, target, handler: show }),
  ];
}
