/**
 * Precompiled reads for the hottest queries. Building and compiling a Kysely query costs more CPU
 * than running an indexed SQLite lookup (a fifth of a GET /servers/{id}, docs/performance.md), so
 * a precompiled query builds its SQL once per dialect and argument shape, then only substitutes
 * the arguments. The query is still written with the typed Kysely builder in its repository.
 *
 * Arguments must be strings or string arrays (an IN list: one shape per list length), and must
 * reach the SQL as bound parameters; a builder that inlines one fails loudly on first use.
 */
import type { CompiledQuery, Compilable } from 'kysely';
import type { DbOrTrx } from './database.js';

type Arg = string | readonly string[];
const MARK = '\u0000precompiled:';

interface Entry { compiled: CompiledQuery; slots: Array<{ arg: number; index: number } | { value: unknown }> }

export function precompiled<A extends Arg[], R>(build: (db: DbOrTrx, ...args: A) => Compilable<R>): (db: DbOrTrx, ...args: A) => Promise<R[]> {
  const byAdapter = new WeakMap<object, Map<string, Entry>>();
  return async (db, ...args) => {
    const adapter = db.getExecutor().adapter;
    let shapes = byAdapter.get(adapter);
    if (!shapes) byAdapter.set(adapter, shapes = new Map());
    const shape = args.map((a) => (typeof a === 'string' ? 's' : a.length)).join(',');
    let entry = shapes.get(shape);
    if (!entry) {
      const marked = args.map((a, i) => (typeof a === 'string' ? `${MARK}${i}:-1` : a.map((_, j) => `${MARK}${i}:${j}`))) as A;
      const compiled = build(db, ...marked).compile();
      const seen = new Set<string>();
      const slots = compiled.parameters.map((p) => {
        if (typeof p !== 'string' || !p.startsWith(MARK)) return { value: p };
        seen.add(p);
        const [arg, index] = p.slice(MARK.length).split(':').map(Number);
        return { arg, index };
      });
      const expected = marked.reduce((n, a) => n + (typeof a === 'string' ? 1 : a.length), 0);
      if (seen.size !== expected || compiled.sql.includes(MARK)) throw new Error('precompiled: every argument must be a bound parameter');
      if (shapes.size > 1000) shapes.clear();
      shapes.set(shape, entry = { compiled, slots });
    }
    const parameters = entry.slots.map((s) => ('value' in s ? s.value : s.index < 0 ? args[s.arg] : (args[s.arg] as readonly string[])[s.index]));
    const result = await db.executeQuery<R>({ ...entry.compiled, parameters });
    return result.rows;
  };
}
