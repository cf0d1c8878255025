/** Volume transfers (migration 0040): live rows are those with deleted = 0. */
import type { DbOrTrx } from '../database.js';
import type { VolumeTransfersTable } from '../tables/volume-transfers.table.js';

export type TransferRow = VolumeTransfersTable;

export interface TransferListFilter {
  /** null: every project (an admin's all_tenants) */
  projectId: string | null;
  name?: string;
  volumeId?: string;
  sortDir: 'asc' | 'desc';
  limit?: number;
  marker?: TransferRow;
}

export async function insertTransfer(db: DbOrTrx, row: TransferRow): Promise<void> {
  await db.insertInto('volume_transfers').values(row).execute();
}

/** a live transfer; with projectId, only one whose volume that project owns (db _transfer_get) */
export async function findLiveTransfer(
  db: DbOrTrx,
  id: string,
  projectId: string | null,
): Promise<TransferRow | undefined> {
  let q = db.selectFrom('volume_transfers as t').selectAll('t').where('t.id', '=', id).where('t.deleted', '=', 0);
  if (projectId !== null)
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('volumes as v')
          .select('v.id')
          .whereRef('v.id', '=', 't.volume_id')
          .where('v.project_id', '=', projectId),
      ),
    );
  return q.executeTakeFirst();
}

/** live transfers ordered by created_at then id (Cinder's default sort), paged by marker */
export async function listLiveTransfers(db: DbOrTrx, f: TransferListFilter): Promise<TransferRow[]> {
  let q = db.selectFrom('volume_transfers as t').selectAll('t').where('t.deleted', '=', 0);
  const projectId = f.projectId;
  if (projectId !== null)
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('volumes as v')
          .select('v.id')
          .whereRef('v.id', '=', 't.volume_id')
          .where('v.project_id', '=', projectId),
      ),
    );
  if (f.name !== undefined) q = q.where('t.name', '=', f.name);
  if (f.volumeId !== undefined) q = q.where('t.volume_id', '=', f.volumeId);
  const m = f.marker;
  if (m) {
    const op = f.sortDir === 'asc' ? '>' : '<';
    q = q.where((eb) =>
      eb.or([
        eb('t.created_at', op, m.created_at),
        eb.and([eb('t.created_at', '=', m.created_at), eb('t.id', op, m.id)]),
      ]),
    );
  }
  q = q.orderBy('t.created_at', f.sortDir).orderBy('t.id', f.sortDir);
  if (f.limit !== undefined) q = q.limit(f.limit);
  return q.execute();
}

/**
 * Ends a live transfer (accepted or deleted): one conditional UPDATE, so of two concurrent
 * accepts (or an accept and a delete) only one finds the row still live.
 */
export async function closeTransfer(
  db: DbOrTrx,
  id: string,
  set: { accepted: number; destination_project_id: string | null; at: string },
): Promise<boolean> {
  const r = await db
    .updateTable('volume_transfers')
    .set({
      deleted: 1,
      deleted_at: set.at,
      accepted: set.accepted,
      destination_project_id: set.destination_project_id,
    })
    .where('id', '=', id)
    .where('deleted', '=', 0)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** the snapshots of a volume (id, status, size), for the transfer's checks and quota */
export async function snapshotsOfVolume(
  db: DbOrTrx,
  volumeId: string,
): Promise<Array<{ id: string; status: string; size: number }>> {
  return db
    .selectFrom('volume_snapshots')
    .select(['id', 'status', 'size'])
    .where('volume_id', '=', volumeId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/** the owner moves (db transfer_accept): the volume and, unless no_snapshots, its snapshots */
export async function moveVolumeOwnership(
  db: DbOrTrx,
  volumeId: string,
  to: { projectId: string; userId: string; at: string },
  withSnapshots: boolean,
): Promise<boolean> {
  const r = await db
    .updateTable('volumes')
    .set({ status: 'available', project_id: to.projectId, user_id: to.userId, updated_at: to.at })
    .where('id', '=', volumeId)
    .where('status', '=', 'awaiting-transfer')
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) return false;
  if (withSnapshots)
    await db
      .updateTable('volume_snapshots')
      .set({ project_id: to.projectId, user_id: to.userId, updated_at: to.at })
      .where('volume_id', '=', volumeId)
      .execute();
  return true;
}

/** db volume_destroy: a volume that goes takes its live transfers along (Transfer is a dependent model) */
export async function closeTransfersOfVolume(db: DbOrTrx, volumeId: string, at: string): Promise<void> {
  await db
    .updateTable('volume_transfers')
    .set({ deleted: 1, deleted_at: at })
    .where('volume_id', '=', volumeId)
    .where('deleted', '=', 0)
    .execute();
}
