/**
 * Operations an API request waits for (interface attach is a synchronous RPC `call` in Nova).
 * The executor records how the request ended in the row's `error` column — null for success,
 * {status, message} for a refusal the caller must see (PortInUse, NetworkNotFound, …) — and the
 * agent then marks the row done. The waiting request polls the row, so an agent in another
 * process answers just as well as the in-process one.
 */
import type { Runtime } from '../runtime.js';
import { elapsedMs } from '../lib/time.js';

export interface OperationRefusal {
  status: number;
  message: string;
}

export type OperationResult =
  { state: 'done'; refusal: OperationRefusal | null } | { state: 'failed'; error: string } | { state: 'timeout' };

export async function recordRefusal(rt: Runtime, opId: string, refusal: OperationRefusal): Promise<void> {
  await rt.store.db
    .updateTable('operations')
    .set({ error: JSON.stringify(refusal) })
    .where('id', '=', opId)
    .execute();
}

function parseRefusal(text: string | null): OperationRefusal | null {
  if (!text) return null;
  try {
    const r = JSON.parse(text) as Partial<OperationRefusal>;
    if (typeof r.status === 'number' && typeof r.message === 'string') return { status: r.status, message: r.message };
  } catch {
    /* not a refusal: a crash report */
  }
  return { status: 500, message: text };
}

/** Polls the operation until it is done or failed, backing off from 5 ms to 100 ms. */
export async function waitForOperation(rt: Runtime, opId: string, timeoutMs: number): Promise<OperationResult> {
  // real elapsed time, not the runtime clock: this bounds how long the caller blocks
  const deadline = elapsedMs() + timeoutMs;
  let delay = 5;
  for (;;) {
    const row = await rt.store.db
      .selectFrom('operations')
      .select(['status', 'error'])
      .where('id', '=', opId)
      .executeTakeFirst();
    if (!row) return { state: 'failed', error: `Operation ${opId} disappeared` };
    if (row.status === 'done') return { state: 'done', refusal: parseRefusal(row.error) };
    if (row.status === 'failed') return { state: 'failed', error: row.error ?? 'failed' };
    if (elapsedMs() >= deadline) return { state: 'timeout' };
    await new Promise((r) => setTimeout(r, delay));
    delay = Math.min(100, delay * 2);
  }
}

/** withdraws an operation no agent has claimed yet (its caller gave up waiting); false once claimed */
export async function cancelPendingOperation(rt: Runtime, opId: string, reason: string): Promise<boolean> {
  const r = await rt.store.db
    .updateTable('operations')
    .set({ status: 'failed', error: reason, finished_at: rt.clock().toISOString() })
    .where('id', '=', opId)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}
