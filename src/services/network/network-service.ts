/** Networks and subnets: creation with Neutron's defaults, visibility, updates and deletion rules. */
import type { DbOrTrx } from '../../store/database.js';
import * as repo from '../../store/repositories/network-repository.js';
import type { NetworkRow, SubnetRow } from '../../store/repositories/network-repository.js';
import type { RequestContext } from '../../domain/context.js';
import { defaultGateway, defaultPools, isValidHostIp, parseCidr, validatePools, type AllocationPool } from '../../domain/ports/ipam.js';
import { invalidInput, networkInUse, networkNotFound, subnetInUse, subnetNotFound } from '../../domain/ports/network-errors.js';
import { newUuid } from '../../lib/ids.js';
import type { Store } from '../../store/store.js';
import { retryOnConflict } from './retry.js';

/** Neutron's get_network visibility: owner, shared, external, or admin. */
export function canSeeNetwork(ctx: RequestContext, n: NetworkRow): boolean {
  return ctx.isAdmin || n.project_id === ctx.projectId || n.shared === 1 || n.router_external === 1;
}

export async function getVisibleNetwork(db: DbOrTrx, ctx: RequestContext, id: string): Promise<NetworkRow> {
  const n = await repo.findNetwork(db, id);
  if (!n || !canSeeNetwork(ctx, n)) throw networkNotFound(id);
  return n;
}

export interface NetworkSpec {
  projectId: string; name?: string; description?: string; shared?: boolean; routerExternal?: boolean; adminStateUp?: boolean; mtu?: number;
  portSecurityEnabled?: boolean;
}

export async function createNetwork(db: DbOrTrx, spec: NetworkSpec): Promise<NetworkRow> {
  const now = new Date().toISOString();
  const row: NetworkRow = {
    id: newUuid(), name: spec.name ?? '', project_id: spec.projectId, description: spec.description ?? '',
    shared: spec.shared ? 1 : 0, router_external: spec.routerExternal ? 1 : 0, admin_state_up: spec.adminStateUp === false ? 0 : 1,
    mtu: spec.mtu ?? 1500, status: 'ACTIVE', created_at: now, updated_at: now,
    port_security_enabled: spec.portSecurityEnabled === false ? 0 : 1, revision_number: 0,
  };
  await repo.insertNetwork(db, row);
  return row;
}

/** A port created concurrently makes the delete fail on its foreign key; the retry then answers 409. */
export async function deleteNetwork(store: Store, id: string): Promise<void> {
  await retryOnConflict(store.adapter, () => store.transaction(async (trx) => {
    if (!(await repo.findNetwork(trx, id))) throw networkNotFound(id);
    if (!(await repo.deleteNetworkIfUnused(trx, id))) throw networkInUse(id);
  }));
}

export interface SubnetSpec {
  networkId: string; projectId: string; cidr: string; ipVersion?: number; name?: string; description?: string;
  /** undefined: first host; null: no gateway */
  gatewayIp?: string | null;
  allocationPools?: AllocationPool[];
  enableDhcp?: boolean; dnsNameservers?: string[]; hostRoutes?: Array<{ destination: string; nexthop: string }>;
  ipv6RaMode?: string | null; ipv6AddressMode?: string | null;
}

export async function createSubnet(db: DbOrTrx, spec: SubnetSpec): Promise<SubnetRow> {
  const cidr = parseCidr(spec.cidr);
  if (!cidr) throw invalidInput(`'${spec.cidr}' is not a valid IP subnet`);
  if (spec.ipVersion !== undefined && spec.ipVersion !== cidr.version) {
    throw invalidInput('Cidr and IP version are incompatible');
  }
  if (cidr.version === 6 && (spec.ipv6RaMode || spec.ipv6AddressMode) && cidr.prefix !== 64 && spec.ipv6AddressMode !== 'dhcpv6-stateful') {
    throw invalidInput(`Invalid CIDR ${cidr.text} for IPv6 address mode. OpenStack uses the EUI-64 address format, which requires the prefix to be /64`);
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
    throw invalidInput(`Requested subnet with cidr: ${cidr.text} for network: ${spec.networkId} overlaps with another subnet`);
  }
  const now = new Date().toISOString();
  const row: SubnetRow = {
    id: newUuid(), network_id: spec.networkId, project_id: spec.projectId, name: spec.name ?? '', description: spec.description ?? '',
    ip_version: cidr.version, cidr: cidr.text, gateway_ip: gatewayIp, allocation_pools: JSON.stringify(pools),
    enable_dhcp: spec.enableDhcp === false ? 0 : 1, dns_nameservers: JSON.stringify(spec.dnsNameservers ?? []),
    host_routes: JSON.stringify(spec.hostRoutes ?? []), ipv6_ra_mode: spec.ipv6RaMode ?? null, ipv6_address_mode: spec.ipv6AddressMode ?? null,
    created_at: now, updated_at: now, revision_number: 0,
  };
  await repo.insertSubnet(db, row);
  await repo.updateNetwork(db, spec.networkId, { updated_at: now });
  return row;
}

/** An address allocated concurrently makes the delete fail on its foreign key; the retry then answers 409. */
export async function deleteSubnet(store: Store, id: string): Promise<void> {
  await retryOnConflict(store.adapter, () => store.transaction(async (trx) => {
    if (!(await repo.findSubnet(trx, id))) throw subnetNotFound(id);
    if (!(await repo.deleteSubnetIfUnused(trx, id))) throw subnetInUse(id);
  }));
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
