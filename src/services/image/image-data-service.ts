/**
 * Image data (glance/api/v2/image_data.py with glance_store's chunked writes): an upload moves a
 * queued image to saving, stores the bytes in IMAGE_CHUNK_BYTES chunks as they arrive (hashing them
 * on the way) and ends active, or back in queued with no chunks when anything fails. Downloads read
 * the chunks back one at a time, so neither direction holds a whole image in memory.
 */
import { createHash } from 'node:crypto';
import type { Runtime } from '../../runtime.js';
import { DomainError, conflict } from '../../domain/errors.js';
import {
  IMAGE_CHUNK_BYTES,
  abortImageUpload,
  beginImageUpload,
  findImage,
  findImageChunk,
  finishImageUpload,
  insertImageChunk,
  type ImageDataFacts,
  type ImageRow,
} from '../../store/repositories/image-repository.js';
import { imageNotFound } from './image-service.js';

/** glance ImageSizeLimitExceeded as image_data.upload words it */
export const imageTooLarge = (): DomainError =>
  new DomainError('BODY_TOO_LARGE', 413, 'The incoming image is too large: The provided image is too large.');
const gone = (id: string) =>
  new DomainError(
    'NOT_FOUND',
    410,
    `Image ${id} could not be found after upload. The image may have been deleted during the upload, cleaning up the chunks uploaded.`,
  );
const badTransition = (from: string) => conflict(`Image status transition from ${from} to saving is not allowed`);

/** Only a queued image takes data (Glance's queued → saving transition). */
export function checkUploadable(image: ImageRow): void {
  if (image.status !== 'queued') throw badTransition(image.status);
}

/**
 * Stores the bytes of `chunks` as the image's data, refusing more than `maxBytes`. The status
 * condition of each transition is in its statement, so of two concurrent uploads only one starts,
 * and an image deleted meanwhile ends the upload with Glance's 410.
 */
export async function uploadImageData(
  rt: Runtime,
  id: string,
  chunks: AsyncIterable<Buffer>,
  maxBytes: number,
): Promise<void> {
  const db = rt.store.db;
  if (!(await beginImageUpload(db, id, rt.clock().toISOString()))) {
    // another upload (or a delete) won the race since the caller's read
    const now = await findImage(db, id);
    if (!now) throw imageNotFound(id);
    throw badTransition(now.status);
  }
  try {
    const facts = await writeImageChunks(rt, id, chunks, maxBytes);
    const done = await finishImageUpload(db, id, facts, rt.clock().toISOString());
    if (!done) throw gone(id);
  } catch (err) {
    await abortImageUpload(db, id, rt.clock().toISOString());
    // a chunk refused because the image row is gone (its foreign key) is Glance's 410
    if (!(err instanceof DomainError) && !(await findImage(db, id))) throw gone(id);
    throw err;
  }
}

/**
 * Stores `chunks` as the image's data rows in IMAGE_CHUNK_BYTES pieces, refusing more than
 * `maxBytes` (Glance's 413), and returns the size and hashes of what was stored. The caller owns
 * the image's status and removes the rows when this throws.
 */
export async function writeImageChunks(
  rt: Runtime,
  id: string,
  chunks: AsyncIterable<Buffer>,
  maxBytes: number,
): Promise<ImageDataFacts> {
  const db = rt.store.db;
  const md5 = createHash('md5');
  const sha512 = createHash('sha512');
  let size = 0;
  let seq = 0;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  const flush = async (bytes: Buffer) => {
    await insertImageChunk(db, id, seq, bytes);
    seq += 1;
  };
  for await (const part of chunks) {
    size += part.length;
    if (size > maxBytes) throw imageTooLarge();
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
  return { size, checksum: md5.digest('hex'), osHashAlgo: 'sha512', osHashValue: sha512.digest('hex') };
}

/**
 * An upload its writer never finished (the process died in 'saving'): its chunks go and the image
 * is queued again, so the writer (Nova's snapshot, resumed by the agent) may upload afresh.
 */
export async function resetInterruptedUpload(rt: Runtime, id: string): Promise<void> {
  await abortImageUpload(rt.store.db, id, rt.clock().toISOString());
}

/** An image's stored data: its size, its first chunk and the rest read on demand. */
export interface ImageData {
  size: number;
  first: Buffer;
  /** every chunk in order, the first included */
  chunks(): AsyncGenerator<Buffer>;
}

/** The data of an image, or null when it has none (queued, saving, or seeded without bytes). */
export async function openImageData(rt: Runtime, image: ImageRow): Promise<ImageData | null> {
  const db = rt.store.db;
  // a deactivated image keeps its data (admins may still download it)
  const hasData = image.status === 'active' || image.status === 'deactivated';
  const first = hasData ? await findImageChunk(db, image.id, 0) : undefined;
  if (first === undefined) return null;
  async function* chunks(): AsyncGenerator<Buffer> {
    yield first as Buffer;
    for (let seq = 1; ; seq += 1) {
      const next = await findImageChunk(db, image.id, seq);
      if (next === undefined) return;
      yield next;
    }
  }
  return { size: Number(image.size ?? first.length), first, chunks };
}
