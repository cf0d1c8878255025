/**
 * Turns one HTTP response into the comparable record stored in a golden file: status, the headers
 * clients look at, the body's JSON shape (keys and value types, recursively; arrays as the merge
 * of their elements) and the exact values of fixed fields (error messages, statuses, ids mapped to
 * placeholders). Everything that legitimately differs between two clouds (uuids, request ids,
 * times, hosts, addresses, generated secrets, link origins) is masked first.
 */

export type Shape = string | Shape[] | { [key: string]: Shape };

export interface Record_ {
  status: number;
  headers: Record<string, string | boolean>;
  shape: Shape | null;
  values: Record<string, unknown>;
}

export interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
}

/** fields whose value (after masking) is compared exactly, wherever they appear */
const EXACT_KEYS = new Set([
  'message',
  'code',
  'status',
  'id',
  'name',
  'version',
  'min_version',
  'rel',
  'action',
  'locked',
  'locked_reason',
  'OS-EXT-STS:vm_state',
  'OS-EXT-STS:task_state',
  'OS-EXT-STS:power_state',
  'OS-EXT-AZ:availability_zone',
  'vcpus',
  'ram',
  'disk',
  'tags',
  'metadata',
  'meta',
  'type',
  'key_name',
  'instance_uuid',
  'event',
  'result',
  'server_uuid',
  'port_id',
  'net_id',
  'port_state',
  'output',
]);

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const TIME = /\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})?/g;
const MAC = /\b[0-9a-f]{2}(:[0-9a-f]{2}){5}\b/gi;
const IPV4 = /\b\d{1,3}(\.\d{1,3}){3}\b/g;
const HOST_ID = /\b[0-9a-f]{56}\b/g;

export interface MaskContext {
  /** variable name → this target's actual value (seeded ids and captured ids) */
  vars: Record<string, string>;
  /** this target's origin + compute prefix, e.g. http://127.0.0.1:1234/compute */
  base: string;
}

export function maskString(s: string, ctx: MaskContext): string {
  let out = s.split(ctx.base).join('<base>');
  // longest first so that a value containing another is replaced whole
  const entries = Object.entries(ctx.vars)
    .filter(([, v]) => v.length >= 4)
    .sort((a, b) => b[1].length - a[1].length);
  // whole tokens only: Nova's user id is 'demo', which must not be masked inside 'parity-for-demo'
  for (const [name, value] of entries) {
    const escaped = value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    out = out.replace(new RegExp(`(?<![A-Za-z0-9_-])${escaped}(?![A-Za-z0-9_-])`, 'g'), `{${name}}`);
  }
  return out
    .replace(UUID, '<uuid>')
    .replace(TIME, '<time>')
    .replace(MAC, '<mac>')
    .replace(IPV4, '<ip>')
    .replace(HOST_ID, '<hostid>');
}

export function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

function mergeShapes(a: Shape, b: Shape): Shape {
  if (typeof a === 'string' && typeof b === 'string') {
    const parts = new Set([...a.split('|'), ...b.split('|')]);
    return [...parts].sort().join('|');
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    const [ha] = a;
    const [hb] = b;
    if (ha === undefined) return b;
    if (hb === undefined) return a;
    return [mergeShapes(ha, hb)];
  }
  if (typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    const out: { [key: string]: Shape } = {};
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
      // k comes from a key of one side, so at least one of x and y is there
      const x = a[k];
      const y = b[k];
      const merged = x === undefined ? y : y === undefined ? x : mergeShapes(x, y);
      if (merged !== undefined) out[k] = merged;
    }
    return out;
  }
  // object vs array vs scalar: keep both spellings visible
  return `${JSON.stringify(a)}|${JSON.stringify(b)}`;
}

/**
 * Objects keyed by data rather than by schema (host names, extra spec keys), with how many levels
 * of such keys they have: their shape is that of one merged `<key>` entry.
 */
const MAP_KEYS: Record<string, number> = { hosts: 2, extra_specs: 1 };

export function shapeOf(v: unknown, mapDepth = 0): Shape {
  if (Array.isArray(v)) {
    if (v.length === 0) return [];
    return [v.map((e) => shapeOf(e)).reduce(mergeShapes)];
  }
  if (v !== null && typeof v === 'object') {
    const entries = Object.entries(v).sort(([a], [b]) => a.localeCompare(b));
    if (mapDepth > 0) {
      if (entries.length === 0) return {};
      return { '<key>': entries.map(([, e]) => shapeOf(e, mapDepth - 1)).reduce(mergeShapes) };
    }
    const out: { [key: string]: Shape } = {};
    for (const [k, e] of entries) out[k] = shapeOf(e, MAP_KEYS[k] ?? 0);
    return out;
  }
  return typeOf(v);
}

