/** /servers/{id}/metadata[/{key}] (nova/api/openstack/compute/server_metadata.py). */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Runtime } from '../../runtime.js';
import type { RouteDef } from '../../http/route-table.js';
import { badRequest } from '../../domain/errors.js';
import { authorize } from '../../policy/check.js';
import { metadataItemNotFound, updateServerMetadata, type Metadata } from '../../services/compute/server-metadata-service.js';
import { visibleServer } from './server-lookup.js';

// parameter_types.metadata: keys 1..255 characters, string values up to 255
const metadataMap = {
  type: 'object',
  patternProperties: { '^[a-zA-Z0-9-_:. ]{1,255}$': { type: 'string', maxLength: 255 } },
  additionalProperties: false,
};
const setBody = { '2.1': { type: 'object', properties: { metadata: metadataMap }, required: ['metadata'], additionalProperties: false } };
const itemBody = {
  '2.1': {
    type: 'object',
    properties: { meta: { ...metadataMap, minProperties: 1, maxProperties: 1 } },
    required: ['meta'],
    additionalProperties: false,
  },
};

export function metadataRoutes(rt: Runtime): RouteDef[] {
  const P = 'os_compute_api:server-metadata';
  const server = async (request: FastifyRequest, rule: string) => {
    const row = await visibleServer(rt, request, (request.params as { serverId: string }).serverId);
    authorize(request.ctx, `${P}:${rule}`, { project_id: row.project_id });
    return row;
  };
  const key = (request: FastifyRequest) => (request.params as { key: string }).key;
  return [
    {
      method: 'GET', url: '/servers/:serverId/metadata', policy: `${P}:index`,
      handler: async (request) => ({ metadata: JSON.parse((await server(request, 'index')).metadata) }),
    },
    {
      method: 'POST', url: '/servers/:serverId/metadata', policy: `${P}:create`, body: setBody,
      handler: async (request) => {
        const row = await server(request, 'create');
        const items = (request.body as { metadata: Metadata }).metadata;
        return { metadata: await updateServerMetadata(rt, request.ctx, row.uuid, { op: 'merge', items }) };
      },
    },
    {
      method: 'PUT', url: '/servers/:serverId/metadata', policy: `${P}:update_all`, body: setBody,
      handler: async (request) => {
        const row = await server(request, 'update_all');
        const items = (request.body as { metadata: Metadata }).metadata;
        return { metadata: await updateServerMetadata(rt, request.ctx, row.uuid, { op: 'replace', items }) };
      },
    },
    {
      method: 'GET', url: '/servers/:serverId/metadata/:key', policy: `${P}:show`,
      handler: async (request) => {
        const md = JSON.parse((await server(request, 'show')).metadata) as Metadata;
        const k = key(request);
        if (!(k in md)) throw metadataItemNotFound();
        return { meta: { [k]: md[k] } };
      },
    },
    {
      method: 'PUT', url: '/servers/:serverId/metadata/:key', policy: `${P}:update`, body: itemBody,
      handler: async (request) => {
        const meta = (request.body as { meta: Record<string, string> }).meta;
        const k = key(request);
        if (!(k in meta)) throw badRequest('Request body and URI mismatch');
        const row = await server(request, 'update');
        await updateServerMetadata(rt, request.ctx, row.uuid, { op: 'merge', items: { [k]: meta[k] } });
        return { meta: { [k]: meta[k] } };
      },
    },
    {
      method: 'DELETE', url: '/servers/:serverId/metadata/:key', policy: `${P}:delete`,
      handler: async (request, reply: FastifyReply) => {
        const row = await server(request, 'delete');
        await updateServerMetadata(rt, request.ctx, row.uuid, { op: 'delete', key: key(request) });
        return reply.code(204).send();
      },
    },
  ];
}
