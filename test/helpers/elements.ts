/**
 * Element access for tests under noUncheckedIndexedAccess. A test that reads xs[0] relies on the
 * element being there; these helpers turn that reliance into an assertion with a clear message,
 * so a missing element fails the test where it is read instead of as a TypeError later.
 */
import assert from 'node:assert/strict';

/** the element at index; fails the test when the array is shorter */
export function at<T>(xs: readonly T[], index: number, what = 'array'): T {
  assert.ok(
    index >= 0 && index < xs.length,
    `expected ${what} to have an element at index ${index}, it has ${xs.length}`,
  );
  return xs[index] as T;
}

/** the first element; fails the test when the array is empty */
export function first<T>(xs: readonly T[], what = 'array'): T {
  return at(xs, 0, what);
}

/** a tuple of N elements of T, e.g. Tuple<string, 3> is [string, string, string] */
export type Tuple<T, N extends number, Acc extends T[] = []> = Acc['length'] extends N ? Acc : Tuple<T, N, [...Acc, T]>;

/** the array as a tuple of exactly n elements; fails the test when its length is different */
export function exactly<T, N extends number>(xs: readonly T[], n: N, what = 'array'): Tuple<T, N> {
  assert.equal(xs.length, n, `expected ${what} to have exactly ${n} elements, it has ${xs.length}`);
  return [...xs] as Tuple<T, N>;
}

/** a value that must be present (a map or record lookup, a regex group); fails the test when undefined */
export function present<T>(x: T | undefined, what: string): T {
  assert.ok(x !== undefined, `expected ${what} to be present`);
  return x;
}
