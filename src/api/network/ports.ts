/** /v2.0/ports with fixed IPs, binding (binding extension), security groups and port security. */
import { pyStr } from '../../lib/python-repr.js';
import { isUuidLike } from '../../lib/ids.js';
import type { FastifyRequest } from 'fastify';
import type { Runtime } from '../../runtime.js';
import { first } from '../../lib/arrays.js';
import { route, type RouteDef } from '../../http/route-table.js';
import { requireNetworkUsable, showNetwork, type NetworkRow } from '../../services/network/network-service.js';
import {
  createPortsFor,
  deletePortFor,
  listPortsFor,
  showPort,
  updatePortFor,
  type AddressPair,
  type FixedIpRequest,
  type Port,
  type PortOnNetwork,
} from '../../services/network/port-service.js';
import {
  allowedAddressPairExhausted,
  allowedAddressPairsMissingIp,
  duplicateAddressPairInRequest,
  invalidAttribute,
  plainBadRequest,
  portNotFound,
  requiredAttributeMissing,
} from '../../domain/ports/network-errors.js';
import { canonicalIp, parseCidr } from '../../domain/ports/ipam.js';
import {
  neutronAuthorize,
  visibleAttributes,
  type NeutronRouteTarget,
  type NeutronTarget,
} from '../../policy/network-rules.js';
import { perRequest } from '../../http/request-memo.js';
import {
  ifMatchRevision,
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
  type HasQuery,
} from './request.js';
import { portView } from './views/ports.js';
import { parseDhcpOptions } from '../../domain/ports/dhcp-options.js';
import { parseDnsName } from '../../domain/ports/dns.js';
import { listBody } from './paging.js';
import { taggedList, withTagsOne } from './tags.js';
import { tagListProblem } from '../../domain/ports/tags.js';
import { networkRoot } from './extensions.js';

const UPDATE_ATTRS = [
  'name',
  'description',
  'admin_state_up',
  'fixed_ips',
  'device_id',
  'device_owner',
  'binding:host_id',
  'binding:vnic_type',
  'binding:profile',
  'security_groups',
  'port_security_enabled',
  'mac_address',
  'allowed_address_pairs',
  'extra_dhcp_opts',
  'dns_name',
] as const;
// `tags`: Zed's port attribute map allows it on create (for the tag_ports_during_bulk_creation
// driver, which Zed's default ML2 does not load): validated, then not stored
const CREATE_ATTRS = [...UPDATE_ATTRS, 'network_id', 'tenant_id', 'project_id', 'tags'] as const;
/** what Neutron's port attribute map (with its extensions) shows but no PUT may change */
const READ_ONLY = [
  ...STANDARD_READ_ONLY,
  'network_id',
  'status',
  'binding:vif_type',
  'binding:vif_details',
  'dns_assignment',
  'tags',
];
const VNIC_TYPES = [
  'normal',
  'direct',
  'macvtap',
  'baremetal',
  'direct-physical',
  'virtio-forwarder',
  'smart-nic',
  'remote-managed',
];
const MAC = /^([0-9a-f]{2}:){5}[0-9a-f]{2}$/i;

function fixedIps(v: unknown): FixedIpRequest[] | undefined {
  if (v === undefined) return undefined;
  if (!Array.isArray(v))
    throw invalidAttribute('fixed_ips', `Invalid data format for fixed IP: '${JSON.stringify(v)}'`);
  const bad = (f: unknown) => invalidAttribute('fixed_ips', `Invalid data format for fixed IP: '${JSON.stringify(f)}'`);
  return v.map((f: unknown) => {
    if (!isRecord(f)) throw bad(f);
    const keys = Object.keys(f);
    if (keys.length === 0 || keys.some((k) => k !== 'subnet_id' && k !== 'ip_address')) throw bad(f);
    const { subnet_id: subnetId, ip_address: ipAddress } = f;
    if (!isOptionalString(subnetId) || !isOptionalString(ipAddress)) throw bad(f);
    return { subnetId, ipAddress };
  });
}

const isOptionalString = (v: unknown): v is string | undefined => v === undefined || typeof v === 'string';
const isStringList = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

