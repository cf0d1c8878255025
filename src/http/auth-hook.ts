/** Authenticates the caller from X-Auth-Token and stores the RequestContext on the request. */
import type { FastifyRequest } from 'fastify';
import type { Runtime } from '../runtime.js';

export async function authenticate(rt: Runtime, request: FastifyRequest): Promise<void> {
  const header = request.headers['x-auth-token'];
  const token = Array.isArray(header) ? header[0] : header;
  request.ctx = await rt.tokens.validate(token, request.id);
}
