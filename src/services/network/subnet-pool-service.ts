/**
 * Subnet pools (neutron/db/db_base_plugin_v2.py, neutron/ipam/subnet_alloc.py, Zed): prefixes and
 * prefix-length bounds, one default pool per family, address scope membership, prefix add/remove,
 * and the allocation of a subnet's CIDR from a pool.
 *
 * Races are decided by the database: writes that read a pool's allocations or prefixes hold the
 * adapter's lock on the pool (Neutron's compare-and-swap on subnetpools.hash serialises the same
 * way), joining a scope holds the scope's lock, UNIQUE(default_key) keeps one default per family,
 * and the subnets' foreign key refuses the delete of a pool in use.
 */
import type { RequestContext } from '../../domain/context.js';
import {
  addrFormatError,
  addressScopeNotFound,
  addressScopePrefixConflict,
  badResourceRequest,
  emptySubnetPoolPrefixList,
  illegalSubnetPoolAssociationToAddressScope,
  illegalSubnetPoolIpVersionAssociation,
  illegalSubnetPoolPrefixBounds,
  illegalSubnetPoolPrefixUpdate,
  illegalSubnetPoolUpdate,
  invalidInput,
  maxPrefixSubnetAllocationError,
  minPrefixSubnetAllocationError,
  prefixVersionMismatch,
  revisionNumberConstraintFailed,
  subnetAllocationError,
  subnetPoolDeleteError,
  subnetPoolNotFound,
  subnetPoolQuotaExceeded,
  unsupportedMinSubnetPoolPrefix,
} from '../../domain/ports/network-errors.js';
import { parseCidr, type Cidr, type IpVersion } from '../../domain/ports/ipam.js';
import {
  compactPrefixes,
  isCidrFree,
  nextFreeCidr,
  prefixesCover,
  prefixesOverlap,
  removePrefixes,
} from '../../domain/ports/subnet-allocation.js';
import { newUuid } from '../../lib/ids.js';
import type { Runtime } from '../../runtime.js';
import type { DbOrTrx, Trx } from '../../store/database.js';
import * as repo from '../../store/repositories/subnet-pool-repository.js';
import type { SubnetpoolRow } from '../../store/repositories/subnet-pool-repository.js';
import { retryOnConflict } from './retry.js';
import { enforceNetworkQuota } from './quota-service.js';

export type { SubnetpoolRow } from '../../store/repositories/subnet-pool-repository.js';

const WIDTH = { 4: 32, 6: 128 } as const;
const DEFAULT_MIN = { 4: 8, 6: 64 } as const;
/** quota is counted in /32s (IPv4) and /64s (IPv6) */
const QUOTA_UNIT = { 4: 32, 6: 64 } as const;

const poolLock = (id: string) => `subnetpool:${id}`;
const scopeLock = (id: string) => `address_scope:${id}`;

/** get_subnetpool: admin, owner, or shared. */
export const canSeeSubnetpool = (ctx: RequestContext, p: SubnetpoolRow): boolean =>
  ctx.isAdmin || p.project_id === ctx.projectId || p.shared === 1;

export const poolPrefixes = (p: SubnetpoolRow): string[] => JSON.parse(p.prefixes) as string[];
const poolCidrs = (p: SubnetpoolRow): Cidr[] => cidrsOf(poolPrefixes(p));
const cidrsOf = (texts: string[]): Cidr[] => texts.map((t) => parseCidr(t)).filter((c): c is Cidr => c !== null);

export async function showSubnetpool(rt: Runtime, ctx: RequestContext, id: string): Promise<SubnetpoolRow> {
  const p = await repo.findSubnetpool(rt.store.db, id);
  if (!p || !canSeeSubnetpool(ctx, p)) throw subnetPoolNotFound(id);
  return p;
}

export interface SubnetpoolQuery {
  ids?: string[];
  names?: string[];
  projectIds?: string[];
  ipVersion?: number;
  isDefault?: number;
  shared?: number;
  addressScopeIds?: string[];
}

