/**
 * Neutron's default policy (neutron/conf/policies/{network,subnet,port,security_group,quotas}.py, Zed),
 * with the upstream rule names. Zed runs with enforce_new_defaults=False, so a rule passes when
 * either its new or its deprecated check string does; each entry below is that union, written as
 * the list of checks of which any one suffices.
 *
 * Like neutron/policy.py, a request is checked against the action's rule AND the rule of every
 * policy-enforced attribute it sets (`create_network:shared`), and an answer drops every attribute
 * whose `get_<resource>:<attr>` rule the caller fails.
 */
import type { RequestContext } from '../domain/context.js';
import { DomainError } from '../domain/errors.js';

/** One check of Neutron's policy language, as it applies to stackbox's resources. */
export type NeutronCheck =
  | 'any' // '' / rule:regular_user
  | 'admin' // rule:context_is_admin
  | 'advsvc' // rule:context_is_advsvc
  | 'owner' // tenant_id:%(tenant_id)s
  | 'network_owner' // tenant_id:%(network:tenant_id)s
  | 'shared' // field:networks:shared=True (a subnet or port: its network's; a pool or scope: its own)
  | 'external' // field:networks:router:external=True
  | 'not_network_device' // not field:port:device_owner=~^network:
  | 'project_reader' // role:reader and project_id:%(project_id)s
  | 'not_wildcard'; // not field:rbac_policy:target_tenant=* (rule:restrict_wildcard)

const ADMIN: readonly NeutronCheck[] = ['admin'];
const ANY: readonly NeutronCheck[] = ['any'];
const ADMIN_OR_OWNER: readonly NeutronCheck[] = ['admin', 'owner'];
const ADMIN_OR_NET_OWNER_OR_ADVSVC: readonly NeutronCheck[] = ['admin', 'network_owner', 'advsvc'];

