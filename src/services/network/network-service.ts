/** Networks and subnets: creation with Neutron's defaults, visibility, updates and deletion rules. */
import { first } from '../../lib/arrays.js';
import type { DbOrTrx, Trx } from '../../store/database.js';
import * as repo from '../../store/repositories/network-repository.js';
import * as l3 from '../../store/repositories/l3-repository.js';
import type { NetworkRow, SubnetRow } from '../../store/repositories/network-repository.js';
import type { RequestContext } from '../../domain/context.js';
import {
  defaultGateway,
  defaultPools,
  isAutoAddressMode,
  isValidHostIp,
  parseCidr,
  poolHoldingGateway,
  validatePools,
  type AllocationPool,
} from '../../domain/ports/ipam.js';
import {
  gatewayConflictWithAllocationPools,
  invalidInput,
  networkInUse,
  networkNotFound,
  networkNotUsable,
  networkSubnetPoolAffinityError,
  revisionNumberConstraintFailed,
  subnetInUse,
  subnetNotFound,
} from '../../domain/ports/network-errors.js';
import { newUuid } from '../../lib/ids.js';
import type { Store } from '../../store/store.js';
import type { Runtime } from '../../runtime.js';
import { retryOnConflict } from './retry.js';
import { countByProject, enforceNetworkQuota } from './quota-service.js';
import { allocateFromPool, networkScopes, type SubnetpoolRow } from './subnet-pool-service.js';
import { asSegment, reserveSegment, vlanSegmentKey } from './provider-segments.js';
import {
  providerUpdate,
  requestedSegments,
  segmentPortsBound,
  TENANT_SEGMENT,
  type ProviderRequest,
} from '../../domain/ports/provider.js';
import { vlanIdInUse } from '../../domain/ports/network-errors.js';
import * as segRepo from '../../store/repositories/segment-repository.js';
import type { SegmentRow } from '../../store/repositories/segment-repository.js';
import { requireSegmentsConsistent, segmentForNewSubnet, segmentForSubnetUpdate } from './segment-service.js';

import { applyNetworkFlags } from './rbac-policy-service.js';
import { validateAvailabilityZoneHints } from './agent-service.js';
import { scheduleNetwork } from './agent-scheduling-service.js';
import { hostingZones } from '../../store/repositories/agent-binding-repository.js';

export type { NetworkRow, SubnetRow } from '../../store/repositories/network-repository.js';

/**
 * A network as the network API shows it: the ids of its subnets, its address scopes (of the pools
 * its subnets came from), and the zones it is served in: those of the admin-up DHCP agents within
 * its hints, once it has a subnet with DHCP.
 */
export type NetworkWithSubnets = NetworkRow & {
  subnetIds: string[];
  /** its segments in segment_index order */
  segments: SegmentRow[];
  /** l2_adjacency: false once its subnets are on segments (a routed network) */
  l2Adjacency: boolean;
  ipv4AddressScope: string | null;
  ipv6AddressScope: string | null;
  availabilityZones: string[];
};

/** the caller's view of networks: which it may see (null: all) and whose `shared` the rows show */
const viewOf = (ctx: RequestContext) => ({
  visibleTo: ctx.isAdmin ? null : (ctx.projectId ?? ''),
  viewer: ctx.projectId ?? '',
});

/**
 * Subnets and ports go only on the caller's own or shared networks (`shared` as the caller sees
 * it: shared with everyone or through an access_as_shared RBAC policy targeting its project) (Neutron's plugin check after
 * the policy; an external network is visible but not usable): 403 HTTPForbidden otherwise.
 */
export function requireNetworkUsable(ctx: RequestContext, n: NetworkRow, resource: 'port' | 'subnet'): void {
  if (ctx.isAdmin || ctx.isService || n.shared === 1 || n.project_id === ctx.projectId) return;
  throw networkNotUsable(ctx.projectId ?? '', resource);
}

/** Neutron's get_network visibility: owner, shared, external, an RBAC policy's target, or admin. */
export async function getVisibleNetwork(db: DbOrTrx, ctx: RequestContext, id: string): Promise<NetworkRow> {
  const [n] = await repo.listNetworks(db, { ids: [id], ...viewOf(ctx) });
  if (!n) throw networkNotFound(id);
  return n;
}

