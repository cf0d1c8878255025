/** os-quota-class-sets limits (volume_quota_classes, migration 0041). */
import type { DbOrTrx } from '../database.js';

export async function quotaClassValues(db: DbOrTrx, className: string): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('volume_quota_classes')
    .select(['resource', 'hard_limit'])
    .where('class_name', '=', className)
    .execute();
  return new Map(rows.map((r) => [r.resource, Number(r.hard_limit)]));
}

export async function setQuotaClassValue(
  db: DbOrTrx,
  className: string,
  resource: string,
  limit: number,
): Promise<void> {
  await db
    .insertInto('volume_quota_classes')
    .values({ class_name: className, resource, hard_limit: limit })
    .onConflict((oc) => oc.columns(['class_name', 'resource']).doUpdateSet({ hard_limit: limit }))
    .execute();
}
