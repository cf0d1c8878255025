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
}

/** A row as read back (generated columns resolved). */
export type ComputeHostRow = Selectable<ComputeHostsTable>;
