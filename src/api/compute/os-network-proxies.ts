/**
 * Nova's proxies to Neutron that Nova serves only below microversion 2.36 (MAX_PROXY_API_SUPPORT_VERSION
 * 2.35; from 2.36 they are 404): /os-security-groups (list/show/create/update/delete),
 * /os-security-group-rules (create/delete), /os-floating-ips (list/show/create/delete),
 * /os-floating-ip-pools, /os-networks and /os-tenant-networks (read), after
 * nova/api/openstack/compute/{security_groups,floating_ips,floating_ip_pools,networks,tenant_networks}.py (Zed). Each checks its
 * policy with the caller's own project before anything else, as Nova does.
 */
import type { FastifyRequest } from 'fastify';
import type { Runtime } from '../../runtime.js';
import { route, type RawQuery, type RouteDef } from '../../http/route-table.js';
import { badRequest, notFound } from '../../domain/errors.js';
import {
  createNovaRule,
  createNovaSecurityGroup,
  deleteNovaRule,
  deleteNovaSecurityGroup,
  listNovaSecurityGroups,
  showNovaSecurityGroup,
  updateNovaSecurityGroup,
  type NovaRuleRequest,
} from '../../services/compute/security-group-proxy.js';
import { listNetworksFor, showNetwork, type NetworkRow } from '../../services/network/network-service.js';
import {
  createNovaFloatingIp,
  deleteNovaFloatingIp,
  listNovaFloatingIpPools,
  listNovaFloatingIps,
  showNovaFloatingIp,
} from '../../services/compute/floating-ip-proxy.js';

const MAX_PROXY = '2.35';
const SG = 'os_compute_api:os-security-groups';
const FIP = 'os_compute_api:os-floating-ips';

/** FloatingIPController.create: `pool` when the body has one (null is no pool), else the default pool */
function poolOf(body: unknown): string | undefined {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return undefined;
  const pool = (body as Record<string, unknown>).pool;
  return pool === undefined || pool === null ? undefined : typeof pool === 'string' ? pool : JSON.stringify(pool);
}

/** SecurityGroupControllerBase._from_body */
function fromBody(body: unknown, key: string): Record<string, unknown> {
  if (body === undefined || body === null || (typeof body === 'object' && Object.keys(body).length === 0))
    throw badRequest("The request body can't be empty");
  const v = typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>)[key] : undefined;
  if (v === undefined || v === null) throw badRequest(`Missing parameter ${key}`);
  return typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

/** the last value of a repeated query parameter, checked as a non-negative integer (index_query) */
function nonNegative(q: RawQuery, name: 'limit' | 'offset'): number | undefined {
  const raw = q[name];
  if (raw === undefined) return undefined;
  const s = String(Array.isArray(raw) ? raw[raw.length - 1] : raw);
  if (!/^\s*[+-]?\d+\s*$/.test(s)) throw badRequest(`${name} param must be an integer`);
  const n = Number(s.trim());
  if (n < 0) throw badRequest(`${name} param must be positive`);
  return n;
}

/** networks.py network_dict: only id and label have values since nova-network is gone */
function novaNetwork(isAdmin: boolean, n: NetworkRow): Record<string, unknown> {
  const fields = [
    'id',
    'cidr',
    'netmask',
    'gateway',
    'broadcast',
    'dns1',
    'dns2',
    'cidr_v6',
    'gateway_v6',
    'label',
    'netmask_v6',
  ];
  const admin = [
    'created_at',
    'updated_at',
    'deleted_at',
    'deleted',
    'injected',
    'bridge',
    'vlan',
    'vpn_public_address',
    'vpn_public_port',
    'vpn_private_address',
    'dhcp_start',
    'project_id',
    'host',
    'bridge_interface',
    'multi_host',
    'priority',
    'rxtx_base',
    'mtu',
    'dhcp_server',
    'enable_dhcp',
    'share_address',
  ];
  const out: Record<string, unknown> = {};
  for (const f of isAdmin ? [...fields, ...admin] : fields) out[f] = f === 'id' ? n.id : f === 'label' ? n.name : null;
  return out;
}

/** tenant_networks.py network_dict ("cidr" is the text None, as Nova has always answered with Neutron) */
const tenantNetwork = (n: NetworkRow) => ({ id: n.id, cidr: 'None', label: n.name });

async function networkOr404(rt: Runtime, request: FastifyRequest, id: string): Promise<NetworkRow> {
  try {
    return await showNetwork(rt, request.ctx, id);
  } catch {
    throw notFound('Network not found');
  }
}

/**
 * `/os-security-groups/` (trailing slash, no id) matches no route of Nova's mapper: 404, not the
 * 400 of a malformed id (Tempest's test_delete_security_group_without_passing_id).
 */
function groupIdOf(id: string): string {
  if (id === '') throw notFound('The resource could not be found.');
  return id;
}

