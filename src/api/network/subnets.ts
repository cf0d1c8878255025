/** /v2.0/subnets: IPv4 and IPv6 subnets with Neutron's default gateway and allocation pools. */
import { pyStr } from '../../lib/python-repr.js';
import type { FastifyRequest } from 'fastify';
import type { Runtime } from '../../runtime.js';
import { first } from '../../lib/arrays.js';
import { route, type RouteDef } from '../../http/route-table.js';
import {
  createSubnetsFor,
  deleteSubnetFor,
  listSubnetsFor,
  showNetwork,
  showSubnet,
  updateSubnetFor,
  type SubnetOnNetwork,
} from '../../services/network/network-service.js';
import { poolForSubnet } from '../../services/network/subnet-pool-service.js';
import { isUuidLike } from '../../lib/ids.js';
import {
  cidrRequired,
  invalidAttribute,
  invalidInput,
  requiredAttributeMissing,
  subnetNotFound,
} from '../../domain/ports/network-errors.js';
import type { AllocationPool } from '../../domain/ports/ipam.js';
import {
  neutronAuthorize,
  visibleAttributes,
  type NeutronRouteTarget,
  type NeutronTarget,
} from '../../policy/network-rules.js';
import { perRequest } from '../../http/request-memo.js';
import {
  ifMatchRevision,
  ipOrThrow,
  isRecord,
  optBool,
  optString,
  projectFilter,
  queryValues,
  requireOwnProject,
  resourceBodies,
  STANDARD_READ_ONLY,
  updateBody,
  selectFields,
  setAttributes,
} from './request.js';
import { subnetView } from './views/subnets.js';
import { listBody } from './paging.js';
import { taggedList, withTagsOne } from './tags.js';
import { networkRoot } from './extensions.js';

const CREATE_ATTRS = [
  'network_id',
  'cidr',
  'ip_version',
  'name',
  'description',
  'gateway_ip',
  'allocation_pools',
  'enable_dhcp',
  'dns_nameservers',
  'host_routes',
  'ipv6_ra_mode',
  'ipv6_address_mode',
  'subnetpool_id',
  'prefixlen',
  'use_default_subnetpool',
  'segment_id',
  'tenant_id',
  'project_id',
] as const;
const UPDATE_ATTRS = [
  'name',
  'description',
  'gateway_ip',
  'enable_dhcp',
  'dns_nameservers',
  'host_routes',
  'segment_id',
] as const;
/** segment_id's default (None) is not policy-checked (neutron/policy.py) */
const CREATE_DEFAULTS: Record<string, unknown> = { segment_id: null };

/** segment_id (type:uuid_or_none); undefined: not given */
function segmentIdOf(b: Record<string, unknown>): string | null | undefined {
  const v = b.segment_id;
  if (v === undefined || v === null) return v;
  if (typeof v !== 'string' || !isUuidLike(v))
    throw invalidAttribute('segment_id', `'${typeof v === 'string' ? v : JSON.stringify(v)}' is not a valid UUID`);
  return v;
}

/** what Neutron's subnet attribute map shows but no PUT may change */
const READ_ONLY = [
  ...STANDARD_READ_ONLY,
  'ip_version',
  'network_id',
  'subnetpool_id',
  'prefixlen',
  'cidr',
  'ipv6_ra_mode',
  'ipv6_address_mode',
  'use_default_subnetpool',
  'tags',
];
const IPV6_MODES = ['slaac', 'dhcpv6-stateful', 'dhcpv6-stateless'];

function pools(v: unknown): AllocationPool[] | undefined {
  if (v === undefined) return undefined;
  if (!Array.isArray(v))
    throw invalidAttribute('allocation_pools', `Invalid data format for IP pool: '${JSON.stringify(v)}'`);
  return v.map((p: unknown) => {
    // an array passes Neutron's dictionary check too, and then lacks start and end
    if (
      p === null ||
      typeof p !== 'object' ||
      !('start' in p) ||
      !('end' in p) ||
      p.start === undefined ||
      p.end === undefined
    ) {
      throw invalidAttribute('allocation_pools', `Invalid data format for IP pool: '${JSON.stringify(p)}'`);
    }
    return { start: ipOrThrow(p.start, 'allocation_pools'), end: ipOrThrow(p.end, 'allocation_pools') };
  });
}

function nameservers(v: unknown): string[] | undefined {
  if (v === undefined) return undefined;
  if (!Array.isArray(v)) throw invalidAttribute('dns_nameservers', `'${JSON.stringify(v)}' is not a list`);
  return v.map((x) => ipOrThrow(x, 'dns_nameservers'));
}

