/**
 * Mogan's policy wrapper: load the instance first (a UUID, or a name unique in the caller's
 * project), 404 when unknown, then check the rule against the instance's owner → 403
 * "Access was denied to the following resource: mogan:instance:<action>" (Mogan answers 403, not
 * Nova's 404, for another project's instance).
 *
 * The route table checks the rule (instanceTarget is the routes' policy target); the load is
 * remembered on the request so that the handler's loadInstance does not read the row twice.
 */
import type { FastifyRequest } from 'fastify';
import type { Runtime } from '../../runtime.js';
import type { PolicyTarget } from '../../policy/check.js';
import { instanceNotFound } from '../../domain/errors.js';
import { findInstanceByIdent, type BaremetalInstance } from '../../services/baremetal/instance-queries.js';

/** any request on a /instances/:ident… route */
export type IdentRequest = FastifyRequest & { params: { ident: string } };

const loaded = new WeakMap<FastifyRequest, BaremetalInstance>();

/** The instance the URL names, loaded once per request; 404 when unknown or not visible. */
export async function loadInstance(rt: Runtime, request: IdentRequest): Promise<BaremetalInstance> {
  const hit = loaded.get(request);
  if (hit) return hit;
  const ident = request.params.ident;
  const instance = await findInstanceByIdent(rt, ident, request.ctx.projectId);
  if (!instance) throw instanceNotFound(ident);
  loaded.set(request, instance);
  return instance;
}

/** The policy target of an instance route: the instance's owner (404 before any 403). */
export const instanceTarget =
  (rt: Runtime) =>
  async (request: IdentRequest): Promise<PolicyTarget> => {
    const instance = await loadInstance(rt, request);
    return { project_id: instance.project_id, user_id: instance.user_id };
  };
