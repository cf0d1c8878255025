/**
 * Every difference between stackbox and the real Neutron (Zed) that the parity check accepts, each
 * with its reason. Keep in step with docs/compatibility.md ("Neutron parity"). BUG marks a defect
 * of stackbox found by the check and not fixed yet; "Neutron BUG" one of the real Neutron.
 */
import type { KnownDifference } from './known-differences.js';

export const NEUTRON_KNOWN_DIFFERENCES: KnownDifference[] = [
  {
    case: 'seg-delete-in-use-409',
    kind: 'value',
    path: 'NeutronError.message',
    reason:
      "Neutron BUG (Zed): the segments plugin's BEFORE_DELETE check runs twice, so the SegmentInUse message is printed twice, joined by a newline; stackbox prints it once",
  },
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
    path: /(^|\.|\[\])(is_default|flavor_id)$/,
    reason:
      'extensions stackbox does not offer (auto-allocated-topology, l3-flavors: its extension list, src/api/network/extensions.ts, does not announce them either)',
  },
  {
    case: /^(net-tag-)?sg-/,
    kind: 'missing',
    path: /security_group_rules\[\]\.(standard_attr_id|tags)$/,
    reason:
      "Neutron (Zed) renders a group's rules with their internal standard_attr_id and an empty tags list, unlike the rules' own API; stackbox renders the rules as the security-group-rules API does",
  },
  {
    case: /^(net-tag-)?(sg|sgr)-/,
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
    case: /^((network|port|x-port|subnet|subnetpool)-update-if-match|network-update-if-match-stale)-412$/,
    kind: 'value',
    path: 'NeutronError.message',
    reason:
      "revision numbers: the message quotes the current revision, and Neutron bumps a network's or port's revision on more events than stackbox (a subnet added, a binding); revision numbers are not compared anywhere else either",
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
    case: /^(network-create-bad-admin-state|network-create-bulk-one-bad|subnet-create-bad-cidr|subnet-create-version-mismatch|subnet-create-no-cidr|port-create-bad-ip)-400$/,
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
      "order by chance: NetworkInUse ends with the ids of the ports still on the network, in the order of the ports' index (by id) on both sides; the ids are random, so which of the case's two ports comes first differs from run to run (test/api/network/networks.test.ts checks the whole text)",
  },
  {
    case: /^(net-tag-)?(fip-|fips-)/,
    kind: 'missing',
    path: /port_details$/,
    reason:
      'fip-port-details: stackbox does not offer the extension (not in its extension list), so floating IPs have no port_details',
  },
  {
    case: /./,
    kind: 'type',
    path: /(^|\.|\[\])(agents|availability_zones)\[\]$/,
    reason:
      "agents: the real-neutron runner has no agent process, so /v2.0/agents is empty and there is no availability zone (a network's availability_zones is []); stackbox simulates one DHCP and one L3 agent per host in zone nova, as a deployment's agents report",
  },
  {
    case: /^(rbac-create-subnetpool|rbac-subnetpool-show-alt)$/,
    path: /./,
    reason:
      "rbac-subnetpool: stackbox shares only networks through RBAC (its extension list does not announce rbac-subnetpool, rbac-address-scope, rbac-security-groups); Zed's object_type subnetpool is 400 'Invalid input for object_type' there",
  },
  {
    case: /^rbac-(create-missing-object|create-other-project-object)-400$|^rbac-delete-in-use-409$/,
    kind: 'value',
    path: 'NeutronError.message',
    reason:
      'Neutron quirk: Zed\'s text joins what every RBAC callback raised, naming its internal Python callbacks with their object ids ("Callback neutron.objects.network.RbacNeutronDbObjectMixin.validate_rbac_policy_change-8773372902695 failed with ..."); stackbox answers the network\'s own reason, same status and type',
  },
  {
    case: 'sg-create-bulk',
    kind: 'value',
    path: 'security_groups',
    reason:
      "normalisation: security_groups is compared whole because it is a port's list of group ids; a bulk create's answer holds whole groups under that key, with revision numbers (Zed bumps a group's to 1 as its rules are added) and Zed's internal standard_attr_id, which no other case compares. Their fields are compared one by one as well (security_groups.N.*)",
  },
  {
    case: 'provider-network-update-type-400',
    kind: 'value',
    path: 'NeutronError.message',
    reason:
      'Neutron quirk: ML2 names the provider attributes it cannot update from a Python set, so their order changes from one neutron-server process to the next (string hashing is randomised); stackbox names them in a fixed order',
  },
  {
    case: 'metering-label-update-400',
    path: /^(status|allow|NeutronError\.(type|message))$/,
    reason:
      'deliberate (docs/compatibility.md, Framework): metering labels cannot be updated; Zed routes PUT anyway (400 "Cannot update read-only attribute" for any attribute, 501 NotImplementedError for an empty one), stackbox answers 405 with Allow as for every method a path does not serve',
  },
  {
    case: /^metering-rule-create-(remote-and-source|no-prefix)-500$/,
    path: /^(status|NeutronError\.(type|message|detail))$|^(NeutronError|NotImplementedError)$/,
    reason:
      'Neutron BUG (Zed): a metering rule with remote_ip_prefix and source/destination prefixes together, or with none of them, is a 500 (the validation raises before the API translates it); stackbox answers 400 with the text Zed intends',
  },
  {
    case: /^(network-show-with-subnet|routers?-)/,
    kind: 'type',
    path: /availability_zones\[\]$/,
    reason:
      "configuration: the recorded Neutron runs no agents, so nothing hosts a network or router and neither has a zone; stackbox simulates a DHCP and an L3 agent per compute host, which take a network with its subnet and a router with its gateway or an update (dhcp_agent_scheduler, l3_agent_scheduler), and a resource's zones are its agents' (docs/compatibility.md, Agent scheduling)",
  },
];
