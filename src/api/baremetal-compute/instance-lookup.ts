/**
 * Mogan's policy wrapper: load the instance first (a UUID, or a name unique in the caller's
 * project), 404 when unknown, then check the rule against the instance's owner → 403
 * "Access was denied to the following resource: mogan:instance:<action>" (Mogan answers 403, not
 * Nova's 404, for another project's instance).
 */
import type { FastifyRequest } from 'fastify';
import type { Runtime } from '../../runtime.js';
import type { InstancesTable } from '../../store/tables/instances.table.js';
import { DomainError } from '../../domain/errors.js';
import { allowed } from '../../policy/check.js';
import { isUuidLike } from '../../lib/ids.js';
import { findLiveByName, findLiveInstance } from '../../store/repositories/mogan-instance-queries.js';

export const instanceNotFound = (ident: string) =>
  new DomainError('INSTANCE_NOT_FOUND', 404, `Instance ${ident} could not be found.`);

export async function loadInstance(rt: Runtime, request: FastifyRequest, action: string): Promise<InstancesTable> {
  const ident = (request.params as { ident: string }).ident;
  let instance: InstancesTable | undefined;
  if (isUuidLike(ident)) instance = await findLiveInstance(rt.store.db, ident.toLowerCase());
  if (!instance && request.ctx.projectId) {
    const named = await findLiveByName(rt.store.db, request.ctx.projectId, ident);
    if (named.length > 1) throw new DomainError('CONFLICT', 409, `Multiple instances are named ${ident}; use the instance uuid.`);
    instance = named[0];
  }
  if (!instance) throw instanceNotFound(ident);
  const rule = `mogan:instance:${action}`;
  if (!allowed(request.ctx, rule, { project_id: instance.project_id, user_id: instance.user_id })) {
    throw new DomainError('FORBIDDEN', 403, `Access was denied to the following resource: ${rule}`);
  }
  return instance;
}
