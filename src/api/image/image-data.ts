/**
 * Glance v2 image data (glance/api/v2/image_data.py): PUT /v2/images/{id}/file uploads the bytes of
 * a 'queued' image (queued → saving → active, hashes computed on the way), GET streams them back.
 * The image service stores and reads the bytes in chunks; this module only turns the request into
 * a byte stream and the data into a response.
 */
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { Runtime } from '../../runtime.js';
import { route, type RouteDef } from '../../http/route-table.js';
import { parseJsonBody } from '../../http/json-body.js';
import { allowed } from '../../policy/check.js';
import { findVisibleImage, notAuthorized } from '../../services/image/image-service.js';
import {
  checkUploadable,
  imageTooLarge,
  openImageData,
  uploadImageData,
} from '../../services/image/image-data-service.js';
import { checkDownloadable } from '../../services/image/image-actions-service.js';
import { imageOwner, visibleImage } from './image-lookup.js';
import { invalidContentType } from './errors.js';

const OCTET_STREAM = 'application/octet-stream';

/**
 * The body of an octet-stream request is handed to the handler as the raw request stream: the
 * upload reads it chunk by chunk and enforces image.maxUploadBytes itself (Fastify's bodyLimit,
 * meant for JSON documents, does not apply to it). Only the context of the data and PATCH routes
 * has this parser, and the older v2.0 patch media type (the shared JSON parser knows v2.1 only).
 */
export function registerImageBodyParsers(app: FastifyInstance): void {
  app.addContentTypeParser(OCTET_STREAM, (_request, payload, done) => done(null, payload));
  app.addContentTypeParser('application/openstack-images-v2.0-json-patch', { parseAs: 'string' }, parseJsonBody);
  // any other media type (text/plain included, which the shared parser reads as JSON) reaches the
  // handlers unread, and they answer Glance's 415 for it instead of a JSON parse error
  app.removeContentTypeParser('text/plain');
  app.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
}

/** The request body as a byte stream: a raw stream (octet-stream parser), or nothing for an empty body. */
export async function* bodyChunks(body: unknown): AsyncGenerator<Buffer> {
  if (body instanceof Readable) {
    // leaving the loop early (the cap, a store error) must not destroy the request stream: that
    // would reset the connection instead of answering; discardRest drains it instead
    for await (const part of body.iterator({ destroyOnReturn: false }))
      yield Buffer.isBuffer(part) ? part : Buffer.from(part as string);
  } else if (Buffer.isBuffer(body)) {
    yield body;
  }
}

/**
 * Reads and drops what is left of a refused upload, so that the client, still sending, gets the
 * error answer rather than a reset connection (and a kept-alive socket stays in step).
 */
export function discardRest(body: unknown): void {
  if (body instanceof Readable && !body.readableEnded) body.resume();
}

export function imageDataRoutes(rt: Runtime): RouteDef[] {
  return [
    route({
      // the rule stays in the handler: the media type's 415 comes before the image's 404
      method: 'PUT',
      url: '/v2/images/:imageId/file',
      policy: 'upload_image',
      handler: async (request, reply) => {
        const id = request.params.imageId;
        // the deserializer runs before the controller: a wrong media type is 415 even for an unknown image
        const contentType = request.headers['content-type'];
        if (contentType?.split(';', 1)[0]?.trim().toLowerCase() !== OCTET_STREAM) throw invalidContentType(contentType);
        const ctx = request.ctx;
        const image = await findVisibleImage(rt, ctx, id);
        // Glance's upload_image default rule (secure RBAC): admin, or a member of the owning project.
        // rules.ts has no upload_image entry, so the same base check is applied here directly.
        if (!allowed(ctx, 'upload_image', { project_id: image.owner })) throw notAuthorized('upload_image');
        checkUploadable(image);
        const max = rt.config.image.maxUploadBytes;
        const declared = Number(request.headers['content-length'] ?? NaN);
        // a declared length over the cap is refused before anything is stored or read
        if (declared > max) {
          discardRest(request.body);
          throw imageTooLarge();
        }
        try {
          await uploadImageData(rt, id, bodyChunks(request.body), max);
        } catch (err) {
          discardRest(request.body);
          throw err;
        }
        return reply.code(204).send();
      },
    }),
    route({
      // download_image's default allows whoever may see the image
      method: 'GET',
      url: '/v2/images/:imageId/file',
      policy: 'download_image',
      target: imageOwner(rt),
      handler: async (request, reply) => {
        const image = await visibleImage(rt, request);
        checkDownloadable(request.ctx.isAdmin, image);
        // no stored data: glance_store.NotFound → 204
        const data = await openImageData(rt, image);
        if (data === null) return reply.code(204).send();
        reply.code(200).header('content-type', OCTET_STREAM).header('content-length', String(data.size));
        // Glance sends the hex md5 checksum as Content-MD5 (not RFC 1864's base64)
        if (image.checksum) reply.header('content-md5', image.checksum);
        if (data.size <= data.first.length) return reply.send(data.first);
        return reply.send(Readable.from(data.chunks()));
      },
    }),
  ];
}
