/**
 * Everything that differs between SQLite and PostgreSQL, as capability flags and small SQL
 * builders. No other module may branch on the database kind.
 */
import { sql, type RawBuilder, type Expression, type Transaction } from 'kysely';

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
}

export const sqliteAdapter: DialectAdapter = {
  name: 'sqlite',
  supportsSkipLocked: false,
  supportsConcurrentWriters: false,
  // REGEXP is registered as a JavaScript function on every SQLite connection (see sqlite.ts)
  regexpMatch: (expr, pattern) => sql<boolean>`${expr} REGEXP ${pattern}`,
  regexpMatchInsensitive: (expr, pattern) => sql<boolean>`${expr} REGEXP ${'(?i)' + pattern}`,
  isUniqueViolation: (err) =>
    typeof err === 'object' && err !== null && 'code' in err &&
    String((err as { code: unknown }).code).startsWith('SQLITE_CONSTRAINT_') &&
    ['SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_CONSTRAINT_PRIMARYKEY'].includes(String((err as { code: unknown }).code)),
  isRetryableConflict: (err) =>
    typeof err === 'object' && err !== null && 'code' in err &&
    ['SQLITE_BUSY', 'SQLITE_CONSTRAINT_FOREIGNKEY'].includes(String((err as { code: unknown }).code)),
  lockForUpdateOf: async () => {},
};

export const postgresAdapter: DialectAdapter = {
  name: 'postgres',
  supportsSkipLocked: true,
  supportsConcurrentWriters: true,
  regexpMatch: (expr, pattern) => sql<boolean>`${expr} ~ ${pattern}`,
  regexpMatchInsensitive: (expr, pattern) => sql<boolean>`${expr} ~* ${pattern}`,
  isUniqueViolation: (err) =>
    typeof err === 'object' && err !== null && 'code' in err && (err as { code: unknown }).code === '23505',
  // 40P01 deadlock_detected, 40001 serialization_failure, 23503 foreign_key_violation
  isRetryableConflict: (err) =>
    typeof err === 'object' && err !== null && 'code' in err && ['40P01', '40001', '23503'].includes(String((err as { code: unknown }).code)),
  lockForUpdateOf: async (trx, key) => {
    await sql`SELECT pg_advisory_xact_lock(hashtext(${key}))`.execute(trx);
  },
};
