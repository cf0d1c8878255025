/**
 * Opens the store (SQLite by default, PostgreSQL with a postgres:// URL), applies migrations and
 * exposes the typed Kysely instance plus the dialect adapter.
 */
import { Kysely, Migrator, type MigrationProvider, type Migration } from 'kysely';
import type { Database, Db, Trx } from './database.js';
import { createSqliteDialect } from './dialects/sqlite.js';
import { createPostgresDialect } from './dialects/postgres.js';
import { sqliteAdapter, postgresAdapter, type DialectAdapter } from './dialects/adapter.js';
import { migrations } from './migrations/index.js';

export interface Store {
  db: Db;
  adapter: DialectAdapter;
  /** where the data lives, for logs: a file path, ':memory:' or the PostgreSQL URL without password */
  location: string;
  /** runs fn in one transaction; everything it writes commits together or not at all */
  transaction<T>(fn: (trx: Trx) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface StoreOptions {
  memory: boolean;
  dataDir: string;
  databaseUrl: string | null;
  /** PostgreSQL schema to use (tests isolate themselves in a private schema) */
  schema?: string;
}

function withSearchPath(url: string, schema: string): string {
  const u = new URL(url);
  u.searchParams.set('options', `-c search_path="${schema}"`);
  return u.toString();
}

export async function openStore(opts: StoreOptions): Promise<Store> {
  if (opts.databaseUrl) {
    const url = opts.databaseUrl;
    // a private schema is every connection's search_path from its start-up packet: a SET sent
    // after connecting is one more query that can fail unobserved when the pool is closed under it
    const { dialect, pool } = createPostgresDialect(opts.schema ? withSearchPath(url, opts.schema) : url);
    if (opts.schema) {
      const c = await pool.connect();
      try {
        await c.query(`CREATE SCHEMA IF NOT EXISTS "${opts.schema}"`);
      } finally {
        c.release();
      }
    }
    const db = new Kysely<Database>({ dialect });
    return makeStore(db, postgresAdapter, url.replace(/:\/\/([^:@]+):[^@]*@/, '://$1:***@'));
  }
  const { dialect, file } = createSqliteDialect(opts);
  const db = new Kysely<Database>({ dialect });
  return makeStore(db, sqliteAdapter, file);
}

function makeStore(db: Db, adapter: DialectAdapter, location: string): Store {
  return {
    db,
    adapter,
    location,
    transaction: (fn) => db.transaction().execute(fn),
    close: () => db.destroy(),
  };
}

class StaticProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    return migrations;
  }
}

/** Applies every pending migration; returns the names applied. Throws on failure. */
export async function migrateToLatest(db: Db, schema?: string): Promise<string[]> {
  // with a private schema, Kysely must look for its migration tables in that schema only: its
  // introspection lists every schema, so another test's tables would otherwise look like ours
  const migrator = new Migrator({
    db,
    provider: new StaticProvider(),
    // migration numbers are handed out to work done in parallel, so a database may have run a
    // higher number before a lower one lands; each migration touches only its own tables
    allowUnorderedMigrations: true,
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error('migration failed', { cause: error });
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
