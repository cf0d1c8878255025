/**
 * Precompiled reads for the hottest queries. Building and compiling a Kysely query costs more CPU
 * than running an indexed SQLite lookup (a fifth of a GET /servers/{id}, docs/performance.md), so
 * a precompiled query builds its SQL once per dialect and argument shape, then only substitutes
 * the arguments. The query is still written with the typed Kysely builder in its repository.
 *
 * Executing it through Kysely's executor (connection provider, mutex, plugin hooks, result
 * transformation) was still a tenth of that request, so outside a transaction a precompiled
 * query goes to the dialect's direct reader (`withDirectReads`, set up in dialects/): a cached
 * better-sqlite3 statement or one pool query. Inside a transaction, or when the reader declines,
 * it runs through Kysely on the transaction's connection as before. No plugins are configured on
 * the store's Kysely instance, so both paths return the same rows.
 *
 * Arguments must be strings or string arrays (an IN list: one shape per list length), and must
 * reach the SQL as bound parameters; a builder that inlines one fails loudly on first use.
 */
import type { CompiledQuery, Compilable, Dialect } from 'kysely';
import type { DbOrTrx } from './database.js';

type Arg = string | readonly string[];
const MARK = '\u0000precompiled:';

/**
 * Runs a compiled SELECT outside Kysely's executor. Returns undefined when it cannot run it now
 * (SQLite with a transaction open on the single connection: the read must wait for the mutex,
 * or it would see uncommitted rows), and the caller falls back to Kysely.
 */
export type DirectReader = (sql: string, parameters: readonly unknown[]) => Promise<unknown[]> | unknown[] | undefined;

/** Keyed by the Kysely adapter: one per Kysely instance, shared by its transactions. */
const directReaders = new WeakMap<object, DirectReader>();

/** The dialect, with its direct reader attached to every Kysely instance made from it. */
export function withDirectReads(dialect: Dialect, read: DirectReader): Dialect {
  return {
    createDriver: () => dialect.createDriver(),
    createQueryCompiler: () => dialect.createQueryCompiler(),
    createIntrospector: (db) => dialect.createIntrospector(db),
    createAdapter: () => {
      const adapter = dialect.createAdapter();
      directReaders.set(adapter, read);
      return adapter;
    },
  };
}

interface Entry {
  compiled: CompiledQuery;
  slots: Array<{ arg: number; index: number } | { value: unknown }>;
}

export function precompiled<A extends Arg[], R>(
  build: (db: DbOrTrx, ...args: A) => Compilable<R>,
): (db: DbOrTrx, ...args: A) => Promise<R[]> {
  const byAdapter = new WeakMap<object, Map<string, Entry>>();
  return async (db, ...args) => {
    const adapter = db.getExecutor().adapter;
    let shapes = byAdapter.get(adapter);
    if (!shapes) byAdapter.set(adapter, (shapes = new Map<string, Entry>()));
    const shape =
      args.length === 1 && typeof args[0] === 'string'
        ? 's'
        : args.map((a) => (typeof a === 'string' ? 's' : a.length)).join(',');
    let entry = shapes.get(shape);
    if (!entry) {
      const marked = args.map((a, i) =>
        typeof a === 'string' ? `${MARK}${i}:-1` : a.map((_, j) => `${MARK}${i}:${j}`),
      ) as A;
      const compiled = build(db, ...marked).compile();
      const seen = new Set<string>();
      const slots = compiled.parameters.map((p) => {
        if (typeof p !== 'string' || !p.startsWith(MARK)) return { value: p };
        seen.add(p);
        const [arg, index] = p.slice(MARK.length).split(':');
        return { arg: Number(arg), index: Number(index) };
      });
      const expected = marked.reduce((n, a) => n + (typeof a === 'string' ? 1 : a.length), 0);
      if (seen.size !== expected || compiled.sql.includes(MARK))
        throw new Error('precompiled: every argument must be a bound parameter');
      if (shapes.size > 1000) shapes.clear();
      shapes.set(shape, (entry = { compiled, slots }));
    }
    const parameters = entry.slots.map((s) =>
      'value' in s ? s.value : s.index < 0 ? args[s.arg] : (args[s.arg] as readonly string[])[s.index],
    );
    return executeCompiled<R>(db, entry.compiled, parameters);
  };
}

/**
 * A precompiled query whose shape depends on its input (which filters are present, list lengths,
 * flags): `mark` returns a copy of the input with every value that must be a bound parameter
 * replaced through `value` (a positional placeholder). That copy, as JSON, names the shape: the
 * query is built and compiled once per shape and dialect, then only the values are substituted.
 * Everything `mark` leaves in place (booleans, null, sort keys) is part of the shape.
 */
export function precompiledShapes<I, R>(
  mark: (input: I, value: <T>(v: T) => T) => I,
  build: (db: DbOrTrx, marked: I) => Compilable<R>,
): (db: DbOrTrx, input: I) => Promise<R[]> {
  const byAdapter = new WeakMap<object, Map<string, ShapeEntry>>();
  return async (db, input) => {
    const values: unknown[] = [];
    const marked = mark(input, <T>(v: T): T => {
      values.push(v);
      return `${SHAPE_MARK}${values.length - 1}` as T;
    });
    const key = JSON.stringify(marked);
    const adapter = db.getExecutor().adapter;
    let shapes = byAdapter.get(adapter);
    if (!shapes) byAdapter.set(adapter, (shapes = new Map<string, ShapeEntry>()));
    let entry = shapes.get(key);
    if (!entry) {
      const compiled = build(db, marked).compile();
      const seen = new Set<number>();
      const slots = compiled.parameters.map((p) => {
        if (typeof p !== 'string' || !p.startsWith(SHAPE_MARK)) return { value: p };
        const index = Number(p.slice(SHAPE_MARK.length));
        seen.add(index);
        return { index };
      });
      if (seen.size !== values.length || compiled.sql.includes(SHAPE_MARK))
        throw new Error('precompiledShapes: every marked value must be a bound parameter');
      if (shapes.size > 1000) shapes.clear();
      shapes.set(key, (entry = { compiled, slots }));
    }
    const parameters = entry.slots.map((s) => ('value' in s ? s.value : values[s.index]));
    return executeCompiled<R>(db, entry.compiled, parameters);
  };
}
interface ShapeEntry {
  compiled: CompiledQuery;
  slots: Array<{ index: number } | { value: unknown }>;
}
const SHAPE_MARK = '\u0000shape:';

/** Runs a compiled SELECT: through the dialect's direct reader when it can, else Kysely's executor. */
async function executeCompiled<R>(db: DbOrTrx, compiled: CompiledQuery, parameters: readonly unknown[]): Promise<R[]> {
  // a transaction shares the adapter but must read on its own connection
  const direct = db.isTransaction ? undefined : directReaders.get(db.getExecutor().adapter);
  if (direct) {
    const rows = direct(compiled.sql, parameters);
    if (rows !== undefined) return (await rows) as R[];
  }
  const result = await db.executeQuery<R>({ ...compiled, parameters });
  return result.rows;
}