export async function listSubnetpoolsFor(
  rt: Runtime,
  ctx: RequestContext,
  q: SubnetpoolQuery,
): Promise<SubnetpoolRow[]> {
  return repo.listSubnetpools(rt.store.db, { ...q, visibleTo: ctx.isAdmin ? null : (ctx.projectId ?? '') });
}

/** SubnetPoolReader: a non-empty prefix list of one family, compacted. */
function readPrefixes(texts: string[]): { version: IpVersion; cidrs: Cidr[] } {
  if (texts.length === 0) throw emptySubnetPoolPrefixList();
  const cidrs = cidrsOf(texts);
  const version = cidrs[0]!.version;
  if (cidrs.some((c) => c.version !== version)) throw prefixVersionMismatch();
  return { version, cidrs: compactPrefixes(cidrs, version) };
}

interface Bounds {
  min: number;
  max: number;
  def: number;
}

/** SubnetPoolHelper's checks, in Neutron's order. */
function validateBounds(b: Bounds, version: IpVersion): void {
  if (b.min < 0) throw unsupportedMinSubnetPoolPrefix(b.min, 4);
  if (b.min > b.max) throw illegalSubnetPoolPrefixBounds('min_prefixlen', b.min, 'max_prefixlen', b.max);
  if (b.max > WIDTH[version])
    throw illegalSubnetPoolPrefixBounds('max_prefixlen', b.max, 'ip_version_max', WIDTH[version]);
  if (b.def < b.min) throw illegalSubnetPoolPrefixBounds('default_prefixlen', b.def, 'min_prefixlen', b.min);
  if (b.def > b.max) throw illegalSubnetPoolPrefixBounds('default_prefixlen', b.def, 'max_prefixlen', b.max);
}

async function ensureNoOtherDefault(db: DbOrTrx, version: number, exceptId?: string): Promise<void> {
  const defaults = await repo.listSubnetpools(db, { isDefault: 1, ipVersion: version });
  if (defaults.some((d) => d.id !== exceptId)) throw defaultExists();
}

const defaultExists = () =>
  invalidInput(
    'A default subnetpool for this IP family has already been set. Only one default may exist per IP family',
  );

/** _validate_address_scope_id: visible, same family, no prefix shared with its other pools. */
async function validateScope(
  rt: Runtime,
  trx: Trx,
  ctx: RequestContext,
  scopeId: string,
  poolId: string,
  cidrs: Cidr[],
  version: number,
): Promise<void> {
  const scope = await repo.findAddressScope(trx, scopeId);
  if (!scope) throw addressScopeNotFound(scopeId);
  if (!(ctx.isAdmin || scope.project_id === ctx.projectId || scope.shared === 1))
    throw illegalSubnetPoolAssociationToAddressScope(poolId, scopeId);
  if (scope.ip_version !== version) throw illegalSubnetPoolIpVersionAssociation(poolId, scopeId, scope.ip_version);
  await rt.store.adapter.lockForUpdateOf(trx, scopeLock(scopeId));
  const others = await repo.listSubnetpools(trx, { addressScopeIds: [scopeId] });
  for (const o of others) {
    if (o.id !== poolId && prefixesOverlap(poolCidrs(o), cidrs)) throw addressScopePrefixConflict();
  }
}

/** a lost race on UNIQUE(default_key) answers as the check before it would have */
async function uniqueDefault<T>(rt: Runtime, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (rt.store.adapter.isUniqueViolation(err)) throw defaultExists();
    throw err;
  }
}

export interface SubnetpoolSpec {
  projectId: string;
  name?: string;
  description?: string;
  prefixes: string[];
  minPrefixlen?: number;
  maxPrefixlen?: number;
  defaultPrefixlen?: number;
  defaultQuota?: number | null;
  shared?: boolean;
  isDefault?: boolean;
  addressScopeId?: string | null;
}

