/**
 * After a crash: unfinished events of reclaimed operations are closed with the reason, and
 * operations that can never finish (attempts exhausted, or their host is down) are settled
 * through their kind's settle function in the operation registry, with an 'Error' event saying why.
 */
import { recoverOperations, type OperationRow } from '../operations/claim.js';
import { operationSpec } from '../operations/registry.js';
import {
  finishStep,
  loadInstance,
  openSteps,
  startStep,
  stepSucceeded,
} from '../services/compute/instance-lifecycle.js';
import { payloadOf, type ExecContext } from './executors/common.js';

/** agentId: also reclaim what this agent id held before a restart (null: expired leases only) */
export async function recover(x: ExecContext, agentId: string | null): Promise<void> {
  const { requeued, exhausted } = await recoverOperations(x.rt, agentId, x.hosts);
  // close the events the interrupted attempts left open
  const actionIds = requeued.map((o) => payloadOf(o).actionId).filter((a) => a !== undefined);
  const stale = await openSteps(x.rt, actionIds);
  for (const ev of stale)
    await finishStep(
      x.rt,
      ev,
      'Error',
      'The compute agent stopped while this step was running; the operation was retried.',
    );
  for (const op of exhausted) await settle(x, op);
}

/**
 * How the settle of a failed operation was reached: its attempts ran out on a live host, or its
 * host's agent is gone (compute.hostDownAfterMs) and nothing can run on that host any more.
 */
export interface SettleOptions {
  hostDown?: boolean;
}

export async function settle(x: ExecContext, op: OperationRow, opts: SettleOptions = {}): Promise<void> {
  const spec = operationSpec(op.kind);
  if (spec?.abandon) return spec.abandon(x, op, op.error ?? `Operation ${op.kind} failed`);
  if (!spec?.settle) return;
  const inst = await loadInstance(x.rt, op.instance_uuid ?? '');
  const reason = op.error ?? `Operation ${op.kind} failed`;
  const { actionId } = payloadOf(op);
  const open = await openSteps(x.rt, [actionId]);
  for (const id of open) await finishStep(x.rt, id, 'Error', reason);
  if (!inst || inst.deleted) return;
  await spec.settle(x, op, inst, { reason, hostDown: opts.hostDown === true });
  // the step never started: record it as failed so the action log says why
  // (a settle that completed the step itself, as a local delete, recorded its own success)
  if (!open.length && spec.event && !(await stepSucceeded(x.rt, actionId, spec.event))) {
    const ev = await startStep(x.rt, actionId, spec.event, inst.host);
    await finishStep(x.rt, ev, 'Error', reason);
  }
}
