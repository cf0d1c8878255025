/**
 * Neutron's request conventions (neutron/api/v2/base.py, neutron_lib/api/attributes.py): a body
 * wrapped in the resource name, unknown attributes rejected, repeated query parameters as filters,
 * and `fields=` to pick attributes of the answer.
 */
import type { FastifyRequest } from 'fastify';
import type { RawQuery } from '../../http/route-table.js';
import {
  ifMatchBadRequest,
  invalidAttribute,
  invalidBodyFormat,
  otherProjectNeedsAdmin,
  readOnlyAttribute,
  resourceBodyRequired,
  resourceNotInBody,
  resourcesRequired,
  tenantProjectFilterConflict,
  unrecognizedAttributes,
} from '../../domain/ports/network-errors.js';
import { canonicalIp } from '../../domain/ports/ipam.js';
import type { SetAttribute } from '../../policy/network-rules.js';

/** What the filters read: a route's query string, as Fastify parses it (Neutron routes have no query schema). */
export interface HasQuery {
  query: RawQuery;
}

/** A JSON object (not null, not an array): what Neutron calls a dictionary. */
export const isRecord = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

export function queryValues(request: HasQuery, name: string): string[] | undefined {
  const raw = request.query[name];
  if (raw === undefined) return undefined;
  return Array.isArray(raw) ? raw : [raw];
}

/** Neutron's convert_to_boolean for filters and bodies. */
export function toBool(value: unknown, field: string): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number' && (value === 0 || value === 1)) return value === 1;
  if (typeof value === 'string') {
    const v = value.toLowerCase();
    if (['true', '1'].includes(v)) return true;
    if (['false', '0'].includes(v)) return false;
  }
  throw invalidAttribute(field, `'${String(value)}' cannot be converted to boolean`);
}

export function boolFilter(request: HasQuery, name: string): number | undefined {
  const v = queryValues(request, name);
  if (!v) return undefined;
  return toBool(v[v.length - 1], name) ? 1 : 0;
}

/** Project filter: tenant_id and project_id are aliases. */
export function projectFilter(request: HasQuery): string[] | undefined {
  const a = queryValues(request, 'project_id');
  const b = queryValues(request, 'tenant_id');
  if (a && b) throw tenantProjectFilterConflict();
  return a || b ? [...(a ?? []), ...(b ?? [])] : undefined;
}

/** Keeps only the requested `fields` (all when none requested), as Neutron's _exclude_attributes_by_policy/fields. */
export function selectFields(request: HasQuery, body: Record<string, unknown>): Record<string, unknown> {
  const fields = queryValues(request, 'fields')?.filter((f) => f !== '');
  if (!fields || fields.length === 0) return body;
  const out: Record<string, unknown> = {};
  for (const f of fields) if (f in body) out[f] = body[f];
  return out;
}

/**
 * The `{"<resource>": {...}}` body, rejecting unknown attributes and attributes the caller may not set.
 * Neutron checks bodies in code, attribute by attribute (neutron_lib's validators), not with a JSON
 * schema, so the body arrives unvalidated (`unknown`) and is narrowed here.
 */
export function resourceBody(body: unknown, resource: string, allowed: readonly string[]): Record<string, unknown> {
  if (!isRecord(body)) throw resourceBodyRequired();
  const inner = body[resource];
  if (inner === undefined) throw resourceNotInBody(resource);
  if (!isRecord(inner)) throw invalidBodyFormat(inner);
  const unknown = Object.keys(inner).filter((k) => !allowed.includes(k));
  if (unknown.length > 0) throw unrecognizedAttributes(unknown);
  return inner;
}

/** the standard attributes every Neutron resource shows and no PUT may change */
export const STANDARD_READ_ONLY = ['id', 'tenant_id', 'project_id', 'created_at', 'updated_at', 'revision_number'];

/**
 * A PUT's body, in the order of Neutron's prepare_request_body: an attribute the resource does
 * not have is "Unrecognized attribute(s)"; one it has but a PUT cannot change (`readOnly`, in the
 * attribute map's order) is "Cannot update read-only attribute <name>".
 */
export function updateBody(
  body: unknown,
  resource: string,
  allowed: readonly string[],
  readOnly: readonly string[],
): Record<string, unknown> {
  const inner = resourceBody(body, resource, [...allowed, ...readOnly]);
  const fixed = readOnly.find((k) => k in inner && !allowed.includes(k));
  if (fixed !== undefined) throw readOnlyAttribute(fixed);
  return inner;
}

