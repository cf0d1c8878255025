/**
 * Query parameters Cinder's list calls share (cinder/api/common.py get_pagination_params and
 * get_sort_params), parsed once so volumes, backups and snapshots answer bad input alike.
 */
import type { RawQuery } from '../../http/route-table.js';
import { invalidSortDir, limitNotInteger, limitNotPositive } from '../../domain/volumes/errors.js';
import { badRequest } from '../../domain/errors.js';

export const MAX_LIMIT = 1000;
const DB_MAX_INT = 2147483647;

export const firstParam = (q: RawQuery, name: string): string | undefined => {
  const v = q[name];
  return Array.isArray(v) ? v[0] : v;
};

/** limit (capped at the API's maximum) and offset (oslo's validate_integer texts) */
export function pageParams(q: RawQuery): { limit: number; offset: number; explicitLimit: boolean } {
  const rawLimit = firstParam(q, 'limit');
  let limit = MAX_LIMIT;
  if (rawLimit !== undefined) {
    if (!/^\s*[-+]?\d+\s*$/.test(rawLimit)) throw limitNotInteger();
    limit = Number(rawLimit);
    if (limit < 0) throw limitNotPositive();
    limit = Math.min(limit, MAX_LIMIT);
  }
  const rawOffset = firstParam(q, 'offset');
  let offset = 0;
  if (rawOffset !== undefined) {
    if (!/^\s*[-+]?\d+\s*$/.test(rawOffset)) throw badRequest('offset must be an integer');
    offset = Number(rawOffset);
    if (offset < 0) throw badRequest('offset must be >= 0');
    if (offset > DB_MAX_INT) throw badRequest(`offset must be <= ${DB_MAX_INT}`);
  }
  return { limit, offset, explicitLimit: rawLimit !== undefined };
}

/**
 * sort=key[:dir][,…] or sort_key/sort_dir, default created_at desc. Only the first key orders
 * here (id always breaks ties); the caller validates the key against its own columns.
 */
export function sortParams(q: RawQuery): { key: string; dir: 'asc' | 'desc' } {
  let key: string;
  let dir: string;
  const sort = firstParam(q, 'sort');
  if (sort !== undefined) {
    const [k, d] = (sort.split(',')[0] ?? '').split(':');
    key = (k ?? '').trim() || 'created_at';
    dir = (d ?? 'desc').trim();
  } else {
    key = firstParam(q, 'sort_key') ?? 'created_at';
    dir = firstParam(q, 'sort_dir') ?? 'desc';
  }
  if (dir !== 'asc' && dir !== 'desc') throw invalidSortDir();
  return { key, dir };
}
