/**
 * GET /extensions and /extensions/{alias} (nova/api/openstack/compute/extension_info.py), JSON by
 * default and XML for `Accept: application/xml` or a `.xml` suffix, as the pre-v2.1 API offered.
 * Also served at the legacy v1.1 root /compute/v1.1/{tenant_id}/extensions.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RouteDef, RegisteredRoute } from '../../http/route-table.js';
import { DomainError } from '../../domain/errors.js';
import { authorize } from '../../policy/check.js';
import { extensionXml, extensionsXml, servedExtensions } from './views/extensions.js';

const wantsXml = (request: FastifyRequest, suffix: boolean): boolean =>
  suffix || /application\/xml|text\/xml/.test(String(request.headers.accept ?? ''));

/** `registry` is the compute route registry, read at request time (it is complete by then). */
export function extensionRoutes(registry: readonly RegisteredRoute[]): RouteDef[] {
  const served = (method: string, path: string) =>
    registry.some((r) => r.method === method && r.pattern.test(`/compute/v2.1${path}`));
  const list = (suffix: boolean) => async (request: FastifyRequest, reply: FastifyReply) => {
    authorize(request.ctx, 'os_compute_api:extensions');
    const entries = servedExtensions(served);
    if (wantsXml(request, suffix)) return reply.type('application/xml; charset=UTF-8').send(extensionsXml(entries));
    return { extensions: entries };
  };
  const show = async (request: FastifyRequest, reply: FastifyReply) => {
    authorize(request.ctx, 'os_compute_api:extensions');
    let alias = (request.params as { alias: string }).alias;
    const suffix = alias.endsWith('.xml');
    if (suffix) alias = alias.slice(0, -4);
    const entry = servedExtensions(served).find((e) => e.alias === alias);
    // nova: exception.NotFound() → "The resource could not be found."
    if (!entry) throw new DomainError('NOT_FOUND', 404, 'The resource could not be found.');
    if (wantsXml(request, suffix)) return reply.type('application/xml; charset=UTF-8').send(extensionXml(entry));
    return { extension: entry };
  };
  return [
    { method: 'GET', url: '/extensions', policy: 'os_compute_api:extensions', handler: list(false) },
    { method: 'GET', url: '/extensions.xml', policy: 'os_compute_api:extensions', handler: list(true) },
    { method: 'GET', url: '/extensions/:alias', policy: 'os_compute_api:extensions', handler: show },
  ];
}
