/**
 * The initial schema, written once with Kysely's schema builder so it runs unchanged on SQLite and
 * PostgreSQL: text ids, ISO-text times, 0/1 integer booleans, JSON as text. One file per concern
 * under 0001-initial/; like every applied migration, none of them may change.
 */
import type { Kysely } from 'kysely';
import { identityTables } from './0001-initial/identity.js';
import { computeTables } from './0001-initial/compute.js';
import { networkTables } from './0001-initial/network.js';
import { eventsTables } from './0001-initial/events.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await identityTables(db);
  await computeTables(db);
  await networkTables(db);
  await eventsTables(db);
}
