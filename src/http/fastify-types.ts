/** What stackbox adds to every Fastify request. */
import type { RequestContext } from '../domain/context.js';
import type { ApiVersion } from './api-version.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** the authenticated caller; set by the dialect's auth hook on protected routes */
    ctx: RequestContext;
    /** negotiated compute microversion (compute dialect only) */
    mv: ApiVersion;
  }
}

export {};
