/**
 * Read-only /v3/services, /v3/endpoints and /v3/regions. stackbox's catalog is derived from the
 * configuration and the URL clients reach it on (domain/identity/catalog.ts), the same one tokens
 * carry, so these lists always agree with `openstack catalog list`. Creating or editing services,
 * endpoints and regions is not offered (those routes answer 405).
 */
import type { FastifyRequest } from 'fastify';
import type { Runtime } from '../../runtime.js';
import { route, type RouteDef } from '../../http/route-table.js';
import { identityNotFound } from '../../domain/identity/errors.js';
import { buildCatalog } from '../../domain/identity/catalog.js';
import { baseUrl } from '../../http/base-url.js';
import { queryValue } from './query.js';
import { rolesOnly } from './targets.js';
import { collectionLinks, v3Url } from './views/links.js';
import { endpointView, regionView, serviceView } from './views/catalog.js';

export function catalogRoutes(rt: Runtime): RouteDef[] {
  const catalog = (request: FastifyRequest) => buildCatalog(baseUrl(rt.config, request), rt.config.region);
  const endpoints = (request: FastifyRequest) =>
    catalog(request).flatMap((s) => s.endpoints.map((e) => ({ e, serviceId: s.id })));
  return [
    route({
      method: 'GET',
      url: '/v3/services',
      policy: 'identity:list_services',
      target: rolesOnly,
      handler: async (request) => {
        const type = queryValue(request, 'type');
        const name = queryValue(request, 'name');
        const rows = catalog(request).filter(
          (s) => (type === undefined || s.type === type) && (name === undefined || s.name === name),
        );
        const v3 = v3Url(rt, request);
        return { services: rows.map((s) => serviceView(s, v3)), links: collectionLinks(rt, request) };
      },
    }),
    route({
      method: 'GET',
      url: '/v3/services/:id',
      policy: 'identity:get_service',
      target: rolesOnly,
      handler: async (request) => {
        const { id } = request.params;
        const s = catalog(request).find((x) => x.id === id);
        if (!s) throw identityNotFound('service', id);
        return { service: serviceView(s, v3Url(rt, request)) };
      },
    }),
    route({
      method: 'GET',
      url: '/v3/endpoints',
      policy: 'identity:list_endpoints',
      target: rolesOnly,
      handler: async (request) => {
        const iface = queryValue(request, 'interface');
        const serviceId = queryValue(request, 'service_id');
        const regionId = queryValue(request, 'region_id');
        const rows = endpoints(request).filter(
          ({ e, serviceId: sid }) =>
            (iface === undefined || e.interface === iface) &&
            (serviceId === undefined || sid === serviceId) &&
            (regionId === undefined || e.region_id === regionId),
        );
        const v3 = v3Url(rt, request);
        return {
          endpoints: rows.map(({ e, serviceId: sid }) => endpointView(e, sid, v3)),
          links: collectionLinks(rt, request),
        };
      },
    }),
    route({
      method: 'GET',
      url: '/v3/endpoints/:id',
      policy: 'identity:get_endpoint',
      target: rolesOnly,
      handler: async (request) => {
        const { id } = request.params;
        const hit = endpoints(request).find(({ e }) => e.id === id);
        if (!hit) throw identityNotFound('endpoint', id);
        return { endpoint: endpointView(hit.e, hit.serviceId, v3Url(rt, request)) };
      },
    }),
    route({
      method: 'GET',
      url: '/v3/regions',
      policy: 'identity:list_regions',
      target: rolesOnly,
      handler: async (request) => ({
        regions: [regionView(rt.config.region, v3Url(rt, request))],
        links: collectionLinks(rt, request),
      }),
    }),
    route({
      method: 'GET',
      url: '/v3/regions/:id',
      policy: 'identity:get_region',
      target: rolesOnly,
      handler: async (request) => {
        const { id } = request.params;
        if (id !== rt.config.region) throw identityNotFound('region', id);
        return { region: regionView(id, v3Url(rt, request)) };
      },
    }),
  ];
}
