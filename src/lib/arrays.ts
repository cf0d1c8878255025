/**
 * The element a list is known to hold: the row an INSERT … RETURNING wrote, the one detail a
 * one-row batch read produced. Its absence is a bug, not a request error (hence a plain Error).
 */
export function first<T>(xs: readonly T[], what = 'element'): T {
  const x = xs[0];
  if (x === undefined) throw new Error(`expected at least one ${what}, got none`);
  return x;
}

/** The last element of a list known not to be empty (the page a marker is taken from). */
export function lastOf<T>(xs: readonly T[], what = 'element'): T {
  const x = xs.at(-1);
  if (x === undefined) throw new Error(`expected at least one ${what}, got none`);
  return x;
}
