/** SQL for Neutron's metering labels and label rules. */
import type { Insertable, Selectable } from 'kysely';
import type { DbOrTrx } from '../database.js';
import type { MeteringLabelRulesTable, MeteringLabelsTable } from '../tables/metering.table.js';

export type MeteringLabelRow = Selectable<MeteringLabelsTable>;
export type MeteringLabelRuleRow = Selectable<MeteringLabelRulesTable>;

const list = (v: string[]) => (v.length ? v : ['']);

export async function insertLabel(db: DbOrTrx, row: Insertable<MeteringLabelsTable>): Promise<void> {
  await db.insertInto('metering_labels').values(row).execute();
}

export const findLabel = (db: DbOrTrx, id: string) =>
  db.selectFrom('metering_labels').selectAll().where('id', '=', id).executeTakeFirst();

export interface LabelFilter {
  ids?: string[];
  names?: string[];
  descriptions?: string[];
  projectIds?: string[];
  shared?: number;
}

export async function listLabels(db: DbOrTrx, f: LabelFilter): Promise<MeteringLabelRow[]> {
  let q = db.selectFrom('metering_labels').selectAll();
  if (f.ids) q = q.where('id', 'in', list(f.ids));
  if (f.names) q = q.where('name', 'in', list(f.names));
  if (f.descriptions) q = q.where('description', 'in', list(f.descriptions));
  if (f.projectIds) q = q.where('project_id', 'in', list(f.projectIds));
  if (f.shared !== undefined) q = q.where('shared', '=', f.shared);
  return q.orderBy('created_at').orderBy('id').execute();
}

/** Deletes a label (its rules go with it, ON DELETE CASCADE). False: there was none. */
export async function deleteLabel(db: DbOrTrx, id: string): Promise<boolean> {
  const r = await db.deleteFrom('metering_labels').where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export async function insertRule(db: DbOrTrx, row: Insertable<MeteringLabelRulesTable>): Promise<void> {
  await db.insertInto('metering_label_rules').values(row).execute();
}

export const findRule = (db: DbOrTrx, id: string) =>
  db.selectFrom('metering_label_rules').selectAll().where('id', '=', id).executeTakeFirst();

export interface RuleFilter {
  ids?: string[];
  labelIds?: string[];
  directions?: string[];
  excluded?: number;
  remoteIpPrefixes?: string[];
  sourceIpPrefixes?: string[];
  destinationIpPrefixes?: string[];
}

export async function listRules(db: DbOrTrx, f: RuleFilter): Promise<MeteringLabelRuleRow[]> {
  let q = db.selectFrom('metering_label_rules').selectAll();
  if (f.ids) q = q.where('id', 'in', list(f.ids));
  if (f.labelIds) q = q.where('metering_label_id', 'in', list(f.labelIds));
  if (f.directions) q = q.where('direction', 'in', list(f.directions));
  if (f.excluded !== undefined) q = q.where('excluded', '=', f.excluded);
  if (f.remoteIpPrefixes) q = q.where('remote_ip_prefix', 'in', list(f.remoteIpPrefixes));
  if (f.sourceIpPrefixes) q = q.where('source_ip_prefix', 'in', list(f.sourceIpPrefixes));
  if (f.destinationIpPrefixes) q = q.where('destination_ip_prefix', 'in', list(f.destinationIpPrefixes));
  return q.orderBy('created_at').orderBy('id').execute();
}

/** Deletes a rule. False: there was none. */
export async function deleteRule(db: DbOrTrx, id: string): Promise<boolean> {
  const r = await db.deleteFrom('metering_label_rules').where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}
