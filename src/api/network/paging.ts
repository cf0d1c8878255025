/**
 * Neutron list sorting and pagination (neutron/api/api_common.py): sort_key/sort_dir (repeatable,
 * id as the final tie-breaker), limit/marker/page_reverse, and `<collection>_links` with next and
 * previous links. Applied to the rendered views before `fields=` narrows them.
 */
import type { DomainError } from '../../domain/errors.js';
import {
  badLimit,
  invalidSortKey,
  sortDirUnsupported,
  sortKeysDirsMismatch,
} from '../../domain/ports/network-errors.js';
import { queryValues, selectFields, type HasQuery } from './request.js';

type View = Record<string, unknown>;

function compare(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return -1;
  if (b === null || b === undefined) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'bigint' && typeof b === 'bigint') return a < b ? -1 : 1;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  // column values are text otherwise (ids, names, times); anything else sorts by its JSON text
  const text = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));
  return text(a) < text(b) ? -1 : 1;
}

export function listBody(
  request: HasQuery,
  collection: string,
  selfUrl: string,
  views: View[],
  notFound: (id: string) => DomainError,
): Record<string, unknown> {
  const keys = queryValues(request, 'sort_key') ?? [];
  const dirs = queryValues(request, 'sort_dir') ?? [];
  if (dirs.length > 0 && dirs.length !== keys.length) throw sortKeysDirsMismatch();
  for (const d of dirs) if (d !== 'asc' && d !== 'desc') throw sortDirUnsupported(d);
  const sample = views[0];
  for (const k of keys) {
    if (sample && !(k in sample)) throw invalidSortKey(k);
  }
  const order = [...keys.map((k, i) => ({ k, desc: dirs[i] === 'desc' })), { k: 'id', desc: dirs[0] === 'desc' }];
  let rows =
    keys.length > 0
      ? [...views].sort((a, b) => {
          for (const { k, desc } of order) {
            const c = compare(a[k], b[k]);
            if (c !== 0) return desc ? -c : c;
          }
          return 0;
        })
      : views;

  const limitRaw = queryValues(request, 'limit')?.at(-1);
  const marker = queryValues(request, 'marker')?.at(-1);
  const reverse = queryValues(request, 'page_reverse')?.at(-1)?.toLowerCase() === 'true';
  let pageLinks: Array<{ rel: string; href: string }> | undefined;
  if (limitRaw !== undefined) {
    if (!/^\d+$/.test(limitRaw)) throw badLimit(limitRaw);
    const limit = Number(limitRaw);
    if (reverse) rows = [...rows].reverse();
    let start = 0;
    if (marker !== undefined) {
      const i = rows.findIndex((r) => r.id === marker);
      if (i < 0) throw notFound(marker);
      start = i + 1;
    }
    const page = limit === 0 ? rows.slice(start) : rows.slice(start, start + limit);
    const links: Array<{ rel: string; href: string }> = [];
    const link = (rel: string, id: unknown, rev: boolean) => {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(request.query)) {
        if (k === 'marker' || k === 'page_reverse' || v === undefined) continue;
        for (const x of Array.isArray(v) ? v : [v]) params.append(k, x);
      }
      params.append('marker', String(id));
      if (rev) params.append('page_reverse', 'True');
      links.push({ rel, href: `${selfUrl}?${params.toString()}` });
    };
    const [head, tail] = [page.at(0), page.at(-1)];
    if (limit > 0 && page.length === limit && tail) link(reverse ? 'previous' : 'next', tail.id, reverse);
    if (marker !== undefined && head) link(reverse ? 'next' : 'previous', head.id, !reverse);
    rows = reverse ? page.reverse() : page;
    if (links.length > 0) pageLinks = links;
  }
  const body: Record<string, unknown> = { [collection]: rows.map((v) => selectFields(request, v)) };
  if (pageLinks) body[`${collection}_links`] = pageLinks;
  return body;
}
