/**
 * Everything that differs between SQLite and PostgreSQL, as capability flags and small SQL
 * builders. No other module may branch on the database kind.
 */
import { PostgresAdapter, sql, type Kysely, type RawBuilder, type Expression, type Transaction } from 'kysely';

export type DialectName = 'sqlite' | 'postgres';

export interface DialectAdapter {
  readonly name: DialectName;
  /** SELECT … FOR UPDATE SKIP LOCKED is available (PostgreSQL) */
  readonly supportsSkipLocked: boolean;
  /** several connections may write at once (PostgreSQL); SQLite serialises writers */
  readonly supportsConcurrentWriters: boolean;
  /** `expr ~ pattern` (regular-expression match, case-sensitive like Python's re.search) */
  regexpMatch(expr: Expression<unknown>, pattern: string): RawBuilder<boolean>;
  /** case-insensitive regular-expression match */
  regexpMatchInsensitive(expr: Expression<unknown>, pattern: string): RawBuilder<boolean>;
  /** is this driver error a unique-constraint violation? */
  isUniqueViolation(err: unknown): boolean;
  /** is this driver error a foreign-key violation (a referenced row missing, or still referenced)? */
  isForeignKeyViolation(err: unknown): boolean;
  /**
   * did a concurrent transaction make this one fail in a way that a fresh attempt resolves
   * (deadlock, serialization failure, foreign key gone or added meanwhile, database busy)?
   */
  isRetryableConflict(err: unknown): boolean;
  /**
   * Serialises transactions that check-then-insert against a shared limit (quota usage of one
   * project) until the calling transaction ends. PostgreSQL: a transaction-scoped advisory lock;
   * SQLite: nothing to do, writers are already serialised.
   */
  lockForUpdateOf(trx: Transaction<any>, key: string): Promise<void>; // eslint-disable-line @typescript-eslint/no-explicit-any
  /**
   * Aggregate: a JSON array of `value` over the group's rows in `orderBy` order, `[]` for none
   * (SQLite json_group_array, PostgreSQL json_agg). Read the column with `jsonColumn`.
   */
  jsonArrayAgg(value: Expression<unknown>, orderBy: RawBuilder<unknown>): RawBuilder<unknown>;
  /** a JSON array of the values (SQLite json_array, PostgreSQL json_build_array) */
  jsonArray(values: Expression<unknown>[]): RawBuilder<unknown>;
  /** the column type for raw bytes (SQLite blob, PostgreSQL bytea) */
  readonly binaryColumnType: 'blob' | 'bytea';
  /**
   * The columns of a table of the current schema, in definition order, with their declared type
   * as the database names it (a valid type name for CREATE TABLE on the same database).
   */
  columnsOf(db: Kysely<any>, table: string): Promise<TableColumn[]>; // eslint-disable-line @typescript-eslint/no-explicit-any
  /**
   * Drops the UNIQUE constraint declared on one column (migrations only). PostgreSQL drops the
   * named constraint; SQLite cannot, so the table is rebuilt without it (the documented
   * twelve-step procedure, foreign keys off meanwhile so no cascade fires and other tables'
   * references to it keep pointing at the rebuilt table).
   */
  dropColumnUnique(db: Kysely<any>, table: string, column: string): Promise<void>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export interface TableColumn {
  name: string;
  type: string;
}

/** A JSON column as JavaScript: SQLite returns the text, node-postgres has already parsed json values. */
export function jsonColumn<T>(value: unknown): T {
  if (typeof value !== 'string') return value as T;
  // the usual empty list, without the parser
  return (value === '[]' ? [] : JSON.parse(value)) as T;
}

export const sqliteAdapter: DialectAdapter = {
  name: 'sqlite',
  supportsSkipLocked: false,
  supportsConcurrentWriters: false,
  // REGEXP is registered as a JavaScript function on every SQLite connection (see sqlite.ts)
  regexpMatch: (expr, pattern) => sql<boolean>`${expr} REGEXP ${pattern}`,
  regexpMatchInsensitive: (expr, pattern) => sql<boolean>`${expr} REGEXP ${'(?i)' + pattern}`,
  isUniqueViolation: (err) =>
    typeof err === 'object' &&
    err !== null &&
    'code' in err &&
    String(err.code).startsWith('SQLITE_CONSTRAINT_') &&
    ['SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_CONSTRAINT_PRIMARYKEY'].includes(String(err.code)),
  isForeignKeyViolation: (err) =>
    typeof err === 'object' && err !== null && 'code' in err && err.code === 'SQLITE_CONSTRAINT_FOREIGNKEY',
  isRetryableConflict: (err) =>
    typeof err === 'object' &&
    err !== null &&
    'code' in err &&
    ['SQLITE_BUSY', 'SQLITE_CONSTRAINT_FOREIGNKEY'].includes(String(err.code)),
  lockForUpdateOf: async () => {},
  jsonArrayAgg: (value, orderBy) => sql`json_group_array(${value} order by ${orderBy})`,
  jsonArray: (values) => sql`json_array(${sql.join(values)})`,
  binaryColumnType: 'blob',
  columnsOf: async (db, table) => {
    const r = await sql<{
      name: string;
      type: string;
    }>`SELECT name, type FROM pragma_table_info(${table}) ORDER BY cid`.execute(db);
    return r.rows.map((c) => ({ name: c.name, type: c.type || 'text' }));
  },
  dropColumnUnique: async (db, table, column) => {
    const found = await sql<{
      sql: string;
    }>`SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ${table}`.execute(db);
    const create = found.rows[0]?.sql;
    if (!create) throw new Error(`dropColumnUnique: table ${table} not found`);
    const columnUnique = new RegExp(`("${column}"[^,)]*?)\\s+unique`, 'i');
    if (!columnUnique.test(create)) throw new Error(`dropColumnUnique: ${table}.${column} is not UNIQUE`);
    const rebuilt = `${table}__rebuild`;
    const createRebuilt = create.replace(columnUnique, '$1').replace(`"${table}"`, `"${rebuilt}"`);
    // PRAGMA foreign_keys is a no-op inside a transaction; Kysely runs SQLite migrations outside one
    await sql`PRAGMA foreign_keys = OFF`.execute(db);
    try {
      await sql.raw(createRebuilt).execute(db);
      await sql`INSERT INTO ${sql.table(rebuilt)} SELECT * FROM ${sql.table(table)}`.execute(db);
      await sql`DROP TABLE ${sql.table(table)}`.execute(db);
      await sql`ALTER TABLE ${sql.table(rebuilt)} RENAME TO ${sql.table(table)}`.execute(db);
    } finally {
      await sql`PRAGMA foreign_keys = ON`.execute(db);
    }
  },
};

export const postgresAdapter: DialectAdapter = {
  name: 'postgres',
  supportsSkipLocked: true,
  supportsConcurrentWriters: true,
  regexpMatch: (expr, pattern) => sql<boolean>`${expr} ~ ${pattern}`,
  regexpMatchInsensitive: (expr, pattern) => sql<boolean>`${expr} ~* ${pattern}`,
  isUniqueViolation: (err) => typeof err === 'object' && err !== null && 'code' in err && err.code === '23505',
  isForeignKeyViolation: (err) => typeof err === 'object' && err !== null && 'code' in err && err.code === '23503',
  // 40P01 deadlock_detected, 40001 serialization_failure, 23503 foreign_key_violation
  isRetryableConflict: (err) =>
    typeof err === 'object' && err !== null && 'code' in err && ['40P01', '40001', '23503'].includes(String(err.code)),
  lockForUpdateOf: async (trx, key) => {
    await sql`SELECT pg_advisory_xact_lock(hashtext(${key}))`.execute(trx);
  },
  // json_agg over no rows is NULL, not []
  jsonArrayAgg: (value, orderBy) => sql`coalesce(json_agg(${value} order by ${orderBy}), '[]'::json)`,
  jsonArray: (values) => sql`json_build_array(${sql.join(values)})`,
  binaryColumnType: 'bytea',
  columnsOf: async (db, table) => {
    // udt_name (text, int4, int8, float4, bytea…) is a type name CREATE TABLE accepts as is
    const r = await sql<{
      name: string;
      type: string;
    }>`SELECT column_name AS name, udt_name AS type FROM information_schema.columns
      WHERE table_schema = current_schema() AND table_name = ${table} ORDER BY ordinal_position`.execute(db);
    return r.rows;
  },
  dropColumnUnique: async (db, table, column) => {
    const found = await sql<{ name: string }>`SELECT c.conname AS name FROM pg_constraint c
      JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey)
      WHERE c.contype = 'u' AND c.conrelid = to_regclass(quote_ident(current_schema()) || '.' || ${table})
        AND a.attname = ${column} AND array_length(c.conkey, 1) = 1`.execute(db);
    const name = found.rows[0]?.name;
    if (!name) throw new Error(`dropColumnUnique: ${table}.${column} is not UNIQUE`);
    await sql`ALTER TABLE ${sql.table(table)} DROP CONSTRAINT ${sql.ref(name)}`.execute(db);
  },
};

/**
 * The adapter for a Kysely instance, for code that only gets the instance (migrations): Kysely's
 * own adapter says which SQL dialect it builds for.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function adapterOf(db: Kysely<any>): DialectAdapter {
  return db.getExecutor().adapter instanceof PostgresAdapter ? postgresAdapter : sqliteAdapter;
}
