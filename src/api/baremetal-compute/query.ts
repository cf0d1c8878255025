/** WSME's query handling: unknown arguments are refused; booleans parse like oslo's bool_from_string(strict). */
import type { RawQuery } from '../../http/route-table.js';
import { invalidBoolLike, unknownArgument } from './errors.js';
import { FALSE_STRINGS, TRUE_STRINGS, parseBoolString } from '../../lib/bool-from-string.js';

export function rejectUnknownQuery(query: RawQuery, allowed: string[]): void {
  for (const key of Object.keys(query)) {
    if (!allowed.includes(key)) throw unknownArgument(key);
  }
}

export function parseBoolLike(name: string, raw: boolean | string | string[]): boolean {
  if (typeof raw === 'boolean') return raw;
  const parsed = parseBoolString(String(Array.isArray(raw) ? raw[raw.length - 1] : raw));
  if (parsed !== undefined) return parsed;
  throw invalidBoolLike(name, raw, [...TRUE_STRINGS, ...FALSE_STRINGS]);
}

export function parseAllTenants(query: RawQuery): boolean {
  const raw = query.all_tenants;
  return raw === undefined ? false : parseBoolLike('all_tenants', raw);
}
