/**
 * /images/{id}/metadata[/{key}] (nova/api/openstack/compute/image_metadata.py): the image's custom
 * properties, served from 2.1 to 2.38 (404 from 2.39, later than the images API itself). Nova has
 * no policy rule here: Glance's modify_image and property protections decide the writes.
 */
import type { Runtime } from '../../runtime.js';
import { route, type RouteDef } from '../../http/route-table.js';
import { badRequest, notFound } from '../../domain/errors.js';
import { novaImageMetadata, writeNovaImageMetadata } from '../../services/compute/image-proxy.js';
import { metadataItem, metadataSet } from './schemas/server-metadata.js';

const MAX = '2.38';

export function imageMetadataRoutes(rt: Runtime): RouteDef[] {
  return [
    route({
      method: 'GET',
      url: '/images/:imageId/metadata',
      maxVersion: MAX,
      handler: async (request) => ({ metadata: await novaImageMetadata(rt, request.ctx, request.params.imageId) }),
    }),
    route({
      method: 'POST',
      url: '/images/:imageId/metadata',
      maxVersion: MAX,
      body: metadataSet,
      handler: async (request) => ({
        metadata: await writeNovaImageMetadata(rt, request.ctx, request.params.imageId, {
          op: 'merge',
          items: request.body.metadata,
        }),
      }),
    }),
    route({
      method: 'PUT',
      url: '/images/:imageId/metadata',
      maxVersion: MAX,
      body: metadataSet,
      handler: async (request) => {
        const items = request.body.metadata;
        await writeNovaImageMetadata(rt, request.ctx, request.params.imageId, { op: 'replace', items });
        // update_all answers with the body it was given
        return { metadata: items };
      },
    }),
    route({
      method: 'GET',
      url: '/images/:imageId/metadata/:key',
      maxVersion: MAX,
      handler: async (request) => {
        const md = await novaImageMetadata(rt, request.ctx, request.params.imageId);
        const k = request.params.key;
        if (!Object.hasOwn(md, k)) throw notFound();
        return { meta: { [k]: md[k] } };
      },
    }),
    route({
      method: 'PUT',
      url: '/images/:imageId/metadata/:key',
      maxVersion: MAX,
      body: metadataItem,
      handler: async (request) => {
        const meta = request.body.meta;
        const k = request.params.key;
        const value = meta[k];
        // checked before the image is read, as Nova does
        if (value === undefined) throw badRequest('Request body and URI mismatch');
        await writeNovaImageMetadata(rt, request.ctx, request.params.imageId, { op: 'merge', items: { [k]: value } });
        return { meta };
      },
    }),
    route({
      method: 'DELETE',
      url: '/images/:imageId/metadata/:key',
      maxVersion: MAX,
      handler: async (request, reply) => {
        await writeNovaImageMetadata(rt, request.ctx, request.params.imageId, {
          op: 'delete',
          key: request.params.key,
        });
        return reply.code(204).send();
      },
    }),
  ];
}
