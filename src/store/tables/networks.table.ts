import type { Generated } from 'kysely';

export interface NetworksTable {
  id: string;
  name: string;
  project_id: string;
  description: string;
  shared: number;
  router_external: number;
  admin_state_up: number;
  mtu: number;
  status: string;
  created_at: string;
  updated_at: string;
  /** default of port_security_enabled for the network's new ports */
  port_security_enabled: Generated<number>;
  /** Neutron's revision_number: +1 on every change */
  revision_number: Generated<number>;
  /** dns-integration: the network's dns_domain, '' when none */
  dns_domain: Generated<string>;
  /** JSON list of availability zone names (migration 0029) */
  availability_zone_hints: Generated<string>;
}
export interface SubnetsTable {
  id: string;
  network_id: string;
  project_id: string;
  name: string;
  description: string;
  ip_version: number;
  cidr: string;
  gateway_ip: string | null;
  /** JSON [{start, end}] */ allocation_pools: string;
  enable_dhcp: number;
  /** JSON arrays */ dns_nameservers: string;
  host_routes: string;
  ipv6_ra_mode: string | null;
  ipv6_address_mode: string | null;
  created_at: string;
  updated_at: string;
  revision_number: Generated<number>;
  /** the subnet pool its CIDR was allocated from (subnet_allocation) */
  subnetpool_id: Generated<string | null>;
  /** the segment of its network it is on (segment extension), null: none */
  segment_id: Generated<string | null>;
}
/**
 * A segment of a network (Neutron's networksegments, migration 0035); segment_index orders a
 * network's segments, the first being its provider segment.
 */
export interface NetworkSegmentsTable {
  id: string;
  network_id: string;
  network_type: string;
  physical_network: string | null;
  segmentation_id: number | null;
  /** UNIQUE: what the segment holds ("vlan:<physnet>:<id>", "flat:<physnet>", "vxlan:<id>") */
  segment_key: string;
  segment_index: number;
  name: string | null;
  description: string | null;
  revision_number: Generated<number>;
  created_at: string;
  updated_at: string;
}
export interface PortsTable {
  id: string;
  network_id: string;
  project_id: string;
  name: string;
  description: string;
  mac_address: string;
  admin_state_up: number;
  status: string;
  device_id: string;
  device_owner: string;
  binding_host_id: string;
  binding_vif_type: string;
  binding_vnic_type: string;
  /** JSON */ binding_profile: string;
  /** JSON array of security group ids */ security_groups: string;
  port_security_enabled: number;
  /** JSON [{ip_address, mac_address}] (allowed-address-pairs) */ allowed_address_pairs: Generated<string>;
  /** JSON [{opt_name, opt_value, ip_version}] sorted by name, version (extra_dhcp_opt) */
  extra_dhcp_opts: Generated<string>;
  /** ip_allocation extension: 'immediate', or 'none' when created with no fixed IPs */
  ip_allocation: Generated<string>;
  created_at: string;
  updated_at: string;
  revision_number: Generated<number>;
}
/** One row per fixed IP; UNIQUE(network_id, ip_address) makes double allocation impossible. */
export interface IpAllocationsTable {
  network_id: string;
  subnet_id: string;
  ip_address: string;
  port_id: string;
}
export interface SecurityGroupsTable {
  id: string;
  name: string;
  project_id: string;
  description: string;
  created_at: string;
  updated_at: string;
  /** 0/1: stateful (connection tracking) or stateless */
  stateful: number;
  revision_number: Generated<number>;
}
/** A rule of a security group; UNIQUE(security_group_id, rule_key) rejects a duplicate rule. */
export interface SecurityGroupRulesTable {
  id: string;
  security_group_id: string;
  project_id: string;
  direction: string;
  ethertype: string;
  protocol: string | null;
  port_range_min: number | null;
  port_range_max: number | null;
  remote_ip_prefix: string | null;
  remote_group_id: string | null;
  remote_address_group_id: string | null;
  description: string;
  /** Neutron's _rule_to_key of the rule */
  rule_key: string;
  created_at: string;
  updated_at: string;
  revision_number: Generated<number>;
}
/** Which groups a port uses; the foreign key keeps a used group from being deleted. */
export interface PortSecurityGroupBindingsTable {
  port_id: string;
  security_group_id: string;
}
/** Nova's virtual_interfaces: which port is plugged into which instance, with its tag. */
export interface VirtualInterfacesTable {
  id: string;
  instance_uuid: string;
  port_id: string;
  network_id: string;
  mac_address: string;
  tag: string | null;
  /** 1 when compute created the port (delete it on detach/delete), 0 when the user supplied it */
  created_by_compute: number;
  created_at: string;
}
/** Neutron's per-project quota limits (PUT /v2.0/quotas/{project_id}); absent rows mean the defaults. */
export interface NeutronQuotasTable {
  project_id: string;
  resource: string;
  hard_limit: number;
}
