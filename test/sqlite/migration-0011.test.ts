/** Migration 0011 on a store that already has ports and default groups (SQLite, in memory). */
import { test } from 'node:test';
import { tmpdir } from 'node:os';
import assert from 'node:assert/strict';
import { Kysely, Migrator, sql } from 'kysely';
import { createSqliteDialect } from '../../src/store/dialects/sqlite.js';
import { migrations } from '../../src/store/migrations/index.js';

test('0011 binds existing ports to their groups and gives existing groups their default rules; down undoes it', async () => {
  const { dialect } = createSqliteDialect({ memory: true, dataDir: tmpdir() });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the schema changes between the steps
  const db = new Kysely<any>({ dialect });
  const m = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const r1 = await m.migrateTo('0009-shadow-tables');
  assert.equal(r1.error, undefined);
  await sql`INSERT INTO networks (id,name,project_id,description,shared,router_external,admin_state_up,mtu,status,created_at,updated_at) VALUES ('n','n','p','',0,0,1,1500,'ACTIVE','t','t')`.execute(
    db,
  );
  await sql`INSERT INTO security_groups (id,name,project_id,description,created_at) VALUES ('g','default','p','','2020-01-01T00:00:00Z')`.execute(
    db,
  );
  await sql`INSERT INTO ports (id,network_id,project_id,mac_address,status,security_groups,created_at,updated_at) VALUES ('x','n','p','fa:16:3e:00:00:01','DOWN','["g","gone"]','t','t')`.execute(
    db,
  );
  const r2 = await m.migrateToLatest();
  assert.equal(r2.error, undefined);
  const rules = await db.selectFrom('security_group_rules').selectAll().execute();
  assert.equal(rules.length, 4);
  const b = await db.selectFrom('port_security_group_bindings').selectAll().execute();
  assert.deepEqual(b, [{ port_id: 'x', security_group_id: 'g' }]);
  const down = await m.migrateTo('0009-shadow-tables');
  assert.equal(down.error, undefined);
  await db.destroy();
});
