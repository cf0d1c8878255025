/**
 * Authenticates the caller from X-Auth-Token and stores the RequestContext on the request; the one
 * place application credential access rules are enforced, for every service.
 */
import type { FastifyRequest } from 'fastify';
import type { Runtime } from '../runtime.js';
import { requestAllowed } from '../domain/identity/access-rules.js';
import { unauthorized } from '../domain/identity/errors.js';

export async function authenticate(rt: Runtime, request: FastifyRequest): Promise<void> {
  const header = request.headers['x-auth-token'];
  const token = Array.isArray(header) ? header[0] : header;
  const ctx = await rt.tokens.validate(token, request.id);
  // a token from an application credential with access rules is good only for what they allow
  // (keystonemiddleware answers any other request as if the token were invalid)
  if (!requestAllowed(ctx.appCred?.accessRules, request.method, request.url)) throw unauthorized();
  request.ctx = ctx;
}
