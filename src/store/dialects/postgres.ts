import pg from 'pg';
import { PostgresDialect } from 'kysely';

// BIGINT columns (image sizes) fit in a JS number for every realistic value.
pg.types.setTypeParser(20, (v: string) => Number(v));

export function createPostgresDialect(url: string, maxConnections = 10): { dialect: PostgresDialect; pool: pg.Pool } {
  const pool = new pg.Pool({ connectionString: url, max: maxConnections });
  return { dialect: new PostgresDialect({ pool }), pool };
}