export function optString(obj: Record<string, unknown>, key: string, maxLength = 255): string | undefined {
  const v = obj[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw invalidAttribute(key, `'${JSON.stringify(v)}' is not a valid string`);
  if (v.length > maxLength) throw invalidAttribute(key, `'${v}' exceeds maximum length of ${maxLength}`);
  return v;
}

export function optBool(obj: Record<string, unknown>, key: string): boolean | undefined {
  return obj[key] === undefined ? undefined : toBool(obj[key], key);
}

export function ipOrThrow(value: unknown, key: string): string {
  const ip = typeof value === 'string' ? canonicalIp(value) : null;
  if (!ip) throw invalidAttribute(key, `'${String(value)}' is not a valid IP address`);
  return ip;
}

/**
 * The attributes a body sets, for the policy check (neutron/policy.py _is_attribute_explicitly_set):
 * in the order of `attrs`, leaving out one set to its create default; a list of objects (fixed_ips)
 * carries the keys of its objects, in order.
 */
export function setAttributes(
  body: Record<string, unknown>,
  attrs: readonly string[],
  defaults: Record<string, unknown> = {},
): SetAttribute[] {
  const out: SetAttribute[] = [];
  for (const name of attrs) {
    const v = body[name];
    if (v === undefined) continue;
    if (name in defaults) {
      const d = defaults[name];
      if ((typeof d === 'boolean' ? toBool(v, name) : v) === d) continue;
    }
    const subKeys = Array.isArray(v)
      ? v.flatMap((x: unknown) => (x !== null && typeof x === 'object' && !Array.isArray(x) ? Object.keys(x) : []))
      : [];
    out.push(subKeys.length > 0 ? { name, subKeys } : { name });
  }
  return out;
}

/**
 * The project a new resource belongs to: the caller's, unless an admin names another in
 * project_id / tenant_id (neutron_lib's populate_project_info: 400 for anyone else).
 */
export function requireOwnProject(request: FastifyRequest, body: Record<string, unknown>): string {
  const owner = optString(body, 'project_id') ?? optString(body, 'tenant_id');
  const { ctx } = request;
  if (owner !== undefined && owner !== ctx.projectId && !ctx.isAdmin && !ctx.roles.includes('advsvc')) {
    throw otherProjectNeedsAdmin();
  }
  return owner ?? ctx.projectId ?? '';
}

/** Neutron's timestamps: second precision, UTC 'Z'. */
export const neutronTime = (iso: string): string => iso.replace(/\.\d+Z$/, 'Z');

/**
 * A create body, single `{"<resource>": {...}}` or bulk `{"<collection>": [{...}, ...]}` (Neutron's
 * allow_bulk resources, neutron/api/v2/base.py prepare_request_body): the objects, each checked as
 * resourceBody checks one, and whether the request was bulk (the answer takes the same shape).
 */
export function resourceBodies(
  body: unknown,
  resource: string,
  collection: string,
  allowed: readonly string[],
): { items: Array<Record<string, unknown>>; bulk: boolean } {
  if (isRecord(body) && body[collection] !== undefined && body[resource] === undefined) {
    const list = body[collection];
    if (!Array.isArray(list)) throw invalidBodyFormat(list);
    if (list.length === 0) throw resourcesRequired();
    return { items: list.map((x: unknown) => resourceBody({ [resource]: x }, resource, allowed)), bulk: true };
  }
  return { items: [resourceBody(body, resource, allowed)], bulk: false };
}

/** The `If-Match: revision_number=N` constraint of a write (neutron/api/api_common.py), if any. */
export function ifMatchRevision(request: FastifyRequest): number | undefined {
  const raw = request.headers['if-match'];
  if (raw === undefined) return undefined;
  let found: number | undefined;
  for (const tag of raw.split(',').map((t) => t.trim().replace(/^"(.*)"$/, '$1'))) {
    if (!tag.startsWith('revision_number=')) continue;
    if (found !== undefined) throw ifMatchBadRequest('Multiple revision_number etags are not supported.');
    const n = tag.slice('revision_number='.length);
    if (!/^[-+]?\d+$/.test(n))
      throw ifMatchBadRequest('Revision number etag must be in the format of revision_number=<int>');
    found = Number(n);
  }
  return found;
}

/** availability_zone_hints (neutron_lib validator type:availability_zone_hint_list): unique names */
export function azHints(body: Record<string, unknown>): string[] | undefined {
  const v = body.availability_zone_hints;
  if (v === undefined) return undefined;
  if (!Array.isArray(v)) throw invalidAttribute('availability_zone_hints', `'${JSON.stringify(v)}' is not a list`);
  for (const h of v) {
    if (typeof h !== 'string')
      throw invalidAttribute('availability_zone_hints', `'${JSON.stringify(h)}' is not a valid string`);
    if (h.length > 255) throw invalidAttribute('availability_zone_hints', `'${h}' exceeds maximum length of 255`);
  }
  if (new Set(v).size !== v.length) {
    throw invalidAttribute('availability_zone_hints', `Duplicate items in the list: '${v.join(', ')}'`);
  }
  return v as string[];
}
