/**
 * Glance's interoperable image import (glance/api/v2/images.py import_image, image_data.stage and
 * the api_image_import task flow) without multiple stores:
 *  - stage: a queued image takes its bytes into staging (queued → uploading, size set);
 *  - import: glance-direct (of a staged image) or web-download (of a queued one) takes the import
 *    lock (os_glance_import_task), moves the image to 'importing' and records a pending task, in
 *    one transaction with the `image_import` operation an agent runs;
 *  - the operation hashes the staged bytes or fetches the URI, then the image is active and the
 *    task success — or, on any failure, the image is queued again without data and the task failure.
 * Every step re-checks what it expects in its statement, so a retried operation (after a crash)
 * either finishes the same import or finds it finished.
 */
import type { Runtime } from '../../runtime.js';
import type { Trx } from '../../store/database.js';
import type { RequestContext } from '../../domain/context.js';
import { createHash } from 'node:crypto';
import { DomainError, badRequest, conflict } from '../../domain/errors.js';
import { newUuid } from '../../lib/ids.js';
import { allowed } from '../../policy/check.js';
import { enqueueOperation } from '../../operations/enqueue.js';
import { findImage, findImageChunk, type ImageRow } from '../../store/repositories/image-repository.js';
import {
  deleteImageChunks,
  findImageTask,
  insertImageTask,
  listImageTasks,
  listTasksOfImage,
  updateImageIf,
  updateImageTask,
  type ImageImportUpdate,
  type ImageTaskRow,
} from '../../store/repositories/image-task-repository.js';
import { findVisibleImage, imageNotFound, notAuthorized } from './image-service.js';
import { writeImageChunks } from './image-data-service.js';

export type { ImageTaskRow };

export const IMPORT_TASK_TYPE = 'api_image_import';
const LOCK = 'os_glance_import_task';
const IMPORTING = 'os_glance_importing_to_stores';
const FAILED = 'os_glance_failed_import';
/** Glance's task_time_to_live (hours): a finished task expires this long after its last update */
const TASK_TTL_MS = 48 * 3600 * 1000;

const props = (i: ImageRow): Record<string, unknown> => JSON.parse(i.properties) as Record<string, unknown>;
const badTransition = (from: string, to: string) =>
  conflict(`Image status transition from ${from} to ${to} is not allowed`);

/** Glance's enabled_import_methods */
export const importMethods = (rt: Runtime): string[] => rt.config.image.importMethods;

/** The caller may write the image: Glance's modify_image (stage and import check it). */
function checkModify(ctx: RequestContext, image: ImageRow): void {
  if (!allowed(ctx, 'modify_image', { project_id: image.owner })) throw notAuthorized('modify_image');
}

/** Is glance-direct (and so the stage call) offered at this site? */
export function stagingEnabled(rt: Runtime): boolean {
  return importMethods(rt).includes('glance-direct');
}

/**
 * PUT /v2/images/{id}/stage: a queued image takes `chunks` into staging (status 'uploading', its
 * size known, no hashes yet). On any failure the staged bytes go and the image is queued again.
 */
export async function stageImageData(
  rt: Runtime,
  ctx: RequestContext,
  id: string,
  chunks: AsyncIterable<Buffer>,
  maxBytes: number,
): Promise<void> {
  const image = await findVisibleImage(rt, ctx, id);
  checkModify(ctx, image);
  const db = rt.store.db;
  const now = () => rt.clock().toISOString();
  if (!(await updateImageIf(db, id, { status: 'queued' }, { status: 'uploading', updated_at: now() }))) {
    const current = await findImage(db, id);
    if (!current) throw imageNotFound(id);
    throw badTransition(current.status, 'uploading');
  }
  try {
    const facts = await writeImageChunks(rt, id, chunks, maxBytes);
    if (!(await updateImageIf(db, id, { status: 'uploading' }, { size: facts.size, updated_at: now() })))
      throw imageNotFound(id);
  } catch (err) {
    await rt.store.transaction(async (trx) => {
      await deleteImageChunks(trx, id);
      await updateImageIf(trx, id, { status: 'uploading' }, { status: 'queued', size: null, updated_at: now() });
    });
    if (!(err instanceof DomainError) && !(await findImage(db, id))) throw imageNotFound(id);
    throw err;
  }
}

