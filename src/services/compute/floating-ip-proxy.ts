/**
 * Nova's proxies to Neutron's floating IPs below microversion 2.36
 * (nova/api/openstack/compute/floating_ips.py FloatingIPController and floating_ip_pools.py over
 * nova/network/neutron.py, Zed), through the network services: the caller's floating IPs in Nova's
 * format ({id, ip, pool, fixed_ip, instance_id}), allocation from a pool (an external network
 * named or identified by the request, else Nova's [neutron] default_floating_pool), release, and
 * the pools (the external networks the caller can see). Neutron's errors become Nova's.
 */
import type { Runtime } from '../../runtime.js';
import type { RequestContext } from '../../domain/context.js';
import { DomainError, badRequest, conflict, forbidden, instanceNotFound, notFound } from '../../domain/errors.js';
import {
  createFloatingIpFor,
  deleteFloatingIpFor,
  listFloatingIpsFor,
  showFloatingIp,
  type FloatingIpRow,
} from '../network/l3-service.js';
import { listNetworksFor } from '../network/network-service.js';
import { getPort } from '../network/port-service.js';
import { findServer } from './server-reads.js';

export interface NovaFloatingIp {
  id: string;
  ip: string;
  pool: string;
  fixed_ip: string | null;
  instance_id: string | null;
}

/** oslo uuidutils.is_uuid_like: 32 hex digits once a urn:uuid: prefix, braces and dashes are gone */
const uuidLike = (s: string) =>
  /^[0-9a-f]{32}$/.test(
    s
      .toLowerCase()
      .replace(/^urn:uuid:/, '')
      .replace(/[{}-]/g, ''),
  );

/** _translate_floating_ip_view: the pool is the network's name (or id), the instance the fixed port's device */
async function views(rt: Runtime, ctx: RequestContext, fips: FloatingIpRow[]): Promise<NovaFloatingIp[]> {
  if (fips.length === 0) return [];
  const nets = await listNetworksFor(rt, ctx, { ids: [...new Set(fips.map((f) => f.floating_network_id))] });
  const names = new Map(nets.map((n) => [n.id, n.name || n.id]));
  const out: NovaFloatingIp[] = [];
  for (const f of fips) {
    const port = f.fixed_port_id === null ? undefined : await getPort(rt.store.db, f.fixed_port_id);
    out.push({
      id: f.id,
      ip: f.floating_ip_address,
      pool: names.get(f.floating_network_id) ?? f.floating_network_id,
      fixed_ip: f.fixed_ip_address,
      instance_id: port ? port.device_id : null,
    });
  }
  return out;
}

/** get_floating_ip: Neutron's 404 is Nova's "Floating IP not found for ID" */
async function floatingIpOr404(rt: Runtime, ctx: RequestContext, id: string): Promise<FloatingIpRow> {
  try {
    return await showFloatingIp(rt, ctx, id);
  } catch (err) {
    if (err instanceof DomainError && err.status === 404) throw notFound(`Floating IP not found for ID ${id}`);
    throw err;
  }
}

/** GET /os-floating-ips: the floating IPs of the caller's own project (get_floating_ips_by_project), admin too */
export async function listNovaFloatingIps(rt: Runtime, ctx: RequestContext): Promise<NovaFloatingIp[]> {
  const fips = await listFloatingIpsFor(rt, ctx, { projectIds: [ctx.projectId ?? ''] });
  return views(rt, ctx, fips);
}

/** GET /os-floating-ips/{id} */
export async function showNovaFloatingIp(rt: Runtime, ctx: RequestContext, id: string): Promise<NovaFloatingIp> {
  return (await views(rt, ctx, [await floatingIpOr404(rt, ctx, id)]))[0]!;
}

/** _get_floating_ip_pool_id_by_name_or_id: exactly one visible external network with that id or name */
async function poolNetworkId(rt: Runtime, ctx: RequestContext, nameOrId: string): Promise<string> {
  const nets = await listNetworksFor(rt, ctx, {
    routerExternal: 1,
    ...(uuidLike(nameOrId) ? { ids: [nameOrId] } : { names: [nameOrId] }),
  });
  if (nets.length === 0) throw notFound('Floating IP pool not found.');
  // Nova raises a bare NovaException here (its 500); stackbox answers 400 with Nova's text
  if (nets.length > 1) throw badRequest(`Multiple floating IP pools matches found for name '${nameOrId}'`);
  return nets[0]!.id;
}

/** POST /os-floating-ips: allocate_floating_ip and the translation of Neutron's failures */
export async function createNovaFloatingIp(
  rt: Runtime,
  ctx: RequestContext,
  pool: string | undefined,
): Promise<NovaFloatingIp> {
  const networkId = await poolNetworkId(rt, ctx, pool ?? rt.config.compute.defaultFloatingPool);
  let fip: FloatingIpRow;
  try {
    fip = await createFloatingIpFor(rt, ctx, { projectId: ctx.projectId ?? '', floatingNetworkId: networkId });
  } catch (err) {
    if (!(err instanceof DomainError) || typeof err.details.type !== 'string') throw err;
    const type = err.details.type;
    if (type === 'IpAddressGenerationFailure' || type === 'ExternalIpAddressExhausted')
      throw notFound(pool !== undefined ? `No more floating IPs in pool ${pool}.` : 'No more floating IPs available.');
    if (type === 'OverQuota')
      throw forbidden(pool !== undefined ? `IP allocation over quota in pool ${pool}.` : 'IP allocation over quota.');
    if (err.status === 400) throw badRequest(err.message);
    throw err;
  }
  return (await views(rt, ctx, [fip]))[0]!;
}

/**
 * DELETE /os-floating-ips/{id}: the floating IP is released even when associated; an associated
 * device that is not a server the caller sees is Nova's 404 (get_instance_by_floating_ip_addr).
 */
export async function deleteNovaFloatingIp(rt: Runtime, ctx: RequestContext, id: string): Promise<void> {
  const fip = await floatingIpOr404(rt, ctx, id);
  const address = fip.floating_ip_address;
  const same = await listFloatingIpsFor(rt, ctx, { floatingIpAddresses: [address] });
  if (same.length > 1) throw conflict(`Multiple floating IPs are found for address ${address}.`);
  const port = fip.fixed_port_id === null ? undefined : await getPort(rt.store.db, fip.fixed_port_id);
  if (port && port.device_id) {
    const server = await findServer(rt, port.device_id);
    if (!server || (!ctx.isAdmin && server.project_id !== ctx.projectId)) throw instanceNotFound(port.device_id);
  }
  try {
    await deleteFloatingIpFor(rt, fip);
  } catch (err) {
    if (err instanceof DomainError && err.status === 404)
      throw notFound(`Floating IP not found for address ${address}.`);
    throw err;
  }
}

/** GET /os-floating-ip-pools: get_floating_ip_pools, the external networks' names (or ids) */
export async function listNovaFloatingIpPools(rt: Runtime, ctx: RequestContext): Promise<{ name: string }[]> {
  const nets = await listNetworksFor(rt, ctx, { routerExternal: 1 });
  return nets.map((n) => ({ name: n.name || n.id }));
}
