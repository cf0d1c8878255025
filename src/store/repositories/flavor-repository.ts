import { sql } from 'kysely';
import type { DbOrTrx } from '../database.js';
import type { FlavorsTable } from '../tables/flavors.table.js';

export type FlavorRow = FlavorsTable;

export async function findFlavor(db: DbOrTrx, id: string): Promise<FlavorRow | undefined> {
  return db.selectFrom('flavors').selectAll().where('id', '=', id).where('deleted', '=', 0).executeTakeFirst();
}

export async function flavorNameTaken(db: DbOrTrx, name: string): Promise<boolean> {
  const r = await db
    .selectFrom('flavors')
    .select('id')
    .where('name', '=', name)
    .where('deleted', '=', 0)
    .executeTakeFirst();
  return r !== undefined;
}

/**
 * Nova's _flavor_get_query_from_db: a non-admin caller (projectId given) only finds public flavors
 * and private ones its project was granted.
 */
export async function findFlavorVisible(
  db: DbOrTrx,
  id: string,
  projectId: string | null,
): Promise<FlavorRow | undefined> {
  let q = db.selectFrom('flavors').selectAll().where('id', '=', id).where('deleted', '=', 0);
  if (projectId !== null) {
    q = q.where((eb) =>
      eb.or([
        eb('is_public', '=', 1),
        eb('id', 'in', eb.selectFrom('flavor_access').select('flavor_id').where('project_id', '=', projectId)),
      ]),
    );
  }
  return q.executeTakeFirst();
}

export interface FlavorListFilter {
  /** true: public only; false: private only; null: both (admins) */
  isPublic: boolean | null;
  /** non-admins also see private flavors their project was given access to */
  projectId: string | null;
  minDisk?: number;
  minRam?: number;
}

export async function listFlavors(db: DbOrTrx, f: FlavorListFilter): Promise<FlavorRow[]> {
  let q = db.selectFrom('flavors').selectAll().where('deleted', '=', 0);
  // Nova's _flavor_get_all_from_db: for a project caller "public" means public OR granted to it
  if (f.isPublic === true && f.projectId === null) q = q.where('is_public', '=', 1);
  else if (f.isPublic === false) q = q.where('is_public', '=', 0);
  if (f.projectId !== null) {
    const pid = f.projectId;
    q = q.where((eb) =>
      eb.or([
        eb('is_public', '=', 1),
        eb('id', 'in', eb.selectFrom('flavor_access').select('flavor_id').where('project_id', '=', pid)),
      ]),
    );
  }
  if (f.minDisk !== undefined) q = q.where('disk', '>=', f.minDisk);
  if (f.minRam !== undefined) q = q.where('ram', '>=', f.minRam);
  return q.execute();
}

/** the next internal id is max + 1, read in the insert itself; the UNIQUE index decides a race */
export const nextInternalId = sql<number>`(select coalesce(max(internal_id), 0) + 1 from flavors)`;

/** Inserts a flavor; a duplicate id, name or internal id surfaces as the driver's unique violation. */
export async function insertFlavor(db: DbOrTrx, row: Omit<FlavorRow, 'internal_id'>): Promise<void> {
  await db
    .insertInto('flavors')
    .values({ ...row, internal_id: nextInternalId })
    .execute();
}

/** Flavors live in Nova's API database and are hard-deleted there; their access rows go too. */
export async function deleteFlavor(db: DbOrTrx, id: string): Promise<boolean> {
  await db.deleteFrom('flavor_access').where('flavor_id', '=', id).execute();
  const r = await db.deleteFrom('flavors').where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export async function updateFlavorDescription(db: DbOrTrx, id: string, description: string | null): Promise<void> {
  await db.updateTable('flavors').set({ description }).where('id', '=', id).execute();
}

export async function setFlavorExtraSpecs(db: DbOrTrx, id: string, specs: Record<string, string>): Promise<void> {
  await db
    .updateTable('flavors')
    .set({ extra_specs: JSON.stringify(specs) })
    .where('id', '=', id)
    .execute();
}

export async function listFlavorAccess(db: DbOrTrx, flavorId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('flavor_access')
    .select('project_id')
    .where('flavor_id', '=', flavorId)
    .orderBy('project_id')
    .execute();
  return rows.map((r) => r.project_id);
}

/** The primary key (flavor_id, project_id) rejects a duplicate grant. */
export async function addFlavorAccess(db: DbOrTrx, flavorId: string, projectId: string): Promise<void> {
  await db.insertInto('flavor_access').values({ flavor_id: flavorId, project_id: projectId }).execute();
}

export async function removeFlavorAccess(db: DbOrTrx, flavorId: string, projectId: string): Promise<boolean> {
  const r = await db
    .deleteFrom('flavor_access')
    .where('flavor_id', '=', flavorId)
    .where('project_id', '=', projectId)
    .executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}
