/**
 * Shadow tables (Nova's archive model): `stackbox db archive` moves soft-deleted instances with
 * everything that belongs to them, and finished operations, into shadow_<table>; `db purge`
 * deletes from there. A shadow table has the columns of its table as they are when this runs, so
 * whatever earlier migrations added is included; a later migration that adds a column to one of
 * these tables must add it to the shadow table too (test/store/archive.test.ts checks it).
 *
 * Shadow tables keep the primary key, so a row can never be archived twice, but no other unique
 * constraint, foreign key or NOT NULL: history only accumulates there (a port's id may appear in
 * several archived virtual interfaces over time).
 */
import { sql, type Kysely } from 'kysely';
import { adapterOf } from '../dialects/adapter.js';

interface ShadowSpec {
  table: string;
  primaryKey: string[];
  timeColumn: string | null;
}

/**
 * the archived tables, their key, and the column `db purge` compares with its cut-off (tags have
 * none: they go with their instance, found through the key)
 */
const SHADOWED: ShadowSpec[] = [
  { table: 'instances', primaryKey: ['uuid'], timeColumn: 'deleted_at' },
  { table: 'instance_tags', primaryKey: ['instance_uuid', 'tag'], timeColumn: null },
  { table: 'instance_actions', primaryKey: ['id'], timeColumn: 'updated_at' },
  { table: 'instance_action_events', primaryKey: ['id'], timeColumn: 'start_time' },
  { table: 'server_events', primaryKey: ['id'], timeColumn: 'received_at' },
  { table: 'event_waits', primaryKey: ['id'], timeColumn: 'started_at' },
  { table: 'virtual_interfaces', primaryKey: ['id'], timeColumn: 'created_at' },
  { table: 'operations', primaryKey: ['id'], timeColumn: 'finished_at' },
];

const TYPE_NAME = /^[A-Za-z][A-Za-z0-9_ ()]*$/;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  const adapter = adapterOf(db);
  for (const spec of SHADOWED) {
    const columns = await adapter.columnsOf(db, spec.table);
    if (!columns.length) throw new Error(`shadow tables: table ${spec.table} not found`);
    let create = db.schema.createTable(`shadow_${spec.table}`);
    for (const c of columns) {
      if (!TYPE_NAME.test(c.type))
        throw new Error(`shadow tables: unexpected type ${c.type} of ${spec.table}.${c.name}`);
      create = create.addColumn(c.name, sql.raw(c.type));
    }
    await create.addPrimaryKeyConstraint(`shadow_${spec.table}_pk`, spec.primaryKey as never).execute();
    if (spec.timeColumn)
      await db.schema
        .createIndex(`shadow_${spec.table}_purge_idx`)
        .on(`shadow_${spec.table}`)
        .column(spec.timeColumn)
        .execute();
  }
}
