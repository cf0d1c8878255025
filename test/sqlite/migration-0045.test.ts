/** Migration 0045 on a store that already has flavors and migrations (SQLite, in memory). */
import { test } from 'node:test';
import { tmpdir } from 'node:os';
import assert from 'node:assert/strict';
import { Kysely, Migrator } from 'kysely';
import { createSqliteDialect } from '../../src/store/dialects/sqlite.js';
import { migrations } from '../../src/store/migrations/index.js';

test('0045 numbers flavors in creation order and rewrites migrations to those numbers', async () => {
  const { dialect } = createSqliteDialect({ memory: true, dataDir: tmpdir() });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the schema changes between the steps
  const db = new Kysely<any>({ dialect });
  const m = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  assert.equal((await m.migrateTo('0041-volume-admin')).error, undefined);
  const flavor = (id: string, at: string) =>
    db
      .insertInto('flavors')
      .values({
        id,
        name: `f-${id}`,
        vcpus: 1,
        ram: 64,
        disk: 1,
        ephemeral: 0,
        swap: 0,
        rxtx_factor: 1,
        is_public: 1,
        disabled: 0,
        description: null,
        extra_specs: '{}',
        created_at: at,
        deleted: 0,
      })
      .execute();
  // seeded together (numeric ids by value), then one made later
  await flavor('10', '2026-01-01T00:00:00.000Z');
  await flavor('9', '2026-01-01T00:00:00.000Z');
  await flavor('5f0c1a52-3c1e-4f57-a0a4-2b7e3b0d1c11', '2026-01-02T00:00:00.000Z');
  const migration = (uuid: string, from: string, to: string) =>
    db
      .insertInto('migrations')
      .values({
        uuid,
        instance_uuid: 'i',
        project_id: 'p',
        user_id: 'u',
        migration_type: 'resize',
        status: 'finished',
        old_instance_type_id: from,
        new_instance_type_id: to,
        old_flavor: '{}',
        new_flavor: '{}',
        was_stopped: 0,
        created_at: '2026-01-03T00:00:00.000Z',
        seq: uuid === 'a' ? 1 : 2,
      })
      .execute();
  await migration('a', '9', '5f0c1a52-3c1e-4f57-a0a4-2b7e3b0d1c11');
  await migration('b', '10', 'gone');
  assert.equal((await m.migrateToLatest()).error, undefined);
  assert.deepEqual(await db.selectFrom('flavors').select(['id', 'internal_id']).orderBy('internal_id').execute(), [
    { id: '9', internal_id: 1 },
    { id: '10', internal_id: 2 },
    { id: '5f0c1a52-3c1e-4f57-a0a4-2b7e3b0d1c11', internal_id: 3 },
  ]);
  assert.deepEqual(
    await db
      .selectFrom('migrations')
      .select(['uuid', 'old_instance_type_id', 'new_instance_type_id'])
      .orderBy('uuid')
      .execute(),
    [
      { uuid: 'a', old_instance_type_id: '1', new_instance_type_id: '3' },
      { uuid: 'b', old_instance_type_id: '2', new_instance_type_id: '' },
    ],
  );
  // the internal id stays unique
  await assert.rejects(db.updateTable('flavors').set({ internal_id: 1 }).where('id', '=', '10').execute());
  await db.destroy();
});
