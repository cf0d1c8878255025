/**
 * `stackbox db …`: schema migrations and bounded history (Nova's `nova-manage db
 * archive_deleted_rows` and `db purge`, with their table of rows per table).
 */
import type { Command } from 'commander';
import { addStoreOptions, buildConfig, type CommonFlags } from './options.js';
import { openRuntime } from '../bootstrap.js';
import { openStore, migrateToLatest } from '../store/store.js';
import { parseIsoTime } from '../lib/time.js';
import type { Runtime } from '../runtime.js';
import {
  ArchiveService,
  cutoffDaysAgo,
  DEFAULT_BATCH_SIZE,
  total,
  type HistoryResult,
  type TableCounts,
} from '../services/maintenance/archive-service.js';

export interface HistoryFlags extends CommonFlags {
  before?: string;
  olderThan?: string;
  dryRun?: boolean;
  batchSize?: string;
  verbose?: boolean;
}

export function addDbCommands(program: Command): void {
  const db = program.command('db').description('database maintenance');
  addStoreOptions(db.command('migrate').description('apply pending schema migrations')).action(
    async (flags: CommonFlags) => {
      const config = buildConfig(flags);
      const store = await openStore({
        memory: config.memory,
        dataDir: config.dataDir,
        databaseUrl: config.databaseUrl,
      });
      const applied = await migrateToLatest(store.db);
      process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'schema is up to date\n');
      await store.close();
    },
  );

  addHistoryOptions(
    addStoreOptions(
      db
        .command('archive')
        .description(
          'move deleted servers (with their actions, events, interfaces) and finished operations to the shadow tables',
        ),
    ),
  )
    .option('--batch-size <n>', `instances or operations per transaction (default ${DEFAULT_BATCH_SIZE})`)
    .action(async (flags: HistoryFlags, cmd: Command) => {
      await withRuntime(flags, cmd, async (rt, opts) => {
        const r = await new ArchiveService(rt).archive(opts);
        process.stdout.write(
          report(r, flags.verbose === true, { done: 'Archived', would: 'to Archive', none: 'Nothing was archived.' }),
        );
      });
    });

  addHistoryOptions(addStoreOptions(db.command('purge').description('delete archived rows from the shadow tables')))
    .option('--batch-size <n>', `rows per transaction (default ${DEFAULT_BATCH_SIZE})`)
    .action(async (flags: HistoryFlags, cmd: Command) => {
      await withRuntime(flags, cmd, async (rt, opts) => {
        const r = await new ArchiveService(rt).purge(opts);
        process.stdout.write(
          report(r, flags.verbose === true, { done: 'Purged', would: 'to Purge', none: 'Nothing was purged.' }),
        );
      });
    });
}

function addHistoryOptions(cmd: Command): Command {
  return cmd
    .option(
      '--before <date>',
      'rows deleted/finished before this date (ISO 8601, e.g. 2026-12-01 or 2026-12-01T12:00:00Z)',
    )
    .option('--older-than <days>', 'rows deleted/finished more than this many days ago')
    .option('--dry-run', 'only count what would go; change nothing')
    .option('--verbose', 'list every table, also those with no rows');
}

type HistoryRun = ReturnType<typeof historyOptions>;

/** opens the store, checks the flags against its clock, runs fn; bad flags end in commander's usage error */
async function withRuntime(
  flags: HistoryFlags,
  cmd: Command,
  fn: (rt: Runtime, opts: HistoryRun) => Promise<void>,
): Promise<void> {
  const config = buildConfig(flags);
  // a maintenance command must not create the first-start seed (users, networks) as a side effect
  const rt = await openRuntime(config, { noSeed: true });
  let opts: HistoryRun;
  try {
    opts = historyOptions(rt, flags);
  } catch (e) {
    await rt.store.close();
    cmd.error(`error: ${(e as Error).message}`);
  }
  try {
    await fn(rt, opts);
  } finally {
    await rt.store.close();
  }
}

/** the cut-off and batch size from the flags; exactly one of --before / --older-than */
export function historyOptions(rt: Runtime, flags: HistoryFlags): { before: Date; batchSize: number; dryRun: boolean } {
  if ((flags.before === undefined) === (flags.olderThan === undefined))
    throw new Error('give exactly one of --before DATE and --older-than DAYS');
  let before: Date;
  if (flags.before !== undefined) {
    const d = parseIsoTime(flags.before);
    if (!d)
      throw new Error(
        `invalid --before ${flags.before}: expected an ISO 8601 date such as 2026-12-01 or 2026-12-01T12:00:00Z`,
      );
    before = d;
  } else {
    const days = Number(flags.olderThan);
    if (!/^\d+(\.\d+)?$/.test(flags.olderThan ?? '') || !Number.isFinite(days))
      throw new Error(`invalid --older-than ${flags.olderThan}: expected a number of days`);
    before = cutoffDaysAgo(rt, days);
  }
  const batchSize = flags.batchSize === undefined ? DEFAULT_BATCH_SIZE : Number(flags.batchSize);
  if (!Number.isInteger(batchSize) || batchSize < 1)
    throw new Error(`invalid --batch-size ${flags.batchSize}: expected a positive integer`);
  return { before, batchSize, dryRun: flags.dryRun === true };
}

interface Wording {
  done: string;
  would: string;
  none: string;
}

/** Nova's summary: a two-column table of rows per table, tables with no rows left out unless verbose */
export function report(r: HistoryResult, verbose: boolean, w: Wording): string {
  const heading = r.dryRun ? `Number of Rows ${w.would}` : `Number of Rows ${w.done}`;
  const rows = (Object.entries(r.counts) as Array<[keyof TableCounts, number]>)
    .filter(([, n]) => verbose || n > 0)
    .sort(([a], [b]) => a.localeCompare(b));
  const prefix = r.dryRun ? 'Dry run: nothing was changed.\n' : '';
  if (!total(r.counts) && !verbose) return `${prefix}${r.dryRun ? w.none.replace('was', 'would be') : w.none}\n`;
  return (
    prefix +
    table(
      ['Table', heading],
      rows.map(([t, n]) => [t, String(n)]),
    )
  );
}

function table(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = '+' + widths.map((w) => '-'.repeat(w + 2)).join('+') + '+\n';
  const row = (cells: string[]) => '|' + cells.map((c, i) => ` ${c.padEnd(widths[i] ?? 0)} `).join('|') + '|\n';
  return line + row(head) + line + rows.map(row).join('') + line;
}
