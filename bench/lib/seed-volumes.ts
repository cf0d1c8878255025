/**
 * Bulk seeding for the Cinder listing scenario: available 1 GB volumes of the default type in one
 * project, placed in the configured pool (its allocation grows by as much), written in large
 * multi-row INSERTs inside one transaction per chunk. Like seed.ts it bypasses the API: creating
 * 10,000 volumes through it is not what the listing row measures.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Runtime } from '../../src/runtime.js';
import type { VolumesTable } from '../../src/store/tables/volumes.table.js';
import { pool } from '../../src/services/block-storage/volume-backend.js';
import { allocateFromPool } from '../../src/store/repositories/volume-repository.js';
import { DEFAULT_VOLUME_TYPE } from '../../src/services/block-storage/volume-type-service.js';

let seeded = 0;

/** Adds `count` available volumes to `projectName` (default demo); returns their ids in creation order. */
export async function seedVolumes(rt: Runtime, count: number, projectName = 'demo'): Promise<string[]> {
  const db = rt.store.db;
  const project = await db
    .selectFrom('projects')
    .select('id')
    .where('name', '=', projectName)
    .executeTakeFirstOrThrow();
  const user = await db.selectFrom('users').select('id').where('name', '=', projectName).executeTakeFirstOrThrow();
  const type = await db
    .selectFrom('volume_types')
    .select('id')
    .where('name', '=', DEFAULT_VOLUME_TYPE)
    .executeTakeFirstOrThrow();
  const host = await pool(rt);
  const ids: string[] = [];
  const CHUNK = 500;
  // created_at strictly increasing so the default sort (created_at desc) is total
  const t0 = Date.now() - count * 10;
  for (let start = 0; start < count; start += CHUNK) {
    const n = Math.min(CHUNK, count - start);
    const rows: VolumesTable[] = [];
    for (let i = 0; i < n; i++) {
      const k = seeded++;
      const at = new Date(t0 + (start + i) * 10).toISOString();
      const id = randomUUID();
      ids.push(id);
      rows.push({
        id,
        project_id: project.id,
        user_id: user.id,
        name: `bench-vol-${k}`,
        description: null,
        size: 1,
        status: 'available',
        previous_status: null,
        availability_zone: rt.config.blockStorage.availabilityZone,
        volume_type_id: type.id,
        bootable: 0,
        multiattach: 0,
        metadata: '{}',
        image_metadata: null,
        snapshot_id: null,
        source_volid: null,
        host,
        allocated_gb: 1,
        extend_to: null,
        readonly: null,
        created_at: at,
        updated_at: at,
        launched_at: at,
        encryption_key_id: null,
        group_id: null,
      });
    }
    await db.transaction().execute(async (trx) => {
      if (!(await allocateFromPool(trx, host, n))) throw new Error(`seedVolumes: the pool ${host} is full`);
      await trx.insertInto('volumes').values(rows).execute();
    });
  }
  // as seed.ts: PostgreSQL plans from statistics autovacuum would only refresh a minute later
  if (rt.store.adapter.name === 'postgres') await sql`ANALYZE volumes`.execute(db);
  return ids;
}
