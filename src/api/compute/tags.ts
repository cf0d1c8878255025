/** /servers/{id}/tags[/{tag}] (nova/api/openstack/compute/server_tags.py, microversion 2.26+). */
import type { FastifyRequest } from 'fastify';
import type { Runtime } from '../../runtime.js';
import { route, type RouteDef } from '../../http/route-table.js';
import { tagNotFound } from '../../domain/compute-errors.js';
import {
  addTag,
  checkTagsWritable,
  deleteAllTags,
  deleteTag,
  replaceTags,
  validateTag,
} from '../../services/compute/server-metadata-service.js';
import { tagsFor } from '../../services/compute/server-reads.js';
import { computeRoot } from './versions.js';
import { requestServer, serverProject } from './server-lookup.js';
import { tagsUpdateAll } from './schemas/server-metadata.js';

export function tagRoutes(rt: Runtime): RouteDef[] {
  const P = 'os_compute_api:os-server-tags';
  const target = serverProject(rt);
  const server = (request: FastifyRequest & { params: { serverId: string } }) => requestServer(rt, request);
  const tagParam = (request: { params: { tag: string } }) => decodeURIComponent(request.params.tag);
  const list = async (uuid: string) => (await tagsFor(rt, [uuid])).get(uuid) ?? [];
  return [
    route({
      method: 'GET',
      url: '/servers/:serverId/tags',
      minVersion: '2.26',
      policy: `${P}:index`,
      target,
      handler: async (request) => ({ tags: await list((await server(request)).uuid) }),
    }),
    route({
      method: 'PUT',
      url: '/servers/:serverId/tags',
      minVersion: '2.26',
      policy: `${P}:update_all`,
      target,
      body: tagsUpdateAll,
      handler: async (request) => {
        const row = await server(request);
        checkTagsWritable(row, 'update tags');
        return { tags: await replaceTags(rt, row.uuid, request.body.tags) };
      },
    }),
    route({
      method: 'DELETE',
      url: '/servers/:serverId/tags',
      minVersion: '2.26',
      policy: `${P}:delete_all`,
      target,
      handler: async (request, reply) => {
        const row = await server(request);
        checkTagsWritable(row, 'delete tags');
        await deleteAllTags(rt, row.uuid);
        return reply.code(204).send();
      },
    }),
    route({
      method: 'GET',
      url: '/servers/:serverId/tags/:tag',
      minVersion: '2.26',
      policy: `${P}:show`,
      target,
      handler: async (request, reply) => {
        const row = await server(request);
        const t = tagParam(request);
        if (!(await list(row.uuid)).includes(t)) throw tagNotFound(row.uuid, t, 'Server');
        return reply.code(204).send();
      },
    }),
    route({
      method: 'PUT',
      url: '/servers/:serverId/tags/:tag',
      minVersion: '2.26',
      policy: `${P}:update`,
      target,
      handler: async (request, reply) => {
        const row = await server(request);
        const t = tagParam(request);
        validateTag(t);
        checkTagsWritable(row, 'update tag');
        const created = await addTag(rt, row.uuid, t);
        if (!created) return reply.code(204).send();
        return reply
          .code(201)
          .header('location', `${computeRoot(rt, request)}/v2.1/servers/${row.uuid}/tags/${encodeURIComponent(t)}`)
          .send();
      },
    }),
    route({
      method: 'DELETE',
      url: '/servers/:serverId/tags/:tag',
      minVersion: '2.26',
      policy: `${P}:delete`,
      target,
      handler: async (request, reply) => {
        const row = await server(request);
        const t = tagParam(request);
        checkTagsWritable(row, 'delete tag');
        if (!(await deleteTag(rt, row.uuid, t))) throw tagNotFound(row.uuid, t, 'Instance');
        return reply.code(204).send();
      },
    }),
  ];
}
