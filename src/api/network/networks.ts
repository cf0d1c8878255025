/** /v2.0/networks (neutron/api/v2 networks resource, with external-net, net-mtu, port-security). */
import { pyStr } from '../../lib/python-repr.js';
import type { FastifyRequest } from 'fastify';
import type { Runtime } from '../../runtime.js';
import { first } from '../../lib/arrays.js';
import { route, type RouteDef } from '../../http/route-table.js';
import {
  createNetworksFor,
  deleteNetworkFor,
  listNetworksFor,
  showNetwork,
  updateNetworkFor,
  type NetworkWithSubnets,
} from '../../services/network/network-service.js';
import { invalidAttribute, invalidInput, networkNotFound, plainBadRequest } from '../../domain/ports/network-errors.js';
import type { ProviderRequest } from '../../domain/ports/provider.js';
import { parseDnsDomain } from '../../domain/ports/dns.js';
import {
  neutronAuthorize,
  visibleAttributes,
  type NeutronRouteTarget,
  type NeutronTarget,
} from '../../policy/network-rules.js';
import { perRequest } from '../../http/request-memo.js';
import {
  azHints,
  boolFilter,
  ifMatchRevision,
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
import { networkView } from './views/networks.js';
import { listBody } from './paging.js';
import { taggedList, withTagsOne } from './tags.js';
import { networkRoot } from './extensions.js';

const PROVIDER_ATTRS = ['provider:network_type', 'provider:physical_network', 'provider:segmentation_id'] as const;
const CREATE_ATTRS = [
  'name',
  'description',
  'admin_state_up',
  'shared',
  'router:external',
  'mtu',
  'tenant_id',
  'project_id',
  'port_security_enabled',
  'availability_zone_hints',
  ...PROVIDER_ATTRS,
  'segments',
  'dns_domain',
] as const;
const UPDATE_ATTRS = [
  'name',
  'description',
  'admin_state_up',
  'shared',
  'router:external',
  'mtu',
  'port_security_enabled',
  ...PROVIDER_ATTRS,
  // accepted (admin) and left as it is, as ML2 does: a network's segments change through /segments
  'segments',
  'dns_domain',
] as const;

/** what Neutron's network attribute map (with its extensions) shows but no PUT may change */
const READ_ONLY = [
  ...STANDARD_READ_ONLY,
  'subnets',
  'status',
  'availability_zones',
  'availability_zone_hints',
  'l2_adjacency',
  'tags',
];

function mtuOf(body: Record<string, unknown>): number | undefined {
  const v = body.mtu;
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 68 || v > 9000) {
    throw invalidAttribute('mtu', `'${pyStr(v)}' is not in range 68 through 9000`);
  }
  return v;
}

/** provider:* as given (null: not set); segmentation_id through neutron_lib's convert_to_int */
function providerOf(b: Record<string, unknown>): ProviderRequest | undefined {
  const str = (k: string): string | undefined => {
    const v = b[k];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string') throw invalidAttribute(k, `'${pyStr(v)}' is not a valid string`);
    return v;
  };
  const type = str('provider:network_type');
  const physnet = str('provider:physical_network');
  const raw = b['provider:segmentation_id'];
  let segId: number | undefined;
  if (raw !== undefined && raw !== null) {
    const n =
      typeof raw === 'number'
        ? Math.trunc(raw)
        : typeof raw === 'string' && /^\s*[+-]?\d+\s*$/.test(raw)
          ? Number(raw)
          : NaN;
    if (!Number.isFinite(n)) throw invalidInput(`'${pyStr(raw)}' is not an integer`);
    segId = n;
  }
  if (type === undefined && physnet === undefined && segId === undefined) return undefined;
  return { networkType: type, physicalNetwork: physnet, segmentationId: segId };
}

/**
 * multi-provider `segments` (neutron_lib convert_and_validate_segments): a list of provider:*
 * objects; undefined when not given.
 */
function segmentsOf(b: Record<string, unknown>): ProviderRequest[] | undefined {
  const v = b.segments;
  if (v === undefined) return undefined;
  if (!Array.isArray(v)) throw invalidAttribute('segments', `'${pyStr(v)}' is not a list`);
  return v.map((item: unknown) => {
    if (item === null || typeof item !== 'object' || Array.isArray(item))
      throw invalidAttribute('segments', `'${pyStr(item)}' is not a dictionary`);
    const extra = Object.keys(item).filter((k) => !(PROVIDER_ATTRS as readonly string[]).includes(k));
    if (extra.length > 0) throw plainBadRequest(`Unrecognized attribute(s) '${extra.join(', ')}'`);
    return providerOf(item as Record<string, unknown>) ?? {};
  });
}

/**
 * The attributes a create or update sets, for the policy: each `segments` item carries all three
 * provider keys once the validator has filled them (its own keys first), each one a sub-rule.
 */
function policyAttributes(b: Record<string, unknown>, attrs: readonly string[], defaults?: Record<string, unknown>) {
  // the list's own 400s come before the policy, as the validator runs first
  segmentsOf(b);
  const segs = b.segments;
  if (!Array.isArray(segs)) return setAttributes(b, attrs, defaults);
  const filled = segs.map((item: unknown) => {
    const keys = item !== null && typeof item === 'object' ? Object.keys(item) : [];
    const all = [...keys, ...PROVIDER_ATTRS.filter((k) => !keys.includes(k))];
    return Object.fromEntries(all.map((k) => [k, null]));
  });
  return setAttributes({ ...b, segments: filled }, attrs, defaults);
}

