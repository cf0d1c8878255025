/**
 * After a crash: unfinished events of reclaimed operations are closed with the reason, and
 * operations that can never finish (attempts exhausted, or their host is down) are settled
 * through their kind's settle function in the operation registry, with an 'Error' event saying why.
 */
import { finishEvent, startEvent } from '../store/repositories/instance-action-repository.js';
import { findInstance } from '../store/repositories/instance-repository.js';
import { recoverOperations } from '../operations/claim.js';
import { operationSpec } from '../operations/registry.js';
import type { OperationsTable } from '../store/tables/operations.table.js';
import { payloadOf, type ExecContext } from './executors/common.js';

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

/**
 * How the settle of a failed operation was reached: its attempts ran out on a live host, or its
 * host's agent is gone (compute.hostDownAfterMs) and nothing can run on that host any more.
 */
export interface SettleOptions { hostDown?: boolean }

export async function settle(x: ExecContext, op: OperationsTable, opts: SettleOptions = {}): Promise<void> {
  const db = x.rt.store.db;
  const spec = operationSpec(op.kind);
  if (!spec?.settle) return;
  const inst = await findInstance(db, op.instance_uuid ?? '');
  const reason = op.error ?? `Operation ${op.kind} failed`;
  const { actionId } = payloadOf(op);
  const open = await staleEvents(x, [actionId]);
  for (const id of open) await finishEvent(db, id, 'Error', reason);
  if (!inst || inst.deleted) return;
  await spec.settle(x, op, inst, { reason, hostDown: opts.hostDown === true });
  // the step never started: record it as failed so the action log says why
  if (!open.length && spec.event && !(await succeeded(x, actionId, spec.event))) {
    const ev = await startEvent(db, actionId, spec.event, inst.host);
    await finishEvent(db, ev.id, 'Error', reason);
  }
}

/** a settle that completed the step itself (a local delete) records its own successful event */
async function succeeded(x: ExecContext, actionId: string, event: string): Promise<boolean> {
  const r = await x.rt.store.db.selectFrom('instance_action_events').select('id')
    .where('action_id', '=', actionId).where('event', '=', event).where('result', '=', 'Success').executeTakeFirst();
  return r !== undefined;
}
