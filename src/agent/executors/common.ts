/** What every executor gets, and the small shared steps (faults, events). */
import type { Runtime } from '../../runtime.js';
import type { VirtDriver } from '../../virt/driver.js';
import type { OperationsTable } from '../../store/tables/operations.table.js';
import type { InstancesTable } from '../../store/tables/instances.table.js';

export interface ExecContext {
  rt: Runtime;
  driver: VirtDriver;
  /** hosts this agent owns */
  hosts: string[];
}

export interface OpPayload { actionId: string; graceful?: boolean; type?: 'SOFT' | 'HARD' }

export const payloadOf = (op: OperationsTable): OpPayload => JSON.parse(op.payload) as OpPayload;

/** Nova's instance fault as the views read it (code, message, details, created) */
export function faultJson(code: number, message: string, details: string): string {
  return JSON.stringify({ code, message, details, created: new Date().toISOString() });
}

export const errorText = (e: unknown): string => (e instanceof Error ? e.stack ?? e.message : String(e));
export const errorMessage = (e: unknown): string => (e instanceof Error ? e.message : String(e));

export const guestSpec = (i: Pick<InstancesTable, 'uuid' | 'display_name' | 'vcpus' | 'memory_mb' | 'root_gb'>) => ({ uuid: i.uuid, name: i.display_name, vcpus: i.vcpus, memoryMb: i.memory_mb, diskGb: i.root_gb });

export const nowIso = (): string => new Date().toISOString();