export interface NetworkSpec {
  projectId: string;
  name?: string;
  description?: string;
  shared?: boolean;
  routerExternal?: boolean;
  adminStateUp?: boolean;
  mtu?: number;
  portSecurityEnabled?: boolean;
  /** provider:* (admin); nothing set: a tenant network, VXLAN with an allocated id */
  provider?: ProviderRequest;
  /** multi-provider `segments` (admin), each as provider:* would be */
  segments?: ProviderRequest[];
  /** dns-integration: validated and lowered by the API */
  dnsDomain?: string;
  availabilityZoneHints?: string[];
}

/** `at`: the runtime clock's time, read by the caller */
export async function createNetwork(db: DbOrTrx, spec: NetworkSpec, at: string): Promise<NetworkRow> {
  const now = at;
  const requested = requestedSegments(spec.provider, spec.segments);
  const row: NetworkRow = {
    id: newUuid(),
    name: spec.name ?? '',
    project_id: spec.projectId,
    description: spec.description ?? '',
    shared: spec.shared ? 1 : 0,
    router_external: spec.routerExternal ? 1 : 0,
    admin_state_up: spec.adminStateUp === false ? 0 : 1,
    mtu: spec.mtu ?? 1500,
    status: 'ACTIVE',
    created_at: now,
    updated_at: now,
    port_security_enabled: spec.portSecurityEnabled === false ? 0 : 1,
    revision_number: 0,
    dns_domain: spec.dnsDomain ?? '',
    availability_zone_hints: JSON.stringify(spec.availabilityZoneHints ?? []),
  };
  await repo.insertNetwork(db, row);
  const segments = requested.length ? requested : [TENANT_SEGMENT];
  for (const [i, s] of segments.entries()) await reserveSegment(db, row.id, s, NO_META, at, i);
  // the '*' policies Neutron creates for a network made shared or external
  await applyNetworkFlags(
    db,
    row,
    { shared: spec.shared || undefined, routerExternal: spec.routerExternal || undefined },
    at,
  );
  return row;
}

/** segments a network creates carry no name or description (null, as ML2 stores them) */
const NO_META = { name: null, description: null };

/** A port created concurrently makes the delete fail on its foreign key; the retry then answers 409. */
export async function deleteNetwork(store: Store, id: string): Promise<void> {
  await retryOnConflict(store.adapter, () =>
    store.transaction(async (trx) => {
      const network = await repo.findNetwork(trx, id);
      if (!network) throw networkNotFound(id);
      // Neutron deletes an external network's unassociated floating IPs with it
      // (l3_db's _process_l3_delete → delete_disassociated_floatingips); associated ones keep
      // their ports, so the network stays in use
      if (network.router_external === 1) {
        for (const portId of await l3.deleteDisassociatedFloatingIps(trx, id)) await repo.deletePort(trx, portId);
      }
      const inUse = await repo.deleteNetworkUnlessInUse(trx, id);
      if (inUse.length > 0) throw networkInUse(id, inUse);
    }),
  );
}

export interface SubnetSpec {
  networkId: string;
  projectId: string;
  cidr: string;
  ipVersion?: number;
  name?: string;
  description?: string;
  /** undefined: first host; null: no gateway */
  gatewayIp?: string | null;
  allocationPools?: AllocationPool[];
  enableDhcp?: boolean;
  dnsNameservers?: string[];
  hostRoutes?: Array<{ destination: string; nexthop: string }>;
  ipv6RaMode?: string | null;
  ipv6AddressMode?: string | null;
  /** the pool the CIDR was allocated from (createSubnetsFor allocates it) */
  subnetpoolId?: string | null;
  /** segment extension (admin): the segment of the network the subnet is on */
  segmentId?: string | null;
}

