/** Volume type encryption (migration 0043): at most one row per type, queries taking a DbOrTrx. */
import type { DbOrTrx } from '../database.js';
import type { VolumeTypeEncryptionTable } from '../tables/volumes.table.js';

export type TypeEncryptionRow = VolumeTypeEncryptionTable;

export async function findTypeEncryption(db: DbOrTrx, typeId: string): Promise<TypeEncryptionRow | undefined> {
  return db.selectFrom('volume_type_encryption').selectAll().where('volume_type_id', '=', typeId).executeTakeFirst();
}

/** the ids among `typeIds` whose type is encrypted */
export async function encryptedTypeIds(db: DbOrTrx, typeIds: string[]): Promise<Set<string>> {
  if (typeIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('volume_type_encryption')
    .select('volume_type_id')
    .where('volume_type_id', 'in', typeIds)
    .execute();
  return new Set(rows.map((r) => r.volume_type_id));
}

export async function insertTypeEncryption(db: DbOrTrx, row: TypeEncryptionRow): Promise<void> {
  await db.insertInto('volume_type_encryption').values(row).execute();
}

/** true when the type had a row to change */
export async function updateTypeEncryption(
  db: DbOrTrx,
  typeId: string,
  set: Partial<Pick<TypeEncryptionRow, 'provider' | 'cipher' | 'key_size' | 'control_location' | 'updated_at'>>,
): Promise<boolean> {
  const r = await db
    .updateTable('volume_type_encryption')
    .set(set)
    .where('volume_type_id', '=', typeId)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function deleteTypeEncryption(db: DbOrTrx, typeId: string): Promise<boolean> {
  const r = await db.deleteFrom('volume_type_encryption').where('volume_type_id', '=', typeId).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}
