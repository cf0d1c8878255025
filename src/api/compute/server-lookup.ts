/** Finding the server a request names, as Nova's common.get_instance does for every sub-resource. */
import type { FastifyRequest } from 'fastify';
import type { Runtime } from '../../runtime.js';
import { instanceNotFound } from '../../domain/errors.js';
import { findServer, type ServerRow } from '../../services/compute/server-reads.js';

/** The instance a caller may see: other projects' servers are 404, never 403 (Nova). */
export async function visibleServer(
  rt: Runtime,
  request: FastifyRequest,
  id: string,
  opts: { allowDeleted?: boolean } = {},
): Promise<ServerRow> {
  return visible(request, id, await findServer(rt, id, opts));
}

/** The row if the caller may see it, else Nova's 404 for the id. */
export function visible<R extends Pick<ServerRow, 'project_id'>>(
  request: FastifyRequest,
  id: string,
  row: R | undefined,
): R {
  if (!row || (!request.ctx.isAdmin && row.project_id !== request.ctx.projectId)) throw instanceNotFound(id);
  return row;
}

/**
 * The server a route's policy target and its handler both need, loaded once per request: the
 * target (registerRoutes) finds it first, so a missing server is 404 before the policy's 403, as
 * Nova's common.get_instance runs before its authorize; the handler then reuses the same row.
 */
const loaded = new WeakMap<FastifyRequest, Promise<ServerRow>>();

export function requestServer(
  rt: Runtime,
  request: FastifyRequest & { params: { serverId: string } },
  opts: { allowDeleted?: boolean } = {},
): Promise<ServerRow> {
  let row = loaded.get(request);
  if (!row) {
    row = visibleServer(rt, request, request.params.serverId, opts);
    loaded.set(request, row);
  }
  return row;
}

/** A route's policy target: the project of the server its URL names. */
export const serverProject =
  (rt: Runtime, opts: { allowDeleted?: boolean } = {}) =>
  async (request: FastifyRequest & { params: { serverId: string } }) => ({
    project_id: (await requestServer(rt, request, opts)).project_id,
  });
