/**
 * Keyset paging over (sort key, id): rows after the marker in the list's direction, ordered by the
 * key then the id (the id breaks ties, so a page boundary never splits or repeats equal keys).
 * The volume, snapshot and backup lists share it.
 */
import { sql, type Expression, type SelectQueryBuilder, type SqlBool } from 'kysely';

export interface KeysetOrder {
  /** the sort column (or expression) */
  key: Expression<unknown>;
  dir: 'asc' | 'desc';
  /** the marker row's key value and id, when paging after one */
  after?: { value: unknown; id: string };
}

export function keysetOrdered<DB, TB extends keyof DB, O>(
  q: SelectQueryBuilder<DB, TB, O>,
  o: KeysetOrder,
): SelectQueryBuilder<DB, TB, O> {
  const cmp = sql.raw(o.dir === 'asc' ? '>' : '<');
  if (o.after) {
    const { value, id } = o.after;
    q = q.where(sql<SqlBool>`(${o.key} ${cmp} ${value} or (${o.key} = ${value} and id ${cmp} ${id}))`);
  }
  const dir = sql.raw(o.dir);
  return q.orderBy(sql`${o.key} ${dir}`).orderBy(sql`id ${dir}`);
}
