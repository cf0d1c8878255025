/**
 * Claiming, finishing and recovering operations. A claim is one conditional UPDATE: PostgreSQL
 * picks rows with FOR UPDATE SKIP LOCKED so agents never wait on each other; SQLite serialises
 * writers anyway, so the same UPDATE without the locking clause is just as exclusive there.
 */
import { sql } from 'kysely';
import type { Runtime } from '../runtime.js';
import type { OperationsTable } from '../store/tables/operations.table.js';
import type { Trx } from '../store/database.js';

/** a stored operation row, as the agent and its executors see it */
export type OperationRow = OperationsTable;

export interface ClaimRequest {
  agentId: string;
  hosts: string[];
  limit: number;
}

export async function claimOperations(rt: Runtime, req: ClaimRequest): Promise<OperationsTable[]> {
  const db = rt.store.db;
  const now = rt.clock().toISOString();
  const leaseUntil = new Date(rt.clock().getTime() + rt.config.compute.operationLeaseMs).toISOString();
  let pick = db
    .selectFrom('operations')
    .select('id')
    .where('status', '=', 'pending')
    .where('run_after', '<=', now)
    .where((eb) => eb.or([eb('host', 'in', req.hosts), eb('host', 'is', null)]))
    .orderBy('created_at')
    .limit(req.limit);
  if (rt.store.adapter.supportsSkipLocked) pick = pick.forUpdate().skipLocked();
  return db
    .updateTable('operations')
    .set({ status: 'running', claimed_by: req.agentId, lease_until: leaseUntil, attempts: sql<number>`attempts + 1` })
    .where('id', 'in', pick)
    .where('status', '=', 'pending')
    .returningAll()
    .execute();
}

/**
 * Done only while this agent still holds the claim: when its host was declared down meanwhile
 * (another agent failed the row), a late finish must not turn that failure into a success.
 */
export async function completeOperation(rt: Runtime, id: string, agentId: string): Promise<boolean> {
  const r = await rt.store.db
    .updateTable('operations')
    .set({ status: 'done', finished_at: rt.clock().toISOString(), lease_until: null })
    .where('id', '=', id)
    .where('status', '=', 'running')
    .where('claimed_by', '=', agentId)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function failOperation(
  rt: Runtime,
  id: string,
  agentId: string,
  error: string,
): Promise<OperationsTable | undefined> {
  return rt.store.db
    .updateTable('operations')
    .set({ status: 'failed', finished_at: rt.clock().toISOString(), lease_until: null, error })
    .where('id', '=', id)
    .where('status', '=', 'running')
    .where('claimed_by', '=', agentId)
    .returningAll()
    .executeTakeFirst();
}

/**
 * Gives a claimed operation back, bound to the host that must run it (an unbound row whose
 * instance meanwhile got a host this agent does not own). The attempt does not count: no work
 * was done.
 */
export async function handBackOperation(rt: Runtime, id: string, agentId: string, host: string): Promise<void> {
  await rt.store.db
    .updateTable('operations')
    .set({
      status: 'pending',
      host,
      claimed_by: null,
      lease_until: null,
      run_after: rt.clock().toISOString(),
      attempts: sql<number>`attempts - 1`,
    })
    .where('id', '=', id)
    .where('status', '=', 'running')
    .where('claimed_by', '=', agentId)
    .execute();
}

/** binds an operation to the host that will continue it, in the caller's transaction */
export async function bindOperationToHost(trx: Trx, id: string, host: string): Promise<void> {
  await trx.updateTable('operations').set({ host }).where('id', '=', id).execute();
}

/** the unfinished operations bound to `hosts` (whose agents are gone), oldest first */
export async function openOperationsOfHosts(rt: Runtime, hosts: string[]): Promise<OperationsTable[]> {
  if (!hosts.length) return [];
  return rt.store.db
    .selectFrom('operations')
    .selectAll()
    .where('host', 'in', hosts)
    .where('status', 'in', ['pending', 'running'])
    .orderBy('created_at')
    .execute();
}

/**
 * Fails an operation of a down host, by one conditional UPDATE on the status and attempts it was
 * read with: of two agents sweeping at once only one gets the row back (and settles it).
 */
export async function failStaleOperation(
  rt: Runtime,
  op: OperationsTable,
  error: string,
): Promise<OperationsTable | undefined> {
  return rt.store.db
    .updateTable('operations')
    .set({ status: 'failed', finished_at: rt.clock().toISOString(), lease_until: null, error })
    .where('id', '=', op.id)
    .where('status', '=', op.status)
    .where('attempts', '=', op.attempts)
    .returningAll()
    .executeTakeFirst();
}

/** extends the lease of every operation this agent is running */
export async function renewLeases(rt: Runtime, agentId: string): Promise<void> {
  const leaseUntil = new Date(rt.clock().getTime() + rt.config.compute.operationLeaseMs).toISOString();
  await rt.store.db
    .updateTable('operations')
    .set({ lease_until: leaseUntil })
    .where('status', '=', 'running')
    .where('claimed_by', '=', agentId)
    .execute();
}

/** hands the operation back to the queue, to be claimed again after delayMs */
export async function retryOperation(rt: Runtime, id: string, delayMs: number): Promise<void> {
  await rt.store.db
    .updateTable('operations')
    .set({
      status: 'pending',
      claimed_by: null,
      lease_until: null,
      run_after: new Date(rt.clock().getTime() + delayMs).toISOString(),
    })
    .where('id', '=', id)
    .where('status', '=', 'running')
    .execute();
}

/**
 * Puts back 'running' rows whose lease expired, or that agentId held before a restart (null:
 * lease expiry only, for the periodic sweep while this agent's own work is in flight),
 * so they are claimed again. Rows that exhausted their attempts are failed instead; both lists
 * are returned for the caller to close events and settle instances.
 */
export async function recoverOperations(
  rt: Runtime,
  agentId: string | null,
  hosts: string[],
): Promise<{ requeued: OperationsTable[]; exhausted: OperationsTable[] }> {
  const db = rt.store.db;
  const now = rt.clock().toISOString();
  const stale = await db
    .selectFrom('operations')
    .selectAll()
    .where('status', '=', 'running')
    .where((eb) =>
      agentId === null
        ? eb('lease_until', '<', now)
        : eb.or([eb('lease_until', '<', now), eb('claimed_by', '=', agentId)]),
    )
    .where((eb) => eb.or([eb('host', 'in', hosts), eb('host', 'is', null)]))
    .execute();
  const exhausted: OperationsTable[] = [];
  const requeued: OperationsTable[] = [];
  for (const op of stale) {
    const giveUp = op.attempts >= rt.config.compute.maxOperationAttempts;
    const reason = `Operation ${op.kind} abandoned after ${op.attempts} attempt(s): the compute agent stopped while running it`;
    // conditional on the row still being the stale claim we saw: another agent may recover it too
    const r = await db
      .updateTable('operations')
      .set(
        giveUp
          ? { status: 'failed', finished_at: now, lease_until: null, error: reason }
          : { status: 'pending', claimed_by: null, lease_until: null, run_after: now },
      )
      .where('id', '=', op.id)
      .where('status', '=', 'running')
      .where('attempts', '=', op.attempts)
      .returningAll()
      .executeTakeFirst();
    if (r) (giveUp ? exhausted : requeued).push(r);
  }
  return { requeued, exhausted };
}