/** `at`: the runtime clock's time, read by the caller */
export async function createSubnet(db: DbOrTrx, spec: SubnetSpec, at: string): Promise<SubnetRow> {
  const cidr = parseCidr(spec.cidr);
  if (!cidr) throw invalidInput(`'${spec.cidr}' is not a valid IP subnet`);
  if (spec.ipVersion !== undefined && spec.ipVersion !== cidr.version) {
    throw invalidInput('Cidr and IP version are incompatible');
  }
  const raMode = spec.ipv6RaMode ?? null;
  const addressMode = spec.ipv6AddressMode ?? null;
  // db_base_plugin_v2 _validate_subnet: the IPv6 modes on an IPv4 subnet, then on IPv6 DHCP off
  // and two different modes (_validate_ipv6_dhcp, _validate_ipv6_combination)
  if (cidr.version === 4 && raMode) throw invalidInput('ipv6_ra_mode is not valid when ip_version is 4');
  if (cidr.version === 4 && addressMode) throw invalidInput('ipv6_address_mode is not valid when ip_version is 4');
  if (cidr.version === 6 && (raMode || addressMode) && spec.enableDhcp === false) {
    throw invalidInput('ipv6_ra_mode or ipv6_address_mode cannot be set when enable_dhcp is set to False');
  }
  if (cidr.version === 6 && raMode && addressMode && raMode !== addressMode) {
    throw invalidInput(
      `ipv6_ra_mode set to '${raMode}' with ipv6_address_mode set to '${addressMode}' is not valid. If both attributes are set, they must be the same value`,
    );
  }
  if (
    cidr.version === 6 &&
    (spec.ipv6RaMode || spec.ipv6AddressMode) &&
    cidr.prefix !== 64 &&
    spec.ipv6AddressMode !== 'dhcpv6-stateful'
  ) {
    throw invalidInput(
      `Invalid CIDR ${cidr.text} for IPv6 address mode. OpenStack uses the EUI-64 address format, which requires the prefix to be /64`,
    );
  }
  const gatewayIp = spec.gatewayIp === undefined ? defaultGateway(cidr) : spec.gatewayIp;
  if (gatewayIp !== null && !isValidHostIp(cidr, gatewayIp)) {
    throw invalidInput(`Gateway is not valid on subnet`);
  }
  let pools = spec.allocationPools;
  if (pools) {
    const err = validatePools(cidr, pools);
    if (err) throw invalidInput(err);
    const holding = poolHoldingGateway(pools, gatewayIp);
    if (holding && gatewayIp !== null) throw gatewayConflictWithAllocationPools(gatewayIp, holding);
  } else {
    pools = defaultPools(cidr, gatewayIp);
  }
  const others = await repo.listSubnets(db, { networkIds: [spec.networkId] });
  const overlapping = others.find((s) => {
    const o = parseCidr(s.cidr);
    return o && o.version === cidr.version && o.first <= cidr.last && cidr.first <= o.last;
  });
  if (overlapping) {
    throw invalidInput(
      `Requested subnet with cidr: ${cidr.text} for network: ${spec.networkId} overlaps with another subnet`,
    );
  }
  // _validate_network_subnetpools: a network's subnets of a family all come from one pool (or none)
  const poolId = spec.subnetpoolId ?? null;
  if (others.some((s) => s.ip_version === cidr.version && s.subnetpool_id !== poolId))
    throw networkSubnetPoolAffinityError();
  const segmentId = spec.segmentId ?? null;
  await segmentForNewSubnet(db, spec.networkId, segmentId);
  const now = at;
  const row: SubnetRow = {
    id: newUuid(),
    network_id: spec.networkId,
    project_id: spec.projectId,
    name: spec.name ?? '',
    description: spec.description ?? '',
    ip_version: cidr.version,
    cidr: cidr.text,
    gateway_ip: gatewayIp,
    allocation_pools: JSON.stringify(pools),
    enable_dhcp: spec.enableDhcp === false ? 0 : 1,
    dns_nameservers: JSON.stringify(spec.dnsNameservers ?? []),
    host_routes: JSON.stringify(spec.hostRoutes ?? []),
    ipv6_ra_mode: spec.ipv6RaMode ?? null,
    ipv6_address_mode: spec.ipv6AddressMode ?? null,
    created_at: now,
    updated_at: now,
    revision_number: 0,
    subnetpool_id: poolId,
    segment_id: segmentId,
  };
  await repo.insertSubnet(db, row);
  await repo.updateNetwork(db, spec.networkId, { updated_at: now });
  // after the network's row is locked by the update: a concurrent subnet is committed and seen
  await requireSegmentsConsistent(db, spec.networkId);
  return row;
}

