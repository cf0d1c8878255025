/** Networks and subnets: creation with Neutron's defaults, visibility, updates and deletion rules. */
import { first } from '../../lib/arrays.js';
import type { DbOrTrx } from '../../store/database.js';
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
  validatePools,
  type AllocationPool,
} from '../../domain/ports/ipam.js';
import {
  invalidInput,
  networkInUse,
  networkNotFound,
  networkNotUsable,
  subnetInUse,
  subnetNotFound,
} from '../../domain/ports/network-errors.js';
import { newUuid } from '../../lib/ids.js';
import type { Store } from '../../store/store.js';
import type { Runtime } from '../../runtime.js';
import { retryOnConflict } from './retry.js';
import { countByProject, enforceNetworkQuota } from './quota-service.js';

export type { NetworkRow, SubnetRow } from '../../store/repositories/network-repository.js';

/** A network with the ids of its subnets, as the network API shows it. */
export type NetworkWithSubnets = NetworkRow & { subnetIds: string[] };

/** Neutron's get_network visibility: owner, shared, external, or admin. */
export function canSeeNetwork(ctx: RequestContext, n: NetworkRow): boolean {
  return ctx.isAdmin || n.project_id === ctx.projectId || n.shared === 1 || n.router_external === 1;
}

/**
 * Subnets and ports go only on the caller's own or shared networks (Neutron's plugin check after
 * the policy; an external network is visible but not usable): 403 HTTPForbidden otherwise.
 */
export function requireNetworkUsable(ctx: RequestContext, n: NetworkRow, resource: 'port' | 'subnet'): void {
  if (ctx.isAdmin || ctx.isService || n.shared === 1 || n.project_id === ctx.projectId) return;
  throw networkNotUsable(ctx.projectId ?? '', resource);
}

export async function getVisibleNetwork(db: DbOrTrx, ctx: RequestContext, id: string): Promise<NetworkRow> {
  const n = await repo.findNetwork(db, id);
  if (!n || !canSeeNetwork(ctx, n)) throw networkNotFound(id);
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
}

/** `at`: the runtime clock's time, read by the caller */
export async function createNetwork(db: DbOrTrx, spec: NetworkSpec, at: string): Promise<NetworkRow> {
  const now = at;
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
  };
  await repo.insertNetwork(db, row);
  return row;
}

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
      if (!(await repo.deleteNetworkIfUnused(trx, id))) throw networkInUse(id);
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
    const err = validatePools(cidr, pools, gatewayIp);
    if (err) throw invalidInput(err);
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
  };
  await repo.insertSubnet(db, row);
  await repo.updateNetwork(db, spec.networkId, { updated_at: now });
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
 * project's own networks plus shared ones, external networks excluded unless asked for by id.
 * With `ids`, only those (in that order); unknown or invisible ids are left out for the caller to report.
 */
export async function availableNetworks(db: DbOrTrx, projectId: string, ids?: string[]): Promise<NetworkRow[]> {
  if (ids) {
    const rows = await repo.listNetworks(db, { ids, visibleTo: projectId });
    return ids.map((id) => rows.find((r) => r.id === id)).filter((r): r is NetworkRow => r !== undefined);
  }
  const own = await repo.listNetworks(db, { projectIds: [projectId], routerExternal: 0 });
  const shared = await repo.listNetworks(db, { shared: 1, routerExternal: 0 });
  return [...own, ...shared.filter((s) => !own.some((o) => o.id === s.id))];
}

async function withSubnetIds(db: DbOrTrx, rows: NetworkRow[]): Promise<NetworkWithSubnets[]> {
  const subnets = await repo.listSubnets(db, { networkIds: rows.map((r) => r.id) });
  return rows.map((n) => ({ ...n, subnetIds: subnets.filter((s) => s.network_id === n.id).map((s) => s.id) }));
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

/** The networks the caller may see (canSeeNetwork), oldest first. */
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
    visibleTo: ctx.isAdmin ? null : (ctx.projectId ?? ''),
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
  const rows = await rt.store.transaction(async (trx) => {
    const at = rt.clock().toISOString();
    for (const [projectId, n] of countByProject(specs)) await enforceNetworkQuota(rt, trx, projectId, { network: n });
    const out: NetworkRow[] = [];
    for (const spec of specs) out.push(await createNetwork(trx, spec, at));
    return out;
  });
  return rows.map((row) => ({ ...row, subnetIds: [] }));
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
}

