/**
 * Server views (nova/api/openstack/compute/views/servers.py): the detail view with every field
 * Tempest's per-microversion schemas require up to 2.96, the list item and the basic view PUT
 * answers with. Pure functions of the instance row plus its tags and addresses.
 */
import { createHash } from 'node:crypto';
import type { ApiVersion } from '../../../http/api-version.js';
import type { AddressRow, ServerViewRow } from '../../../services/compute/server-reads.js';
import { novaStatus } from '../../../domain/instances/status.js';

export interface ServerExtras {
  tags: string[];
  addresses: AddressRow[];
  /** the server group ids server_groups shows (2.71, show/update/rebuild) */
  serverGroups?: string[];
  /** the server's volumes in attach order (os-extended-volumes:volumes_attached) */
  volumes?: Array<{ volume_id: string; delete_on_termination: number }>;
}

export interface ViewOptions {
  root: string;
  mv: ApiVersion;
  isAdmin: boolean;
  /** show and update add server_groups at 2.71 */
  withServerGroups?: boolean;
}

export const serverLinks = (root: string, id: string) => [
  { rel: 'self', href: `${root}/v2.1/servers/${id}` },
  { rel: 'bookmark', href: `${root}/servers/${id}` },
];

/** Nova renders created/updated without fractional seconds ("2013-09-03T04:01:32Z"). */
export const isoSeconds = (t: string) => `${t.slice(0, 19)}Z`;
/** launched_at/terminated_at come out of oslo's datetime with microseconds and no zone. */
const usageTime = (t: string | null) => (t ? `${t.slice(0, 19)}.${(t.slice(20, 23) || '000').padEnd(6, '0')}` : null);

/** hostId: sha224(project_id + host), '' when unscheduled (views/servers.py _get_host_id). */
export function hostId(row: Pick<ServerViewRow, 'project_id' | 'host'>): string {
  if (!row.host) return '';
  // one hash per project and host, not per row: a detail page hashed every server it listed
  const key = `${row.project_id}\u0000${row.host}`;
  let id = hostIds.get(key);
  if (id === undefined) {
    id = createHash('sha224')
      .update(row.project_id + row.host)
      .digest('hex');
    if (hostIds.size >= 10_000) hostIds.clear();
    hostIds.set(key, id);
  }
  return id;
}
const hostIds = new Map<string, string>();

function addresses(rows: AddressRow[], full: boolean): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  for (const a of rows) {
    const version = a.ip_address.includes(':') ? 6 : 4;
    const entry: Record<string, unknown> = { version, addr: a.ip_address };
    if (full) {
      entry['OS-EXT-IPS:type'] = a.type ?? 'fixed';
      entry['OS-EXT-IPS-MAC:mac_addr'] = a.mac_address;
    }
    (out[a.network_name] ??= []).push(entry);
  }
  return out;
}

function parseJson<T>(s: string | null, fallback: T): T {
  if (!s) return fallback;
  try {
    return JSON.parse(s) as T;
  } catch {
    return fallback;
  }
}

