/**
 * Counts store queries at the driver: every better-sqlite3 statement run, or every pg client
 * query. Counting at Kysely's connection would miss the precompiled reads, which go straight to
 * the driver outside a transaction (src/store/precompiled.ts).
 */
import Database from 'better-sqlite3';
import pg from 'pg';

export interface QueryCounter {
  readonly count: number;
  reset(): void;
}

export function countQueries(postgres: boolean): QueryCounter {
  let count = 0;
  const wrap = (target: Record<string, (...a: unknown[]) => unknown>, method: string) => {
    const original = target[method] as (...a: unknown[]) => unknown;
    target[method] = function (this: unknown, ...a: unknown[]) {
      count++;
      return original.apply(this, a);
    };
  };
  if (postgres) {
    wrap(pg.Client.prototype as unknown as Record<string, (...a: unknown[]) => unknown>, 'query');
  } else {
    const probe = new Database(':memory:');
    const statementProto = Object.getPrototypeOf(probe.prepare('select 1')) as Record<
      string,
      (...a: unknown[]) => unknown
    >;
    probe.close();
    for (const m of ['all', 'get', 'run', 'iterate']) wrap(statementProto, m);
  }
  return {
    get count() {
      return count;
    },
    reset: () => {
      count = 0;
    },
  };
}