export async function createSubnetpoolFor(
  rt: Runtime,
  ctx: RequestContext,
  spec: SubnetpoolSpec,
): Promise<SubnetpoolRow> {
  const { version, cidrs } = readPrefixes(spec.prefixes);
  const min = spec.minPrefixlen ?? DEFAULT_MIN[version];
  const max = spec.maxPrefixlen ?? WIDTH[version];
  const bounds = { min, max, def: spec.defaultPrefixlen ?? min };
  validateBounds(bounds, version);
  const id = newUuid();
  const now = rt.clock().toISOString();
  const row: SubnetpoolRow = {
    id,
    project_id: spec.projectId,
    name: spec.name ?? '',
    description: spec.description ?? '',
    ip_version: version,
    default_prefixlen: bounds.def,
    min_prefixlen: bounds.min,
    max_prefixlen: bounds.max,
    default_quota: spec.defaultQuota ?? null,
    shared: spec.shared ? 1 : 0,
    is_default: spec.isDefault ? 1 : 0,
    default_key: spec.isDefault ? String(version) : null,
    address_scope_id: spec.addressScopeId ?? null,
    prefixes: JSON.stringify(cidrs.map((c) => c.text)),
    created_at: now,
    updated_at: now,
    revision_number: 0,
  };
  return uniqueDefault(rt, () =>
    rt.store.transaction(async (trx) => {
      await enforceNetworkQuota(rt, trx, spec.projectId, { subnetpool: 1 });
      if (spec.isDefault) await ensureNoOtherDefault(trx, version);
      if (row.address_scope_id) await validateScope(rt, trx, ctx, row.address_scope_id, id, cidrs, version);
      await repo.insertSubnetpool(trx, row);
      return row;
    }),
  );
}

/** The attributes PUT /subnetpools/{id} may change; undefined leaves one as it is. */
export interface SubnetpoolChanges {
  name?: string;
  description?: string;
  prefixes?: string[];
  minPrefixlen?: number;
  maxPrefixlen?: number;
  defaultPrefixlen?: number;
  /** null: no quota */
  defaultQuota?: number | null;
  isDefault?: boolean;
  /** null: leave the scope */
  addressScopeId?: string | null;
}

/** PUT /subnetpools/{id}; `ifMatch`: the revision the caller expects (If-Match header), decided by the UPDATE */
export async function updateSubnetpoolFor(
  rt: Runtime,
  ctx: RequestContext,
  id: string,
  c: SubnetpoolChanges,
  ifMatch?: number,
): Promise<SubnetpoolRow> {
  return uniqueDefault(rt, () =>
    rt.store.transaction(async (trx) => {
      await rt.store.adapter.lockForUpdateOf(trx, poolLock(id));
      const orig = await repo.findSubnetpool(trx, id);
      if (!orig) throw subnetPoolNotFound(id);
      const version = orig.ip_version as IpVersion;
      let cidrs = poolCidrs(orig);
      if (c.prefixes !== undefined) {
        const next = cidrsOf(c.prefixes);
        if (!prefixesCover(next, cidrs))
          throw illegalSubnetPoolPrefixUpdate('Existing prefixes must be a subset of the new prefixes');
        cidrs = readPrefixes(c.prefixes).cidrs;
        if (cidrs[0]?.version !== version) throw prefixVersionMismatch();
      }
      const bounds = {
        min: c.minPrefixlen ?? orig.min_prefixlen,
        max: c.maxPrefixlen ?? orig.max_prefixlen,
        def: c.defaultPrefixlen ?? orig.default_prefixlen,
      };
      validateBounds(bounds, version);
      const isDefault = c.isDefault ?? orig.is_default === 1;
      if (isDefault && orig.is_default !== 1) await ensureNoOtherDefault(trx, version, id);
      if (orig.address_scope_id) {
        // _check_subnetpool_update_allowed: a pool in another project's (shared) scope is frozen
        const scope = await repo.findAddressScope(trx, orig.address_scope_id);
        if (scope && !ctx.isAdmin && scope.project_id !== ctx.projectId)
          throw illegalSubnetPoolUpdate(
            `subnetpool ${id} cannot be updated when associated with shared address scope ${orig.address_scope_id}`,
          );
      }
      const scopeId = c.addressScopeId === undefined ? orig.address_scope_id : c.addressScopeId;
      if (scopeId) await validateScope(rt, trx, ctx, scopeId, id, cidrs, version);
      const patch: Partial<SubnetpoolRow> = {
        updated_at: rt.clock().toISOString(),
        prefixes: JSON.stringify(cidrs.map((x) => x.text)),
        min_prefixlen: bounds.min,
        max_prefixlen: bounds.max,
        default_prefixlen: bounds.def,
        is_default: isDefault ? 1 : 0,
        default_key: isDefault ? String(version) : null,
        address_scope_id: scopeId,
      };
      if (c.name !== undefined) patch.name = c.name;
      if (c.description !== undefined) patch.description = c.description;
      if (c.defaultQuota !== undefined) patch.default_quota = c.defaultQuota;
      if (!(await repo.updateSubnetpool(trx, id, patch, ifMatch)))
        throw revisionNumberConstraintFailed(ifMatch ?? 0, orig.revision_number);
      const updated = await repo.findSubnetpool(trx, id);
      if (!updated) throw subnetPoolNotFound(id);
      return updated;
    }),
  );
}

