/**
 * Cinder's collection "next" link (api/common.py _get_next_link): when a page is full, the
 * request's own query with the last row as marker, under the path the request used.
 */
import type { FastifyRequest } from 'fastify';
import type { Runtime } from '../../runtime.js';
import type { RawQuery } from '../../http/route-table.js';
import { linkBase } from './volumes.js';

export function nextPageLink(
  rt: Runtime,
  request: FastifyRequest,
  path: string,
  rows: ReadonlyArray<{ id: string }>,
  limit: number,
): Array<{ rel: string; href: string }> | undefined {
  const last = rows.at(-1);
  if (!last || rows.length < limit) return undefined;
  const b = linkBase(rt, request);
  const proj = b.urlProject === null ? '' : `/${b.urlProject}`;
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(request.query as RawQuery)) {
    if (k === 'marker' || v === undefined) continue;
    for (const one of Array.isArray(v) ? v : [v]) q.append(k, one);
  }
  if (!q.has('limit')) q.set('limit', String(limit));
  q.set('marker', last.id);
  return [{ rel: 'next', href: `${b.root}/v3${proj}${path}?${q.toString()}` }];
}
