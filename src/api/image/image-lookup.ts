/**
 * The image a /v2/images/:imageId… route names, as the caller may see it (404 otherwise), and the
 * policy target of the routes whose rule is checked by the route table: the image's owner. The
 * row is remembered on the request, so the handler does not read it a second time.
 */
import type { FastifyRequest } from 'fastify';
import type { Runtime } from '../../runtime.js';
import type { PolicyTarget } from '../../policy/check.js';
import { findVisibleImage, type ImageRow } from '../../services/image/image-service.js';

/** any request on a /v2/images/:imageId… route */
export type ImageRequest = FastifyRequest & { params: { imageId: string } };

const loaded = new WeakMap<FastifyRequest, ImageRow>();

export async function visibleImage(rt: Runtime, request: ImageRequest): Promise<ImageRow> {
  const hit = loaded.get(request);
  if (hit) return hit;
  const image = await findVisibleImage(rt, request.ctx, request.params.imageId);
  loaded.set(request, image);
  return image;
}

/** Glance's image rules are checked against the image's owner, after the visibility 404. */
export const imageOwner =
  (rt: Runtime) =>
  async (request: ImageRequest): Promise<PolicyTarget> => ({ project_id: (await visibleImage(rt, request)).owner });
