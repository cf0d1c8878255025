/** WSME's query handling: unknown arguments are refused; booleans parse like oslo's bool_from_string(strict). */
import type { FastifyRequest } from 'fastify';
import { DomainError } from '../../domain/errors.js';

export function rejectUnknownQuery(request: FastifyRequest, allowed: string[]): void {
  for (const key of Object.keys(request.query as object)) {
    if (!allowed.includes(key)) throw new DomainError('BAD_REQUEST', 400, `Unknown argument: "${key}"`);
  }
}

const TRUE = ['1', 't', 'true', 'on', 'y', 'yes'];
const FALSE = ['0', 'f', 'false', 'off', 'n', 'no'];

export function parseBoolLike(name: string, raw: unknown): boolean {
  if (typeof raw === 'boolean') return raw;
  const v = String(Array.isArray(raw) ? raw[raw.length - 1] : raw).trim().toLowerCase();
  if (TRUE.includes(v)) return true;
  if (FALSE.includes(v)) return false;
  throw new DomainError('BAD_REQUEST', 400, `Invalid input for field/attribute ${name}. Value: '${String(raw)}'. Wrong type. Expected a boolean-like string (${[...TRUE, ...FALSE].join(', ')}).`);
}

export function parseAllTenants(request: FastifyRequest): boolean {
  const raw = (request.query as Record<string, unknown>).all_tenants;
  return raw === undefined ? false : parseBoolLike('all_tenants', raw);
}
