/**
 * Enqueue in the same transaction as the state change, so a committed transition always has its
 * work item. After commit the caller wakes the agents with rt.bus.operationEnqueued(host).
 */
import { newUuid } from '../lib/ids.js';
import type { DbOrTrx } from '../store/database.js';
import type { Operation } from './kinds.js';

export type EnqueueRequest = Operation & { instanceUuid: string; host: string | null; requestId: string | null };

export async function enqueueOperation(trx: DbOrTrx, op: EnqueueRequest): Promise<string> {
  const id = newUuid();
  const now = new Date().toISOString();
  await trx.insertInto('operations').values({
    id, kind: op.kind, instance_uuid: op.instanceUuid, host: op.host, status: 'pending', payload: JSON.stringify(op.payload),
    request_id: op.requestId, attempts: 0, claimed_by: null, lease_until: null, run_after: now, created_at: now,
    finished_at: null, error: null,
  }).execute();
  return id;
}
