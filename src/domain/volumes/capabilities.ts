/**
 * What the simulated LVM backend reports to the scheduler (a pool's capabilities, as
 * get_pools shows them) and the scheduler's CapabilitiesFilter over them: a volume type's
 * unscoped or "capabilities:"-scoped extra specs must each match a reported capability, with the
 * operators of cinder/scheduler/filters/extra_specs_ops.py; other scopes are not the
 * scheduler's. A pool that fails is no candidate, and a create with none left fails as
 * NoValidBackend.
 */
import { isTrueString } from '../../lib/bool-from-string.js';

/** what the LVM driver reports (its vendor, version and protocol) */
export const LVM_DRIVER = { vendor_name: 'Open Source', driver_version: '3.0.0', storage_protocol: 'iSCSI' } as const;

export interface PoolFacts {
  /** host@backend#pool */
  name: string;
  capacityGb: number;
  allocatedGb: number;
  volumes: number;
}

/** host@backend#pool → backend ("lvm"), the pool's volume_backend_name */
export const backendNameOf = (pool: string): string => {
  const backendHost = pool.split('#')[0] ?? pool;
  return backendHost.split('@')[1] ?? backendHost;
};

/** the scheduler's view of one pool (HostState/PoolState capabilities as get_pools returns them) */
export function poolCapabilities(p: PoolFacts, timestamp: string): Record<string, unknown> {
  const [backendHost = p.name, poolName = p.name] = p.name.split('#');
  return {
    pool_name: poolName,
    total_capacity_gb: p.capacityGb,
    free_capacity_gb: p.capacityGb - p.allocatedGb,
    reserved_percentage: 0,
    location_info: `LVMVolumeDriver:${backendHost.split('@')[0]}:${poolName}:thin:0`,
    QoS_support: false,
    provisioned_capacity_gb: p.allocatedGb,
    allocated_capacity_gb: p.allocatedGb,
    max_over_subscription_ratio: '20.0',
    thin_provisioning_support: true,
    thick_provisioning_support: false,
    total_volumes: p.volumes,
    filter_function: null,
    goodness_function: null,
    multiattach: true,
    backend_state: 'up',
    volume_backend_name: backendNameOf(p.name),
    ...LVM_DRIVER,
    timestamp,
  };
}

/** Python's float() of a capability or a requested value; NaN when it is none */
function pyFloat(x: unknown): number {
  if (typeof x === 'boolean') return x ? 1 : 0;
  if (typeof x === 'number') return x;
  if (typeof x !== 'string') return NaN;
  const t = x.trim().toLowerCase();
  if (/^[-+]?(inf|infinity)$/.test(t)) return t.startsWith('-') ? -Infinity : Infinity;
  if (!/^[-+]?(\d+(\.\d*)?|\.\d+)(e[-+]?\d+)?$/.test(t)) return NaN;
  return Number(t);
}

/** a numeric comparison; false when either side is no number (Python's ValueError) */
const numeric =
  (cmp: (a: number, b: number) => boolean) =>
  (x: unknown, y: string): boolean => {
    const a = pyFloat(x);
    const b = pyFloat(y);
    return !Number.isNaN(a) && !Number.isNaN(b) && cmp(a, b);
  };

/** a string comparison; Python compares only str with str (else the capability fails) */
const textual =
  (cmp: (a: string, b: string) => boolean) =>
  (x: unknown, y: string): boolean =>
    typeof x === 'string' && cmp(x, y);

const OPS: Record<string, (x: unknown, y: string) => boolean> = {
  '=': numeric((a, b) => a >= b),
  '==': numeric((a, b) => a === b),
  '!=': numeric((a, b) => a !== b),
  '>=': numeric((a, b) => a >= b),
  '<=': numeric((a, b) => a <= b),
  '<in>': (x, y) => typeof x === 'string' && x.includes(y),
  '<is>': (x, y) => isTrueString(x) === isTrueString(y),
  's==': (x, y) => x === y,
  's!=': (x, y) => x !== y,
  's<': textual((a, b) => a < b),
  's<=': textual((a, b) => a <= b),
  's>': textual((a, b) => a > b),
  's>=': textual((a, b) => a >= b),
};

/** extra_specs_ops.match: one reported value against one requested spec */
export function specMatches(value: unknown, req: string): boolean {
  const words = req.split(/\s+/).filter((w) => w !== '');
  const op = words.shift();
  const method = op === undefined ? undefined : OPS[op];
  if (op !== '<or>' && !method) return value === req;
  if (value === null || value === undefined) return false;
  if (op === '<or>') {
    // "<or> v1 <or> v2": every other word is a candidate
    for (let i = 0; i < words.length; i += 2) if (words[i] === value) return true;
    return false;
  }
  const operand = words[0];
  return operand !== undefined && method!(value, operand);
}

/** CapabilitiesFilter._satisfies_extra_specs */
export function satisfiesExtraSpecs(capabilities: Record<string, unknown>, specs: Record<string, string>): boolean {
  for (const [key, req] of Object.entries(specs)) {
    const scope = key.split(':');
    if (scope.length > 1 && scope[0] !== 'capabilities') continue;
    if (scope[0] === 'capabilities') scope.shift();
    let cap: unknown = capabilities;
    for (const part of scope) {
      if (typeof cap !== 'object' || cap === null || !Object.prototype.hasOwnProperty.call(cap, part)) return false;
      cap = (cap as Record<string, unknown>)[part];
    }
    const values = Array.isArray(cap) ? (cap as unknown[]) : [cap];
    if (!values.some((v) => specMatches(v, req))) return false;
  }
  return true;
}
