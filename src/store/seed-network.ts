/**
 * Seeds devstack's usual topology, idempotently by name: a shared `private` network (admin
 * project) with an IPv4 and an IPv6 subnet, and an external `public` network with one subnet.
 */
import type { Config } from '../config/config.js';
import type { Db } from './database.js';
import * as repo from './repositories/network-repository.js';
import { createNetwork, createSubnet } from '../services/network/network-service.js';

/** `now`: the runtime clock's time (the store has no clock of its own) */
export async function seedNetworks(db: Db, config: Config, now: string): Promise<void> {
  const admin = await db.selectFrom('projects').select('id').where('name', '=', 'admin').executeTakeFirst();
  if (!admin) return;
  const ensureNetwork = async (name: string, shared: boolean, routerExternal: boolean) => {
    const [existing] = await repo.listNetworks(db, { names: [name], projectIds: [admin.id] });
    // devstack's public network is flat on the `public` physical network; private is a tenant (VXLAN) one
    const provider = routerExternal ? { networkType: 'flat', physicalNetwork: name } : undefined;
    return existing ?? createNetwork(db, { projectId: admin.id, name, shared, routerExternal, provider }, now);
  };
  const ensureSubnet = async (
    networkId: string,
    name: string,
    cidr: string,
    extra: { ipv6AddressMode?: string; ipv6RaMode?: string } = {},
  ) => {
    const [existing] = await repo.listSubnets(db, { names: [name], networkIds: [networkId] });
    if (!existing) await createSubnet(db, { networkId, projectId: admin.id, name, cidr, ...extra }, now);
  };
  const priv = await ensureNetwork('private', true, false);
  await ensureSubnet(priv.id, 'private-subnet', config.privateCidr);
  // stateful DHCPv6 so that ports get one address from the pool, like the IPv4 subnet
  await ensureSubnet(priv.id, 'private-subnet-v6', config.privateCidrV6, {
    ipv6AddressMode: 'dhcpv6-stateful',
    ipv6RaMode: 'dhcpv6-stateful',
  });
  const pub = await ensureNetwork('public', false, true);
  await ensureSubnet(pub.id, 'public-subnet', config.publicCidr);
}
