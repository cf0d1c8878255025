/**
 * Network IP availability (network-ip-availability extension, neutron/db/network_ip_availability_db.py):
 * per network and per subnet, total_ips is the size of the allocation pools and used_ips the
 * addresses allocated, both computed from the store at request time. IPv6 pools exceed 2^53, so
 * the counts are bigints.
 */
import type { RequestContext } from '../../domain/context.js';
import type { Runtime } from '../../runtime.js';
import * as netRepo from '../../store/repositories/network-repository.js';
import { allocationCountsBySubnet } from '../../store/repositories/ip-availability-repository.js';
import { ipToBigInt, type AllocationPool } from '../../domain/ports/ipam.js';
import { networkNotFound } from '../../domain/ports/network-errors.js';
import type { NetworkRow, SubnetRow } from './network-service.js';

export interface SubnetAvailability {
  subnet: SubnetRow;
  usedIps: bigint;
  totalIps: bigint;
}

export interface NetworkAvailability {
  network: NetworkRow;
  subnets: SubnetAvailability[];
  usedIps: bigint;
  totalIps: bigint;
}

/** the number of addresses in a subnet's allocation pools (Neutron: sum of each pool's size) */
export function poolsSize(poolsJson: string): bigint {
  let total = 0n;
  for (const p of JSON.parse(poolsJson) as AllocationPool[]) {
    const a = ipToBigInt(p.start);
    const b = ipToBigInt(p.end);
    if (a && b && b.value >= a.value) total += b.value - a.value + 1n;
  }
  return total;
}

export interface IpAvailabilityQuery {
  networkIds?: string[];
  networkNames?: string[];
  projectIds?: string[];
  ipVersion?: number;
}

/** Admin-only upstream; the route's policy decides, this reads every project's networks. */
export async function listIpAvailabilities(
  rt: Runtime,
  _ctx: RequestContext,
  q: IpAvailabilityQuery,
): Promise<NetworkAvailability[]> {
  const db = rt.store.db;
  const networks = await netRepo.listNetworks(db, {
    ids: q.networkIds,
    names: q.networkNames,
    projectIds: q.projectIds,
  });
  const subnets = await netRepo.listSubnets(db, {
    networkIds: networks.map((n) => n.id),
    ipVersion: q.ipVersion,
  });
  const used = await allocationCountsBySubnet(
    db,
    subnets.map((s) => s.id),
  );
  const out: NetworkAvailability[] = [];
  for (const network of networks) {
    const mine = subnets
      .filter((s) => s.network_id === network.id)
      .map((subnet) => ({
        subnet,
        usedIps: BigInt(used.get(subnet.id) ?? 0),
        totalIps: poolsSize(subnet.allocation_pools),
      }));
    // filtered by ip_version, Neutron leaves out the networks without a subnet of that version
    if (q.ipVersion !== undefined && mine.length === 0) continue;
    out.push({
      network,
      subnets: mine,
      usedIps: mine.reduce((a, s) => a + s.usedIps, 0n),
      totalIps: mine.reduce((a, s) => a + s.totalIps, 0n),
    });
  }
  return out;
}

export async function showIpAvailability(rt: Runtime, ctx: RequestContext, id: string): Promise<NetworkAvailability> {
  const [a] = await listIpAvailabilities(rt, ctx, { networkIds: [id] });
  if (!a) throw networkNotFound(id);
  return a;
}