const flag = (v: boolean | undefined): number | undefined => (v === undefined ? undefined : v ? 1 : 0);

export async function updateNetworkFor(rt: Runtime, id: string, c: NetworkChanges): Promise<NetworkWithSubnets> {
  const db = rt.store.db;
  const patch: Partial<NetworkRow> = { updated_at: rt.clock().toISOString() };
  if (c.name !== undefined) patch.name = c.name;
  if (c.description !== undefined) patch.description = c.description;
  if (c.adminStateUp !== undefined) patch.admin_state_up = flag(c.adminStateUp);
  if (c.shared !== undefined) patch.shared = flag(c.shared);
  if (c.routerExternal !== undefined) patch.router_external = flag(c.routerExternal);
  if (c.mtu !== undefined) patch.mtu = c.mtu;
  if (c.portSecurityEnabled !== undefined) patch.port_security_enabled = flag(c.portSecurityEnabled);
  await repo.updateNetwork(db, id, patch);
  const updated = await repo.findNetwork(db, id);
  if (!updated) throw networkNotFound(id);
  return first(await withSubnetIds(db, [updated]));
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
  const n = s ? await repo.findNetwork(db, s.network_id) : undefined;
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
}

/** The subnets of the networks the caller may see, each with its network. */
export async function listSubnetsFor(rt: Runtime, ctx: RequestContext, q: SubnetQuery): Promise<SubnetOnNetwork[]> {
  const db = rt.store.db;
  const networks = await repo.listNetworks(db, { visibleTo: ctx.isAdmin ? null : (ctx.projectId ?? '') });
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
    out.push({ subnet: s, network });
  }
  return out;
}

/** POST /subnets: the quota check and the insert in one transaction */
/** Neutron's bulk create: every subnet or none, in one transaction (in order: a later one sees the earlier). */
export async function createSubnetsFor(rt: Runtime, specs: SubnetSpec[]): Promise<SubnetRow[]> {
  return rt.store.transaction(async (trx) => {
    const at = rt.clock().toISOString();
    for (const [projectId, n] of countByProject(specs)) await enforceNetworkQuota(rt, trx, projectId, { subnet: n });
    const out: SubnetRow[] = [];
    for (const spec of specs) out.push(await createSubnet(trx, spec, at));
    return out;
  });
}

/** The attributes PUT /subnets/{id} may change; gatewayIp null removes the gateway. */
export interface SubnetChanges {
  name?: string;
  description?: string;
  enableDhcp?: boolean;
  dnsNameservers?: string[];
  hostRoutes?: Array<{ destination: string; nexthop: string }>;
  gatewayIp?: string | null;
}

export async function updateSubnetFor(rt: Runtime, id: string, c: SubnetChanges): Promise<SubnetRow> {
  const db = rt.store.db;
  const patch: Partial<SubnetRow> = { updated_at: rt.clock().toISOString() };
  if (c.name !== undefined) patch.name = c.name;
  if (c.description !== undefined) patch.description = c.description;
  if (c.enableDhcp !== undefined) patch.enable_dhcp = flag(c.enableDhcp);
  if (c.dnsNameservers) patch.dns_nameservers = JSON.stringify(c.dnsNameservers);
  if (c.hostRoutes) patch.host_routes = JSON.stringify(c.hostRoutes);
  if (c.gatewayIp !== undefined) patch.gateway_ip = c.gatewayIp;
  await repo.updateSubnet(db, id, patch);
  const updated = await repo.findSubnet(db, id);
  if (!updated) throw subnetNotFound(id);
  return updated;
}

export async function deleteSubnetFor(rt: Runtime, id: string): Promise<void> {
  await deleteSubnet(rt.store, id, rt.clock().toISOString());
}
