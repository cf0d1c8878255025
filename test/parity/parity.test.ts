/**
 * Parity with the real Nova, without Nova: replays test/parity/cases.ts against an in-process
 * stackbox and compares status, headers that matter and JSON shape/fixed values with the golden
 * files recorded from the real Nova (npm run parity:record). Every difference must be listed,
 * with its reason, in test/parity/known-differences.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CASES } from './cases.js';
import { replay } from './replay.js';
import { startStackboxTarget } from './targets.js';
import { compareWithGolden, formatDifference, loadGolden } from './golden.js';

test('every case has a golden file recorded from the real Nova', () => {
  const missing = CASES.filter((c) => loadGolden(c.name) === null).map((c) => c.name);
  assert.deepEqual(missing, [], 'run `npm run parity:record` after changing test/parity/cases.ts');
});

test('case names are unique', () => {
  const names = CASES.map((c) => c.name);
  assert.deepEqual(
    names.filter((n, i) => names.indexOf(n) !== i),
    [],
  );
});

test('stackbox answers every case like the real Nova, apart from the known differences', async (t) => {
  const sb = await startStackboxTarget();
  try {
    const results = await replay(sb.target, CASES, loadGolden);
    const { unexplained, skipped, unused } = compareWithGolden(results);
    for (const s of skipped) t.diagnostic(`skipped ${s}`);
    // an entry nothing matches any more is only reported: another change may just have fixed it
    for (const k of unused)
      t.diagnostic(`known difference no longer seen: ${String(k.case)} ${String(k.path)} (${k.reason})`);
    assert.equal(
      unexplained.length,
      0,
      `unexplained differences from the real Nova:\n${unexplained.map(formatDifference).join('\n')}`,
    );
  } finally {
    await sb.close();
  }
});
