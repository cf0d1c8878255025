import type { Generated } from 'kysely';

/** A network RBAC policy (migration 0029); UNIQUE(object_id, action, target_tenant). */
export interface NetworkRbacPoliciesTable {
  id: string;
  /** the project that owns the policy (the network's owner, or the admin's project) */
  project_id: string;
  /** always 'network' */
  object_type: string;
  object_id: string;
  /** access_as_shared | access_as_external */
  action: string;
  /** a project id or '*' */
  target_tenant: string;
  created_at: string;
}

/** A simulated Neutron agent on a compute host (migration 0029); UNIQUE(agent_type, host). */
export interface NetworkAgentsTable {
  id: string;
  agent_type: string;
  binary: string;
  topic: string;
  host: string;
  availability_zone: string;
  admin_state_up: Generated<number>;
  description: string | null;
  created_at: string;
  started_at: string;
  /** set by DELETE; the row comes back with a new id once the host heartbeats after it */
  deleted_at: string | null;
}

/** A network hosted by a DHCP agent (migration 0036); PRIMARY KEY(network_id, agent_id). */
export interface NetworkDhcpAgentBindingsTable {
  network_id: string;
  agent_id: string;
  /** 1..dhcp_agents_per_network for automatic bindings; UNIQUE per network */
  binding_index: number;
}

/** A router hosted by an L3 agent (migration 0036); PRIMARY KEY(router_id, agent_id). */
export interface RouterL3AgentBindingsTable {
  router_id: string;
  agent_id: string;
  /** UNIQUE per router */
  binding_index: number;
}
