/** /servers/{id}/tags[/{tag}] (nova/api/openstack/compute/server_tags.py, microversion 2.26+). */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Runtime } from '../../runtime.js';
import type { RouteDef } from '../../http/route-table.js';
import { DomainError } from '../../domain/errors.js';
import { authorize } from '../../policy/check.js';
import {
  addTag, checkTagsWritable, deleteAllTags, deleteTag, replaceTags, validateTag, MAX_TAGS,
} from '../../services/compute/server-metadata-service.js';
import { tagsFor } from '../../services/compute/server-reads.js';
import { computeRoot } from './versions.js';
import { visibleServer } from './server-lookup.js';

const tag = { type: 'string', minLength: 1, maxLength: 60, pattern: '^[^,/]*$' };
const updateAll = {
  '2.26': { type: 'object', properties: { tags: { type: 'array', items: tag, maxItems: MAX_TAGS } }, required: ['tags'], additionalProperties: false },
};

export function tagRoutes(rt: Runtime): RouteDef[] {
  const P = 'os_compute_api:os-server-tags';
  const server = async (request: FastifyRequest, rule: string) => {
    const row = await visibleServer(rt, request, (request.params as { serverId: string }).serverId);
    authorize(request.ctx, `${P}:${rule}`, { project_id: row.project_id });
    return row;
  };
  const tagParam = (request: FastifyRequest) => decodeURIComponent((request.params as { tag: string }).tag);
  // server_tags.py: show words its own 404 ("Server ..."); delete passes on InstanceTagNotFound ("Instance ...")
  const notFound = (uuid: string, t: string, noun: 'Server' | 'Instance') => new DomainError('NOT_FOUND', 404, `${noun} ${uuid} has no tag '${t}'`);
  const list = async (uuid: string) => (await tagsFor(rt, [uuid])).get(uuid) ?? [];
  return [
    {
      method: 'GET', url: '/servers/:serverId/tags', minVersion: '2.26', policy: `${P}:index`,
      handler: async (request) => ({ tags: await list((await server(request, 'index')).uuid) }),
    },
    {
      method: 'PUT', url: '/servers/:serverId/tags', minVersion: '2.26', policy: `${P}:update_all`, body: updateAll,
      handler: async (request) => {
        const row = await server(request, 'update_all');
        checkTagsWritable(row, 'update tags');
        return { tags: await replaceTags(rt, row.uuid, (request.body as { tags: string[] }).tags) };
      },
    },
    {
      method: 'DELETE', url: '/servers/:serverId/tags', minVersion: '2.26', policy: `${P}:delete_all`,
      handler: async (request, reply: FastifyReply) => {
        const row = await server(request, 'delete_all');
        checkTagsWritable(row, 'delete tags');
        await deleteAllTags(rt, row.uuid);
        return reply.code(204).send();
      },
    },
    {
      method: 'GET', url: '/servers/:serverId/tags/:tag', minVersion: '2.26', policy: `${P}:show`,
      handler: async (request, reply: FastifyReply) => {
        const row = await server(request, 'show');
        const t = tagParam(request);
        if (!(await list(row.uuid)).includes(t)) throw notFound(row.uuid, t, 'Server');
        return reply.code(204).send();
      },
    },
    {
      method: 'PUT', url: '/servers/:serverId/tags/:tag', minVersion: '2.26', policy: `${P}:update`,
      handler: async (request, reply: FastifyReply) => {
        const row = await server(request, 'update');
        const t = tagParam(request);
        validateTag(t);
        checkTagsWritable(row, 'update tag');
        const created = await addTag(rt, row.uuid, t);
        if (!created) return reply.code(204).send();
        return reply.code(201).header('location', `${computeRoot(rt, request)}/v2.1/servers/${row.uuid}/tags/${encodeURIComponent(t)}`).send();
      },
    },
    {
      method: 'DELETE', url: '/servers/:serverId/tags/:tag', minVersion: '2.26', policy: `${P}:delete`,
      handler: async (request, reply: FastifyReply) => {
        const row = await server(request, 'delete');
        const t = tagParam(request);
        checkTagsWritable(row, 'delete tag');
        if (!(await deleteTag(rt, row.uuid, t))) throw notFound(row.uuid, t, 'Instance');
        return reply.code(204).send();
      },
    },
  ];
}
