import type { FastifyRequest } from 'fastify';
import type { Config } from '../config/config.js';

/** scheme://host[:port] that clients reached us on, or the configured public URL. */
export function baseUrl(config: Config, request: FastifyRequest): string {
  if (config.publicUrl) return config.publicUrl.replace(/\/+$/, '');
  const proto = (request.headers['x-forwarded-proto'] as string | undefined) ?? request.protocol;
  return `${proto}://${request.host}`;
}
