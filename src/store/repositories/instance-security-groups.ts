/** The security group names an instance records (instances.security_groups, a JSON array). */
import type { DbOrTrx } from '../database.js';

/**
 * Compare-and-set of the list: succeeds only when the row still holds `expected`, so two
 * concurrent add/remove requests cannot silently overwrite each other (the loser retries).
 */
export async function replaceInstanceSecurityGroups(
  db: DbOrTrx,
  uuid: string,
  expected: string,
  next: string[],
  at: string,
): Promise<boolean> {
  const r = await db
    .updateTable('instances')
    .set({ security_groups: JSON.stringify(next), updated_at: at })
    .where('uuid', '=', uuid)
    .where('deleted', '=', 0)
    .where('security_groups', '=', expected)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function instanceSecurityGroupsText(db: DbOrTrx, uuid: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('instances')
    .select('security_groups')
    .where('uuid', '=', uuid)
    .where('deleted', '=', 0)
    .executeTakeFirst();
  return row?.security_groups;
}
