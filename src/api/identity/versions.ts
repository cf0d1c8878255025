/** Keystone version discovery: GET /identity → 300 with the v3 entry; GET /identity/v3 → 200. */
import type { FastifyRequest } from 'fastify';
import type { Runtime } from '../../runtime.js';
import { baseUrl } from '../../http/base-url.js';

export function v3Entry(rt: Runtime, request: FastifyRequest): Record<string, unknown> {
  return {
    id: 'v3.14',
    status: 'stable',
    updated: '2020-04-07T00:00:00Z',
    links: [{ rel: 'self', href: `${baseUrl(rt.config, request)}/identity/v3/` }],
    'media-types': [{ base: 'application/json', type: 'application/vnd.openstack.identity-v3+json' }],
  };
}
