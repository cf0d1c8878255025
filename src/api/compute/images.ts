/**
 * GET /images, /images/detail, GET and DELETE /images/{id} (nova/api/openstack/compute/images.py):
 * Nova's proxy of Glance, served up to MAX_PROXY_API_SUPPORT_VERSION (2.35) and 404 from 2.36.
 * Nova has no policy rule of its own here: Glance's rules, applied with the caller's token, decide.
 */
import type { FastifyRequest } from 'fastify';
import type { Runtime } from '../../runtime.js';
import { route, type RawQuery, type RouteDef } from '../../http/route-table.js';
import { baseUrl } from '../../http/base-url.js';
import { badRequest } from '../../domain/errors.js';
import {
  deleteNovaImage,
  listNovaImages,
  showNovaImage,
  type NovaImageFilter,
} from '../../services/compute/image-proxy.js';
import { computeRoot } from './versions.js';
import { imageBasic, imageDetail, type ImageLinkRoots } from './views/images.js';
import { imageMetadataRoutes } from './image-metadata.js';

const MAX_PROXY = '2.35';

const last = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v.at(-1) : v);

export function imageLinkRoots(rt: Runtime, request: FastifyRequest): ImageLinkRoots {
  return { compute: computeRoot(rt, request), glance: `${baseUrl(rt.config, request)}/image` };
}

/** Python's str.lstrip(chars): glance.py strips "property-" from a filter name this way, character-wise. */
function lstripChars(s: string, chars: string): string {
  let i = 0;
  while (i < s.length && chars.includes(s[i] ?? '')) i++;
  return s.slice(i);
}

/** ImagesController._get_filters and glance.py _extract_query_params_v2 */
function filtersOf(q: RawQuery): NovaImageFilter {
  const properties: Record<string, string> = {};
  const image = (name: string, value: string | undefined) => {
    if (value !== undefined) properties[lstripChars(name, 'property-')] = value;
  };
  for (const [k, v] of Object.entries(q)) if (k.startsWith('property-')) image(k, last(v));
  // the server filter is the instance uuid, also when given as a server URL
  const server = last(q.server);
  image('property-instance_uuid', server?.includes('/') ? server.slice(server.lastIndexOf('/') + 1) : server);
  image('property-image_type', last(q.type));
  return {
    name: last(q.name),
    // the Image API expects lowercase statuses
    status: last(q.status)?.toLowerCase(),
    changesSince: last(q['changes-since']) || undefined,
    minRam: last(q.minRam),
    minDisk: last(q.minDisk),
    properties,
  };
}

/**
 * common.get_pagination_params: limit, page_size and offset through utils.validate_integer (as
 * the real Nova answers: Zed has no query schema here; later releases word the error as jsonschema)
 */
function pageOf(q: RawQuery): { limit?: number; marker?: string } {
  for (const p of ['limit', 'page_size', 'offset']) {
    const v = last(q[p]);
    if (v === undefined) continue;
    if (!/^\s*[+-]?\d+\s*$/.test(v)) throw badRequest(`Invalid input received: ${p} must be an integer`);
    if (Number(v.trim()) < 0) throw badRequest(`Invalid input received: ${p} must be >= 0`);
  }
  const limit = Number(last(q.limit)?.trim() ?? 0);
  // glance.py passes only truthy paging values on: limit=0 and an empty marker mean none
  return { limit: limit > 0 ? limit : undefined, marker: last(q.marker) || undefined };
}

export function imageRoutes(rt: Runtime): RouteDef[] {
  const list = (detail: boolean) => async (request: FastifyRequest & { query: RawQuery }) => {
    const q = request.query;
    const images = await listNovaImages(rt, request.ctx, filtersOf(q), pageOf(q));
    const roots = imageLinkRoots(rt, request);
    const body: Record<string, unknown> = {
      images: images.map((i) => (detail ? imageDetail(i, roots) : imageBasic(i, roots))),
    };
    // ViewBuilder._get_collection_links: a full page (limit, capped by max_limit) gets a next link
    const max = rt.config.compute.maxListLimit;
    const pageSize = Math.min(Number(last(q.limit) ?? max), max);
    const lastImage = images.at(-1);
    if (pageSize > 0 && images.length === pageSize && lastImage) {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(q)) if (k !== 'marker') for (const x of [v ?? []].flat()) params.append(k, x);
      params.set('marker', lastImage.row.id);
      body.images_links = [
        { rel: 'next', href: `${roots.compute}/v2.1/images${detail ? '/detail' : ''}?${params.toString()}` },
      ];
    }
    return body;
  };
  return [
    route({ method: 'GET', url: '/images', maxVersion: MAX_PROXY, handler: list(false) }),
    route({ method: 'GET', url: '/images/detail', maxVersion: MAX_PROXY, handler: list(true) }),
    route({
      method: 'GET',
      url: '/images/:imageId',
      maxVersion: MAX_PROXY,
      handler: async (request) => {
        const image = await showNovaImage(rt, request.ctx, request.params.imageId);
        return { image: imageDetail(image, imageLinkRoots(rt, request)) };
      },
    }),
    route({
      method: 'DELETE',
      url: '/images/:imageId',
      maxVersion: MAX_PROXY,
      handler: async (request, reply) => {
        await deleteNovaImage(rt, request.ctx, request.params.imageId);
        return reply.code(204).send();
      },
    }),
    ...imageMetadataRoutes(rt),
  ];
}