function stringList(v: unknown, key: string): string[] | undefined {
  if (v === undefined) return undefined;
  // security_groups: neutron_lib's convert_none_to_empty_list
  if (v === null && key === 'security_groups') return [];
  if (!isStringList(v)) throw invalidAttribute(key, `'${JSON.stringify(v)}' is not a list`);
  return v;
}

function vnic(b: Record<string, unknown>): string | undefined {
  const v = b['binding:vnic_type'];
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || !VNIC_TYPES.includes(v)) {
    throw invalidAttribute('binding:vnic_type', `${pyStr(v)} is not in valid_values`);
  }
  return v;
}

function profile(b: Record<string, unknown>): Record<string, unknown> | undefined {
  const v = b['binding:profile'];
  if (v === undefined || v === null) return v === null ? {} : undefined;
  if (!isRecord(v)) throw invalidAttribute('binding:profile', `'${JSON.stringify(v)}' is not a dictionary`);
  return v;
}

/** Neutron's max_allowed_address_pair default */
const MAX_ADDRESS_PAIRS = 10;

/**
 * neutron_lib's _validate_allowed_address_pairs (null: none, convert_none_to_empty_list); the IP
 * is kept as given, an address or a CIDR.
 */
function addressPairs(v: unknown): AddressPair[] | undefined {
  if (v === undefined) return undefined;
  if (v === null) return [];
  if (!Array.isArray(v)) throw plainBadRequest('Allowed address pairs must be a list.');
  if (v.length > MAX_ADDRESS_PAIRS) throw allowedAddressPairExhausted(MAX_ADDRESS_PAIRS);
  const seen = new Set<string>();
  return v.map((pair: unknown) => {
    if (!isRecord(pair))
      throw invalidAttribute('allowed_address_pairs', `'${JSON.stringify(pair)}' is not a dictionary`);
    const mac = pair.mac_address;
    if (mac !== undefined && (typeof mac !== 'string' || !MAC.test(mac)))
      throw plainBadRequest(`'${pyStr(mac)}' is not a valid MAC address`);
    const ip = pair.ip_address;
    if (ip === undefined) throw allowedAddressPairsMissingIp();
    const key = `${pyStr(mac ?? null)} ${pyStr(ip)}`;
    if (seen.has(key)) throw duplicateAddressPairInRequest(pyStr(mac ?? null), pyStr(ip));
    seen.add(key);
    const extra = Object.keys(pair).filter((k) => k !== 'mac_address' && k !== 'ip_address');
    if (extra.length > 0) throw plainBadRequest(`Unrecognized attribute(s) '${extra.join(', ')}'`);
    const text = typeof ip === 'string' ? ip : '';
    const valid = text.includes('/') ? parseCidr(text) !== null : canonicalIp(text) !== null;
    // neutron_lib's validator raises webob's HTTPBadRequest itself: the text is not wrapped
    if (!valid)
      throw plainBadRequest(
        text.includes('/') ? `'${text}' is not a valid IP subnet` : `'${pyStr(ip)}' is not a valid IP address`,
      );
    return mac === undefined ? { ip_address: text } : { ip_address: text, mac_address: mac.toLowerCase() };
  });
}

/** fixed_ips=ip_address=X, fixed_ips=ip_address_substr=S and fixed_ips=subnet_id=Y filters (Neutron's port list). */
function fixedIpFilters(request: HasQuery): { ipAddresses?: string[]; ipSubstrings?: string[]; subnetIds?: string[] } {
  const raw = queryValues(request, 'fixed_ips');
  if (!raw) return {};
  const ips: string[] = [];
  const parts: string[] = [];
  const subnets: string[] = [];
  for (const r of raw) {
    const [k, ...rest] = r.split('=');
    const v = rest.join('=');
    if (k === 'ip_address') ips.push(v);
    else if (k === 'subnet_id') subnets.push(v);
    else if (k === 'ip_address_substr') parts.push(v);
    else throw invalidAttribute('fixed_ips', `'${r}' is not a valid fixed_ips filter`);
  }
  return {
    ipAddresses: ips.length ? ips : undefined,
    ipSubstrings: parts.length ? parts : undefined,
    subnetIds: subnets.length ? subnets : undefined,
  };
}

