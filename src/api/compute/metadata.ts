/** /servers/{id}/metadata[/{key}] (nova/api/openstack/compute/server_metadata.py). */
import type { FastifyRequest } from 'fastify';
import type { Runtime } from '../../runtime.js';
import { route, type RouteDef } from '../../http/route-table.js';
import { badRequest } from '../../domain/errors.js';
import { authorize } from '../../policy/check.js';
import {
  metadataItemNotFound,
  updateServerMetadata,
  type Metadata,
} from '../../services/compute/server-metadata-service.js';
import { requestServer, serverProject } from './server-lookup.js';
import { metadataItem, metadataSet } from './schemas/server-metadata.js';

export function metadataRoutes(rt: Runtime): RouteDef[] {
  const P = 'os_compute_api:server-metadata';
  const target = serverProject(rt);
  const server = (request: FastifyRequest & { params: { serverId: string } }) => requestServer(rt, request);
  return [
    route({
      method: 'GET',
      url: '/servers/:serverId/metadata',
      policy: `${P}:index`,
      target,
      handler: async (request) => ({ metadata: JSON.parse((await server(request)).metadata) as unknown }),
    }),
    route({
      method: 'POST',
      url: '/servers/:serverId/metadata',
      policy: `${P}:create`,
      body: metadataSet,
      target,
      handler: async (request) => {
        const row = await server(request);
        return {
          metadata: await updateServerMetadata(rt, request.ctx, row.uuid, {
            op: 'merge',
            items: request.body.metadata,
          }),
        };
      },
    }),
    route({
      method: 'PUT',
      url: '/servers/:serverId/metadata',
      policy: `${P}:update_all`,
      body: metadataSet,
      target,
      handler: async (request) => {
        const row = await server(request);
        return {
          metadata: await updateServerMetadata(rt, request.ctx, row.uuid, {
            op: 'replace',
            items: request.body.metadata,
          }),
        };
      },
    }),
    route({
      method: 'GET',
      url: '/servers/:serverId/metadata/:key',
      policy: `${P}:show`,
      target,
      handler: async (request) => {
        const md = JSON.parse((await server(request)).metadata) as Metadata;
        const k = request.params.key;
        if (!(k in md)) throw metadataItemNotFound();
        return { meta: { [k]: md[k] } };
      },
    }),
    route({
      // no route-level target: the body/URI mismatch (400) is answered before the server lookup
      method: 'PUT',
      url: '/servers/:serverId/metadata/:key',
      policy: `${P}:update`,
      body: metadataItem,
      handler: async (request) => {
        const meta = request.body.meta;
        const k = request.params.key;
        const value = meta[k];
        if (value === undefined) throw badRequest('Request body and URI mismatch');
        const row = await server(request);
        authorize(request.ctx, `${P}:update`, { project_id: row.project_id });
        await updateServerMetadata(rt, request.ctx, row.uuid, { op: 'merge', items: { [k]: value } });
        return { meta: { [k]: value } };
      },
    }),
    route({
      method: 'DELETE',
      url: '/servers/:serverId/metadata/:key',
      policy: `${P}:delete`,
      target,
      handler: async (request, reply) => {
        const row = await server(request);
        await updateServerMetadata(rt, request.ctx, row.uuid, { op: 'delete', key: request.params.key });
        return reply.code(204).send();
      },
    }),
  ];
}
