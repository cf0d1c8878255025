/**
 * After a crash: unfinished events of reclaimed operations are closed with the reason, and
 * operations that ran out of attempts settle their instance (build/delete → ERROR with a fault,
 * power operations → task cleared) with an 'Error' event saying why.
 */
import { PowerState, TaskState, VmState } from '../domain/instances/states.js';
import { finishEvent, startEvent } from '../store/repositories/instance-action-repository.js';
import { findInstance, transitionInstance } from '../store/repositories/instance-repository.js';
import { recoverOperations } from '../operations/claim.js';
import type { OperationsTable } from '../store/tables/operations.table.js';
import { faultJson, nowIso, payloadOf, type ExecContext } from './executors/common.js';
import { settleInterfaceOperation } from './executors/interfaces.js';

const EVENT_FOR: Record<string, string> = {
  build: 'compute__do_build_and_run_instance', delete: 'compute_terminate_instance',
  start: 'compute_start_instance', stop: 'compute_stop_instance', reboot: 'compute_reboot_instance',
  rebuild: 'compute_rebuild_instance',
  attach_interface: 'compute_attach_interface', detach_interface: 'compute_detach_interface',
};

/** agentId: also reclaim what this agent id held before a restart (null: expired leases only) */
export async function recover(x: ExecContext, agentId: string | null): Promise<void> {
  const db = x.rt.store.db;
  const { requeued, exhausted } = await recoverOperations(x.rt, agentId, x.hosts);
  // close the events the interrupted attempts left open
  const actionIds = requeued.map((o) => payloadOf(o).actionId).filter((a) => a !== undefined);
  const stale = await staleEvents(x, actionIds);
  for (const ev of stale) await finishEvent(db, ev, 'Error', 'The compute agent stopped while this step was running; the operation was retried.');
  for (const op of exhausted) await settle(x, op);
}

async function staleEvents(x: ExecContext, actionIds: string[]): Promise<string[]> {
  if (!actionIds.length) return [];
  const rows = await x.rt.store.db.selectFrom('instance_action_events').select('id')
    .where('action_id', 'in', actionIds).where('finish_time', 'is', null).execute();
  return rows.map((r) => r.id);
}

export async function settle(x: ExecContext, op: OperationsTable): Promise<void> {
  const db = x.rt.store.db;
  // an event batch has no instance state to settle: its events stay undelivered, visible in the timeline
  if (op.kind === 'external_event') return;
  const inst = await findInstance(db, op.instance_uuid ?? '');
  const reason = op.error ?? `Operation ${op.kind} failed`;
  const { actionId } = payloadOf(op);
  const open = await staleEvents(x, [actionId]);
  for (const id of open) await finishEvent(db, id, 'Error', reason);
  if (!inst || inst.deleted) return;
  if (op.kind === 'build' || op.kind === 'delete') {
    await transitionInstance(db, inst.uuid, { fromTaskStates: [TaskState.SCHEDULING, TaskState.NETWORKING, TaskState.SPAWNING, TaskState.DELETING] }, {
      vm_state: VmState.ERROR, task_state: null, power_state: op.kind === 'build' ? PowerState.NOSTATE : inst.power_state,
      fault: faultJson(500, reason, reason), updated_at: nowIso(),
    });
  } else if (op.kind === 'attach_interface' || op.kind === 'detach_interface') {
    // no task state to clear; an attach gives back what its attempts allocated
    await settleInterfaceOperation(x, op);
  } else {
    await transitionInstance(db, inst.uuid, {}, { task_state: null, updated_at: nowIso() });
  }
  if (!open.length) {
    const ev = await startEvent(db, actionId, EVENT_FOR[op.kind] ?? op.kind, inst.host);
    await finishEvent(db, ev.id, 'Error', reason);
  }
}
