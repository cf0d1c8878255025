import type { Generated, Selectable } from 'kysely';

/** A hypervisor: one simulated (or real) node owned by an agent. */
export interface ComputeHostsTable {
  id: string;
  /** small integer id Nova shows before microversion 2.53 */
  seq: number;
  host: string;
  node: string;
  availability_zone: string;
  hypervisor_type: string;
  host_ip: string;
  vcpus: number;
  memory_mb: number;
  local_gb: number;
  status: string;
  state: string;
  disabled_reason: string | null;
  agent_id: string | null;
  last_seen_at: string;
  created_at: string;
  /** JSON DriverCapabilities (migration 0005) */
  capabilities: Generated<string>;
  /** os-services forced_down: the host counts as down whatever its heartbeat says (migration 0015) */
  forced_down: Generated<number>;
  /** when os-services last changed the service (migration 0015) */
  service_updated_at: Generated<string | null>;
}

/** A row as read back (generated columns resolved). */
export type ComputeHostRow = Selectable<ComputeHostsTable>;
