/**
 * Every difference between stackbox and the real Neutron (Zed) that the parity check accepts, each
 * with its reason. Keep in step with docs/compatibility.md ("Neutron parity"). BUG marks a defect
 * of stackbox found by the check and not fixed yet; "Neutron BUG" one of the real Neutron.
 */
import type { KnownDifference } from './known-differences.js';

export const NEUTRON_KNOWN_DIFFERENCES: KnownDifference[] = [
  {
    case: 'net-versions-root',
    kind: 'header',
    path: 'x-openstack-request-id',
    reason:
      "stackbox stamps request ids on every response (docs/compatibility.md, Framework); Neutron's version list pipeline has no request-id middleware",
  },
  {
    case: /./,
    kind: 'missing',
    path: /(^|\.|\[\])(is_default|flavor_id|availability_zones|availability_zone_hints|provider:(network_type|physical_network|segmentation_id))$/,
    reason:
      'extensions stackbox does not offer (auto-allocated-topology, l3-flavors: its extension list, src/api/network/extensions.ts, does not announce them either); availability zones and provider attributes exist since 2026-12-07 but may still be missing where the case ran before they did',
  },
  {
    case: /^sg-/,
    kind: 'missing',
    path: /security_group_rules\[\]\.(standard_attr_id|tags)$/,
    reason:
      "Neutron (Zed) renders a group's rules with their internal standard_attr_id and an empty tags list, unlike the rules' own API; stackbox renders the rules as the security-group-rules API does",
  },
  {
    case: /^(sg|sgr)-/,
    kind: 'extra',
    path: /security_group_rules?(\[\])?\.description$/,
    reason:
      "Neutron BUG (Zed): the rules' description (standard-attr-description, documented in the API reference and settable on create) is not rendered; stackbox renders it",
  },
  {
    case: 'network-delete-collection-404',
    path: /^(status|allow|NeutronError\.(type|message))$/,
    reason:
      'deliberate (docs/compatibility.md, Framework): a wrong method on a known path answers 405 with Allow; Neutron (pecan) looks the collection up as a member with id None ("Network None could not be found.")',
  },
  {
    case: 'sgr-update-not-supported',
    path: /^(status|allow|NeutronError\.(type|message))$/,
    reason:
      'Neutron BUG (Zed): PUT on a security group rule fails with a 500 (the rule has no updatable attributes); stackbox answers 405 with Allow',
  },
  {
    case: /^(router-interface-port-show|fip-associate|fips-list-by-port)$/,
    kind: 'value',
    path: /(^|\.)status$/,
    reason:
      'agents: the real-neutron runner has no L3 agent, so router ports and floating IPs stay DOWN; stackbox has its agent, which brings them ACTIVE as a deployment does',
  },
  {
    case: /^(network|port)-update-if-match-412$/,
    kind: 'value',
    path: 'NeutronError.message',
    reason:
      "revision numbers: the message quotes the current revision, and Neutron bumps a network's or port's revision on more events than stackbox (a subnet added, a binding); revision numbers are not compared anywhere else either",
  },
  {
    case: /^(network-update-status|subnet-update-cidr|port-update-network)-400$/,
    kind: 'value',
    path: 'NeutronError.message',
    reason:
      'BUG: an attribute Neutron knows but does not let PUT change is "Cannot update read-only attribute <name>"; stackbox answers every attribute outside its update list as "Unrecognized attribute(s)" (same status and type)',
  },
  {
    case: 'networks-list-bad-sort-key-400',
    kind: 'value',
    path: 'NeutronError.message',
    reason:
      'Neutron quirk: an unknown sort_key without sort_dir reaches the count check ("The number of sort_keys and sort_dirs must be same"); stackbox names the bad key, as Neutron does when the counts match',
  },
  {
    case: 'networks-list-bad-sort-dir-400',
    kind: 'value',
    path: 'NeutronError.message',
    reason: "BUG: Zed's text is \"['up'] is invalid value for sort_dirs, valid value is 'asc' and 'desc'\"",
  },
  {
    case: /^(network-create-bad-admin-state|subnet-create-bad-cidr|subnet-create-version-mismatch|subnet-create-no-cidr|port-create-bad-ip)-400$/,
    kind: 'value',
    path: /^NeutronError\.(type|message)$/,
    reason:
      'BUG: Zed\'s texts and types for these 400s (validators that raise InvalidInput or BadRequest, "bogus is not in a CIDR format", "cidr \'…\' does not match the ip_version \'6\'", "a subnetpool must be specified in the absence of a cidr") differ from stackbox\'s; same status',
  },
  {
    case: 'network-delete-in-use-409',
    kind: 'value',
    path: 'NeutronError.message',
    reason:
      'BUG: Neutron ends the NetworkInUse text with the ids of the ports still on the network; stackbox does not list them',
  },
  {
    case: /^(fip-|fips-)/,
    kind: 'missing',
    path: /port_details$/,
    reason:
      'fip-port-details: stackbox does not offer the extension (not in its extension list), so floating IPs have no port_details',
  },
  {
    case: /./,
    kind: 'extra',
    path: /(^|\.|\[\])(dns_domain|dns_name|dns_assignment)$/,
    reason:
      "the recorded Neutron runs ML2 without its dns extension driver, so it has no dns-integration; stackbox advertises dns-integration (Neutron's behaviour under the default openstacklocal domain, docs/compatibility.md)",
  },
  {
    case: /^networks?-/,
    kind: 'type',
    path: /provider:physical_network$/,
    reason:
      "configuration: the recorded Neutron's tenant networks are VLAN segments on physnet1, stackbox's are VXLAN (no physical network); the admin sees each one's own provider attributes",
  },
  {
    case: /^(network-show-with-subnet|routers?-)/,
    kind: 'type',
    path: /availability_zones\[\]$/,
    reason:
      "configuration: the recorded Neutron runs no agents, so nothing hosts a network or router and neither has a zone; stackbox simulates a DHCP and an L3 agent per compute host, which take a network with its subnet and a router with its gateway or an update (dhcp_agent_scheduler, l3_agent_scheduler), and a resource's zones are its agents' (docs/compatibility.md, Agent scheduling)",
  },
];