/** PUT /subnetpools/{id}/add_prefixes: the pool's prefixes with these, compacted. */
export async function addPrefixesFor(rt: Runtime, ctx: RequestContext, id: string, add: string[]): Promise<string[]> {
  const pool = await repo.findSubnetpool(rt.store.db, id);
  if (!pool) throw subnetPoolNotFound(id);
  if (add.length === 0) return poolPrefixes(pool);
  const updated = await updateSubnetpoolFor(rt, ctx, id, { prefixes: [...poolPrefixes(pool), ...add] });
  return poolPrefixes(updated);
}

/** PUT /subnetpools/{id}/remove_prefixes: refused while a subnet was allocated from a removed prefix. */
export async function removePrefixesFor(rt: Runtime, id: string, remove: string[]): Promise<string[]> {
  return rt.store.transaction(async (trx) => {
    await rt.store.adapter.lockForUpdateOf(trx, poolLock(id));
    const pool = await repo.findSubnetpool(trx, id);
    if (!pool) throw subnetPoolNotFound(id);
    const version = pool.ip_version as IpVersion;
    const current = poolCidrs(pool);
    const removal = cidrsOf(remove);
    if (removal.length === 0 || !prefixesOverlap(current, removal)) return poolPrefixes(pool);
    const allocated = cidrsOf(await repo.cidrsOfPool(trx, id));
    if (prefixesOverlap(allocated, removal))
      throw illegalSubnetPoolPrefixUpdate('One or more the prefixes to be removed is in use by a subnet.');
    const left = removePrefixes(current, removal, version);
    const prefixes = left.map((c) => c.text);
    await repo.updateSubnetpool(trx, id, { prefixes: JSON.stringify(prefixes), updated_at: rt.clock().toISOString() });
    return prefixes;
  });
}

/** delete_subnetpool: refused while a subnet was allocated from it (the subnets' foreign key decides a race). */
export async function deleteSubnetpoolFor(rt: Runtime, id: string): Promise<void> {
  const inUse = () => subnetPoolDeleteError('Subnet pool has existing allocations');
  try {
    await retryOnConflict(rt.store.adapter, () =>
      rt.store.transaction(async (trx) => {
        await rt.store.adapter.lockForUpdateOf(trx, poolLock(id));
        if (!(await repo.findSubnetpool(trx, id))) throw subnetPoolNotFound(id);
        if (await repo.poolHasSubnets(trx, id)) throw inUse();
        await repo.deleteSubnetpool(trx, id);
      }),
    );
  } catch (err) {
    if (rt.store.adapter.isForeignKeyViolation(err)) throw inUse();
    throw err;
  }
}

// ---- allocation (subnet create with subnetpool_id / use_default_subnetpool)

/** What a subnet create asks of a pool: a CIDR inside it, or a prefix length (else the default). */
export interface PoolRequest {
  /** the pool's id; undefined with useDefault */
  subnetpoolId?: string;
  useDefault?: boolean;
  ipVersion?: number;
  cidr?: string;
  prefixlen?: number;
}

