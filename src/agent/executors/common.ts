/** What every executor gets, and the small shared steps (faults, events). */
import type { Runtime } from '../../runtime.js';
import type { VirtDriver } from '../../virt/driver.js';
import type { OperationRow } from '../../operations/claim.js';
import type { InstanceRow } from '../../services/compute/instance-lifecycle.js';

export interface ExecContext {
  rt: Runtime;
  driver: VirtDriver;
  /** hosts this agent owns */
  hosts: string[];
  /** this agent's stable id (the claimed_by of its operations) */
  agentId: string;
}

/**
 * Thrown by an executor that finds its operation belongs to another host's agent: the agent
 * hands the row back bound to that host rather than marking work it did not do as done.
 */
export class HandBack extends Error {
  constructor(readonly host: string) {
    super(`operation belongs to host ${host}`);
  }
}

export interface OpPayload {
  actionId: string;
  graceful?: boolean;
  type?: 'SOFT' | 'HARD';
}

export const payloadOf = (op: OperationRow): OpPayload => JSON.parse(op.payload) as OpPayload;

/** Nova's instance fault as the views read it (code, message, details, created) */
export function faultJson(x: Pick<ExecContext, 'rt'>, code: number, message: string, details: string): string {
  return JSON.stringify({ code, message, details, created: nowIso(x) });
}

export const errorText = (e: unknown): string => (e instanceof Error ? (e.stack ?? e.message) : String(e));
export const errorMessage = (e: unknown): string => (e instanceof Error ? e.message : String(e));

export const guestSpec = (i: Pick<InstanceRow, 'uuid' | 'display_name' | 'vcpus' | 'memory_mb' | 'root_gb'>) => ({
  uuid: i.uuid,
  name: i.display_name,
  vcpus: i.vcpus,
  memoryMb: i.memory_mb,
  diskGb: i.root_gb,
});

export const nowIso = (x: Pick<ExecContext, 'rt'>): string => x.rt.clock().toISOString();