export const networkRules: Record<string, readonly NeutronCheck[]> = {
  // networks
  get_network: ['admin', 'owner', 'shared', 'external', 'advsvc'],
  'get_network:segments': ADMIN,
  'get_network:provider:network_type': ADMIN,
  'get_network:provider:physical_network': ADMIN,
  'get_network:provider:segmentation_id': ADMIN,
  'get_network:router:external': ANY,
  create_network: ANY,
  'create_network:shared': ADMIN,
  'create_network:router:external': ADMIN,
  'create_network:is_default': ADMIN,
  'create_network:port_security_enabled': ANY,
  'create_network:segments': ADMIN,
  // the sub-attribute rules a `segments` list is checked with (none has a default of its own upstream;
  // named so an admin passes them, the list itself being admin-only)
  'create_network:segments:provider:network_type': ADMIN,
  'create_network:segments:provider:physical_network': ADMIN,
  'create_network:segments:provider:segmentation_id': ADMIN,
  'create_network:provider:network_type': ADMIN,
  'create_network:provider:physical_network': ADMIN,
  'create_network:provider:segmentation_id': ADMIN,
  update_network: ADMIN_OR_OWNER,
  'update_network:segments': ADMIN,
  'update_network:segments:provider:network_type': ADMIN,
  'update_network:segments:provider:physical_network': ADMIN,
  'update_network:segments:provider:segmentation_id': ADMIN,
  'update_network:shared': ADMIN,
  'update_network:provider:network_type': ADMIN,
  'update_network:provider:physical_network': ADMIN,
  'update_network:provider:segmentation_id': ADMIN,
  'update_network:router:external': ADMIN,
  'update_network:is_default': ADMIN,
  'update_network:port_security_enabled': ADMIN_OR_OWNER,
  delete_network: ADMIN_OR_OWNER,
  // subnets. The declared rule: only the network's owner adds subnets (the standalone Zed server
  // was seen letting a member add one to another project's shared network; not followed here)
  create_subnet: ['admin', 'network_owner'],
  'create_subnet:segment_id': ADMIN,
  'create_subnet:service_types': ADMIN,
  // an external network's subnets are not shown to other projects unless it is also shared
  get_subnet: ['admin', 'owner', 'shared'],
  'get_subnet:segment_id': ADMIN,
  update_subnet: ['admin', 'owner', 'network_owner'],
  'update_subnet:segment_id': ADMIN,
  'update_subnet:service_types': ADMIN,
  delete_subnet: ['admin', 'owner', 'network_owner'],
  // ports
  create_port: ANY,
  'create_port:device_owner': ['not_network_device', 'advsvc', 'admin', 'network_owner'],
  'create_port:mac_address': ADMIN_OR_NET_OWNER_OR_ADVSVC,
  'create_port:fixed_ips': [...ADMIN_OR_NET_OWNER_OR_ADVSVC, 'shared'],
  'create_port:fixed_ips:ip_address': ADMIN_OR_NET_OWNER_OR_ADVSVC,
  'create_port:fixed_ips:subnet_id': [...ADMIN_OR_NET_OWNER_OR_ADVSVC, 'shared'],
  'create_port:port_security_enabled': ADMIN_OR_NET_OWNER_OR_ADVSVC,
  'create_port:binding:host_id': ADMIN,
  'create_port:binding:profile': ADMIN,
  'create_port:binding:vnic_type': ANY,
  'create_port:allowed_address_pairs': ['admin', 'network_owner'],
  'create_port:allowed_address_pairs:mac_address': ['admin', 'network_owner'],
  'create_port:allowed_address_pairs:ip_address': ['admin', 'network_owner'],
  get_port: ['admin', 'owner', 'network_owner', 'advsvc'],
  'get_port:binding:vif_type': ADMIN,
  'get_port:binding:vif_details': ADMIN,
  'get_port:binding:host_id': ADMIN,
  'get_port:binding:profile': ADMIN,
  'get_port:resource_request': ADMIN,
  update_port: ['admin', 'owner', 'advsvc'],
  'update_port:device_owner': ['not_network_device', 'advsvc', 'admin', 'network_owner'],
  'update_port:mac_address': ['admin', 'advsvc'],
  'update_port:fixed_ips': ADMIN_OR_NET_OWNER_OR_ADVSVC,
  'update_port:fixed_ips:ip_address': ADMIN_OR_NET_OWNER_OR_ADVSVC,
  'update_port:fixed_ips:subnet_id': [...ADMIN_OR_NET_OWNER_OR_ADVSVC, 'shared'],
  'update_port:port_security_enabled': ADMIN_OR_NET_OWNER_OR_ADVSVC,
  'update_port:binding:host_id': ADMIN,
  'update_port:binding:profile': ADMIN,
  'update_port:binding:vnic_type': ['admin', 'owner', 'advsvc'],
  'update_port:allowed_address_pairs': ['admin', 'network_owner'],
  'update_port:allowed_address_pairs:mac_address': ['admin', 'network_owner'],
  'update_port:allowed_address_pairs:ip_address': ['admin', 'network_owner'],
  delete_port: ['admin', 'owner', 'network_owner', 'advsvc'],
  // security groups and rules
  create_security_group: ANY,
  get_security_group: ADMIN_OR_OWNER,
  update_security_group: ADMIN_OR_OWNER,
  delete_security_group: ADMIN_OR_OWNER,
  create_security_group_rule: ADMIN_OR_OWNER,
  get_security_group_rule: ADMIN_OR_OWNER,
  delete_security_group_rule: ADMIN_OR_OWNER,
  // routers (neutron/conf/policies/router.py) and floating IPs (floatingip.py)
  create_router: ANY,
  'create_router:external_gateway_info': ANY,
  'create_router:external_gateway_info:network_id': ANY,
  'create_router:external_gateway_info:enable_snat': ADMIN,
  'create_router:external_gateway_info:external_fixed_ips': ADMIN,
  'create_router:distributed': ADMIN,
  'create_router:ha': ADMIN,
  get_router: ADMIN_OR_OWNER,
  'get_router:distributed': ADMIN,
  'get_router:ha': ADMIN,
  update_router: ADMIN_OR_OWNER,
  'update_router:external_gateway_info': ADMIN_OR_OWNER,
  'update_router:external_gateway_info:network_id': ADMIN_OR_OWNER,
  'update_router:external_gateway_info:enable_snat': ADMIN,
  'update_router:external_gateway_info:external_fixed_ips': ADMIN,
  'update_router:distributed': ADMIN,
  'update_router:ha': ADMIN,
  delete_router: ADMIN_OR_OWNER,
  add_router_interface: ADMIN_OR_OWNER,
  remove_router_interface: ADMIN_OR_OWNER,
  create_floatingip: ANY,
  'create_floatingip:floating_ip_address': ADMIN,
  get_floatingip: ADMIN_OR_OWNER,
  update_floatingip: ADMIN_OR_OWNER,
  delete_floatingip: ADMIN_OR_OWNER,
  // subnet pools (neutron/conf/policies/subnetpool.py) and address scopes (address_scope.py)
  create_subnetpool: ANY,
  'create_subnetpool:shared': ADMIN,
  'create_subnetpool:is_default': ADMIN,
  get_subnetpool: ['admin', 'owner', 'shared'],
  update_subnetpool: ADMIN_OR_OWNER,
  'update_subnetpool:is_default': ADMIN,
  delete_subnetpool: ADMIN_OR_OWNER,
  add_prefixes: ADMIN_OR_OWNER,
  remove_prefixes: ADMIN_OR_OWNER,
  create_address_scope: ANY,
  'create_address_scope:shared': ADMIN,
  get_address_scope: ['admin', 'owner', 'shared'],
  update_address_scope: ADMIN_OR_OWNER,
  'update_address_scope:shared': ADMIN,
  delete_address_scope: ADMIN_OR_OWNER,
  // metering (neutron/conf/policies/metering.py): a rule has no project_id, so its reader check never passes
  create_metering_label: ADMIN,
  get_metering_label: ['admin', 'project_reader'],
  delete_metering_label: ADMIN,
  create_metering_label_rule: ADMIN,
  get_metering_label_rule: ['admin', 'project_reader'],
  delete_metering_label_rule: ADMIN,
  // quotas (neutron/conf/policies/quotas.py): a project reads its own without a check
  get_quota: ADMIN,
  update_quota: ADMIN,
  delete_quota: ADMIN,
  // network RBAC policies (neutron/conf/policies/rbac.py); attributes without a rule of their own
  // fall to Neutron's default rule, admin_or_owner (the policy's owner is the caller at create)
  create_rbac_policy: ANY,
  'create_rbac_policy:object_type': ADMIN_OR_OWNER,
  'create_rbac_policy:object_id': ADMIN_OR_OWNER,
  'create_rbac_policy:target_tenant': ['admin', 'not_wildcard'],
  'create_rbac_policy:action': ADMIN_OR_OWNER,
  get_rbac_policy: ADMIN_OR_OWNER,
  update_rbac_policy: ADMIN_OR_OWNER,
  'update_rbac_policy:target_tenant': ['admin', 'not_wildcard'],
  delete_rbac_policy: ADMIN_OR_OWNER,
  // network_ip_availability.py, agent.py, availability_zone.py, service_type.py
  get_network_ip_availability: ADMIN,
  // segments (neutron/conf/policies/segment.py)
  create_segment: ADMIN,
  get_segment: ADMIN,
  update_segment: ADMIN,
  delete_segment: ADMIN,
  get_agent: ADMIN,
  update_agent: ADMIN,
  delete_agent: ADMIN,
  'get_dhcp-networks': ADMIN,
  'create_dhcp-network': ADMIN,
  'delete_dhcp-network': ADMIN,
  'get_dhcp-agents': ADMIN,
  'get_l3-routers': ADMIN,
  'create_l3-router': ADMIN,
  'delete_l3-router': ADMIN,
  'get_l3-agents': ADMIN,
  get_availability_zone: ANY,
  get_service_provider: ANY,
  // Neutron puts no policy on the discovery documents; named here so every route names a rule
  get_resources: ANY,
  get_extensions: ANY,
  get_extension: ANY,
};

