/** Volumes, volume types and the simulated backend's pools (migration 0014). */
import { sql, type Expression, type SqlBool } from 'kysely';
import type { DbOrTrx } from '../database.js';
import { keysetOrdered } from './keyset-order.js';
import type {
  VolumePoolsTable,
  VolumeSnapshotsTable,
  VolumeTypesTable,
  VolumesTable,
} from '../tables/volumes.table.js';

export type VolumeRow = VolumesTable;
export type VolumeTypeRow = VolumeTypesTable;
export type VolumePoolRow = VolumePoolsTable;
export type SnapshotRow = VolumeSnapshotsTable;

// ---- volumes ----

export async function findVolume(db: DbOrTrx, id: string): Promise<VolumeRow | undefined> {
  return db.selectFrom('volumes').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertVolume(db: DbOrTrx, row: VolumeRow): Promise<void> {
  await db.insertInto('volumes').values(row).execute();
}

/**
 * A project's quota usage: volumes, snapshots and their gigabytes (Cinder counts snapshots in
 * `gigabytes`; an extend in progress counts its target).
 */
export async function volumeUsage(
  db: DbOrTrx,
  projectId: string,
): Promise<{ volumes: number; snapshots: number; gigabytes: number }> {
  const s = await db
    .selectFrom('volume_snapshots')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.sum<number>('size').as('gb')])
    .where('project_id', '=', projectId)
    .executeTakeFirstOrThrow();
  const r = await db
    .selectFrom('volumes')
    .select((eb) => [
      eb.fn.countAll<number>().as('n'),
      eb.fn.sum<number>(sql<number>`coalesce(extend_to, size)`).as('gb'),
    ])
    .where('project_id', '=', projectId)
    .executeTakeFirstOrThrow();
  return {
    volumes: Number(r.n),
    snapshots: Number(s.n),
    gigabytes: Number(r.gb ?? 0) + Number(s.gb ?? 0),
  };
}

/**
 * db get_volume_summary: the count and total size of a project's volumes (every project's for
 * null), with the metadata of each, which the service folds into distinct values per key
 */
export async function volumeSummaryOf(
  db: DbOrTrx,
  projectId: string | null,
): Promise<{ count: number; size: number; metadata: string[] }> {
  let totals = db
    .selectFrom('volumes')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.sum<number>('size').as('gb')]);
  let md = db.selectFrom('volumes').select('metadata').where('metadata', '<>', '{}');
  if (projectId !== null) {
    totals = totals.where('project_id', '=', projectId);
    md = md.where('project_id', '=', projectId);
  }
  const t = await totals.executeTakeFirstOrThrow();
  const rows = await md.execute();
  return { count: Number(t.n), size: Number(t.gb ?? 0), metadata: rows.map((r) => r.metadata) };
}

export type VolumeSortKey = 'created_at' | 'updated_at' | 'id' | 'name' | 'size' | 'status' | 'availability_zone';

export interface VolumeListFilter {
  /** null: every project (an admin's all_tenants) */
  projectId: string | null;
  name?: string;
  status?: string;
  availabilityZone?: string;
  bootable?: boolean;
  /** every pair must be in the volume's metadata */
  metadata?: Record<string, string>;
  sortKey: VolumeSortKey;
  sortDir: 'asc' | 'desc';
  limit: number;
  marker?: VolumeRow;
}

/** the sort column as a non-null expression, so that keyset comparisons hold for null names */
const sortExpr = (key: VolumeSortKey): Expression<unknown> =>
  key === 'size' || key === 'id' || key === 'created_at' ? sql.ref(key) : sql`coalesce(${sql.ref(key)}, '')`;
const sortValue = (row: VolumeRow, key: VolumeSortKey): string | number =>
  key === 'size' ? row.size : key === 'id' ? row.id : (row[key] ?? '');

