/** Migration 0035 on a store that already has provider networks (SQLite, in memory). */
import { test } from 'node:test';
import { tmpdir } from 'node:os';
import assert from 'node:assert/strict';
import { Kysely, Migrator, sql } from 'kysely';
import { createSqliteDialect } from '../../src/store/dialects/sqlite.js';
import { migrations } from '../../src/store/migrations/index.js';

test("0035 makes every network's provider segment a segment row; down puts it back", async () => {
  const { dialect } = createSqliteDialect({ memory: true, dataDir: tmpdir() });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the schema changes between the steps
  const db = new Kysely<any>({ dialect });
  const m = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  assert.equal((await m.migrateTo('0033-live-migration')).error, undefined);
  const net = (id: string, type: string, physnet: string | null, segId: number | null, key: string) =>
    sql`INSERT INTO networks (id,name,project_id,description,shared,router_external,admin_state_up,mtu,status,created_at,updated_at,provider_network_type,provider_physical_network,provider_segmentation_id,segment_key) VALUES (${id},'n','p','',0,0,1,1500,'ACTIVE','2026-01-01T00:00:00.000Z','2026-01-01T00:00:00.000Z',${type},${physnet},${segId},${key})`.execute(
      db,
    );
  await net('a', 'vlan', 'physnet1', 1001, 'vlan:physnet1:1001');
  await net('b', 'flat', 'public', null, 'flat:public');
  assert.equal((await m.migrateToLatest()).error, undefined);
  const rows = await db
    .selectFrom('network_segments')
    .select(['network_id', 'network_type', 'physical_network', 'segmentation_id', 'segment_key', 'segment_index'])
    .orderBy('network_id')
    .execute();
  assert.deepEqual(rows, [
    {
      network_id: 'a',
      network_type: 'vlan',
      physical_network: 'physnet1',
      segmentation_id: 1001,
      segment_key: 'vlan:physnet1:1001',
      segment_index: 0,
    },
    {
      network_id: 'b',
      network_type: 'flat',
      physical_network: 'public',
      segmentation_id: null,
      segment_key: 'flat:public',
      segment_index: 0,
    },
  ]);
  // the key stays unique across networks
  await assert.rejects(
    sql`INSERT INTO network_segments (id,network_id,network_type,segment_key,segment_index,created_at,updated_at) VALUES ('s','b','vlan','vlan:physnet1:1001',1,'t','t')`.execute(
      db,
    ),
  );
  assert.equal((await m.migrateTo('0033-live-migration')).error, undefined);
  const back = await db.selectFrom('networks').select(['id', 'segment_key']).orderBy('id').execute();
  assert.deepEqual(back, [
    { id: 'a', segment_key: 'vlan:physnet1:1001' },
    { id: 'b', segment_key: 'flat:public' },
  ]);
  await db.destroy();
});
