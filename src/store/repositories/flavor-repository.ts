import type { DbOrTrx } from '../database.js';
import type { FlavorsTable } from '../tables/flavors.table.js';

export type FlavorRow = FlavorsTable;

export async function findFlavor(db: DbOrTrx, id: string): Promise<FlavorRow | undefined> {
  return db.selectFrom('flavors').selectAll().where('id', '=', id).where('deleted', '=', 0).executeTakeFirst();
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
  if (f.isPublic === true) q = q.where('is_public', '=', 1);
  else if (f.isPublic === false) q = q.where('is_public', '=', 0);
  if (f.projectId !== null) {
    const pid = f.projectId;
    q = q.where((eb) => eb.or([
      eb('is_public', '=', 1),
      eb('id', 'in', eb.selectFrom('flavor_access').select('flavor_id').where('project_id', '=', pid)),
    ]));
  }
  if (f.minDisk !== undefined) q = q.where('disk', '>=', f.minDisk);
  if (f.minRam !== undefined) q = q.where('ram', '>=', f.minRam);
  return q.execute();
}