/** The pool a subnet create names, seen by the caller, for its family (400/404 as Neutron answers). */
export async function poolForSubnet(rt: Runtime, ctx: RequestContext, req: PoolRequest): Promise<SubnetpoolRow> {
  const db = rt.store.db;
  if (req.subnetpoolId === undefined) {
    const version = req.ipVersion ?? 4;
    const [pool] = await repo.listSubnetpools(db, { isDefault: 1, ipVersion: version });
    if (!pool) throw badResourceRequest('subnets', `No default subnetpool found for IPv${version}`);
    return pool;
  }
  const pool = await repo.findSubnetpool(db, req.subnetpoolId);
  if (!pool || !canSeeSubnetpool(ctx, pool)) throw subnetPoolNotFound(req.subnetpoolId);
  if (req.ipVersion !== undefined && req.ipVersion !== pool.ip_version)
    throw badResourceRequest(
      'subnets',
      `Cannot allocate IPv${req.ipVersion} subnet from IPv${pool.ip_version} subnet pool`,
    );
  return pool;
}

/**
 * SubnetAllocator.allocate_subnet, inside the subnet create's transaction: holds the pool's lock
 * until that transaction ends, so the next allocation from the pool sees this subnet. Returns the
 * CIDR text the subnet gets.
 */
export async function allocateFromPool(
  rt: Runtime,
  trx: Trx,
  pool: SubnetpoolRow,
  projectId: string,
  req: PoolRequest,
): Promise<string> {
  const version = pool.ip_version as IpVersion;
  let specific: Cidr | undefined;
  let prefixlen: number;
  if (req.cidr !== undefined) {
    const c = parseCidr(req.cidr);
    if (!c) throw invalidInput(`'${req.cidr}' is not a valid IP subnet`);
    specific = c;
    prefixlen = c.prefix;
  } else {
    prefixlen = req.prefixlen ?? pool.default_prefixlen;
    if (prefixlen < 0 || prefixlen > WIDTH[version])
      throw addrFormatError(`${version === 4 ? '0.0.0.0' : '::'}/${prefixlen}`);
  }
  if (prefixlen > pool.max_prefixlen) throw maxPrefixSubnetAllocationError(prefixlen, pool.max_prefixlen);
  if (prefixlen < pool.min_prefixlen) throw minPrefixSubnetAllocationError(prefixlen, pool.min_prefixlen);
  await rt.store.adapter.lockForUpdateOf(trx, poolLock(pool.id));
  // the pool as it is now that the lock is held (prefixes may have changed meanwhile)
  const current = await repo.findSubnetpool(trx, pool.id);
  if (!current) throw subnetPoolNotFound(pool.id);
  // Neutron's `if quota:`: none and 0 both mean unlimited
  if (current.default_quota) {
    const unit = QUOTA_UNIT[version];
    const units = (len: number) => 2 ** (unit - len);
    const used = cidrsOf(await repo.cidrsOfPool(trx, pool.id, projectId)).reduce((n, c) => n + units(c.prefix), 0);
    if (used + units(prefixlen) > current.default_quota) throw subnetPoolQuotaExceeded();
  }
  const allocated = cidrsOf(await repo.cidrsOfPool(trx, pool.id));
  const prefixes = poolCidrs(current);
  if (specific) {
    if (!isCidrFree(prefixes, allocated, version, specific))
      throw subnetAllocationError('Cannot allocate requested subnet from the available set of prefixes');
    return specific.text;
  }
  const next = nextFreeCidr(prefixes, allocated, version, prefixlen);
  if (!next) throw subnetAllocationError(`Insufficient prefix space to allocate subnet size /${prefixlen}`);
  return next.text;
}

/** The address scope of each network per family (ipv4_address_scope / ipv6_address_scope). */
export async function networkScopes(
  db: DbOrTrx,
  networkIds: string[],
): Promise<Map<string, { v4: string | null; v6: string | null }>> {
  const out = new Map<string, { v4: string | null; v6: string | null }>();
  if (networkIds.length === 0) return out;
  for (const r of await repo.scopesOfNetworks(db, networkIds)) {
    const cur = out.get(r.network_id) ?? { v4: null, v6: null };
    if (r.ip_version === 4) cur.v4 = r.address_scope_id;
    else cur.v6 = r.address_scope_id;
    out.set(r.network_id, cur);
  }
  return out;
}