/**
 * An address allocated concurrently makes the delete fail on its foreign key; the retry then
 * answers 409. On a SLAAC / DHCPv6-stateless subnet the addresses are automatic: Neutron removes
 * them from their ports (all but router interfaces, which stackbox does not have) and deletes it.
 */
export async function deleteSubnet(store: Store, id: string, at: string): Promise<void> {
  await retryOnConflict(store.adapter, () =>
    store.transaction(async (trx) => {
      const s = await repo.findSubnet(trx, id);
      if (!s) throw subnetNotFound(id);
      if (s.ip_version === 6 && isAutoAddressMode(s.ipv6_address_mode)) await repo.releaseSubnetIps(trx, id, at);
      if (!(await repo.deleteSubnetIfUnused(trx, id))) throw subnetInUse(id);
    }),
  );
}

/**
 * Networks a project's server may use, as Nova's neutron API _get_available_networks: the
 * project's own networks plus the ones shared with it (`shared` as Neutron shows it to the
 * project, RBAC included), external networks excluded unless asked for by id.
 * With `ids`, only those (in that order); unknown or invisible ids are left out for the caller to report.
 */
export async function availableNetworks(db: DbOrTrx, projectId: string, ids?: string[]): Promise<NetworkRow[]> {
  if (ids) {
    const rows = await repo.listNetworks(db, { ids, visibleTo: projectId });
    return ids.map((id) => rows.find((r) => r.id === id)).filter((r): r is NetworkRow => r !== undefined);
  }
  const own = await repo.listNetworks(db, { projectIds: [projectId], routerExternal: 0 });
  // shared as the project sees it: with everyone, or with it by an access_as_shared policy
  const shared = await repo.listNetworks(db, { shared: 1, routerExternal: 0, viewer: projectId });
  return [...own, ...shared.filter((s) => !own.some((o) => o.id === s.id))];
}

async function withSubnetIds(db: DbOrTrx, rows: NetworkRow[]): Promise<NetworkWithSubnets[]> {
  const subnets = await repo.listSubnets(db, { networkIds: rows.map((r) => r.id) });
  const pooled = [...new Set(subnets.filter((s) => s.subnetpool_id !== null).map((s) => s.network_id))];
  const scopes = await networkScopes(db, pooled);
  const ids = rows.map((r) => r.id);
  const zones = await hostingZones(db, 'dhcp', ids);
  const segments = await segRepo.segmentsOfNetworks(db, ids);
  return rows.map((n) => {
    const mine = subnets.filter((s) => s.network_id === n.id);
    return {
      ...n,
      subnetIds: mine.map((s) => s.id),
      segments: segments.get(n.id) ?? [],
      // the segments plugin looks at one subnet; its rule keeps them all on segments or none
      l2Adjacency: !mine.some((s) => s.segment_id !== null),
      ipv4AddressScope: scopes.get(n.id)?.v4 ?? null,
      ipv6AddressScope: scopes.get(n.id)?.v6 ?? null,
      availabilityZones: zones.get(n.id) ?? [],
    };
  });
}

/** Filters of GET /networks; a 0/1 number matches the stored flag. */
export interface NetworkQuery {
  ids?: string[];
  names?: string[];
  projectIds?: string[];
  shared?: number;
  routerExternal?: number;
  statuses?: string[];
  adminStateUp?: number;
}

/** The networks the caller may see (getVisibleNetwork's rule), oldest first. */
export async function listNetworksFor(
  rt: Runtime,
  ctx: RequestContext,
  q: NetworkQuery,
): Promise<NetworkWithSubnets[]> {
  const db = rt.store.db;
  const rows = await repo.listNetworks(db, {
    ids: q.ids,
    names: q.names,
    projectIds: q.projectIds,
    shared: q.shared,
    routerExternal: q.routerExternal,
    statuses: q.statuses,
    ...viewOf(ctx),
  });
  return withSubnetIds(
    db,
    q.adminStateUp === undefined ? rows : rows.filter((r) => r.admin_state_up === q.adminStateUp),
  );
}

