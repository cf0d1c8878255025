/** The body depth scan and the bounded Python repr: iterative/bounded, and exact where it matters. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BODY_TOO_DEEP_MESSAGE, jsonNestingDepth, parseJsonBody, MAX_JSON_DEPTH } from '../../src/http/json-body.js';
import { pyRepr, REPR_MAX_CHARS, REPR_MAX_DEPTH } from '../../src/lib/python-repr.js';
import { isDomainError } from '../../src/domain/errors.js';

function parse(text: string): { err: Error | null; value?: unknown } {
  let out: { err: Error | null; value?: unknown } = { err: null };
  parseJsonBody(null, text, (err, value) => {
    out = { err, value };
  });
  return out;
}

test('jsonNestingDepth counts objects and arrays, not brackets inside strings', () => {
  assert.equal(jsonNestingDepth('1'), 0);
  assert.equal(jsonNestingDepth('{}'), 1);
  assert.equal(jsonNestingDepth('{"a":[1,{"b":[]}],"c":{}}'), 4);
  assert.equal(jsonNestingDepth('{"a":"[[[[{{{{"}'), 1);
  // an escaped quote does not end the string; an escaped backslash before the quote does
  assert.equal(jsonNestingDepth('["\\"[[[[", ["\\\\"]]'), 2);
  assert.equal(jsonNestingDepth('['.repeat(1_000_000)), 1_000_000);
});

test('parseJsonBody: 64 levels parse, 65 are refused as too deep, malformed stays MALFORMED_BODY', () => {
  const nest = (n: number) => '['.repeat(n) + ']'.repeat(n);
  const ok = parse(nest(MAX_JSON_DEPTH));
  assert.equal(ok.err, null);
  assert.ok(Array.isArray(ok.value));
  const deep = parse(nest(MAX_JSON_DEPTH + 1)).err;
  assert.ok(isDomainError(deep) && deep.status === 400 && deep.message === BODY_TOO_DEEP_MESSAGE);
  const bad = parse('{"a":').err;
  assert.ok(isDomainError(bad) && bad.code === 'MALFORMED_BODY');
  assert.equal(parse('  ').value, null);
});

test("pyRepr keeps Python's text for ordinary values and bounds deep or huge ones", () => {
  assert.equal(
    pyRepr({ a: [1, 2.5, "x'y", null, true, { b: 'c' }] }),
    `{'a': [1, 2.5, "x'y", None, True, {'b': 'c'}]}`,
  );
  let v: unknown = 1;
  for (let i = 0; i < 100_000; i++) v = [v];
  assert.equal(pyRepr(v), `${'['.repeat(REPR_MAX_DEPTH)}[...]${']'.repeat(REPR_MAX_DEPTH)}`);
  let o: unknown = 'leaf';
  for (let i = 0; i < 100_000; i++) o = { k: o };
  assert.equal(pyRepr(o), `${"{'k': ".repeat(REPR_MAX_DEPTH)}{...}${'}'.repeat(REPR_MAX_DEPTH)}`);
  const long = 'x'.repeat(65_536);
  assert.equal(pyRepr(long), `'${long}'`);
  const huge = pyRepr(Array(200_000).fill('abcdef'));
  assert.equal(huge.length, REPR_MAX_CHARS + 3);
  assert.ok(huge.endsWith('...'));
});