function flavorView(row: ServerViewRow, o: ViewOptions): unknown {
  if (!o.mv.atLeast('2.47')) {
    return { id: row.flavor_id, links: [{ rel: 'bookmark', href: `${o.root}/flavors/${row.flavor_id}` }] };
  }
  const f = flavorSnapshot(row.flavor);
  const num = (...keys: string[]) => {
    for (const k of keys) if (typeof f[k] === 'number') return f[k];
    return 0;
  };
  const out: Record<string, unknown> = {
    vcpus: num('vcpus') || row.vcpus,
    ram: num('memory_mb', 'ram') || row.memory_mb,
    disk: num('root_gb', 'disk') || row.root_gb,
    ephemeral: num('ephemeral_gb', 'ephemeral'),
    swap: num('swap'),
    original_name: textOf(f.name ?? f.original_name, row.flavor_id),
  };
  // extra_specs are policy-gated (flavor-extra-specs:index, reader) — project members see them
  // a fresh object per view: the parsed snapshot is shared (flavorSnapshot)
  const specs = f.extra_specs;
  out.extra_specs =
    typeof specs === 'string' ? parseJson(specs, {}) : isPlainObject(specs) ? { ...specs } : (specs ?? {});
  return out;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The flavor snapshot parsed once per distinct text: every server of a flavor carries the same
 * snapshot, and parsing it was about a third of rendering a server from 2.47 (100-server page at
 * 2.96: 290 µs). Shared and read-only: flavorView copies what it hands out.
 */
function flavorSnapshot(text: string): Readonly<Record<string, unknown>> {
  let f = flavorSnapshots.get(text);
  if (f === undefined) {
    f = parseJson<Record<string, unknown>>(text, {});
    if (flavorSnapshots.size >= 1000) flavorSnapshots.clear();
    flavorSnapshots.set(text, f);
  }
  return f;
}
const flavorSnapshots = new Map<string, Record<string, unknown>>();

const PROGRESS_STATUSES = new Set(['ACTIVE', 'BUILD', 'REBUILD', 'RESIZE', 'VERIFY_RESIZE', 'MIGRATING']);

export function serverDetail(row: ServerViewRow, extras: ServerExtras, o: ViewOptions): Record<string, unknown> {
  const { mv, isAdmin } = o;
  const status = novaStatus(row.vm_state, row.task_state);
  const s: Record<string, unknown> = {
    id: row.uuid,
    name: row.display_name,
    status,
    tenant_id: row.project_id,
    user_id: row.user_id,
    metadata: parseJson(row.metadata, {}),
    hostId: hostId(row),
    image: row.image_ref
      ? { id: row.image_ref, links: [{ rel: 'bookmark', href: `${o.root}/images/${row.image_ref}` }] }
      : '',
    flavor: flavorView(row, o),
    created: isoSeconds(row.created_at),
    updated: isoSeconds(row.updated_at),
    addresses: addresses(extras.addresses, true),
    accessIPv4: row.access_ip_v4 ?? '',
    accessIPv6: row.access_ip_v6 ?? '',
    links: serverLinks(o.root, row.uuid),
    'OS-DCF:diskConfig': row.disk_config || 'MANUAL',
    'OS-EXT-AZ:availability_zone': row.availability_zone ?? '',
    config_drive: row.config_drive ?? '',
    key_name: row.key_name,
    'OS-SRV-USG:launched_at': usageTime(row.launched_at),
    'OS-SRV-USG:terminated_at': usageTime(row.terminated_at),
    'OS-EXT-STS:task_state': row.task_state,
    'OS-EXT-STS:vm_state': row.vm_state,
    'OS-EXT-STS:power_state': row.power_state,
    // extended_volumes.py: delete_on_termination from 2.3
    'os-extended-volumes:volumes_attached': (extras.volumes ?? []).map((v) =>
      mv.atLeast('2.3')
        ? { id: v.volume_id, delete_on_termination: v.delete_on_termination === 1 }
        : { id: v.volume_id },
    ),
  };
  const groups = parseJson<string[]>(row.security_groups, []);
  // Nova omits the key entirely when the instance has no groups (tempest relies on it)
  if (groups.length) s.security_groups = groups.map((name) => ({ name }));
  if (PROGRESS_STATUSES.has(status)) s.progress = row.progress;
  if (status === 'ERROR' || status === 'DELETED') {
    const fault = parseJson<Record<string, unknown> | null>(row.fault, null);
    if (fault) {
      const f: Record<string, unknown> = {
        code: fault.code,
        created: isoSeconds(textOf(fault.created, row.updated_at)),
        message: fault.message,
      };
      // views/servers.py _get_fault: details only for admins or non-500 faults
      if (fault.details && (isAdmin || fault.code !== 500)) f.details = fault.details;
      s.fault = f;
    }
  }
  if (isAdmin) {
    s['OS-EXT-SRV-ATTR:host'] = row.host;
    s['OS-EXT-SRV-ATTR:instance_name'] = `instance-${row.uuid.slice(0, 8)}`;
    s['OS-EXT-SRV-ATTR:hypervisor_hostname'] = row.node;
    if (mv.atLeast('2.3')) {
      s['OS-EXT-SRV-ATTR:reservation_id'] = row.reservation_id;
      s['OS-EXT-SRV-ATTR:launch_index'] = row.launch_index;
      s['OS-EXT-SRV-ATTR:kernel_id'] = '';
      s['OS-EXT-SRV-ATTR:ramdisk_id'] = '';
      s['OS-EXT-SRV-ATTR:hostname'] = row.hostname;
      s['OS-EXT-SRV-ATTR:root_device_name'] = '/dev/vda';
      s['OS-EXT-SRV-ATTR:user_data'] = row.user_data;
    }
    if (mv.atLeast('2.16')) s.host_status = row.host ? 'UP' : '';
  }
  if (mv.atLeast('2.90')) s['OS-EXT-SRV-ATTR:hostname'] = row.hostname;
  if (mv.atLeast('2.9')) s.locked = row.locked === 1;
  if (mv.atLeast('2.19')) s.description = row.display_description;
  if (mv.atLeast('2.26')) s.tags = extras.tags;
  if (mv.atLeast('2.63')) s.trusted_image_certificates = null;
  if (mv.atLeast('2.71') && o.withServerGroups) s.server_groups = extras.serverGroups ?? [];
  if (mv.atLeast('2.73')) s.locked_reason = row.locked_reason;
  if (mv.atLeast('2.96')) s.pinned_availability_zone = row.requested_availability_zone;
  return s;
}

export function serverListItem(
  row: Pick<ServerViewRow, 'uuid' | 'display_name'>,
  root: string,
): Record<string, unknown> {
  return { id: row.uuid, links: serverLinks(root, row.uuid), name: row.display_name };
}

/** The basic view PUT /servers/{id} answers with (clients.md §4.3: no OS-* except diskConfig). */
export function serverBasic(row: ServerViewRow, extras: ServerExtras, o: ViewOptions): Record<string, unknown> {
  const full = serverDetail(row, extras, o);
  const s: Record<string, unknown> = {};
  for (const k of [
    'id',
    'name',
    'status',
    'tenant_id',
    'user_id',
    'metadata',
    'hostId',
    'image',
    'flavor',
    'created',
    'updated',
    'accessIPv4',
    'accessIPv6',
    'links',
    'OS-DCF:diskConfig',
    'progress',
    'fault',
  ]) {
    if (k in full) s[k] = full[k];
  }
  s.addresses = addresses(extras.addresses, false);
  for (const k of [
    'locked',
    'description',
    'tags',
    'trusted_image_certificates',
    'server_groups',
    'locked_reason',
    'OS-EXT-SRV-ATTR:hostname',
    'pinned_availability_zone',
  ]) {
    if (k in full && !(k === 'OS-EXT-SRV-ATTR:hostname' && !o.mv.atLeast('2.90'))) s[k] = full[k];
  }
  return s;
}

/** a stored JSON field that should be text (a flavor snapshot's name, a fault's time), else the fallback */
function textOf(v: unknown, fallback: string): string {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : fallback;
}