/** exact values of EXACT_KEYS fields, keyed by their dotted path (array indexes included) */
function collectValues(v: unknown, path: string, ctx: MaskContext, out: Record<string, unknown>): void {
  const mask = (x: unknown): unknown => {
    if (typeof x === 'string') return maskString(x, ctx);
    if (Array.isArray(x)) return x.map(mask);
    if (x !== null && typeof x === 'object') {
      return Object.fromEntries(
        Object.entries(x)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([k, e]) => [k, mask(e)]),
      );
    }
    return x;
  };
  if (Array.isArray(v)) {
    v.forEach((e, i) => collectValues(e, `${path}.${i}`, ctx, out));
    return;
  }
  if (v === null || typeof v !== 'object') return;
  for (const [k, e] of Object.entries(v)) {
    const p = path ? `${path}.${k}` : k;
    if (
      EXACT_KEYS.has(k) &&
      (e === null || typeof e !== 'object' || Array.isArray(e) || k === 'metadata' || k === 'meta')
    ) {
      out[p] = mask(e);
      if (k === 'metadata' || k === 'meta' || k === 'tags') continue;
    }
    collectValues(e, p, ctx, out);
  }
}

export function normalise(res: RawResponse, ctx: MaskContext): Record_ {
  const headers: Record<string, string | boolean> = {};
  let body: unknown = null;
  if (res.text.length > 0) {
    const contentType = (res.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    headers['content-type'] = contentType;
    if (contentType.includes('json')) {
      try {
        body = JSON.parse(res.text);
      } catch {
        body = null;
      }
    }
  }
  for (const h of ['openstack-api-version', 'x-openstack-nova-api-version']) {
    const v = res.headers.get(h);
    if (v !== null) headers[h] = v;
  }
  headers.location = res.headers.get('location') !== null;
  for (const h of ['x-openstack-request-id', 'x-compute-request-id']) headers[h] = res.headers.get(h) !== null;
  const values: Record<string, unknown> = {};
  if (body !== null) collectValues(body, '', ctx, values);
  return { status: res.status, headers, shape: body === null ? null : shapeOf(body), values };
}

export interface Difference {
  case: string;
  kind: 'status' | 'header' | 'missing' | 'extra' | 'type' | 'value';
  /** 'status', the header name, or the dotted body path ('server.OS-EXT-STS:vm_state', arrays as '[]') */
  path: string;
  nova: unknown;
  stackbox: unknown;
}

function diffShapes(
  name: string,
  nova: Shape | undefined,
  ours: Shape | undefined,
  path: string,
  out: Difference[],
): void {
  if (nova === undefined && ours === undefined) return;
  if (
    typeof nova === 'object' &&
    typeof ours === 'object' &&
    !Array.isArray(nova) &&
    !Array.isArray(ours) &&
    nova &&
    ours
  ) {
    for (const k of new Set([...Object.keys(nova), ...Object.keys(ours)])) {
      const p = path ? `${path}.${k}` : k;
      if (!(k in ours)) out.push({ case: name, kind: 'missing', path: p, nova: nova[k], stackbox: undefined });
      else if (!(k in nova)) out.push({ case: name, kind: 'extra', path: p, nova: undefined, stackbox: ours[k] });
      else diffShapes(name, nova[k], ours[k], p, out);
    }
    return;
  }
  if (Array.isArray(nova) && Array.isArray(ours)) {
    // an empty list on one side says nothing about the element shape
    if (nova.length > 0 && ours.length > 0) diffShapes(name, nova[0], ours[0], `${path}[]`, out);
    else if (nova.length !== ours.length)
      out.push({
        case: name,
        kind: 'type',
        path: `${path}[]`,
        nova: nova.length ? 'non-empty' : 'empty',
        stackbox: ours.length ? 'non-empty' : 'empty',
      });
    return;
  }
  if (JSON.stringify(nova) !== JSON.stringify(ours))
    out.push({ case: name, kind: 'type', path: path || '(body)', nova, stackbox: ours });
}

export function compare(name: string, nova: Record_, ours: Record_, withValues: boolean): Difference[] {
  const out: Difference[] = [];
  if (nova.status !== ours.status)
    out.push({ case: name, kind: 'status', path: 'status', nova: nova.status, stackbox: ours.status });
  for (const h of new Set([...Object.keys(nova.headers), ...Object.keys(ours.headers)])) {
    if (nova.headers[h] !== ours.headers[h])
      out.push({ case: name, kind: 'header', path: h, nova: nova.headers[h], stackbox: ours.headers[h] });
  }
  diffShapes(name, nova.shape ?? undefined, ours.shape ?? undefined, '', out);
  if (withValues) {
    for (const [p, v] of Object.entries(nova.values)) {
      if (!(p in ours.values)) continue; // a missing field is already a shape difference
      if (JSON.stringify(v) !== JSON.stringify(ours.values[p]))
        out.push({ case: name, kind: 'value', path: p, nova: v, stackbox: ours.values[p] });
    }
  }
  return out;
}
