/**
 * The only way into the `operations` table. Enqueue in the same transaction as the state change
 * (the parameter is a transaction, not any handle), so a committed transition always has its
 * work item. After commit the caller wakes the agents with rt.bus.operationEnqueued(host).
 */
import { newUuid } from '../lib/ids.js';
import type { Trx } from '../store/database.js';
import { precompiledInsert } from '../store/precompiled-insert.js';
import type { OperationsTable } from '../store/tables/operations.table.js';
import type { Operation } from './registry.js';

/**
 * host: the host whose agent must run it, once the instance has one; null only while no host is
 * chosen (a build being scheduled, the delete of a server never scheduled): any agent may run it.
 */
export type EnqueueRequest = Operation & {
  instanceUuid: string | null;
  host: string | null;
  requestId: string | null;
  id?: string;
};

function row(op: EnqueueRequest, at: string): OperationsTable {
  return {
    id: op.id ?? newUuid(),
    kind: op.kind,
    instance_uuid: op.instanceUuid,
    host: op.host,
    status: 'pending',
    payload: JSON.stringify(op.payload),
    request_id: op.requestId,
    attempts: 0,
    claimed_by: null,
    lease_until: null,
    run_after: at,
    created_at: at,
    finished_at: null,
    error: null,
  };
}

/** at: the runtime clock's now (ISO), the row's created_at and earliest run time */
export async function enqueueOperation(trx: Trx, op: EnqueueRequest, at: string): Promise<string> {
  const r = row(op, at);
  await insertRows(trx, [r]);
  return r.id;
}

/**
 * Many operations in one statement per 200 rows (an external event batch makes one per host):
 * the multi-row INSERT is precompiled, since building it through Kysely cost as much CPU as the
 * database took to run it (src/store/precompiled-insert.ts).
 */
export async function enqueueOperations(trx: Trx, ops: EnqueueRequest[], at: string): Promise<void> {
  const rows = ops.map((o) => row(o, at));
  // 14 columns a row: stay far below SQLite's and PostgreSQL's bind-parameter limits
  for (let i = 0; i < rows.length; i += 200) await insertRows(trx, rows.slice(i, i + 200));
}

const insertRows = precompiledInsert('operations', [
  'id',
  'kind',
  'instance_uuid',
  'host',
  'status',
  'payload',
  'request_id',
  'attempts',
  'claimed_by',
  'lease_until',
  'run_after',
  'created_at',
  'finished_at',
  'error',
]);
