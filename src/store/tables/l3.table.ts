import type { Generated } from 'kysely';

/** A Neutron router; its gateway is a port on an external network. */
export interface RoutersTable {
  id: string;
  project_id: string;
  name: string;
  description: string;
  admin_state_up: number;
  status: string;
  gw_port_id: string | null;
  gw_network_id: string | null;
  /** 0/1 (ext-gw-mode) */
  enable_snat: number;
  /** JSON [{destination, nexthop}] (extraroute) */
  routes: string;
  distributed: number;
  ha: number;
  created_at: string;
  updated_at: string;
  revision_number: Generated<number>;
  /** JSON list of availability zone names (migration 0029) */
  availability_zone_hints: Generated<string>;
}
/** A router's interface on a subnet; PRIMARY KEY(router_id, subnet_id). */
export interface RouterInterfacesTable {
  router_id: string;
  subnet_id: string;
  port_id: string;
}
/** A floating IP; UNIQUE(floating_network_id, fixed_port_id, fixed_ip_address). */
export interface FloatingIpsTable {
  id: string;
  project_id: string;
  description: string;
  floating_network_id: string;
  floating_ip_address: string;
  floating_port_id: string;
  fixed_port_id: string | null;
  fixed_ip_address: string | null;
  router_id: string | null;
  status: string;
  created_at: string;
  updated_at: string;
  revision_number: Generated<number>;
}