function routes(v: unknown): Array<{ destination: string; nexthop: string }> | undefined {
  if (v === undefined) return undefined;
  if (!Array.isArray(v)) throw invalidAttribute('host_routes', `'${JSON.stringify(v)}' is not a list`);
  return v.map((r: unknown) => {
    if (!isRecord(r) || typeof r.destination !== 'string' || r.nexthop === undefined) {
      throw invalidAttribute('host_routes', `Invalid data format for hostroute: '${JSON.stringify(r)}'`);
    }
    return { destination: r.destination, nexthop: ipOrThrow(r.nexthop, 'host_routes') };
  });
}

function mode(b: Record<string, unknown>, key: string): string | null | undefined {
  const v = b[key];
  if (v === undefined) return undefined;
  if (v === null) return null;
  if (typeof v !== 'string' || !IPV6_MODES.includes(v)) {
    throw invalidAttribute(key, `${pyStr(v)} is not in valid_values`);
  }
  return v;
}

/** neutron_lib's convert_to_int: an integer, or a string of one */
function toInt(v: unknown): number {
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (typeof v === 'string' && /^\s*[-+]?\d+\s*$/.test(v)) return Number(v);
  throw invalidInput(`'${typeof v === 'string' ? v : JSON.stringify(v)}' is not an integer`);
}

/** subnetpool_id / use_default_subnetpool / prefixlen: the pool a subnet's CIDR comes from, if any. */
function poolRequest(b: Record<string, unknown>): { subnetpoolId?: string; prefixlen?: number } | undefined {
  const id = b.subnetpool_id;
  if (id !== undefined && id !== null && (typeof id !== 'string' || !isUuidLike(id)))
    throw invalidAttribute(
      'subnetpool_id',
      `'${typeof id === 'string' ? id : JSON.stringify(id)}' is not a valid UUID`,
    );
  const useDefault = optBool(b, 'use_default_subnetpool');
  const prefixlen = b.prefixlen === undefined ? undefined : toInt(b.prefixlen);
  if (typeof id === 'string') return { subnetpoolId: id, prefixlen };
  return useDefault ? { prefixlen } : undefined;
}

/** A subnet's policy target: its owner, and its network's owner and flags. */
const subnetTarget = ({ subnet, network }: SubnetOnNetwork): NeutronTarget => ({
  project_id: subnet.project_id,
  network_project_id: network.project_id,
  shared: network.shared === 1,
  external: network.router_external === 1,
});

