/** Keystone list-filter parsing (keystone/server/flask/common.py build_driver_hints). */
import type { RawQuery } from '../../http/route-table.js';
import { parseBoolString } from '../../lib/bool-from-string.js';

/** What the filters read: a route's query string, as Fastify parses it without a schema. */
export interface HasQuery {
  query: RawQuery;
}

/** The first value of a query parameter, as Flask's args.get returns it: one value either way. */
export function queryValue(request: HasQuery, name: string): string | undefined {
  const raw = request.query[name];
  return Array.isArray(raw) ? raw[0] : raw;
}

/** "enabled" filters go through oslo's bool_from_string(default=True): only falsy words are false. */
export function boolFilter(request: HasQuery, name: string): boolean | undefined {
  const v = queryValue(request, name);
  if (v === undefined) return undefined;
  return parseBoolString(v) !== false;
}

/** query_filter_is_true: present and not "0" (include_names, effective). */
export function flagSet(request: HasQuery, name: string): boolean {
  const v = queryValue(request, name);
  return v !== undefined && v !== '0';
}
