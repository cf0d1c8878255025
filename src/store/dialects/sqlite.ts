import BetterSqlite3 from 'better-sqlite3';
import { SqliteDialect, type Dialect, type SqliteStatement } from 'kysely';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { withDirectReads, type DirectReader } from '../precompiled.js';

/** Opens the embedded database: a file under dataDir, or a private in-memory database. */

/** what SQLite hands a user function */
type SqliteValue = string | number | bigint | Buffer | null;

/** a value's text as SQLite would cast it (blobs as UTF-8) */
function sqliteText(v: Exclude<SqliteValue, null>): string {
  return typeof v === 'string' ? v : Buffer.isBuffer(v) ? v.toString('utf8') : v.toString();
}

export function createSqliteDialect(opts: { memory: boolean; dataDir: string }): { dialect: Dialect; file: string } {
  let file = ':memory:';
  if (!opts.memory) {
    mkdirSync(opts.dataDir, { recursive: true });
    file = join(opts.dataDir, 'stackbox.sqlite');
  }
  const database = new BetterSqlite3(file);
  // WAL lets readers proceed during a write; NORMAL sync is durable across process crashes.
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  database.pragma('foreign_keys = ON');
  database.pragma('busy_timeout = 5000');
  const cache = new Map<string, RegExp | null>();
  // Python-style `(?i)` prefix switches on case-insensitivity, as in Nova's regex filters.
  database.function('regexp', { deterministic: true }, (pattern: SqliteValue, value: SqliteValue) => {
    if (value === null || pattern === null) return 0;
    const p = sqliteText(pattern);
    let re = cache.get(p);
    if (re === undefined) {
      try {
        re = p.startsWith('(?i)') ? new RegExp(p.slice(4), 'i') : new RegExp(p);
      } catch {
        re = null;
      }
      cache.set(p, re);
    }
    return re !== null && re.test(sqliteText(value)) ? 1 : 0;
  });
  const cached = withStatementCache(database);
  // precompiled reads (src/store/precompiled.ts) run the cached statement synchronously. Kysely's
  // driver runs every query synchronously too, so between two awaits the single connection is
  // only held across awaits by a transaction: while one is open the read declines and waits for
  // the connection through Kysely, so it never sees uncommitted rows.
  const read: DirectReader = (sql, parameters) =>
    database.inTransaction ? undefined : cached.prepare(sql).all(parameters);
  return { dialect: withDirectReads(new SqliteDialect({ database: cached }), read), file };
}

/**
 * Kysely's SQLite driver calls `prepare(sql)` for every query, and compiling SQL was a tenth of the
 * CPU of a GET /servers/{id} (bench profile, docs/performance.md). Statements are reusable: the
 * driver runs one query at a time on its single connection, and SQLite re-prepares a statement by
 * itself after a schema change. Bounded, least recently used first out, because `IN (?, ?, …)`
 * lists make many distinct texts. DDL empties the cache, so no row builder outlives its columns.
 */
function withStatementCache(database: BetterSqlite3.Database, max = 2000) {
  const statements = new Map<string, SqliteStatement>();
  return {
    close: () => {
      statements.clear();
      database.close();
    },
    prepare: (sql: string): SqliteStatement => {
      let stmt = statements.get(sql);
      if (stmt) {
        statements.delete(sql);
      } else {
        const prepared = database.prepare(sql);
        if (prepared.reader) stmt = objectRows(prepared);
        else if (DDL.test(sql))
          return {
            ...statement(prepared),
            run: (p) => {
              const r = prepared.run(p);
              statements.clear();
              return r;
            },
          };
        else stmt = prepared;
        if (statements.size >= max) statements.delete(statements.keys().next().value as string);
      }
      statements.set(sql, stmt);
      return stmt;
    },
  };
}

const DDL = /^\s*(create|alter|drop)\b/i;

/**
 * Rows as better-sqlite3 returns them in object mode, built faster: object mode adds each column to
 * a fresh object through the C++ API (~0.2 µs a cell: 9 µs for one 42-column instance row, 0.84 ms
 * for a 100-row detail page), while raw mode returns arrays at half that, and an object literal
 * compiled from the column names gives V8 one fixed shape. Same keys in the same order; with
 * duplicate names the last column wins, as in object mode.
 */
function objectRows(stmt: BetterSqlite3.Statement): SqliteStatement {
  stmt.raw(true);
  let width = -1;
  let build: (r: unknown[]) => Record<string, unknown> = () => ({});
  const toObject = (r: unknown[]) => {
    if (r.length !== width) {
      const names = stmt.columns().map((c) => c.name);
      width = names.length;
      // eslint-disable-next-line @typescript-eslint/no-implied-eval -- the keys are JSON string literals of column names
      build = new Function(
        'r',
        `return {${names.map((n, i) => `${JSON.stringify(n)}: r[${i}]`).join(', ')}};`,
      ) as typeof build;
    }
    return build(r);
  };
  return {
    reader: true,
    run: (p) => stmt.run(p),
    all: (p) => (stmt.all(p) as unknown[][]).map(toObject),
    iterate: function* (p) {
      for (const r of stmt.iterate(p) as IterableIterator<unknown[]>) yield toObject(r);
    },
  };
}

/** A non-reading statement as the driver sees it. */
function statement(stmt: BetterSqlite3.Statement): SqliteStatement {
  return { reader: false, run: (p) => stmt.run(p), all: (p) => stmt.all(p), iterate: (p) => stmt.iterate(p) };
}
