/**
 * Bounded history (Nova's `nova-manage db archive_deleted_rows` and `db purge`).
 *
 * archive: soft-deleted instances whose deleted_at is before the cut-off move to the shadow
 * tables with everything that belongs to them (instance actions and their events, external
 * events, event waits, virtual interfaces, tags; metadata, security groups and the fault are
 * columns of the instance row), and so do finished operations (done/failed before the cut-off,
 * of any server, external event batches included) with their event waits. Live servers keep
 * their instance actions: os-instance-actions lists them for as long as the server exists.
 * Ports and IP allocations are not history: a deleted server's ports were deleted or unbound
 * when it was deleted, and they belong to Neutron's view, not to the instance.
 *
 * purge: deletes shadow rows older than the cut-off (each table by its own time column, as Nova
 * does; tags when their instance is gone).
 *
 * Both run in batches of `batchSize` (instances, operations or rows) per transaction, and may run
 * while the service runs and in several processes at once (see archive-repository.ts).
 */
import type { Runtime } from '../../runtime.js';
import {
  addCounts,
  countArchivable,
  countPurgeable,
  moveDeletedInstances,
  moveFinishedOperations,
  moveInstanceChildren,
  pickArchivedInstancesWithRows,
  pickDeletedInstances,
  pickFinishedOperations,
  purgeBatch,
  PURGE_ORDER,
  zeroCounts,
  type TableCounts,
} from '../../store/repositories/archive-repository.js';
import type { Trx } from '../../store/database.js';

export type { TableCounts } from '../../store/repositories/archive-repository.js';

export interface HistoryOptions {
  /** rows older than this go */
  before: Date;
  /** instances, operations or rows per transaction */
  batchSize?: number;
  /** count only, change nothing */
  dryRun?: boolean;
}

export interface HistoryResult {
  /** rows per table moved (archive) or deleted (purge); what would be, on a dry run */
  counts: TableCounts;
  dryRun: boolean;
  /** transactions that changed something */
  batches: number;
}

export const DEFAULT_BATCH_SIZE = 100;
const CONFLICT_RETRIES = 5;

export function total(counts: TableCounts): number {
  return Object.values(counts).reduce((a, b) => a + b, 0);
}

/** the cut-off `days` before the runtime clock's now */
export function cutoffDaysAgo(rt: Runtime, days: number): Date {
  return new Date(rt.clock().getTime() - days * 86_400_000);
}

export class ArchiveService {
  constructor(private readonly rt: Runtime) {}

  async archive(opts: HistoryOptions): Promise<HistoryResult> {
    const cutoff = opts.before.toISOString();
    const limit = batchSizeOf(opts);
    if (opts.dryRun) return { counts: await countArchivable(this.rt.store.db, cutoff), dryRun: true, batches: 0 };
    const adapter = this.rt.store.adapter;
    const counts = zeroCounts();
    let batches = 0;
    const drain = async (step: (trx: Trx) => Promise<TableCounts | null>) => {
      for (;;) {
        const moved = await this.batch(step);
        if (moved === null) return;
        addCounts(counts, moved);
        batches++;
      }
    };
    await drain(async (trx) => {
      const uuids = await pickDeletedInstances(trx, adapter, cutoff, limit);
      if (!uuids.length) return null;
      const moved = await moveInstanceChildren(trx, uuids);
      moved.instances = await moveDeletedInstances(trx, uuids, cutoff);
      return moved;
    });
    // rows written for an instance after it was archived (a late external event, say)
    await drain(async (trx) => {
      const uuids = await pickArchivedInstancesWithRows(trx, limit);
      if (!uuids.length) return null;
      const moved = await moveInstanceChildren(trx, uuids);
      return total(moved) ? moved : null;
    });
    await drain(async (trx) => {
      const ids = await pickFinishedOperations(trx, adapter, cutoff, limit);
      return ids.length ? moveFinishedOperations(trx, ids, cutoff) : null;
    });
    return { counts, dryRun: false, batches };
  }

  async purge(opts: HistoryOptions): Promise<HistoryResult> {
    const cutoff = opts.before.toISOString();
    const limit = batchSizeOf(opts);
    const db = this.rt.store.db;
    if (opts.dryRun) return { counts: await countPurgeable(db, cutoff), dryRun: true, batches: 0 };
    const counts = zeroCounts();
    let batches = 0;
    for (const table of PURGE_ORDER) {
      for (;;) {
        // one DELETE per batch is its own transaction
        const n = await purgeBatch(db, table, cutoff, limit);
        if (!n) break;
        counts[table] += n;
        batches++;
      }
    }
    return { counts, dryRun: false, batches };
  }

  /** one transaction; retried when a concurrent writer made it fail (SQLite busy, PostgreSQL deadlock) */
  private async batch<T>(step: (trx: Trx) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.rt.store.transaction(step);
      } catch (e) {
        if (attempt >= CONFLICT_RETRIES || !this.rt.store.adapter.isRetryableConflict(e)) throw e;
        await new Promise((r) => setTimeout(r, 20 * attempt));
      }
    }
  }
}

function batchSizeOf(opts: HistoryOptions): number {
  const n = opts.batchSize ?? DEFAULT_BATCH_SIZE;
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`batch size must be a positive integer, not ${n}`);
  return n;
}
