/**
 * Parity with the real Nova, Keystone and Glance, without them: replays each service's cases
 * (test/parity/services.ts) against an in-process stackbox and compares status, headers that matter
 * and JSON shape/fixed values with the golden files recorded from the real service
 * (npm run parity:record -- --service <service>). Every difference must be listed, with its
 * reason, in the service's known differences (test/parity/known-differences*.ts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Service } from './case-types.js';
import { ALL_CASES, SERVICES } from './services.js';
import { replay } from './replay.js';
import { startStackboxTarget } from './targets.js';
import { compareWithGolden, formatDifference, loadGolden } from './golden.js';

test('case names are unique', () => {
  const names = ALL_CASES.map((c) => c.name);
  assert.deepEqual(
    names.filter((n, i) => names.indexOf(n) !== i),
    [],
  );
});

for (const service of Object.keys(SERVICES) as Service[]) {
  const { cases, profile } = SERVICES[service];

  test(`every ${service} case has a golden file recorded from the real ${service}`, () => {
    const missing = cases.filter((c) => loadGolden(service, c.name) === null).map((c) => c.name);
    assert.deepEqual(missing, [], `run \`npm run parity:record -- --service ${service}\` after changing its cases`);
  });

  test(`stackbox answers every ${service} case like the real ${service}, apart from the known differences`, async (t) => {
    const sb = await startStackboxTarget(service);
    try {
      const results = await replay(sb.target, cases, profile, (name) => loadGolden(service, name));
      const { unexplained, skipped, unused } = compareWithGolden(service, results);
      for (const s of skipped) t.diagnostic(`skipped ${s}`);
      // an entry nothing matches any more is only reported: another change may just have fixed it
      for (const k of unused)
        t.diagnostic(`known difference no longer seen: ${String(k.case)} ${String(k.path)} (${k.reason})`);
      assert.equal(
        unexplained.length,
        0,
        `unexplained differences from the real ${service}:\n${unexplained.map(formatDifference).join('\n')}`,
      );
    } finally {
      await sb.close();
    }
  });
}
