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

/** fields whose value (after masking) is compared exactly, wherever they appear (Nova) */
const NOVA_EXACT_KEYS = new Set([
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

/**
 * What one service's responses are compared on: the body fields whose values are compared
 * exactly, the headers whose value is recorded, those whose presence is, and whether 32-digit hex
 * ids (Keystone's ids, Keystone-style project ids) are masked like uuids.
 */
export interface Profile {
  exactKeys: Set<string>;
  valueHeaders: string[];
  presenceHeaders: string[];
  hexIds: boolean;
}

export const NOVA_PROFILE: Profile = {
  exactKeys: NOVA_EXACT_KEYS,
  valueHeaders: ['openstack-api-version', 'x-openstack-nova-api-version'],
  presenceHeaders: ['location', 'x-openstack-request-id', 'x-compute-request-id'],
  hexIds: false,
};

export const KEYSTONE_PROFILE: Profile = {
  exactKeys: new Set([
    'message',
    'code',
    'title',
    'id',
    'name',
    'enabled',
    'description',
    'domain_id',
    'parent_id',
    'parent_region_id',
    'is_domain',
    'interface',
    'region_id',
    'region',
    'service_id',
    'url',
    'type',
    'tags',
    'user_id',
    'project_id',
    'group_id',
    'role_id',
    'trustor_user_id',
    'trustee_user_id',
    'impersonation',
    'remaining_uses',
    'redelegation_count',
    'unrestricted',
    'system',
    'methods',
    'status',
    'all',
    'inherited_to',
    'password_expires_at',
    'options',
  ]),
  valueHeaders: [],
  presenceHeaders: ['location', 'x-openstack-request-id', 'x-subject-token', 'www-authenticate'],
  hexIds: true,
};

export const GLANCE_PROFILE: Profile = {
  exactKeys: new Set([
    'message',
    'code',
    'title',
    'id',
    'name',
    'status',
    'visibility',
    'disk_format',
    'container_format',
    'size',
    'virtual_size',
    'min_disk',
    'min_ram',
    'protected',
    'os_hidden',
    'owner',
    'checksum',
    'os_hash_algo',
    'tags',
    'member_id',
    'image_id',
    'schema',
    'self',
    'file',
    'first',
    'next',
    'type',
    'value',
    'namespace',
    'display_name',
    'resource_type_associations',
  ]),
  valueHeaders: ['accept-patch', 'content-md5'],
  presenceHeaders: ['location', 'x-openstack-request-id', 'openstack-image-import-methods'],
  hexIds: true,
};

export const NEUTRON_PROFILE: Profile = {
  exactKeys: new Set([
    'type',
    'message',
    'detail',
    'id',
    'name',
    'status',
    'description',
    'admin_state_up',
    'shared',
    'router:external',
    'mtu',
    'port_security_enabled',
    'network_id',
    'subnet_id',
    'subnet_ids',
    'port_id',
    'router_id',
    'tenant_id',
    'project_id',
    'cidr',
    'ip_version',
    'gateway_ip',
    'enable_dhcp',
    'ipv6_address_mode',
    'ipv6_ra_mode',
    'dns_nameservers',
    'host_routes',
    'device_owner',
    'device_id',
    'security_groups',
    'allowed_address_pairs',
    'binding:vnic_type',
    'binding:host_id',
    'security_group_id',
    'direction',
    'ethertype',
    'protocol',
    'port_range_min',
    'port_range_max',
    'remote_ip_prefix',
    'remote_group_id',
    'normalized_cidr',
    'stateful',
    'floating_network_id',
    'enable_snat',
    'routes',
    'distributed',
    'ha',
    'limit',
    'used',
    'reserved',
    'network',
    'subnet',
    'port',
    'router',
    'floatingip',
    'security_group',
    'security_group_rule',
    'alias',
  ]),
  valueHeaders: ['allow'],
  presenceHeaders: ['location', 'x-openstack-request-id'],
  hexIds: true,
};

export const CINDER_PROFILE: Profile = {
  exactKeys: new Set([
    'message',
    'code',
    'status',
    'id',
    'name',
    'description',
    'version',
    'min_version',
    'rel',
    'size',
    'availability_zone',
    'volume_type',
    'bootable',
    'encrypted',
    'multiattach',
    'metadata',
    'volume_image_metadata',
    'volume_id',
    'volume_uuid',
    'snapshot_id',
    'source_volid',
    'attach_status',
    'attach_mode',
    'instance',
    'server_id',
    'is_public',
    'os-volume-type-access:is_public',
    'extra_specs',
    'specs',
    'consumer',
    'project_id',
    'volume_type_id',
    'os-vol-host-attr:host',
    'os-vol-tenant-attr:tenant_id',
    'os-extended-snapshot-attributes:progress',
    'progress',
    'binary',
    'host',
    'zone',
    'state',
    'zoneName',
    'zoneState',
    'alias',
    'volumes',
    'snapshots',
    'gigabytes',
    'backups',
    'backup_gigabytes',
    'per_volume_gigabytes',
    'groups',
    'limit',
    'in_use',
    'reserved',
    'absolute',
    'no_snapshots',
    'accepted',
    'readonly',
  ]),
  valueHeaders: ['openstack-api-version'],
  presenceHeaders: ['location', 'x-openstack-request-id'],
  hexIds: true,
};

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const TIME = /\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})?/g;
const MAC = /\b[0-9a-f]{2}(:[0-9a-f]{2}){5}\b/gi;
const IPV4 = /\b\d{1,3}(\.\d{1,3}){3}\b/g;
const HOST_ID = /\b[0-9a-f]{56}\b/g;
const HEX_ID = /(?<![0-9a-f])[0-9a-f]{32}(?![0-9a-f])/g;

