/**
 * Glance v2 image data (glance/api/v2/image_data.py): PUT /v2/images/{id}/file uploads the bytes of
 * a 'queued' image (queued → saving → active, hashes computed on the way), GET streams them back.
 * Bytes live in the store's image_data table in IMAGE_CHUNK_BYTES chunks, written as they arrive,
 * so neither direction holds a whole image in memory.
 */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Runtime } from '../../runtime.js';
import type { RouteDef } from '../../http/route-table.js';
import { parseJsonBody } from '../../http/json-body.js';
import { DomainError, conflict } from '../../domain/errors.js';
import { allowed } from '../../policy/check.js';
import {
  IMAGE_CHUNK_BYTES, abortImageUpload, beginImageUpload, findImage, findImageChunk, finishImageUpload, insertImageChunk,
} from '../../store/repositories/image-repository.js';
import { imageNotFound, notAuthorized, visible } from './images.js';

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
}

/** webob's HTTPUnsupportedMediaType with Glance's InvalidContentType detail */
const unsupportedMediaType = (contentType: string | undefined) =>
  new DomainError('UNSUPPORTED_MEDIA_TYPE', 415, `Invalid content type ${contentType ?? 'None'}`);
/** glance ImageSizeLimitExceeded as image_data.upload words it */
const tooLarge = () => new DomainError('BODY_TOO_LARGE', 413, 'The incoming image is too large: The provided image is too large.');
const gone = (id: string) => new DomainError('NOT_FOUND', 410,
  `Image ${id} could not be found after upload. The image may have been deleted during the upload, cleaning up the chunks uploaded.`);
const badTransition = (from: string) => conflict(`Image status transition from ${from} to saving is not allowed`);

/** The request body as a byte stream: a raw stream (octet-stream parser), or nothing for an empty body. */
async function* bodyChunks(body: unknown): AsyncGenerator<Buffer> {
  if (body instanceof Readable) {
    // leaving the loop early (the cap, a store error) must not destroy the request stream: that
    // would reset the connection instead of answering; discardRest drains it instead
    for await (const part of body.iterator({ destroyOnReturn: false })) yield Buffer.isBuffer(part) ? part : Buffer.from(part as string);
  } else if (Buffer.isBuffer(body)) {
    yield body;
  }
}

/**
 * Reads and drops what is left of a refused upload, so that the client, still sending, gets the
 * error answer rather than a reset connection (and a kept-alive socket stays in step).
 */
function discardRest(body: unknown): void {
  if (body instanceof Readable && !body.readableEnded) body.resume();
}

export function imageDataRoutes(rt: Runtime): RouteDef[] {
  const db = () => rt.store.db;
  return [
    {
      method: 'PUT', url: '/v2/images/:imageId/file', policy: 'upload_image',
      handler: async (request: FastifyRequest, reply: FastifyReply) => {
        const id = (request.params as { imageId: string }).imageId;
        // the deserializer runs before the controller: a wrong media type is 415 even for an unknown image
        const contentType = request.headers['content-type'];
        if (contentType?.split(';')[0].trim().toLowerCase() !== OCTET_STREAM) throw unsupportedMediaType(contentType);
        const ctx = request.ctx;
        const image = await findImage(db(), id);
        if (!image || !visible(ctx, image)) throw imageNotFound(id);
        // Glance's upload_image default rule (secure RBAC): admin, or a member of the owning project.
        // rules.ts has no upload_image entry, so the same base check is applied here directly.
        if (!allowed(ctx, 'upload_image', { project_id: image.owner })) throw notAuthorized('upload_image');
        if (image.status !== 'queued') throw badTransition(image.status);
        const max = rt.config.image.maxUploadBytes;
        const declared = Number(request.headers['content-length'] ?? NaN);
        // a declared length over the cap is refused before anything is stored or read
        if (declared > max) {
          discardRest(request.body);
          throw tooLarge();
        }
        if (!(await beginImageUpload(db(), id, new Date().toISOString()))) {
          // another upload (or a delete) won the race since the read above
          const now = await findImage(db(), id);
          if (!now) throw imageNotFound(id);
          throw badTransition(now.status);
        }
        const md5 = createHash('md5');
        const sha512 = createHash('sha512');
        let size = 0;
        let seq = 0;
        let pending: Buffer[] = [];
        let pendingBytes = 0;
        const flush = async (bytes: Buffer) => {
          await insertImageChunk(db(), id, seq, bytes);
          seq += 1;
        };
        try {
          for await (const part of bodyChunks(request.body)) {
            size += part.length;
            if (size > max) throw tooLarge();
            md5.update(part);
            sha512.update(part);
            pending.push(part);
            pendingBytes += part.length;
            if (pendingBytes >= IMAGE_CHUNK_BYTES) {
              let all = Buffer.concat(pending, pendingBytes);
              while (all.length >= IMAGE_CHUNK_BYTES) {
                await flush(all.subarray(0, IMAGE_CHUNK_BYTES));
                all = all.subarray(IMAGE_CHUNK_BYTES);
              }
              pending = [all];
              pendingBytes = all.length;
            }
          }
          // chunk 0 always exists once data is stored, even for a zero-byte image
          if (pendingBytes > 0 || seq === 0) await flush(Buffer.concat(pending, pendingBytes));
          const done = await finishImageUpload(db(), id, {
            size, checksum: md5.digest('hex'), osHashAlgo: 'sha512', osHashValue: sha512.digest('hex'),
          }, new Date().toISOString());
          if (!done) throw gone(id);
        } catch (err) {
          discardRest(request.body);
          await abortImageUpload(db(), id, new Date().toISOString());
          // a chunk refused because the image row is gone (its foreign key) is Glance's 410
          if (!(err instanceof DomainError) && !(await findImage(db(), id))) throw gone(id);
          throw err;
        }
        return reply.code(204).send();
      },
    },
    {
      method: 'GET', url: '/v2/images/:imageId/file', policy: 'download_image',
      handler: async (request: FastifyRequest, reply: FastifyReply) => {
        const id = (request.params as { imageId: string }).imageId;
        const image = await findImage(db(), id);
        // download_image's default allows whoever may see the image
        if (!image || !visible(request.ctx, image)) throw imageNotFound(id);
        if (!allowed(request.ctx, 'download_image', { project_id: image.owner })) throw notAuthorized('download_image');
        // no stored data (queued, saving, or an image seeded without bytes): glance_store.NotFound → 204
        const first = image.status === 'active' ? await findImageChunk(db(), id, 0) : undefined;
        if (first === undefined) return reply.code(204).send();
        const size = Number(image.size ?? first.length);
        reply.code(200).header('content-type', OCTET_STREAM).header('content-length', String(size));
        // Glance sends the hex md5 checksum as Content-MD5 (not RFC 1864's base64)
        if (image.checksum) reply.header('content-md5', image.checksum);
        if (size <= first.length) return reply.send(first);
        const store = db();
        async function* chunks(): AsyncGenerator<Buffer> {
          yield first as Buffer;
          for (let seq = 1; ; seq += 1) {
            const next = await findImageChunk(store, id, seq);
            if (next === undefined) return;
            yield next;
          }
        }
        return reply.send(Readable.from(chunks()));
      },
    },
  ];
}