/** glance.common.utils.validate_uri with [import_filtering_opts] as configured. */
export function uriPassesFiltering(rt: Runtime, uri: unknown): boolean {
  if (typeof uri !== 'string' || uri === '') return false;
  let u: URL;
  try {
    u = new URL(uri);
  } catch {
    return false;
  }
  const f = rt.config.image.importFiltering;
  const scheme = u.protocol.replace(/:$/, '');
  if (f.allowedSchemes.length > 0 && !f.allowedSchemes.includes(scheme)) return false;
  const host = u.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (host === '' || (f.allowedHosts.length > 0 && !f.allowedHosts.includes(host))) return false;
  if (u.port !== '' && f.allowedPorts.length > 0 && !f.allowedPorts.includes(Number(u.port))) return false;
  return true;
}

/** The import request body as Glance's deserializer checks it (_validate_import_body). */
export interface ImportRequest {
  method: { name: string; uri?: unknown; [k: string]: unknown };
  all_stores?: boolean;
  all_stores_must_succeed?: boolean;
  stores?: unknown;
  [k: string]: unknown;
}

export function checkImportRequest(rt: Runtime, body: unknown): ImportRequest {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw badRequest('Body expected in request.');
  const b = body as Record<string, unknown>;
  const method = b.method;
  if (method === undefined) throw badRequest("Import request requires a 'method' field.");
  if (method === null || typeof method !== 'object' || Array.isArray(method) || !('name' in method))
    throw badRequest("Import request requires a 'name' field.");
  const name = method.name;
  if (typeof name !== 'string' || !importMethods(rt).includes(name))
    throw badRequest(`Unknown import method name '${String(name)}'.`);
  if ('all_stores_must_succeed' in b && typeof b.all_stores_must_succeed !== 'boolean')
    throw badRequest("'all_stores_must_succeed' must be boolean value only");
  if ('all_stores' in b && typeof b.all_stores !== 'boolean')
    throw badRequest("'all_stores' must be boolean value only");
  return b as ImportRequest;
}

/**
 * POST /v2/images/{id}/import: Glance's checks in its order (status for the method, formats,
 * modify_image, the import lock, the stores options, the web-download filter), then the lock,
 * the status move, the task and the operation in one transaction. Returns the task.
 */
export async function startImport(
  rt: Runtime,
  ctx: RequestContext,
  id: string,
  req: ImportRequest,
): Promise<ImageTaskRow> {
  const image = await findVisibleImage(rt, ctx, id);
  const method = req.method.name;
  if (image.status === 'active') throw conflict('Image with status active cannot be target for import');
  if (image.status !== 'queued' && method === 'web-download')
    throw conflict(`Image needs to be in 'queued' state to use '${method}' method`);
  if (image.status !== 'uploading' && method === 'glance-direct')
    throw conflict("Image needs to be staged before 'glance-direct' method can be used");
  if (!image.container_format) throw conflict("'container_format' needs to be set before import");
  if (!image.disk_format) throw conflict("'disk_format' needs to be set before import");
  checkModify(ctx, image);
  const before = props(image);
  // an unfinished import holds the lock; Glance busts a lock only an hour after its task stopped moving
  if (typeof before[LOCK] === 'string') throw conflict('Image has active task');
  // without enabled_backends Glance words this with the method's uri (usually None)
  if (req.all_stores_must_succeed === false)
    throw badRequest(
      `All_stores_must_succeed can only be set with enabled_backends ${typeof req.method.uri === 'string' ? req.method.uri : 'None'}`,
    );
  if (method === 'web-download' && !uriPassesFiltering(rt, req.method.uri))
    throw badRequest(
      `URI for web-download does not pass filtering: ${typeof req.method.uri === 'string' ? req.method.uri : 'None'}`,
    );
  const now = rt.clock().toISOString();
  const task: ImageTaskRow = {
    id: newUuid(),
    type: IMPORT_TASK_TYPE,
    status: 'pending',
    owner: ctx.projectId,
    image_id: id,
    request_id: ctx.requestId,
    user_id: ctx.userId,
    input: JSON.stringify({ image_id: id, import_req: req, backend: [null] }),
    result: null,
    message: '',
    created_at: now,
    updated_at: now,
    expires_at: null,
  };
  const locked = JSON.stringify({ ...before, [LOCK]: task.id, [IMPORTING]: '', [FAILED]: '' });
  const won = await rt.store.transaction(async (trx) => {
    const ok = await updateImageIf(
      trx,
      id,
      { status: image.status, properties: image.properties },
      { status: 'importing', properties: locked, updated_at: now },
    );
    if (!ok) return false;
    await insertImageTask(trx, task);
    await enqueueOperation(
      trx,
      { kind: 'image_import', instanceUuid: null, host: null, requestId: ctx.requestId, payload: { taskId: task.id } },
      now,
    );
    return true;
  });
  if (!won) {
    // another import, a delete or a property write came first
    if (!(await findImage(rt.store.db, id))) throw imageNotFound(id);
    throw conflict(`New operation on image '${id}' is not permitted as prior operation is still in progress`);
  }
  rt.bus.operationEnqueued(null);
  return task;
}

