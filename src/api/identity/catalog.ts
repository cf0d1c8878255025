/**
 * /v3/regions, /v3/services and /v3/endpoints (keystone/api/regions.py, services.py,
 * endpoints.py): CRUD over the catalog rows that tokens carry (services/identity/catalog-service.ts).
 */
import type { FastifyRequest } from 'fastify';
import type { Runtime } from '../../runtime.js';
import { route, type RouteDef } from '../../http/route-table.js';
import { baseUrl } from '../../http/base-url.js';
import { CatalogService } from '../../services/identity/catalog-service.js';
import { queryValue } from './query.js';
import { rolesOnly } from './targets.js';
import { collectionLinks, v3Url } from './views/links.js';
import { endpointView, regionView, serviceView } from './views/catalog.js';
import {
  endpointCreateBody,
  endpointUpdateBody,
  regionCreateBody,
  regionUpdateBody,
  serviceCreateBody,
  serviceUpdateBody,
} from './schemas/catalog.js';

export function catalogRoutes(rt: Runtime): RouteDef[] {
  const svc = new CatalogService(rt);
  const base = (request: FastifyRequest) => baseUrl(rt.config, request);
  return [
    // ---- services
    route({
      method: 'GET',
      url: '/v3/services',
      policy: 'identity:list_services',
      target: rolesOnly,
      handler: async (request) => {
        const rows = await svc.services({ type: queryValue(request, 'type'), name: queryValue(request, 'name') });
        const v3 = v3Url(rt, request);
        return { services: rows.map((s) => serviceView(s, v3)), links: collectionLinks(rt, request) };
      },
    }),
    route({
      method: 'POST',
      url: '/v3/services',
      policy: 'identity:create_service',
      target: rolesOnly,
      body: { '1': serviceCreateBody },
      handler: async (request, reply) =>
        reply
          .code(201)
          .send({ service: serviceView(await svc.createService(request.body.service), v3Url(rt, request)) }),
    }),
    route({
      method: 'GET',
      url: '/v3/services/:id',
      policy: 'identity:get_service',
      target: rolesOnly,
      handler: async (request) => ({ service: serviceView(await svc.service(request.params.id), v3Url(rt, request)) }),
    }),
    route({
      method: 'PATCH',
      url: '/v3/services/:id',
      policy: 'identity:update_service',
      target: rolesOnly,
      body: { '1': serviceUpdateBody },
      handler: async (request) => ({
        service: serviceView(await svc.updateService(request.params.id, request.body.service), v3Url(rt, request)),
      }),
    }),
    route({
      method: 'DELETE',
      url: '/v3/services/:id',
      policy: 'identity:delete_service',
      target: rolesOnly,
      handler: async (request, reply) => {
        await svc.deleteService(request.params.id);
        return reply.code(204).send();
      },
    }),
    // ---- endpoints
    route({
      method: 'GET',
      url: '/v3/endpoints',
      policy: 'identity:list_endpoints',
      target: rolesOnly,
      handler: async (request) => {
        const rows = await svc.endpoints({
          interface: queryValue(request, 'interface'),
          serviceId: queryValue(request, 'service_id'),
          regionId: queryValue(request, 'region_id'),
        });
        const v3 = v3Url(rt, request);
        return {
          endpoints: rows.map((e) => endpointView(e, v3, base(request))),
          links: collectionLinks(rt, request),
        };
      },
    }),
    route({
      method: 'POST',
      url: '/v3/endpoints',
      policy: 'identity:create_endpoint',
      target: rolesOnly,
      body: { '1': endpointCreateBody },
      handler: async (request, reply) =>
        reply.code(201).send({
          endpoint: endpointView(await svc.createEndpoint(request.body.endpoint), v3Url(rt, request), base(request)),
        }),
    }),
    route({
      method: 'GET',
      url: '/v3/endpoints/:id',
      policy: 'identity:get_endpoint',
      target: rolesOnly,
      handler: async (request) => ({
        endpoint: endpointView(await svc.endpoint(request.params.id), v3Url(rt, request), base(request)),
      }),
    }),
    route({
      method: 'PATCH',
      url: '/v3/endpoints/:id',
      policy: 'identity:update_endpoint',
      target: rolesOnly,
      body: { '1': endpointUpdateBody },
      handler: async (request) => ({
        endpoint: endpointView(
          await svc.updateEndpoint(request.params.id, request.body.endpoint),
          v3Url(rt, request),
          base(request),
        ),
      }),
    }),
    route({
      method: 'DELETE',
      url: '/v3/endpoints/:id',
      policy: 'identity:delete_endpoint',
      target: rolesOnly,
      handler: async (request, reply) => {
        await svc.deleteEndpoint(request.params.id);
        return reply.code(204).send();
      },
    }),
    // ---- regions
    route({
      method: 'GET',
      url: '/v3/regions',
      policy: 'identity:list_regions',
      target: rolesOnly,
      handler: async (request) => {
        const rows = await svc.regions({ parentRegionId: queryValue(request, 'parent_region_id') });
        const v3 = v3Url(rt, request);
        return { regions: rows.map((r) => regionView(r, v3)), links: collectionLinks(rt, request) };
      },
    }),
    route({
      method: 'POST',
      url: '/v3/regions',
      policy: 'identity:create_region',
      target: rolesOnly,
      body: { '1': regionCreateBody },
      handler: async (request, reply) =>
        reply.code(201).send({ region: regionView(await svc.createRegion(request.body.region), v3Url(rt, request)) }),
    }),
    route({
      method: 'PUT',
      url: '/v3/regions/:id',
      policy: 'identity:create_region',
      target: rolesOnly,
      body: { '1': regionCreateBody },
      handler: async (request, reply) =>
        reply.code(201).send({
          region: regionView(await svc.createRegion(request.body.region, request.params.id), v3Url(rt, request)),
        }),
    }),
    route({
      method: 'GET',
      url: '/v3/regions/:id',
      policy: 'identity:get_region',
      target: rolesOnly,
      handler: async (request) => ({ region: regionView(await svc.region(request.params.id), v3Url(rt, request)) }),
    }),
    route({
      method: 'PATCH',
      url: '/v3/regions/:id',
      policy: 'identity:update_region',
      target: rolesOnly,
      body: { '1': regionUpdateBody },
      handler: async (request) => ({
        region: regionView(await svc.updateRegion(request.params.id, request.body.region), v3Url(rt, request)),
      }),
    }),
    route({
      method: 'DELETE',
      url: '/v3/regions/:id',
      policy: 'identity:delete_region',
      target: rolesOnly,
      handler: async (request, reply) => {
        await svc.deleteRegion(request.params.id);
        return reply.code(204).send();
      },
    }),
  ];
}