/** A page of volumes in (key, id) order; metadata pairs are matched on the decoded rows. */
export async function listVolumes(db: DbOrTrx, f: VolumeListFilter): Promise<VolumeRow[]> {
  let q = db.selectFrom('volumes').selectAll();
  if (f.projectId !== null) q = q.where('project_id', '=', f.projectId);
  if (f.name !== undefined) q = q.where('name', '=', f.name);
  if (f.status !== undefined) q = q.where('status', '=', f.status);
  if (f.availabilityZone !== undefined) q = q.where('availability_zone', '=', f.availabilityZone);
  if (f.bootable !== undefined) q = q.where('bootable', '=', f.bootable ? 1 : 0);
  if (f.metadata) {
    // a prefilter on the JSON text; the exact match is checked below
    for (const [k, v] of Object.entries(f.metadata))
      q = q.where('metadata', 'like', `%${JSON.stringify(k).slice(1, -1)}%${JSON.stringify(v).slice(1, -1)}%`);
  }
  const rows = await keysetOrdered(q, {
    key: sortExpr(f.sortKey),
    dir: f.sortDir,
    after: f.marker ? { value: sortValue(f.marker, f.sortKey), id: f.marker.id } : undefined,
  })
    .limit(f.metadata ? 100000 : f.limit)
    .execute();
  if (!f.metadata) return rows;
  const want = Object.entries(f.metadata);
  return rows
    .filter((r) => {
      const md = JSON.parse(r.metadata) as Record<string, string>;
      return want.every(([k, v]) => md[k] === v);
    })
    .slice(0, f.limit);
}

/**
 * Moves a volume from one of `from` to a new status with the given changes, in one conditional
 * UPDATE: of two racing requests only one finds the old status. True when it did.
 */
