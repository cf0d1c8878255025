/**
 * The durable work queue. A row is written in the same transaction as the state change that asks
 * for it; an agent owning `host` claims it, runs it and marks it done or failed.
 */
export interface OperationsTable {
  id: string;
  kind: string;
  instance_uuid: string | null;
  /** host whose agent must run it; null = any agent (e.g. scheduling) */
  host: string | null;
  /** pending | running | done | failed */
  status: string;
  /** JSON payload, shape depends on kind */
  payload: string;
  request_id: string | null;
  attempts: number;
  claimed_by: string | null;
  lease_until: string | null;
  run_after: string;
  created_at: string;
  finished_at: string | null;
  error: string | null;
}