export function subnetRoutes(rt: Runtime): Array<RouteDef<NeutronRouteTarget>> {
  const render = (request: FastifyRequest, s: SubnetOnNetwork) =>
    visibleAttributes(request.ctx, 'subnet', subnetTarget(s), subnetView(s.subnet));
  // loaded once per request: by the route's policy target, then by its handler
  const load = perRequest((request: FastifyRequest & { params: { subnetId: string } }) =>
    showSubnet(rt, request.ctx, request.params.subnetId),
  );
  // create: the body's checks (400s), its network (404), then the policy (403); a bulk body
  // ({"subnets": [...]}) item by item
  const creation = perRequest(async (request: FastifyRequest) => {
    const out = [];
    for (const b of resourceBodies(request.body, 'subnet', 'subnets', CREATE_ATTRS).items) {
      if (typeof b.network_id !== 'string') throw requiredAttributeMissing('network_id');
      const ipVersion = b.ip_version;
      if (ipVersion !== undefined && ipVersion !== 4 && ipVersion !== 6) {
        throw invalidAttribute('ip_version', `${pyStr(ipVersion)} is not in valid_values`);
      }
      const pool = poolRequest(b);
      segmentIdOf(b);
      if (!pool && typeof b.cidr !== 'string') throw cidrRequired();
      if (pool && ipVersion === undefined) throw requiredAttributeMissing('ip_version');
      const network = await showNetwork(rt, request.ctx, b.network_id);
      const projectId = requireOwnProject(request, b);
      out.push({ b, cidr: typeof b.cidr === 'string' ? b.cidr : '', ipVersion, network, projectId, pool });
    }
    return out;
  });
  return [
    route({
      method: 'GET',
      url: '/subnets',
      policy: 'get_subnet',
      handler: async (request) => {
        const ipv = queryValues(request, 'ip_version');
        const dhcp = queryValues(request, 'enable_dhcp');
        const rows = await listSubnetsFor(rt, request.ctx, {
          ids: queryValues(request, 'id'),
          names: queryValues(request, 'name'),
          networkIds: queryValues(request, 'network_id'),
          cidrs: queryValues(request, 'cidr'),
          projectIds: projectFilter(request),
          ipVersion: ipv?.length ? Number(ipv.at(-1)) : undefined,
          enableDhcp: dhcp?.at(-1)?.toLowerCase(),
          gatewayIps: queryValues(request, 'gateway_ip'),
          segmentIds: queryValues(request, 'segment_id'),
        });
        return listBody(
          request,
          'subnets',
          `${networkRoot(rt, request)}/v2.0/subnets`,
          await taggedList(
            rt,
            request,
            'subnets',
            rows.map((s) => render(request, s)),
          ),
          subnetNotFound,
        );
      },
    }),
    route({
      method: 'GET',
      url: '/subnets/:subnetId',
      policy: 'get_subnet',
      handler: async (request) => ({
        subnet: selectFields(request, await withTagsOne(rt, 'subnets', render(request, await load(request)))),
      }),
    }),
    route({
      method: 'POST',
      url: '/subnets',
      policy: 'create_subnet',
      // bulk: every item is checked, the first by the route, the others here
      target: async (request) => {
        const checks = (await creation(request)).map(({ b, network, projectId }) => ({
          target: {
            project_id: projectId,
            network_project_id: network.project_id,
            shared: network.shared === 1,
            external: network.router_external === 1,
          },
          attributes: setAttributes(b, CREATE_ATTRS, CREATE_DEFAULTS),
        }));
        for (const other of checks.slice(1)) neutronAuthorize(request.ctx, 'create_subnet', other);
        return first(checks, 'item');
      },
      handler: async (request, reply) => {
        const items = await creation(request);
        const { bulk } = resourceBodies(request.body, 'subnet', 'subnets', CREATE_ATTRS);
        const specs = [];
        for (const { b, cidr, ipVersion, network, projectId, pool } of items) {
          const poolRow = pool && (await poolForSubnet(rt, request.ctx, { ...pool, ipVersion }));
          specs.push({
            pool: poolRow ? { row: poolRow, prefixlen: pool?.prefixlen } : undefined,
            networkId: network.id,
            projectId,
            cidr,
            ipVersion,
            name: optString(b, 'name'),
            description: optString(b, 'description'),
            gatewayIp:
              b.gateway_ip === undefined
                ? undefined
                : b.gateway_ip === null
                  ? null
                  : ipOrThrow(b.gateway_ip, 'gateway_ip'),
            allocationPools: pools(b.allocation_pools),
            enableDhcp: optBool(b, 'enable_dhcp'),
            dnsNameservers: nameservers(b.dns_nameservers),
            hostRoutes: routes(b.host_routes),
            ipv6RaMode: mode(b, 'ipv6_ra_mode'),
            ipv6AddressMode: mode(b, 'ipv6_address_mode'),
            segmentId: segmentIdOf(b),
          });
        }
        const created = await createSubnetsFor(rt, specs);
        reply.code(201);
        const views = created.map((s, i) =>
          selectFields(request, render(request, { subnet: s, network: items[i]!.network })),
        );
        return bulk ? { subnets: views } : { subnet: views[0] };
      },
    }),
    route({
      method: 'PUT',
      url: '/subnets/:subnetId',
      policy: 'update_subnet',
      target: async (request) => ({
        target: subnetTarget(await load(request)),
        attributes: setAttributes(updateBody(request.body, 'subnet', UPDATE_ATTRS, READ_ONLY), UPDATE_ATTRS),
      }),
      handler: async (request) => {
        const s = await load(request);
        const b = updateBody(request.body, 'subnet', UPDATE_ATTRS, READ_ONLY);
        const updated = await updateSubnetFor(
          rt,
          s.subnet.id,
          {
            name: optString(b, 'name'),
            description: optString(b, 'description'),
            enableDhcp: optBool(b, 'enable_dhcp'),
            dnsNameservers: nameservers(b.dns_nameservers),
            hostRoutes: routes(b.host_routes),
            gatewayIp:
              b.gateway_ip === undefined
                ? undefined
                : b.gateway_ip === null
                  ? null
                  : ipOrThrow(b.gateway_ip, 'gateway_ip'),
            segmentId: segmentIdOf(b),
          },
          ifMatchRevision(request),
        );
        const view = render(request, { subnet: updated, network: s.network });
        return { subnet: selectFields(request, await withTagsOne(rt, 'subnets', view)) };
      },
    }),
    route({
      method: 'DELETE',
      url: '/subnets/:subnetId',
      policy: 'delete_subnet',
      target: async (request) => ({ target: subnetTarget(await load(request)) }),
      handler: async (request, reply) => {
        const s = await load(request);
        await deleteSubnetFor(rt, s.subnet.id);
        return reply.code(204).send();
      },
    }),
  ];
}
