/**
 * Golden files (normalised real-Nova responses) and the comparison of a stackbox replay with them,
 * sorting every difference into explained (matched by test/parity/known-differences.ts) or not.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compare, type Difference, type Record_ } from './normalise.js';
import type { CaseResult } from './replay.js';
import { KNOWN_DIFFERENCES, type KnownDifference } from './known-differences.js';

export const GOLDEN_DIR = join(dirname(fileURLToPath(import.meta.url)), 'golden');

export function loadGolden(name: string): Record_ | null {
  const file = join(GOLDEN_DIR, `${name}.json`);
  if (!existsSync(file)) return null;
  return JSON.parse(readFileSync(file, 'utf8')) as Record_;
}

const matches = (pattern: string | RegExp, s: string) =>
  typeof pattern === 'string' ? pattern === s : pattern.test(s);

export function explain(d: Difference): KnownDifference | undefined {
  return KNOWN_DIFFERENCES.find(
    (k) => matches(k.case, d.case) && (k.kind === undefined || k.kind === d.kind) && matches(k.path, d.path),
  );
}

export function compareWithGolden(results: CaseResult[]): {
  unexplained: Difference[];
  explained: Difference[];
  skipped: string[];
  unused: KnownDifference[];
} {
  const unexplained: Difference[] = [];
  const explained: Difference[] = [];
  const skipped: string[] = [];
  const used = new Set<KnownDifference>();
  for (const r of results) {
    const golden = loadGolden(r.case.name);
    if (!r.record) {
      skipped.push(`${r.case.name}: ${r.skipped}`);
      continue;
    }
    if (!golden) {
      unexplained.push({
        case: r.case.name,
        kind: 'status',
        path: 'golden file',
        nova: 'missing (run npm run parity:record)',
        stackbox: r.record.status,
      });
      continue;
    }
    for (const d of compare(r.case.name, golden, r.record, r.case.values !== false)) {
      const k = explain(d);
      if (k) {
        used.add(k);
        explained.push(d);
      } else unexplained.push(d);
    }
  }
  return { unexplained, explained, skipped, unused: KNOWN_DIFFERENCES.filter((k) => !used.has(k)) };
}

export function formatDifference(d: Difference): string {
  return `${d.case}: ${d.kind} ${d.path}: nova ${JSON.stringify(d.nova)} / stackbox ${JSON.stringify(d.stackbox)}`;
}