/** The bytes a web-download import fetches, as they arrive. */
async function* download(uri: string): AsyncGenerator<Buffer> {
  // a redirect could lead past the filter: refused, as Glance re-checks every redirect target
  const res = await fetch(uri, { redirect: 'error' });
  if (!res.ok || res.body === null) throw new Error(`HTTP Error ${res.status}: ${res.statusText}`);
  for await (const part of res.body as AsyncIterable<Uint8Array>) yield Buffer.from(part);
}

/** The staged chunks of an image, in order. */
async function* stagedChunks(rt: Runtime, id: string): AsyncGenerator<Buffer> {
  for (let seq = 0; ; seq += 1) {
    const next = await findImageChunk(rt.store.db, id, seq);
    if (next === undefined) return;
    yield next;
  }
}

const MIB = 1024 * 1024;

/**
 * Runs the import task `taskId` (the `image_import` operation). Safe to run again after a crash:
 * a finished task is left alone, a web-download fetches afresh, a glance-direct re-reads staging.
 */
export async function runImport(rt: Runtime, taskId: string): Promise<void> {
  const db = rt.store.db;
  const task = await findImageTask(db, taskId);
  if (!task || (task.status !== 'pending' && task.status !== 'processing')) return;
  const now = () => rt.clock().toISOString();
  await updateImageTask(db, taskId, ['pending', 'processing'], { status: 'processing', updated_at: now() });
  const input = JSON.parse(task.input) as { import_req: ImportRequest };
  const method = input.import_req.method;
  const id = task.image_id ?? '';
  try {
    const image = await findImage(db, id);
    if (!image || !heldBy(image, taskId)) throw new Error('Image has been deleted, aborting import.');
    let facts;
    if (method.name === 'web-download') {
      const uri = typeof method.uri === 'string' ? method.uri : '';
      if (!uriPassesFiltering(rt, uri)) throw new Error(`URI for web-download does not pass filtering: ${uri}`);
      await deleteImageChunks(db, id);
      facts = await writeImageChunks(rt, id, download(uri), rt.config.image.maxUploadBytes);
    } else {
      const md5 = createHash('md5');
      const sha512 = createHash('sha512');
      let size = 0;
      for await (const c of stagedChunks(rt, id)) {
        size += c.length;
        md5.update(c);
        sha512.update(c);
      }
      if (size === 0 && (await findImageChunk(db, id, 0)) === undefined)
        throw new Error(`Image ${id} has no data in staging`);
      facts = { size, checksum: md5.digest('hex'), osHashAlgo: 'sha512', osHashValue: sha512.digest('hex') };
    }
    const at = now();
    const done = await finishLocked(rt, id, taskId, async (trx, p) => {
      p[IMPORTING] = '';
      p[FAILED] = '';
      await updateImageTask(trx, taskId, ['processing'], {
        status: 'success',
        result: JSON.stringify({ image_id: id }),
        message: `Copied ${Math.floor(facts.size / MIB)} MiB`,
        updated_at: at,
        expires_at: new Date(Date.parse(at) + TASK_TTL_MS).toISOString(),
      });
      return {
        status: 'active',
        size: facts.size,
        checksum: facts.checksum,
        os_hash_algo: facts.osHashAlgo,
        os_hash_value: facts.osHashValue,
        updated_at: at,
      };
    });
    if (!done) throw new Error('Image has been deleted, aborting import.');
  } catch (err) {
    await failImport(rt, taskId, err instanceof Error ? err.message : String(err));
  }
}

/**
 * Ends an import that failed or can never run: the image (if still importing under this task)
 * queued again without data or lock, the task 'failure' with the reason (Glance's revert path).
 */