/** A port's policy target: its owner and device owner, its network's owner and flags. */
function portTarget(port: Pick<Port, 'project_id' | 'device_owner'>, network: NetworkRow | undefined): NeutronTarget {
  return {
    project_id: port.project_id,
    device_owner: port.device_owner,
    network_project_id: network?.project_id,
    shared: network?.shared === 1,
    external: network?.router_external === 1,
  };
}

/** Neutron's create defaults: an attribute set to its default is not policy-checked (neutron/policy.py). */
const CREATE_DEFAULTS: Record<string, unknown> = { device_owner: '', 'binding:vnic_type': 'normal' };

export function portRoutes(rt: Runtime): Array<RouteDef<NeutronRouteTarget>> {
  const render = (request: FastifyRequest, p: Port, network: NetworkRow | undefined) =>
    visibleAttributes(request.ctx, 'port', portTarget(p, network), portView(p));
  // loaded once per request: by the route's policy target, then by its handler
  const load = perRequest((request: FastifyRequest & { params: { portId: string } }): Promise<PortOnNetwork> =>
    showPort(rt, request.ctx, request.params.portId),
  );
  // create: the body's network (404 before the policy's 403) and the port's owner
  // a create body's items (one, or a bulk {"ports": [...]} list), each with its network
  const creation = perRequest(async (request: FastifyRequest) => {
    const out = [];
    for (const b of resourceBodies(request.body, 'port', 'ports', CREATE_ATTRS).items) {
      const tagProblem = b.tags === undefined ? undefined : tagListProblem(b.tags);
      if (tagProblem) throw invalidAttribute('tags', tagProblem);
      if (typeof b.network_id !== 'string') throw requiredAttributeMissing('network_id');
      // the attribute's type:uuid validator runs before the network is looked up
      if (!isUuidLike(b.network_id)) throw invalidAttribute('network_id', `'${b.network_id}' is not a valid UUID`);
      const network = await showNetwork(rt, request.ctx, b.network_id);
      const deviceOwner = optString(b, 'device_owner');
      const projectId = requireOwnProject(request, b);
      out.push({ b, network, deviceOwner, projectId });
    }
    return out;
  });
  return [
    route({
      method: 'GET',
      url: '/ports',
      policy: 'get_port',
      handler: async (request) => {
        const ports = await listPortsFor(rt, request.ctx, {
          ids: queryValues(request, 'id'),
          names: queryValues(request, 'name'),
          networkIds: queryValues(request, 'network_id'),
          deviceIds: queryValues(request, 'device_id'),
          deviceOwners: queryValues(request, 'device_owner'),
          macAddresses: queryValues(request, 'mac_address')?.map((m) => m.toLowerCase()),
          statuses: queryValues(request, 'status'),
          bindingHostIds: queryValues(request, 'binding:host_id'),
          securityGroupIds: queryValues(request, 'security_groups'),
          projectIds: projectFilter(request),
          ...fixedIpFilters(request),
        });
        // the get_port attribute rules look at the caller only, not at the port's network
        const views = ports.map((p) => render(request, p, undefined));
        const tagged = await taggedList(rt, request, 'ports', views);
        return listBody(request, 'ports', `${networkRoot(rt, request)}/v2.0/ports`, tagged, portNotFound);
      },
    }),
    route({
      method: 'GET',
      url: '/ports/:portId',
      policy: 'get_port',
      handler: async (request) => {
        const { port, network } = await load(request);
        return { port: selectFields(request, await withTagsOne(rt, 'ports', render(request, port, network))) };
      },
    }),
    route({
      method: 'POST',
      url: '/ports',
      policy: 'create_port',
      // bulk: every item is checked, the first by the route, the others here
      target: async (request) => {
        const checks = (await creation(request)).map(({ b, network, deviceOwner, projectId }) => ({
          target: portTarget({ project_id: projectId, device_owner: deviceOwner ?? '' }, network),
          attributes: setAttributes(b, CREATE_ATTRS, CREATE_DEFAULTS),
        }));
        for (const other of checks.slice(1)) neutronAuthorize(request.ctx, 'create_port', other);
        return first(checks, 'item');
      },
      handler: async (request, reply) => {
        const items = await creation(request);
        const { bulk } = resourceBodies(request.body, 'port', 'ports', CREATE_ATTRS);
        const specs = items.map(({ b, network, deviceOwner, projectId }) => {
          requireNetworkUsable(request.ctx, network, 'port');
          const mac = optString(b, 'mac_address');
          // validated, not assigned: the deployment's dns_domain is Neutron's default (domain/ports/dns.ts)
          parseDnsName(b.dns_name);
          if (mac !== undefined && !MAC.test(mac))
            throw invalidAttribute('mac_address', `'${mac}' is not a valid MAC address`);
          return {
            networkId: network.id,
            projectId,
            name: optString(b, 'name'),
            description: optString(b, 'description'),
            macAddress: mac,
            fixedIps: fixedIps(b.fixed_ips),
            deviceId: optString(b, 'device_id'),
            deviceOwner,
            bindingHostId: optString(b, 'binding:host_id'),
            bindingVnicType: vnic(b),
            bindingProfile: profile(b),
            securityGroups: stringList(b.security_groups, 'security_groups'),
            portSecurityEnabled: optBool(b, 'port_security_enabled'),
            adminStateUp: optBool(b, 'admin_state_up'),
            allowedAddressPairs: addressPairs(b.allowed_address_pairs),
            extraDhcpOpts: parseDhcpOptions(b.extra_dhcp_opts),
          };
        });
        const created = await createPortsFor(rt, specs);
        reply.code(201);
        const views = created.map((port, i) => selectFields(request, render(request, port, items[i]!.network)));
        return bulk ? { ports: views } : { port: views[0] };
      },
    }),
    route({
      method: 'PUT',
      url: '/ports/:portId',
      policy: 'update_port',
      target: async (request) => {
        const { port, network } = await load(request);
        const b = updateBody(request.body, 'port', UPDATE_ATTRS, READ_ONLY);
        // the device owner a port gets is what update_port:device_owner looks at
        const deviceOwner = optString(b, 'device_owner') ?? port.device_owner;
        return {
          target: portTarget({ project_id: port.project_id, device_owner: deviceOwner }, network),
          attributes: setAttributes(b, UPDATE_ATTRS),
        };
      },
      handler: async (request) => {
        const { port, network } = await load(request);
        const b = updateBody(request.body, 'port', UPDATE_ATTRS, READ_ONLY);
        const deviceOwner = optString(b, 'device_owner');
        const mac = optString(b, 'mac_address');
        // validated, not assigned: the deployment's dns_domain is Neutron's default (domain/ports/dns.ts)
        parseDnsName(b.dns_name);
        if (mac !== undefined && !MAC.test(mac))
          throw invalidAttribute('mac_address', `'${mac}' is not a valid MAC address`);
        const updated = await updatePortFor(
          rt,
          port,
          {
            name: optString(b, 'name'),
            description: optString(b, 'description'),
            deviceId: optString(b, 'device_id'),
            deviceOwner,
            adminStateUp: optBool(b, 'admin_state_up'),
            bindingHostId: optString(b, 'binding:host_id'),
            bindingVnicType: vnic(b),
            bindingProfile: profile(b),
            securityGroups: stringList(b.security_groups, 'security_groups'),
            portSecurityEnabled: optBool(b, 'port_security_enabled'),
            macAddress: mac,
            fixedIps: fixedIps(b.fixed_ips),
            allowedAddressPairs: addressPairs(b.allowed_address_pairs),
            extraDhcpOpts: parseDhcpOptions(b.extra_dhcp_opts),
          },
          ifMatchRevision(request),
        );
        return { port: selectFields(request, await withTagsOne(rt, 'ports', render(request, updated, network))) };
      },
    }),
    route({
      method: 'DELETE',
      url: '/ports/:portId',
      policy: 'delete_port',
      target: async (request) => {
        const { port, network } = await load(request);
        return { target: portTarget(port, network) };
      },
      handler: async (request, reply) => {
        const { port } = await load(request);
        await deletePortFor(rt, port);
        return reply.code(204).send();
      },
    }),
  ];
}
