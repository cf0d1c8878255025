/** /v2.0/subnets: IPv4 and IPv6 subnets with Neutron's default gateway and allocation pools. */
import type { FastifyRequest } from 'fastify';
import type { Runtime } from '../../runtime.js';
import type { RouteDef } from '../../http/route-table.js';
import * as repo from '../../store/repositories/network-repository.js';
import { canSeeNetwork, createSubnet, deleteSubnet, getVisibleNetwork } from '../../services/network/network-service.js';
import { neutronPolicy, subnetNotFound } from '../../domain/ports/network-errors.js';
import type { AllocationPool } from '../../domain/ports/ipam.js';
import { httpBadRequest, ipOrThrow, optBool, optString, projectFilter, queryValues, resourceBody, selectFields } from './request.js';
import { subnetView } from './views/subnets.js';
import { listBody } from './paging.js';
import { networkRoot } from './extensions.js';

const CREATE_ATTRS = ['network_id', 'cidr', 'ip_version', 'name', 'description', 'gateway_ip', 'allocation_pools', 'enable_dhcp',
  'dns_nameservers', 'host_routes', 'ipv6_ra_mode', 'ipv6_address_mode', 'tenant_id', 'project_id'] as const;
const UPDATE_ATTRS = ['name', 'description', 'gateway_ip', 'enable_dhcp', 'dns_nameservers', 'host_routes'] as const;
const IPV6_MODES = ['slaac', 'dhcpv6-stateful', 'dhcpv6-stateless'];

function pools(v: unknown): AllocationPool[] | undefined {
  if (v === undefined) return undefined;
  if (!Array.isArray(v)) throw httpBadRequest(`Invalid input for allocation_pools. Reason: Invalid data format for IP pool: '${JSON.stringify(v)}'.`);
  return v.map((p: unknown) => {
    const o = p as Record<string, unknown> | null;
    if (!o || typeof o !== 'object' || o.start === undefined || o.end === undefined) {
      throw httpBadRequest(`Invalid input for allocation_pools. Reason: Invalid data format for IP pool: '${JSON.stringify(p)}'.`);
    }
    return { start: ipOrThrow(o.start, 'allocation_pools'), end: ipOrThrow(o.end, 'allocation_pools') };
  });
}

function nameservers(v: unknown): string[] | undefined {
  if (v === undefined) return undefined;
  if (!Array.isArray(v)) throw httpBadRequest(`Invalid input for dns_nameservers. Reason: '${JSON.stringify(v)}' is not a list.`);
  return v.map((x) => ipOrThrow(x, 'dns_nameservers'));
}

function routes(v: unknown): Array<{ destination: string; nexthop: string }> | undefined {
  if (v === undefined) return undefined;
  if (!Array.isArray(v)) throw httpBadRequest(`Invalid input for host_routes. Reason: '${JSON.stringify(v)}' is not a list.`);
  return v.map((r: unknown) => {
    const o = r as Record<string, unknown> | null;
    if (!o || typeof o.destination !== 'string' || o.nexthop === undefined) {
      throw httpBadRequest(`Invalid input for host_routes. Reason: Invalid data format for hostroute: '${JSON.stringify(r)}'.`);
    }
    return { destination: o.destination, nexthop: ipOrThrow(o.nexthop, 'host_routes') };
  });
}

function mode(b: Record<string, unknown>, key: string): string | null | undefined {
  const v = b[key];
  if (v === undefined || v === null) return v as undefined | null;
  if (typeof v !== 'string' || !IPV6_MODES.includes(v)) {
    throw httpBadRequest(`Invalid input for ${key}. Reason: '${String(v)}' is not in ['dhcpv6-stateful', 'dhcpv6-stateless', 'slaac'].`);
  }
  return v;
}

