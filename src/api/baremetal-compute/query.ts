/** WSME's query handling: unknown arguments are refused; booleans parse like oslo's bool_from_string(strict). */
import type { RawQuery } from '../../http/route-table.js';
import { invalidBoolLike, unknownArgument } from './errors.js';

export function rejectUnknownQuery(query: RawQuery, allowed: string[]): void {
  for (const key of Object.keys(query)) {
    if (!allowed.includes(key)) throw unknownArgument(key);
  }
}

const TRUE = ['1', 't', 'true', 'on', 'y', 'yes'];
const FALSE = ['0', 'f', 'false', 'off', 'n', 'no'];

export function parseBoolLike(name: string, raw: boolean | string | string[]): boolean {
  if (typeof raw === 'boolean') return raw;
  const v = String(Array.isArray(raw) ? raw[raw.length - 1] : raw)
    .trim()
    .toLowerCase();
  if (TRUE.includes(v)) return true;
  if (FALSE.includes(v)) return false;
  throw invalidBoolLike(name, raw, [...TRUE, ...FALSE]);
}

export function parseAllTenants(query: RawQuery): boolean {
  const raw = query.all_tenants;
  return raw === undefined ? false : parseBoolLike('all_tenants', raw);
}
