/**
 * The periodic archive (and optional purge) a serving process runs when
 * `maintenance.archiveIntervalSeconds` is set. Several processes may run it on one PostgreSQL
 * database: batches are picked with SKIP LOCKED, so they share the work instead of doubling it.
 */
import type { Runtime } from '../../runtime.js';
import { ArchiveService, cutoffDaysAgo, total, type HistoryResult } from './archive-service.js';

export interface PeriodicTask {
  /** runs done since start (each archive, with its purge when configured) */
  readonly runs: number;
  stop(): Promise<void>;
}

/** null when the configuration leaves it off */
export function startArchiveTask(rt: Runtime): PeriodicTask | null {
  const m = rt.config.maintenance;
  const seconds = m.archiveIntervalSeconds ?? 0;
  if (!(seconds > 0)) return null;
  const service = new ArchiveService(rt);
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let stopped = false;
  let runs = 0;

  const runOnce = async () => {
    try {
      const archived = await service.archive({
        before: cutoffDaysAgo(rt, m.archiveOlderThanDays),
        batchSize: m.batchSize,
      });
      logIfAny(rt, 'archived deleted rows', archived);
      if (m.purgeOlderThanDays !== null && m.purgeOlderThanDays !== undefined) {
        logIfAny(
          rt,
          'purged archived rows',
          await service.purge({ before: cutoffDaysAgo(rt, m.purgeOlderThanDays), batchSize: m.batchSize }),
        );
      }
    } catch (e) {
      // the next run tries again; a failed batch rolled back whole
      rt.log.warn({ err: e }, 'periodic archive failed');
    } finally {
      runs++;
    }
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = runOnce().finally(() => {
        running = null;
        schedule();
      });
    }, seconds * 1000);
    // never the reason a process stays up
    timer.unref();
  };
  schedule();
  return {
    get runs() {
      return runs;
    },
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      if (running) await running;
    },
  };
}

function logIfAny(rt: Runtime, msg: string, r: HistoryResult): void {
  if (total(r.counts) > 0) rt.log.info({ rows: r.counts, batches: r.batches }, msg);
}