export function subnetRoutes(rt: Runtime): RouteDef[] {
  const db = rt.store.db;
  const load = async (request: FastifyRequest) => {
    const id = (request.params as { subnetId: string }).subnetId;
    const s = await repo.findSubnet(db, id);
    const n = s ? await repo.findNetwork(db, s.network_id) : undefined;
    if (!s || !n || !canSeeNetwork(request.ctx, n)) throw subnetNotFound(id);
    return s;
  };
  const requireOwner = (request: FastifyRequest, projectId: string, action: string) => {
    if (!request.ctx.isAdmin && projectId !== request.ctx.projectId) throw neutronPolicy(action);
  };
  return [
    {
      method: 'GET', url: '/subnets', policy: 'get_subnet',
      handler: async (request) => {
        const ipv = queryValues(request, 'ip_version');
        const networks = await repo.listNetworks(db, { visibleTo: request.ctx.isAdmin ? null : request.ctx.projectId ?? '' });
        const visible = new Set(networks.map((n) => n.id));
        const rows = await repo.listSubnets(db, {
          ids: queryValues(request, 'id'), names: queryValues(request, 'name'), networkIds: queryValues(request, 'network_id'),
          cidrs: queryValues(request, 'cidr'), projectIds: projectFilter(request), ipVersion: ipv ? Number(ipv[ipv.length - 1]) : undefined,
        });
        const dhcp = queryValues(request, 'enable_dhcp');
        const gw = queryValues(request, 'gateway_ip');
        const views = rows.filter((s) => visible.has(s.network_id))
          .filter((s) => !dhcp || String(s.enable_dhcp === 1) === dhcp[dhcp.length - 1].toLowerCase())
          .filter((s) => !gw || gw.includes(s.gateway_ip ?? ''))
          .map(subnetView);
        return listBody(request, 'subnets', `${networkRoot(rt, request)}/v2.0/subnets`, views, subnetNotFound);
      },
    },
    { method: 'GET', url: '/subnets/:subnetId', policy: 'get_subnet', handler: async (request) => ({ subnet: selectFields(request, subnetView(await load(request))) }) },
    {
      method: 'POST', url: '/subnets', policy: 'create_subnet',
      handler: async (request, reply) => {
        const b = resourceBody(request, 'subnet', CREATE_ATTRS);
        if (typeof b.network_id !== 'string') throw httpBadRequest("Failed to parse request. Required attribute 'network_id' not specified");
        if (typeof b.cidr !== 'string') throw httpBadRequest("Invalid input for operation: A cidr must be specified in the absence of a subnet pool.");
        if (b.ip_version !== undefined && b.ip_version !== 4 && b.ip_version !== 6) {
          throw httpBadRequest(`Invalid input for ip_version. Reason: ${String(b.ip_version)} is not in [4, 6].`);
        }
        const network = await getVisibleNetwork(db, request.ctx, b.network_id);
        requireOwner(request, network.project_id, 'create_subnet');
        const s = await createSubnet(db, {
          networkId: network.id, projectId: optString(b, 'project_id') ?? optString(b, 'tenant_id') ?? request.ctx.projectId ?? '',
          cidr: b.cidr, ipVersion: b.ip_version as number | undefined, name: optString(b, 'name'), description: optString(b, 'description'),
          gatewayIp: b.gateway_ip === undefined ? undefined : b.gateway_ip === null ? null : ipOrThrow(b.gateway_ip, 'gateway_ip'),
          allocationPools: pools(b.allocation_pools), enableDhcp: optBool(b, 'enable_dhcp'), dnsNameservers: nameservers(b.dns_nameservers),
          hostRoutes: routes(b.host_routes), ipv6RaMode: mode(b, 'ipv6_ra_mode'), ipv6AddressMode: mode(b, 'ipv6_address_mode'),
        });
        reply.code(201);
        return { subnet: selectFields(request, subnetView(s)) };
      },
    },
    {
      method: 'PUT', url: '/subnets/:subnetId', policy: 'update_subnet',
      handler: async (request) => {
        const s = await load(request);
        const b = resourceBody(request, 'subnet', UPDATE_ATTRS);
        requireOwner(request, s.project_id, 'update_subnet');
        const patch: Partial<repo.SubnetRow> = { updated_at: new Date().toISOString() };
        const name = optString(b, 'name'); if (name !== undefined) patch.name = name;
        const description = optString(b, 'description'); if (description !== undefined) patch.description = description;
        const dhcp = optBool(b, 'enable_dhcp'); if (dhcp !== undefined) patch.enable_dhcp = dhcp ? 1 : 0;
        const ns = nameservers(b.dns_nameservers); if (ns) patch.dns_nameservers = JSON.stringify(ns);
        const hr = routes(b.host_routes); if (hr) patch.host_routes = JSON.stringify(hr);
        if (b.gateway_ip !== undefined) patch.gateway_ip = b.gateway_ip === null ? null : ipOrThrow(b.gateway_ip, 'gateway_ip');
        await repo.updateSubnet(db, s.id, patch);
        const updated = await repo.findSubnet(db, s.id);
        if (!updated) throw subnetNotFound(s.id);
        return { subnet: selectFields(request, subnetView(updated)) };
      },
    },
    {
      method: 'DELETE', url: '/subnets/:subnetId', policy: 'delete_subnet',
      handler: async (request, reply) => {
        const s = await load(request);
        requireOwner(request, s.project_id, 'delete_subnet');
        await deleteSubnet(rt.store, s.id);
        return reply.code(204).send();
      },
    },
  ];
}