/** A network is its own policy target: owner, shared and external flags. */
export const networkTarget = (
  n: NetworkWithSubnets | { project_id: string; shared: number; router_external: number },
): NeutronTarget => ({
  project_id: n.project_id,
  network_project_id: n.project_id,
  shared: n.shared === 1,
  external: n.router_external === 1,
});

/** Neutron's create defaults: an attribute set to its default is not policy-checked (neutron/policy.py). */
const CREATE_DEFAULTS: Record<string, unknown> = {
  shared: false,
  'router:external': false,
  port_security_enabled: true,
};

export function networkRoutes(rt: Runtime): Array<RouteDef<NeutronRouteTarget>> {
  const render = (request: FastifyRequest, n: NetworkWithSubnets) =>
    visibleAttributes(request.ctx, 'network', networkTarget(n), networkView(n, n.subnetIds));
  // loaded once per request: by the route's policy target, then by its handler
  const network = perRequest((request: FastifyRequest & { params: { networkId: string } }) =>
    showNetwork(rt, request.ctx, request.params.networkId),
  );
  // a create body's items (one, or a bulk list), each with the project it is created in
  const creation = (request: FastifyRequest) =>
    resourceBodies(request.body, 'network', 'networks', CREATE_ATTRS).items.map((b) => ({
      b,
      projectId: requireOwnProject(request, b),
    }));
  return [
    route({
      method: 'GET',
      url: '/networks',
      policy: 'get_network',
      handler: async (request) => {
        const rows = await listNetworksFor(rt, request.ctx, {
          ids: queryValues(request, 'id'),
          names: queryValues(request, 'name'),
          projectIds: projectFilter(request),
          shared: boolFilter(request, 'shared'),
          routerExternal: boolFilter(request, 'router:external'),
          statuses: queryValues(request, 'status'),
          adminStateUp: boolFilter(request, 'admin_state_up'),
        });
        return listBody(
          request,
          'networks',
          `${networkRoot(rt, request)}/v2.0/networks`,
          await taggedList(
            rt,
            request,
            'networks',
            rows.map((n) => render(request, n)),
          ),
          networkNotFound,
        );
      },
    }),
    route({
      method: 'GET',
      url: '/networks/:networkId',
      policy: 'get_network',
      handler: async (request) => ({
        network: selectFields(
          request,
          await withTagsOne(
            rt,
            'networks',
            render(request, await showNetwork(rt, request.ctx, request.params.networkId)),
          ),
        ),
      }),
    }),
    route({
      method: 'POST',
      url: '/networks',
      policy: 'create_network',
      // bulk ({"networks": [...]}): every item is checked, the first by the route, the others here
      target: async (request) => {
        const checks = creation(request).map(({ b, projectId }) => ({
          target: { project_id: projectId, network_project_id: projectId },
          attributes: policyAttributes(b, CREATE_ATTRS, CREATE_DEFAULTS),
        }));
        for (const other of checks.slice(1)) neutronAuthorize(request.ctx, 'create_network', other);
        return first(checks, 'item');
      },
      handler: async (request, reply) => {
        const { bulk } = resourceBodies(request.body, 'network', 'networks', CREATE_ATTRS);
        const created = await createNetworksFor(
          rt,
          creation(request).map(({ b, projectId }) => ({
            projectId,
            name: optString(b, 'name'),
            description: optString(b, 'description'),
            shared: optBool(b, 'shared'),
            routerExternal: optBool(b, 'router:external'),
            adminStateUp: optBool(b, 'admin_state_up'),
            mtu: mtuOf(b),
            portSecurityEnabled: optBool(b, 'port_security_enabled'),
            provider: providerOf(b),
            segments: segmentsOf(b),
            dnsDomain: parseDnsDomain(b.dns_domain),
            availabilityZoneHints: azHints(b),
          })),
        );
        reply.code(201);
        const views = created.map((n) => selectFields(request, render(request, n)));
        return bulk ? { networks: views } : { network: views[0] };
      },
    }),
    route({
      method: 'PUT',
      url: '/networks/:networkId',
      policy: 'update_network',
      // visible through shared/external but not the caller's: Neutron answers 403 for writes
      target: async (request) => ({
        target: networkTarget(await network(request)),
        attributes: policyAttributes(updateBody(request.body, 'network', UPDATE_ATTRS, READ_ONLY), UPDATE_ATTRS),
      }),
      handler: async (request) => {
        const n = await network(request);
        const b = updateBody(request.body, 'network', UPDATE_ATTRS, READ_ONLY);
        segmentsOf(b);
        const updated = await updateNetworkFor(
          rt,
          n.id,
          {
            name: optString(b, 'name'),
            description: optString(b, 'description'),
            adminStateUp: optBool(b, 'admin_state_up'),
            shared: optBool(b, 'shared'),
            routerExternal: optBool(b, 'router:external'),
            mtu: mtuOf(b),
            portSecurityEnabled: optBool(b, 'port_security_enabled'),
            provider: providerOf(b),
            dnsDomain: parseDnsDomain(b.dns_domain),
          },
          ifMatchRevision(request),
        );
        return { network: selectFields(request, await withTagsOne(rt, 'networks', render(request, updated))) };
      },
    }),
    route({
      method: 'DELETE',
      url: '/networks/:networkId',
      policy: 'delete_network',
      target: async (request) => ({ target: networkTarget(await network(request)) }),
      handler: async (request, reply) => {
        const n = await network(request);
        await deleteNetworkFor(rt, n.id);
        return reply.code(204).send();
      },
    }),
  ];
}
