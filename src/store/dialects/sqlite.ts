import BetterSqlite3 from 'better-sqlite3';
import { SqliteDialect } from 'kysely';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

/** Opens the embedded database: a file under dataDir, or a private in-memory database. */
export function createSqliteDialect(opts: { memory: boolean; dataDir: string }): { dialect: SqliteDialect; file: string } {
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
  database.function('regexp', { deterministic: true }, (pattern: unknown, value: unknown) => {
    if (value === null || value === undefined) return 0;
    const p = String(pattern);
    let re = cache.get(p);
    if (re === undefined) {
      try {
        re = p.startsWith('(?i)') ? new RegExp(p.slice(4), 'i') : new RegExp(p);
      } catch {
        re = null;
      }
      cache.set(p, re);
    }
    return re !== null && re.test(String(value)) ? 1 : 0;
  });
  return { dialect: new SqliteDialect({ database: withStatementCache(database) }), file };
}

/**
 * Kysely's SQLite driver calls `prepare(sql)` for every query, and compiling SQL was a tenth of the
 * CPU of a GET /servers/{id} (bench profile, docs/performance.md). Statements are reusable: the
 * driver runs one query at a time on its single connection, and SQLite re-prepares a statement by
 * itself after a schema change. Bounded, least recently used first out, because `IN (?, ?, …)`
 * lists make many distinct texts.
 */
function withStatementCache(database: BetterSqlite3.Database, max = 2000) {
  const statements = new Map<string, BetterSqlite3.Statement>();
  return {
    close: () => { statements.clear(); database.close(); },
    prepare: (sql: string) => {
      let stmt = statements.get(sql);
      if (stmt) {
        statements.delete(sql);
      } else {
        stmt = database.prepare(sql);
        if (statements.size >= max) statements.delete(statements.keys().next().value as string);
      }
      statements.set(sql, stmt);
      return stmt;
    },
  };
}