export async function transitionVolume(
  db: DbOrTrx,
  id: string,
  from: readonly string[],
  set: Partial<VolumeRow>,
): Promise<boolean> {
  const r = await db
    .updateTable('volumes')
    .set(set)
    .where('id', '=', id)
    .where('status', 'in', [...from])
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function updateVolumeFields(db: DbOrTrx, id: string, set: Partial<VolumeRow>): Promise<void> {
  await db.updateTable('volumes').set(set).where('id', '=', id).execute();
}

/** Removes a volume that is being deleted; returns what it held in its pool, or undefined when gone. */
export async function removeDeletingVolume(db: DbOrTrx, id: string): Promise<VolumeRow | undefined> {
  return db
    .deleteFrom('volumes')
    .where('id', '=', id)
    .where('status', '=', 'deleting')
    .returningAll()
    .executeTakeFirst();
}

export async function countVolumesOfType(db: DbOrTrx, typeId: string): Promise<number> {
  const r = await db
    .selectFrom('volumes')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('volume_type_id', '=', typeId)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

// ---- pools ----

/** The pool exists with the configured capacity (its allocation is kept). */
export async function ensurePool(db: DbOrTrx, name: string, capacityGb: number): Promise<void> {
  await db
    .insertInto('volume_pools')
    .values({ name, capacity_gb: capacityGb, allocated_gb: 0 })
    .onConflict((oc) => oc.column('name').doUpdateSet({ capacity_gb: capacityGb }))
    .execute();
}

/** Takes gb from the pool if it fits, in one conditional UPDATE (the database decides races). */
export async function allocateFromPool(db: DbOrTrx, name: string, gb: number): Promise<boolean> {
  const r = await db
    .updateTable('volume_pools')
    .set({ allocated_gb: sql<number>`allocated_gb + ${gb}` })
    .where('name', '=', name)
    .where(sql<SqlBool>`allocated_gb + ${gb} <= capacity_gb`)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function releaseToPool(db: DbOrTrx, name: string, gb: number): Promise<void> {
  if (gb <= 0) return;
  await db
    .updateTable('volume_pools')
    .set({ allocated_gb: sql<number>`allocated_gb - ${gb}` })
    .where('name', '=', name)
    .execute();
}

// ---- volume types ----

export async function listVolumeTypes(db: DbOrTrx, includePrivate: boolean): Promise<VolumeTypeRow[]> {
  let q = db.selectFrom('volume_types').selectAll();
  if (!includePrivate) q = q.where('is_public', '=', 1);
  return q.orderBy('name').execute();
}

export async function findVolumeType(db: DbOrTrx, id: string): Promise<VolumeTypeRow | undefined> {
  return db.selectFrom('volume_types').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findVolumeTypeByName(db: DbOrTrx, name: string): Promise<VolumeTypeRow | undefined> {
  return db.selectFrom('volume_types').selectAll().where('name', '=', name).executeTakeFirst();
}

export async function insertVolumeType(db: DbOrTrx, row: VolumeTypeRow): Promise<void> {
  await db.insertInto('volume_types').values(row).execute();
}

export async function deleteVolumeType(db: DbOrTrx, id: string): Promise<void> {
  await db.deleteFrom('volume_types').where('id', '=', id).execute();
}

export async function setVolumeTypeExtraSpecs(db: DbOrTrx, id: string, specs: string, at: string): Promise<void> {
  await db.updateTable('volume_types').set({ extra_specs: specs, updated_at: at }).where('id', '=', id).execute();
}

/** changes the given columns only (types_manage.py update: name, description, is_public) */
export async function updateVolumeTypeFields(
  db: DbOrTrx,
  id: string,
  fields: Partial<Pick<VolumeTypeRow, 'name' | 'description' | 'is_public'>>,
  at: string,
): Promise<void> {
  await db
    .updateTable('volume_types')
    .set({ ...fields, updated_at: at })
    .where('id', '=', id)
    .execute();
}

export interface HostProjectUsage {
  project_id: string;
  volumes: number;
  gigabytes: number;
  snapshots: number;
  snapshotGigabytes: number;
}

/**
 * Per project, the volumes on a backend host and their snapshots (db volume_data_get_for_host /
 * snapshot_data_get_for_project with host=): the host itself, its pools (host#pool) and, for a
 * bare host name, its backends (host@backend), as Cinder's _filter_host matches.
 */
export async function volumeUsageOnHost(db: DbOrTrx, host: string): Promise<HostProjectUsage[]> {
  const onHost = (col: 'v.host') =>
    sql<SqlBool>`(${sql.ref(col)} = ${host} or ${sql.ref(col)} like ${`${host}#%`}${
      host.includes('@') ? sql`` : sql` or ${sql.ref(col)} like ${`${host}@%`}`
    })`;
  const vols = await db
    .selectFrom('volumes as v')
    .select(['v.project_id', sql<number>`count(*)`.as('n'), sql<number>`coalesce(sum(v.size), 0)`.as('gb')])
    .where(onHost('v.host'))
    .groupBy('v.project_id')
    .execute();
  const snaps = await db
    .selectFrom('volume_snapshots as s')
    .innerJoin('volumes as v', 'v.id', 's.volume_id')
    .select(['s.project_id', sql<number>`count(*)`.as('n'), sql<number>`coalesce(sum(s.size), 0)`.as('gb')])
    .where(onHost('v.host'))
    .groupBy('s.project_id')
    .execute();
  const snapOf = new Map(snaps.map((r) => [r.project_id, r] as const));
  return vols.map((r) => ({
    project_id: r.project_id,
    volumes: Number(r.n),
    gigabytes: Number(r.gb),
    snapshots: Number(snapOf.get(r.project_id)?.n ?? 0),
    snapshotGigabytes: Number(snapOf.get(r.project_id)?.gb ?? 0),
  }));
}

// ---- snapshots ----

export async function findSnapshot(db: DbOrTrx, id: string): Promise<SnapshotRow | undefined> {
  return db.selectFrom('volume_snapshots').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertSnapshot(db: DbOrTrx, row: SnapshotRow): Promise<void> {
  await db.insertInto('volume_snapshots').values(row).execute();
}

export async function countSnapshotsOf(db: DbOrTrx, volumeId: string): Promise<number> {
  const r = await db
    .selectFrom('volume_snapshots')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('volume_id', '=', volumeId)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export type SnapshotSortKey = 'created_at' | 'updated_at' | 'id' | 'name' | 'status' | 'size' | 'volume_id';

export interface SnapshotListFilter {
  projectId: string | null;
  name?: string;
  status?: string;
  volumeId?: string;
  sortKey: SnapshotSortKey;
  sortDir: 'asc' | 'desc';
  limit: number;
  offset: number;
  marker?: SnapshotRow;
}

const snapshotSortExpr = (key: SnapshotSortKey): Expression<unknown> =>
  key === 'size' ? sql`size` : key === 'id' ? sql`id` : sql`coalesce(${sql.ref(key)}, '')`;
const snapshotSortValue = (row: SnapshotRow, key: SnapshotSortKey): string | number =>
  key === 'size' ? row.size : key === 'id' ? row.id : (row[key] ?? '');

/** A page of snapshots in (key, id) order, keyset-paged after the marker, then offset. */
export async function listSnapshots(db: DbOrTrx, f: SnapshotListFilter): Promise<SnapshotRow[]> {
  let q = db.selectFrom('volume_snapshots').selectAll();
  if (f.projectId !== null) q = q.where('project_id', '=', f.projectId);
  if (f.name !== undefined) q = q.where('name', '=', f.name);
  if (f.status !== undefined) q = q.where('status', '=', f.status);
  if (f.volumeId !== undefined) q = q.where('volume_id', '=', f.volumeId);
  return keysetOrdered(q, {
    key: snapshotSortExpr(f.sortKey),
    dir: f.sortDir,
    after: f.marker ? { value: snapshotSortValue(f.marker, f.sortKey), id: f.marker.id } : undefined,
  })
    .limit(f.limit)
    .offset(f.offset)
    .execute();
}

export async function transitionSnapshot(
  db: DbOrTrx,
  id: string,
  from: readonly string[],
  set: Partial<SnapshotRow>,
): Promise<boolean> {
  const r = await db
    .updateTable('volume_snapshots')
    .set(set)
    .where('id', '=', id)
    .where('status', 'in', [...from])
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function updateSnapshotFields(db: DbOrTrx, id: string, set: Partial<SnapshotRow>): Promise<void> {
  await db.updateTable('volume_snapshots').set(set).where('id', '=', id).execute();
}

export async function removeDeletingSnapshot(db: DbOrTrx, id: string): Promise<void> {
  await db.deleteFrom('volume_snapshots').where('id', '=', id).where('status', '=', 'deleting').execute();
}

/** A project's usage per volume type id: volumes, gigabytes and snapshots (Cinder's per-type quota usage). */
export async function volumeUsageByType(
  db: DbOrTrx,
  projectId: string,
): Promise<Map<string, { volumes: number; gigabytes: number; snapshots: number }>> {
  const vols = await db
    .selectFrom('volumes')
    .select((eb) => [
      'volume_type_id',
      eb.fn.countAll<number>().as('n'),
      eb.fn.sum<number>(sql<number>`coalesce(extend_to, size)`).as('gb'),
    ])
    .where('project_id', '=', projectId)
    .groupBy('volume_type_id')
    .execute();
  const snaps = await db
    .selectFrom('volume_snapshots as s')
    .innerJoin('volumes as v', 'v.id', 's.volume_id')
    .select((eb) => ['v.volume_type_id', eb.fn.countAll<number>().as('n'), eb.fn.sum<number>('s.size').as('gb')])
    .where('s.project_id', '=', projectId)
    .groupBy('v.volume_type_id')
    .execute();
  const out = new Map<string, { volumes: number; gigabytes: number; snapshots: number }>();
  const at = (id: string) => {
    let u = out.get(id);
    if (!u) out.set(id, (u = { volumes: 0, gigabytes: 0, snapshots: 0 }));
    return u;
  };
  for (const r of vols) {
    const u = at(r.volume_type_id);
    u.volumes = Number(r.n);
    u.gigabytes += Number(r.gb ?? 0);
  }
  for (const r of snaps) {
    const u = at(r.volume_type_id);
    u.snapshots = Number(r.n);
    u.gigabytes += Number(r.gb ?? 0);
  }
  return out;
}

export async function snapshotStatusesOf(db: DbOrTrx, volumeId: string): Promise<string[]> {
  const rows = await db.selectFrom('volume_snapshots').select('status').where('volume_id', '=', volumeId).execute();
  return rows.map((r) => r.status);
}

/** a cascading delete: every snapshot of the volume to deleting (the caller checked their statuses) */
export async function markSnapshotsOfVolumeDeleting(db: DbOrTrx, volumeId: string, at: string): Promise<void> {
  await db
    .updateTable('volume_snapshots')
    .set({ status: 'deleting', updated_at: at })
    .where('volume_id', '=', volumeId)
    .execute();
}

export async function removeDeletingSnapshotsOf(db: DbOrTrx, volumeId: string): Promise<void> {
  await db.deleteFrom('volume_snapshots').where('volume_id', '=', volumeId).where('status', '=', 'deleting').execute();
}

// ---- quota overrides ----

export async function volumeQuotaOverrides(db: DbOrTrx, projectId: string): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('volume_quotas')
    .select(['resource', 'hard_limit'])
    .where('project_id', '=', projectId)
    .execute();
  return new Map(rows.map((r) => [r.resource, Number(r.hard_limit)]));
}

export async function setVolumeQuota(db: DbOrTrx, projectId: string, resource: string, limit: number): Promise<void> {
  await db
    .insertInto('volume_quotas')
    .values({ project_id: projectId, resource, hard_limit: limit })
    .onConflict((oc) => oc.columns(['project_id', 'resource']).doUpdateSet({ hard_limit: limit }))
    .execute();
}

export async function deleteVolumeQuotas(db: DbOrTrx, projectId: string): Promise<void> {
  await db.deleteFrom('volume_quotas').where('project_id', '=', projectId).execute();
}