/** What a Neutron check looks at: the resource's owner and, for subnets and ports, its network. */
export interface NeutronTarget {
  project_id: string;
  /** the owner of the network the resource is on (the network itself for a network) */
  network_project_id?: string;
  shared?: boolean;
  external?: boolean;
  device_owner?: string;
  /** an RBAC policy's target project */
  target_tenant?: string;
}

function passes(check: NeutronCheck, ctx: RequestContext, target: NeutronTarget): boolean {
  const project = ctx.projectId;
  switch (check) {
    case 'any':
      return true;
    // an admin-scoped service client (Nova binding ports) stands where Neutron sees an admin
    case 'admin':
      return ctx.isAdmin || ctx.isService;
    case 'advsvc':
      return ctx.roles.includes('advsvc');
    case 'owner':
      return project !== null && target.project_id === project;
    case 'network_owner':
      return project !== null && target.network_project_id === project;
    case 'shared':
      return target.shared === true;
    case 'external':
      return target.external === true;
    case 'not_network_device':
      return !(target.device_owner ?? '').startsWith('network:');
    case 'project_reader':
      return project !== null && target.project_id === project && ctx.roles.includes('reader');
    case 'not_wildcard':
      return target.target_tenant !== '*';
  }
}

/** True when the caller passes the named rule; unknown names fail closed. */
export function neutronAllowed(ctx: RequestContext, rule: string, target: NeutronTarget): boolean {
  const checks = networkRules[rule];
  if (!checks) return false;
  // Zed's neutron/policy.py lets a context with is_admin through before any rule is read
  return ctx.isAdmin || checks.some((c) => passes(c, ctx, target));
}