/** One network the caller may see, else NetworkNotFound. */
export async function showNetwork(rt: Runtime, ctx: RequestContext, id: string): Promise<NetworkWithSubnets> {
  return first(await withSubnetIds(rt.store.db, [await getVisibleNetwork(rt.store.db, ctx, id)]));
}

/** POST /networks: the quota check and the insert in one transaction */
/** Neutron's bulk create: every network or none, in one transaction (each project's quota counted). */
export async function createNetworksFor(rt: Runtime, specs: NetworkSpec[]): Promise<NetworkWithSubnets[]> {
  for (const spec of specs) await validateAvailabilityZoneHints(rt, 'network', spec.availabilityZoneHints);
  const rows = await rt.store.transaction(async (trx) => {
    const at = rt.clock().toISOString();
    for (const [projectId, n] of countByProject(specs)) await enforceNetworkQuota(rt, trx, projectId, { network: n });
    const out: NetworkRow[] = [];
    for (const spec of specs) out.push(await createNetwork(trx, spec, at));
    return withSubnetIds(trx, out);
  });
  return rows;
}

/** The attributes PUT /networks/{id} may change; undefined leaves one as it is. */
export interface NetworkChanges {
  name?: string;
  description?: string;
  adminStateUp?: boolean;
  shared?: boolean;
  routerExternal?: boolean;
  mtu?: number;
  portSecurityEnabled?: boolean;
  provider?: ProviderRequest;
  dnsDomain?: string;
}

const flag = (v: boolean | undefined): number | undefined => (v === undefined ? undefined : v ? 1 : 0);

/** PUT /networks/{id}; `ifMatch`: the revision the caller expects (If-Match header), decided by the UPDATE */
export async function updateNetworkFor(
  rt: Runtime,
  id: string,
  c: NetworkChanges,
  ifMatch?: number,
): Promise<NetworkWithSubnets> {
  return rt.store.transaction(async (db) => {
    const at = rt.clock().toISOString();
    const current = await repo.findNetwork(db, id);
    if (!current) throw networkNotFound(id);
    await applyNetworkFlags(db, current, { shared: c.shared, routerExternal: c.routerExternal }, at);
    return patchNetwork(rt, db, id, c, at, ifMatch);
  });
}

async function patchNetwork(
  rt: Runtime,
  db: DbOrTrx,
  id: string,
  c: NetworkChanges,
  at: string,
  ifMatch?: number,
): Promise<NetworkWithSubnets> {
  const patch: Partial<NetworkRow> = { updated_at: at };
  if (c.name !== undefined) patch.name = c.name;
  if (c.description !== undefined) patch.description = c.description;
  if (c.adminStateUp !== undefined) patch.admin_state_up = flag(c.adminStateUp);
  if (c.shared !== undefined) patch.shared = flag(c.shared);
  if (c.routerExternal !== undefined) patch.router_external = flag(c.routerExternal);
  if (c.mtu !== undefined) patch.mtu = c.mtu;
  if (c.portSecurityEnabled !== undefined) patch.port_security_enabled = flag(c.portSecurityEnabled);
  if (c.dnsDomain !== undefined) patch.dns_domain = c.dnsDomain;
  if (c.provider) await moveVlanSegment(rt, db, id, c.provider, at);
  const changed = await repo.updateNetwork(db, id, patch, ifMatch);
  if (!changed) {
    const now = await repo.findNetwork(db, id);
    if (!now) throw networkNotFound(id);
    throw revisionNumberConstraintFailed(ifMatch ?? 0, now.revision_number);
  }
  const updated = await repo.findNetwork(db, id);
  if (!updated) throw networkNotFound(id);
  return first(await withSubnetIds(db, [updated]));
}

/**
 * provider:segmentation_id on a PUT (ml2 _update_segmentation_id): only a single-segment VLAN
 * network moves to another id, and only while none of its ports is bound.
 */
