/** Keystone link helpers: resource "links.self" and collection links (keystone/server/flask/common.py). */
import type { FastifyRequest } from 'fastify';
import type { Runtime } from '../../../runtime.js';
import { baseUrl } from '../../../http/base-url.js';

export const v3Url = (rt: Runtime, request: FastifyRequest): string => `${baseUrl(rt.config, request)}/identity/v3`;

/** Collection links: self is the request's path and query; no paging (previous/next null). */
export function collectionLinks(rt: Runtime, request: FastifyRequest): { self: string; previous: null; next: null } {
  const path = request.url.replace(/^\/identity/, '');
  return { self: `${baseUrl(rt.config, request)}/identity${path}`, previous: null, next: null };
}