/**
 * An attribute the request sets: its name and, for a list of objects (fixed_ips), the keys the
 * objects carry, each checked as `<action>:<attr>:<key>`.
 */
export interface SetAttribute {
  name: string;
  subKeys?: string[];
}

type Match = { rule: string } | { and: Match[] };

const matchText = (m: Match): string => ('rule' in m ? `rule:${m.rule}` : `(${m.and.map(matchText).join(' and ')})`);

function matchPasses(m: Match, ctx: RequestContext, target: NeutronTarget): boolean {
  return 'rule' in m ? neutronAllowed(ctx, m.rule, target) : m.and.every((x) => matchPasses(x, ctx, target));
}

/**
 * neutron/policy.py _build_match_rule: the action's rule, and-ed with the rule of each set
 * attribute that has one (and with its sub-attribute rules), nested the way oslo.policy prints it.
 */
function buildMatch(action: string, attrs: readonly SetAttribute[]): Match {
  let match: Match = { rule: action };
  for (const a of attrs) {
    const name = `${action}:${a.name}`;
    if (!(name in networkRules)) continue;
    let attrMatch: Match = { rule: name };
    const subs = (a.subKeys ?? []).map((k): Match => ({ rule: `${name}:${k}` }));
    if (subs.length > 0) attrMatch = { and: [attrMatch, { and: subs }] };
    match = { and: [match, attrMatch] };
  }
  return match;
}

/** oslo.policy's PolicyNotAuthorized: "<match rule> is disallowed by policy", as the network dialect renders it. */
const policyFailure = (match: string) =>
  new DomainError('POLICY_NOT_AUTHORIZED', 403, `${match} is disallowed by policy`, { type: 'PolicyNotAuthorized' });

/** Throws Neutron's 403 PolicyNotAuthorized naming the whole match rule when the caller fails it. */
export function neutronEnforce(
  ctx: RequestContext,
  action: string,
  target: NeutronTarget,
  attrs: readonly SetAttribute[] = [],
): void {
  const match = buildMatch(action, attrs);
  if (!matchPasses(match, ctx, target)) throw policyFailure(matchText(match));
}

/** The view without the attributes whose get_<resource>:<attr> rule the caller fails (Neutron's _exclude_attributes_by_policy). */
export function visibleAttributes<T extends Record<string, unknown>>(
  ctx: RequestContext,
  resource: string,
  target: NeutronTarget,
  view: T,
): Partial<T> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(view)) {
    const rule = `get_${resource}:${k}`;
    if (rule in networkRules && !neutronAllowed(ctx, rule, target)) continue;
    out[k] = v;
  }
  return out as Partial<T>;
}

/** What a Neutron route's target resolves: the resource's owner fields and the attributes set. */
export interface NeutronRouteTarget {
  target: NeutronTarget;
  attributes?: readonly SetAttribute[];
}

/** registerRoutesWith's authorizer for the network dialect: Neutron's engine, not authorize(). */
export function neutronAuthorize(ctx: RequestContext, action: string, check: NeutronRouteTarget): void {
  neutronEnforce(ctx, action, check.target, check.attributes);
}
