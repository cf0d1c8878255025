/** The Mogan Instance representation (16 keys at MAIN) and the fields= selection rules. */
import type { BaremetalInstance, PluggedPort } from '../../../services/baremetal/instance-queries.js';
import { moganPowerState, moganStatus } from '../../../domain/instances/mogan-status.js';

/** Python isoformat() of a UTC datetime: 2016-10-17T04:12:41+00:00 (microseconds only when non-zero). */
export function moganTime(db: string | null): string | null {
  if (db === null) return null;
  const ms = db.slice(20, 23);
  return db.slice(0, 19) + (ms === '000' ? '' : `.${ms}000`) + '+00:00';
}

export function instanceLinks(base: string, uuid: string): Array<{ href: string; rel: string }> {
  return [
    { href: `${base}/v1/instances/${uuid}`, rel: 'self' },
    { href: `${base}/instances/${uuid}`, rel: 'bookmark' },
  ];
}

export function networkInfo(ports: PluggedPort[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const p of ports) out[p.portId] = { network: p.networkId, mac_address: p.macAddress, fixed_ips: p.fixedIps };
  return out;
}

export function instanceView(
  i: BaremetalInstance,
  ports: PluggedPort[],
  base: string,
  gracefulStop = false,
): Record<string, unknown> {
  return {
    uuid: i.uuid,
    name: i.display_name,
    description: i.display_description,
    project_id: i.project_id,
    user_id: i.user_id,
    status: moganStatus({ vmState: i.vm_state, taskState: i.task_state, powerState: i.power_state }, { gracefulStop }),
    power_state: moganPowerState(i.power_state),
    availability_zone: i.requested_availability_zone,
    instance_type_uuid: i.flavor_id,
    image_uuid: i.image_ref,
    network_info: networkInfo(ports),
    links: instanceLinks(base, i.uuid),
    launched_at: moganTime(i.launched_at),
    extra: JSON.parse(i.metadata) as Record<string, string>,
    created_at: moganTime(i.created_at),
    updated_at: moganTime(i.updated_at),
  };
}

/** Attributes fields= can select (the object fields that exist on the API type). */
export const SELECTABLE = [
  'created_at',
  'updated_at',
  'uuid',
  'name',
  'description',
  'project_id',
  'user_id',
  'status',
  'power_state',
  'instance_type_uuid',
  'availability_zone',
  'image_uuid',
  'launched_at',
  'extra',
];

export const DEFAULT_LIST_FIELDS = ['uuid', 'name', 'description', 'status', 'power_state'];

/**
 * Mogan's unset_fields_except: keeps the requested known fields; `links` is always added after
 * filtering. Upstream also always kept network_info (it is not an object field); we follow the
 * documented list shape instead and drop it unless asked for (docs/compatibility.md).
 */
export function selectFields(full: Record<string, unknown>, fields: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) if (SELECTABLE.includes(f) || f === 'network_info') out[f] = full[f];
  out.links = full.links;
  return out;
}

/** fields=a,B, c → ['a','b','c'] (lower-cased, stripped, de-duplicated, empties dropped). */
export function parseFields(raw: string | string[] | undefined): string[] | null {
  if (raw === undefined) return null;
  const text = Array.isArray(raw) ? raw.join(',') : raw;
  return [
    ...new Set(
      text
        .split(',')
        .map((s) => s.trim().toLowerCase())
        .filter((s) => s.length > 0),
    ),
  ];
}
