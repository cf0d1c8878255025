import pg from 'pg';
import { PostgresDialect, type Dialect } from 'kysely';
import { withDirectReads, type DirectReader } from '../precompiled.js';

// BIGINT columns (image sizes) fit in a JS number for every realistic value.
pg.types.setTypeParser(20, (v: string) => Number(v));

export function createPostgresDialect(url: string, maxConnections = 10): { dialect: Dialect; pool: pg.Pool } {
  const pool = new pg.Pool({ connectionString: url, max: maxConnections });
  // precompiled reads (src/store/precompiled.ts): one pool query, as Kysely's driver would run it
  // on a pooled client, without its executor around it
  const read: DirectReader = async (sql, parameters) =>
    (await pool.query<Record<string, unknown>>(sql, parameters as unknown[])).rows;
  return { dialect: withDirectReads(new PostgresDialect({ pool }), read), pool };
}