async function moveVlanSegment(rt: Runtime, db: DbOrTrx, id: string, r: ProviderRequest, at: string): Promise<void> {
  const segments = (await segRepo.segmentsOfNetworks(db, [id])).get(id) ?? [];
  const [segment] = segments;
  if (!segment) {
    if (!(await repo.findNetwork(db, id))) throw networkNotFound(id);
    return;
  }
  if (segments.length > 1 && r.segmentationId)
    throw invalidInput('Provider network attributes can be updated only in provider networks with a single segment.');
  const segmentationId = providerUpdate(asSegment(segment), r);
  if (segmentationId === undefined) return;
  if (await repo.networkHasBoundPorts(db, id)) throw segmentPortsBound();
  try {
    await segRepo.updateSegment(db, segment.id, {
      segmentation_id: segmentationId,
      segment_key: vlanSegmentKey(segment, segmentationId),
      updated_at: at,
    });
  } catch (err) {
    // UNIQUE(segment_key): another VLAN segment holds the id, also against a concurrent update
    if (rt.store.adapter.isUniqueViolation(err)) throw vlanIdInUse(segmentationId, segment.physical_network ?? '');
    throw err;
  }
}

export async function deleteNetworkFor(rt: Runtime, id: string): Promise<void> {
  await deleteNetwork(rt.store, id);
}

/** A subnet with the network it is on (the policy target of subnet rules). */
export interface SubnetOnNetwork {
  subnet: SubnetRow;
  network: NetworkRow;
}

/**
 * Neutron's get_subnet (admin_or_owner or shared): the caller's own subnets and those of shared
 * networks. A non-shared external network is visible, its subnets are not.
 */
export function canSeeSubnet(ctx: RequestContext, s: SubnetRow, n: NetworkRow): boolean {
  return ctx.isAdmin || s.project_id === ctx.projectId || n.shared === 1;
}

/** One subnet the caller may see, else SubnetNotFound. */
export async function showSubnet(rt: Runtime, ctx: RequestContext, id: string): Promise<SubnetOnNetwork> {
  const db = rt.store.db;
  const s = await repo.findSubnet(db, id);
  const [n] = s ? await repo.listNetworks(db, { ids: [s.network_id], viewer: ctx.projectId ?? '' }) : [];
  if (!s || !n || !canSeeSubnet(ctx, s, n)) throw subnetNotFound(id);
  return { subnet: s, network: n };
}

/** Filters of GET /subnets. */
export interface SubnetQuery {
  ids?: string[];
  names?: string[];
  networkIds?: string[];
  cidrs?: string[];
  projectIds?: string[];
  ipVersion?: number;
  /** 'true' / 'false', compared with the flag's text as the filter always was */
  enableDhcp?: string;
  gatewayIps?: string[];
  /** segment_id filter ('None' or '' matching no segment, as Neutron's filter conversion reads it) */
  segmentIds?: string[];
}

/** The subnets of the networks the caller may see, each with its network. */
export async function listSubnetsFor(rt: Runtime, ctx: RequestContext, q: SubnetQuery): Promise<SubnetOnNetwork[]> {
  const db = rt.store.db;
  const networks = await repo.listNetworks(db, viewOf(ctx));
  const byId = new Map(networks.map((n) => [n.id, n]));
  const rows = await repo.listSubnets(db, {
    ids: q.ids,
    names: q.names,
    networkIds: q.networkIds,
    cidrs: q.cidrs,
    projectIds: q.projectIds,
    ipVersion: q.ipVersion,
  });
  const out: SubnetOnNetwork[] = [];
  for (const s of rows) {
    const network = byId.get(s.network_id);
    if (!network || !canSeeSubnet(ctx, s, network)) continue;
    if (q.enableDhcp !== undefined && String(s.enable_dhcp === 1) !== q.enableDhcp) continue;
    if (q.gatewayIps && !q.gatewayIps.includes(s.gateway_ip ?? '')) continue;
    if (q.segmentIds && !q.segmentIds.includes(s.segment_id ?? 'None')) continue;
    out.push({ subnet: s, network });
  }
  return out;
}

/** a subnet to create, and the pool its CIDR is to come from (with `pool`, `cidr` may be empty: any of the prefix length) */
export type SubnetCreation = SubnetSpec & { pool?: { row: SubnetpoolRow; prefixlen?: number } };