export async function failImport(rt: Runtime, taskId: string, reason: string): Promise<void> {
  const task = await findImageTask(rt.store.db, taskId);
  if (!task || task.status === 'success' || task.status === 'failure') return;
  const id = task.image_id ?? '';
  const at = rt.clock().toISOString();
  const finish = async (trx: Trx) =>
    updateImageTask(trx, taskId, ['pending', 'processing'], {
      status: 'failure',
      message: reason,
      updated_at: at,
      expires_at: new Date(Date.parse(at) + TASK_TTL_MS).toISOString(),
    });
  const released = await finishLocked(rt, id, taskId, async (trx, p) => {
    p[IMPORTING] = '';
    await deleteImageChunks(trx, id);
    await finish(trx);
    return { status: 'queued', size: null, updated_at: at };
  });
  // the image is gone or no longer this task's: only the task records the failure
  if (!released) await rt.store.transaction(finish);
}

/**
 * Ends the import `taskId` holds on image `id`, in one transaction: `change` may write more (the
 * task) and returns the image's new columns; the lock goes from the properties it edits. The
 * image write is guarded by the properties read, so a property written meanwhile (a PATCH) makes
 * it read again rather than lose that write. False when the image is gone or not this task's.
 */
async function finishLocked(
  rt: Runtime,
  id: string,
  taskId: string,
  change: (trx: Trx, properties: Record<string, unknown>) => Promise<ImageImportUpdate>,
): Promise<boolean> {
  for (let attempt = 0; attempt < 10; attempt += 1) {
    const r = await rt.store
      .transaction(async (trx) => {
        const current = await findImage(trx, id);
        if (!current || !heldBy(current, taskId)) return 'gone';
        const p = props(current);
        delete p[LOCK];
        const fields = await change(trx, p);
        const ok = await updateImageIf(
          trx,
          id,
          { status: 'importing', properties: current.properties },
          { ...fields, properties: JSON.stringify(p) },
        );
        // a lost race rolls the task write back with it
        if (!ok) throw new LostRace();
        return 'done';
      })
      .catch((e: unknown) => {
        if (e instanceof LostRace) return 'retry';
        throw e;
      });
    if (r !== 'retry') return r === 'done';
  }
  throw new Error(`Image ${id} kept changing while its import finished`);
}

class LostRace extends Error {}

/**
 * Is the image being imported by `taskId`? An importing image can have only one import (another
 * needs queued or uploading), so one whose lock a racing property write dropped is still it.
 */
function heldBy(image: ImageRow, taskId: string): boolean {
  const lock = props(image)[LOCK];
  return image.status === 'importing' && (lock === taskId || lock === undefined);
}

/** Glance's tasks_api_access (admin by default): the /v2/tasks API as a whole. */
function checkTasksAccess(ctx: RequestContext): void {
  if (!allowed(ctx, 'tasks_api_access')) throw notAuthorized('tasks_api_access');
}

/** GET /v2/tasks: an admin sees every project's tasks, others their project's. */
export async function listTasks(rt: Runtime, ctx: RequestContext): Promise<ImageTaskRow[]> {
  checkTasksAccess(ctx);
  if (!allowed(ctx, 'get_tasks')) throw notAuthorized('get_tasks');
  return listImageTasks(rt.store.db, ctx.isAdmin ? null : (ctx.projectId ?? ''));
}

export async function showTask(rt: Runtime, ctx: RequestContext, id: string): Promise<ImageTaskRow> {
  checkTasksAccess(ctx);
  if (!allowed(ctx, 'get_task')) throw notAuthorized('get_task');
  const task = await findImageTask(rt.store.db, id);
  if (!task || (!ctx.isAdmin && task.owner !== ctx.projectId))
    throw new DomainError('NOT_FOUND', 404, `Could not find task ${id}`);
  return task;
}

/** GET /v2/images/{id}/tasks: whoever may see the image sees its tasks; else a bare 404. */
export async function tasksOfImage(rt: Runtime, ctx: RequestContext, id: string): Promise<ImageTaskRow[]> {
  try {
    await findVisibleImage(rt, ctx, id);
  } catch {
    throw new DomainError('NOT_FOUND', 404, 'The resource could not be found.');
  }
  return listTasksOfImage(rt.store.db, id);
}
