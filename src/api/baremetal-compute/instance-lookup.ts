/**
 * Mogan's policy wrapper: load the instance first (a UUID, or a name unique in the caller's
 * project), 404 when unknown, then check the rule against the instance's owner → 403
 * "Access was denied to the following resource: mogan:instance:<action>" (Mogan answers 403, not
 * Nova's 404, for another project's instance).
 */
import type { FastifyRequest } from 'fastify';
import type { Runtime } from '../../runtime.js';
import { DomainError, instanceNotFound } from '../../domain/errors.js';
import { allowed } from '../../policy/check.js';
import { findInstanceByIdent, type BaremetalInstance } from '../../services/baremetal/instance-queries.js';

export async function loadInstance(rt: Runtime, request: FastifyRequest, action: string): Promise<BaremetalInstance> {
  const ident = (request.params as { ident: string }).ident;
  const instance = await findInstanceByIdent(rt, ident, request.ctx.projectId);
  if (!instance) throw instanceNotFound(ident);
  const rule = `mogan:instance:${action}`;
  if (!allowed(request.ctx, rule, { project_id: instance.project_id, user_id: instance.user_id })) {
    throw new DomainError('FORBIDDEN', 403, `Access was denied to the following resource: ${rule}`);
  }
  return instance;
}
