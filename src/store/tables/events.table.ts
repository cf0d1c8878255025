/** Every external event received (accepted or not), kept for the timeline and for early arrivals. */
export interface ServerEventsTable {
  id: string;
  instance_uuid: string;
  name: string;
  tag: string | null;
  status: string;
  /** per-event HTTP-like code answered to the sender */
  code: number;
  request_id: string | null;
  source: string;
  received_at: string;
  /** operation whose wait consumed it, if any */
  consumed_by: string | null;
  consumed_at: string | null;
  /** dispatched to the owning agent */ delivered_at: string | null;
  host: string | null;
}
/** A compute flow waiting for an event (e.g. network-vif-plugged-<port>). */
export interface EventWaitsTable {
  id: string;
  instance_uuid: string;
  operation_id: string;
  name: string;
  tag: string | null;
  /** waiting | satisfied | failed | timed_out | interrupted (its agent died; the retried operation waits anew) */
  state: string;
  started_at: string;
  deadline: string;
  finished_at: string | null;
  event_id: string | null;
}
/** Emulator fault rules and per-port event expectations (JSON bodies, matched by the domain). */
export interface EmulatorRulesTable {
  id: string;
  kind: string;
  match: string;
  action: string;
  remaining: number | null;
  probability: number;
  expires_at: string | null;
  created_at: string;
}
