/** Finding the server a request names, as Nova's common.get_instance does for every sub-resource. */
import type { FastifyRequest } from 'fastify';
import type { Runtime } from '../../runtime.js';
import { instanceNotFound } from '../../domain/errors.js';
import { findServer, type ServerRow } from '../../services/compute/server-reads.js';

/** The instance a caller may see: other projects' servers are 404, never 403 (Nova). */
export async function visibleServer(rt: Runtime, request: FastifyRequest, id: string, opts: { allowDeleted?: boolean } = {}): Promise<ServerRow> {
  return visible(request, id, await findServer(rt, id, opts));
}

/** The row if the caller may see it, else Nova's 404 for the id. */
export function visible<R extends Pick<ServerRow, 'project_id'>>(request: FastifyRequest, id: string, row: R | undefined): R {
  if (!row || (!request.ctx.isAdmin && row.project_id !== request.ctx.projectId)) throw instanceNotFound(id);
  return row;
}
