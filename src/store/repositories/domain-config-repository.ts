/** Keystone domain-specific configuration rows: queries taking a DbOrTrx. */
import type { DbOrTrx } from '../database.js';
import type { DomainConfigsTable } from '../tables/identity-side.table.js';

export type DomainConfigRow = DomainConfigsTable;

/** the domain's options (optionally of one group / one option), sensitive ones only when asked */
export async function listDomainConfig(
  db: DbOrTrx,
  domainId: string,
  f: { group?: string; option?: string; sensitive?: boolean } = {},
): Promise<DomainConfigRow[]> {
  let q = db.selectFrom('domain_configs').selectAll().where('domain_id', '=', domainId);
  if (f.group !== undefined) q = q.where('group_name', '=', f.group);
  if (f.option !== undefined) q = q.where('option_name', '=', f.option);
  if (!f.sensitive) q = q.where('sensitive', '=', 0);
  return q.orderBy('group_name').orderBy('option_name').execute();
}

export async function deleteDomainConfig(
  db: DbOrTrx,
  domainId: string,
  f: { group?: string; option?: string } = {},
): Promise<number> {
  let q = db.deleteFrom('domain_configs').where('domain_id', '=', domainId);
  if (f.group !== undefined) q = q.where('group_name', '=', f.group);
  if (f.option !== undefined) q = q.where('option_name', '=', f.option);
  const r = await q.executeTakeFirst();
  return Number(r.numDeletedRows);
}

export async function insertDomainConfig(db: DbOrTrx, rows: DomainConfigRow[]): Promise<void> {
  if (rows.length > 0) await db.insertInto('domain_configs').values(rows).execute();
}