export function networkProxyRoutes(rt: Runtime): RouteDef[] {
  const own = () => ({});
  return [
    route({
      method: 'GET',
      url: '/os-security-groups',
      policy: `${SG}:get`,
      maxVersion: MAX_PROXY,
      target: own,
      handler: async (request) => {
        const q = request.query ?? {};
        const max = rt.config.compute.maxListLimit;
        const limit = nonNegative(q, 'limit');
        const offset = nonNegative(q, 'offset') ?? 0;
        const groups = await listNovaSecurityGroups(rt, request.ctx, q.all_tenants !== undefined, {
          offset,
          limit: Math.min(max, limit || max),
        });
        return { security_groups: groups };
      },
    }),
    route({
      method: 'GET',
      url: '/os-security-groups/:groupId',
      policy: `${SG}:show`,
      maxVersion: MAX_PROXY,
      target: own,
      handler: async (request) => ({
        security_group: await showNovaSecurityGroup(rt, request.ctx, groupIdOf(request.params.groupId)),
      }),
    }),
    route({
      method: 'POST',
      url: '/os-security-groups',
      policy: `${SG}:create`,
      maxVersion: MAX_PROXY,
      target: own,
      handler: async (request) => {
        const b = fromBody(request.body, 'security_group');
        return {
          security_group: await createNovaSecurityGroup(rt, request.ctx, { name: b.name, description: b.description }),
        };
      },
    }),
    route({
      method: 'PUT',
      url: '/os-security-groups/:groupId',
      policy: `${SG}:update`,
      maxVersion: MAX_PROXY,
      target: own,
      handler: async (request) => ({
        // the group is looked up before the body is read
        security_group: await updateNovaSecurityGroup(rt, request.ctx, groupIdOf(request.params.groupId), () => {
          const b = fromBody(request.body, 'security_group');
          return { name: b.name, description: b.description };
        }),
      }),
    }),
    route({
      method: 'DELETE',
      url: '/os-security-groups/:groupId',
      policy: `${SG}:delete`,
      maxVersion: MAX_PROXY,
      target: own,
      handler: async (request, reply) => {
        await deleteNovaSecurityGroup(rt, request.ctx, groupIdOf(request.params.groupId));
        return reply.code(202).send();
      },
    }),
    route({
      method: 'POST',
      url: '/os-security-group-rules',
      policy: `${SG}:rule:create`,
      maxVersion: MAX_PROXY,
      target: own,
      handler: async (request) => {
        const b = fromBody(request.body, 'security_group_rule') as NovaRuleRequest;
        return { security_group_rule: await createNovaRule(rt, request.ctx, b) };
      },
    }),
    route({
      method: 'DELETE',
      url: '/os-security-group-rules/:ruleId',
      policy: `${SG}:rule:delete`,
      maxVersion: MAX_PROXY,
      target: own,
      handler: async (request, reply) => {
        await deleteNovaRule(rt, request.ctx, request.params.ruleId);
        return reply.code(202).send();
      },
    }),
    route({
      method: 'GET',
      url: '/os-floating-ips',
      policy: `${FIP}:list`,
      maxVersion: MAX_PROXY,
      target: own,
      handler: async (request) => ({ floating_ips: await listNovaFloatingIps(rt, request.ctx) }),
    }),
    route({
      method: 'GET',
      url: '/os-floating-ips/:floatingIpId',
      policy: `${FIP}:show`,
      maxVersion: MAX_PROXY,
      target: own,
      handler: async (request) => ({
        floating_ip: await showNovaFloatingIp(rt, request.ctx, request.params.floatingIpId),
      }),
    }),
    route({
      method: 'POST',
      url: '/os-floating-ips',
      policy: `${FIP}:create`,
      maxVersion: MAX_PROXY,
      target: own,
      handler: async (request) => ({
        floating_ip: await createNovaFloatingIp(rt, request.ctx, poolOf(request.body)),
      }),
    }),
    route({
      method: 'DELETE',
      url: '/os-floating-ips/:floatingIpId',
      policy: `${FIP}:delete`,
      maxVersion: MAX_PROXY,
      target: own,
      handler: async (request, reply) => {
        await deleteNovaFloatingIp(rt, request.ctx, request.params.floatingIpId);
        return reply.code(202).send();
      },
    }),
    route({
      method: 'GET',
      url: '/os-floating-ip-pools',
      policy: 'os_compute_api:os-floating-ip-pools:list',
      maxVersion: MAX_PROXY,
      target: own,
      handler: async (request) => ({ floating_ip_pools: await listNovaFloatingIpPools(rt, request.ctx) }),
    }),
    route({
      method: 'GET',
      url: '/os-networks',
      policy: 'os_compute_api:os-networks:list',
      maxVersion: MAX_PROXY,
      target: own,
      handler: async (request) => ({
        networks: (await listNetworksFor(rt, request.ctx, {})).map((n) => novaNetwork(request.ctx.isAdmin, n)),
      }),
    }),
    route({
      method: 'GET',
      url: '/os-networks/:networkId',
      policy: 'os_compute_api:os-networks:show',
      maxVersion: MAX_PROXY,
      target: own,
      handler: async (request) => ({
        network: novaNetwork(request.ctx.isAdmin, await networkOr404(rt, request, request.params.networkId)),
      }),
    }),
    route({
      method: 'GET',
      url: '/os-tenant-networks',
      policy: 'os_compute_api:os-tenant-networks:list',
      maxVersion: MAX_PROXY,
      target: own,
      handler: async (request) => ({
        networks: (await listNetworksFor(rt, request.ctx, {})).map(tenantNetwork),
      }),
    }),
    route({
      method: 'GET',
      url: '/os-tenant-networks/:networkId',
      policy: 'os_compute_api:os-tenant-networks:show',
      maxVersion: MAX_PROXY,
      target: own,
      handler: async (request) => ({
        network: tenantNetwork(await networkOr404(rt, request, request.params.networkId)),
      }),
    }),
  ];
}
