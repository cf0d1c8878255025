/** An agent as Neutron renders it (neutron/db/agents_db.py _make_agent_dict). */
import type { Agent } from '../../../services/network/agent-service.js';

/** the agents API prints its datetimes as Python's str(): "2026-01-02 03:04:05" */
const agentTime = (iso: string) => iso.replace('T', ' ').replace(/(\.\d+)?Z$/, '');

export const agentView = (a: Agent): Record<string, unknown> => ({
  id: a.row.id,
  agent_type: a.row.agent_type,
  binary: a.row.binary,
  topic: a.row.topic,
  host: a.row.host,
  admin_state_up: a.row.admin_state_up === 1,
  created_at: agentTime(a.row.created_at),
  started_at: agentTime(a.row.started_at),
  heartbeat_timestamp: agentTime(a.heartbeat),
  alive: a.alive,
  configurations: a.configurations,
  description: a.row.description,
  resource_versions: {},
  availability_zone: a.row.availability_zone,
  resources_synced: null,
});