export interface MaskContext {
  /** variable name → this target's actual value (seeded ids and captured ids) */
  vars: Record<string, string>;
  /** this target's origin + service prefix, e.g. http://127.0.0.1:1234/compute */
  base: string;
  /** mask 32-digit hex ids as <hex> (Keystone and Glance) */
  hexIds?: boolean;
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
  if (ctx.hexIds) out = out.replace(HEX_ID, '<hex>');
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
function collectValues(
  v: unknown,
  path: string,
  ctx: MaskContext,
  exact: Set<string>,
  out: Record<string, unknown>,
): void {
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
    v.forEach((e, i) => collectValues(e, `${path}.${i}`, ctx, exact, out));
    return;
  }
  if (v === null || typeof v !== 'object') return;
  for (const [k, e] of Object.entries(v)) {
    const p = path ? `${path}.${k}` : k;
    if (exact.has(k) && (e === null || typeof e !== 'object' || Array.isArray(e) || k === 'metadata' || k === 'meta')) {
      out[p] = mask(e);
      if (k === 'metadata' || k === 'meta' || k === 'tags') continue;
    }
    collectValues(e, p, ctx, exact, out);
  }
}

export function normalise(res: RawResponse, ctx: MaskContext, profile: Profile = NOVA_PROFILE): Record_ {
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
  for (const h of profile.valueHeaders) {
    const v = res.headers.get(h);
    if (v !== null) headers[h] = v;
  }
  for (const h of profile.presenceHeaders) headers[h] = res.headers.get(h) !== null;
  const values: Record<string, unknown> = {};
  if (body !== null) collectValues(body, '', ctx, profile.exactKeys, values);
  return { status: res.status, headers, shape: body === null ? null : shapeOf(body), values };
}

export interface Difference {
  case: string;
  kind: 'status' | 'header' | 'missing' | 'extra' | 'type' | 'value';
  /** 'status', the header name, or the dotted body path ('server.OS-EXT-STS:vm_state', arrays as '[]') */
  path: string;
  /** the real service's side */
  real: unknown;
  stackbox: unknown;
}

function diffShapes(
  name: string,
  real: Shape | undefined,
  ours: Shape | undefined,
  path: string,
  out: Difference[],
): void {
  if (real === undefined && ours === undefined) return;
  if (
    typeof real === 'object' &&
    typeof ours === 'object' &&
    !Array.isArray(real) &&
    !Array.isArray(ours) &&
    real &&
    ours
  ) {
    for (const k of new Set([...Object.keys(real), ...Object.keys(ours)])) {
      const p = path ? `${path}.${k}` : k;
      if (!(k in ours)) out.push({ case: name, kind: 'missing', path: p, real: real[k], stackbox: undefined });
      else if (!(k in real)) out.push({ case: name, kind: 'extra', path: p, real: undefined, stackbox: ours[k] });
      else diffShapes(name, real[k], ours[k], p, out);
    }
    return;
  }
  if (Array.isArray(real) && Array.isArray(ours)) {
    // an empty list on one side says nothing about the element shape
    if (real.length > 0 && ours.length > 0) diffShapes(name, real[0], ours[0], `${path}[]`, out);
    else if (real.length !== ours.length)
      out.push({
        case: name,
        kind: 'type',
        path: `${path}[]`,
        real: real.length ? 'non-empty' : 'empty',
        stackbox: ours.length ? 'non-empty' : 'empty',
      });
    return;
  }
  if (JSON.stringify(real) !== JSON.stringify(ours))
    out.push({ case: name, kind: 'type', path: path || '(body)', real, stackbox: ours });
}

export function compare(name: string, real: Record_, ours: Record_, withValues: boolean): Difference[] {
  const out: Difference[] = [];
  if (real.status !== ours.status)
    out.push({ case: name, kind: 'status', path: 'status', real: real.status, stackbox: ours.status });
  for (const h of new Set([...Object.keys(real.headers), ...Object.keys(ours.headers)])) {
    if (real.headers[h] !== ours.headers[h])
      out.push({ case: name, kind: 'header', path: h, real: real.headers[h], stackbox: ours.headers[h] });
  }
  diffShapes(name, real.shape ?? undefined, ours.shape ?? undefined, '', out);
  if (withValues) {
    for (const [p, v] of Object.entries(real.values)) {
      if (!(p in ours.values)) continue; // a missing field is already a shape difference
      if (JSON.stringify(v) !== JSON.stringify(ours.values[p]))
        out.push({ case: name, kind: 'value', path: p, real: v, stackbox: ours.values[p] });
    }
  }
  return out;
}
