/**
 * Precompiled multi-row INSERTs, the write-side counterpart of src/store/precompiled.ts: building
 * and compiling a Kysely INSERT of 100 rows × 13 columns costs ~220 µs of CPU, as much as SQLite
 * takes to write them, and the statement text only depends on the table, the columns and the row
 * count. So the INSERT is built once per dialect and row count through the typed builder, with a
 * marker in every value, and each call only lays the rows' values out in the marked order.
 *
 * Every value must reach the SQL as a bound parameter (a builder that inlined one fails loudly on
 * first use), and every row must carry every column: a missing one would silently change the
 * statement Kysely builds (it leaves undefined columns out).
 */
import type { CompiledQuery, Insertable } from 'kysely';
import type { Database, DbOrTrx } from './database.js';

const MARK = '\u0000precompiled-insert:';

interface Entry {
  compiled: CompiledQuery;
  slots: Array<[row: number, column: number]>;
}

export function precompiledInsert<T extends Extract<keyof Database, string>>(
  table: T,
  columns: ReadonlyArray<keyof Database[T] & string>,
) {
  const byAdapter = new WeakMap<object, Map<number, Entry>>();
  return async (db: DbOrTrx, rows: ReadonlyArray<Insertable<Database[T]>>): Promise<void> => {
    if (rows.length === 0) return;
    const adapter = db.getExecutor().adapter;
    let sizes = byAdapter.get(adapter);
    if (!sizes) byAdapter.set(adapter, (sizes = new Map<number, Entry>()));
    let entry = sizes.get(rows.length);
    if (!entry) {
      const marked = rows.map((_, r) => Object.fromEntries(columns.map((c, i) => [c, `${MARK}${r}:${i}`])));
      const compiled = db
        .insertInto(table)
        .values(marked as never)
        .compile();
      const slots = compiled.parameters.map((p): [number, number] => {
        if (typeof p !== 'string' || !p.startsWith(MARK))
          throw new Error('precompiledInsert: every value must be a bound parameter');
        const [r, c] = p.slice(MARK.length).split(':');
        return [Number(r), Number(c)];
      });
      if (slots.length !== rows.length * columns.length || compiled.sql.includes(MARK))
        throw new Error('precompiledInsert: every value must be a bound parameter');
      sizes.set(rows.length, (entry = { compiled, slots }));
    }
    const parameters = entry.slots.map(([r, c]) => {
      const column = columns[c] ?? '';
      const v = (rows[r] as Record<string, unknown> | undefined)?.[column];
      if (v === undefined) throw new Error(`precompiledInsert: ${table}.${column} missing`);
      return v;
    });
    await db.executeQuery({ ...entry.compiled, parameters });
  };
}