/**
 * POST /subnets, one or Neutron's bulk: every subnet or none, in one transaction (in order: a later
 * one sees the earlier), with the quota checks and each CIDR's allocation from its pool (the
 * pool's lock held until commit).
 */
export async function createSubnetsFor(rt: Runtime, specs: SubnetCreation[]): Promise<SubnetRow[]> {
  const created = await rt.store.transaction(async (trx) => {
    const at = rt.clock().toISOString();
    for (const [projectId, n] of countByProject(specs)) await enforceNetworkQuota(rt, trx, projectId, { subnet: n });
    const out: SubnetRow[] = [];
    for (const spec of specs) out.push(await createSubnetIn(rt, trx, spec, at));
    return out;
  });
  // subnet_create_end: the network gets a DHCP agent (whatever enable_dhcp says, as Neutron's does)
  for (const networkId of new Set(created.map((s) => s.network_id))) await scheduleNetwork(rt, networkId);
  return created;
}

async function createSubnetIn(rt: Runtime, trx: Trx, spec: SubnetCreation, at: string): Promise<SubnetRow> {
  const { pool, ...subnet } = spec;
  if (!pool) return createSubnet(trx, subnet, at);
  const cidr = await allocateFromPool(rt, trx, pool.row, spec.projectId, {
    cidr: spec.cidr === '' ? undefined : spec.cidr,
    prefixlen: pool.prefixlen,
  });
  return createSubnet(trx, { ...subnet, cidr, subnetpoolId: pool.row.id }, at);
}

/** The attributes PUT /subnets/{id} may change; gatewayIp null removes the gateway. */
export interface SubnetChanges {
  name?: string;
  description?: string;
  enableDhcp?: boolean;
  dnsNameservers?: string[];
  hostRoutes?: Array<{ destination: string; nexthop: string }>;
  gatewayIp?: string | null;
  /** subnet-segmentid-writable (admin); null: off its segment */
  segmentId?: string | null;
}

/** PUT /subnets/{id}; `ifMatch`: the revision the caller expects (If-Match header), decided by the UPDATE */
export async function updateSubnetFor(rt: Runtime, id: string, c: SubnetChanges, ifMatch?: number): Promise<SubnetRow> {
  // a segment change reads the segment and the network's other subnets: one transaction
  if (c.segmentId !== undefined) return rt.store.transaction((trx) => patchSubnet(rt, trx, id, c, ifMatch));
  return patchSubnet(rt, rt.store.db, id, c, ifMatch);
}

async function patchSubnet(
  rt: Runtime,
  db: DbOrTrx,
  id: string,
  c: SubnetChanges,
  ifMatch: number | undefined,
): Promise<SubnetRow> {
  const patch: Partial<SubnetRow> = { updated_at: rt.clock().toISOString() };
  if (c.segmentId !== undefined) {
    const current = await repo.findSubnet(db, id);
    if (!current) throw subnetNotFound(id);
    await segmentForSubnetUpdate(db, current, c.segmentId);
    patch.segment_id = c.segmentId;
  }
  if (c.name !== undefined) patch.name = c.name;
  if (c.description !== undefined) patch.description = c.description;
  if (c.enableDhcp !== undefined) patch.enable_dhcp = flag(c.enableDhcp);
  if (c.dnsNameservers) patch.dns_nameservers = JSON.stringify(c.dnsNameservers);
  if (c.hostRoutes) patch.host_routes = JSON.stringify(c.hostRoutes);
  if (c.gatewayIp !== undefined) patch.gateway_ip = c.gatewayIp;
  if (!(await repo.updateSubnet(db, id, patch, ifMatch))) {
    const now = await repo.findSubnet(db, id);
    if (!now) throw subnetNotFound(id);
    throw revisionNumberConstraintFailed(ifMatch ?? 0, now.revision_number);
  }
  const updated = await repo.findSubnet(db, id);
  if (!updated) throw subnetNotFound(id);
  return updated;
}

export async function deleteSubnetFor(rt: Runtime, id: string): Promise<void> {
  await deleteSubnet(rt.store, id, rt.clock().toISOString());
}
