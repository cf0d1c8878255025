/**
 * Golden files (normalised responses of the real services) and the comparison of a stackbox replay
 * with them, sorting every difference into explained (matched by the service's known
 * differences) or not. Nova's files are in test/parity/golden/, the others' in
 * test/parity/golden/<service>/.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Service } from './case-types.js';
import { compare, type Difference, type Record_ } from './normalise.js';
import type { CaseResult } from './replay.js';
import { KNOWN_DIFFERENCES_BY_SERVICE, type KnownDifference } from './known-differences.js';

const GOLDEN_ROOT = join(dirname(fileURLToPath(import.meta.url)), 'golden');

export function goldenDir(service: Service): string {
  return service === 'nova' ? GOLDEN_ROOT : join(GOLDEN_ROOT, service);
}

export function loadGolden(service: Service, name: string): Record_ | null {
  const file = join(goldenDir(service), `${name}.json`);
  if (!existsSync(file)) return null;
  return JSON.parse(readFileSync(file, 'utf8')) as Record_;
}

const matches = (pattern: string | RegExp, s: string) =>
  typeof pattern === 'string' ? pattern === s : pattern.test(s);

export function explain(service: Service, d: Difference): KnownDifference | undefined {
  return KNOWN_DIFFERENCES_BY_SERVICE[service].find(
    (k) => matches(k.case, d.case) && (k.kind === undefined || k.kind === d.kind) && matches(k.path, d.path),
  );
}

export function compareWithGolden(
  service: Service,
  results: CaseResult[],
): {
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
    const golden = loadGolden(service, r.case.name);
    if (!r.record) {
      skipped.push(`${r.case.name}: ${r.skipped}`);
      continue;
    }
    if (!golden) {
      unexplained.push({
        case: r.case.name,
        kind: 'status',
        path: 'golden file',
        real: `missing (run npm run parity:record -- --service ${service})`,
        stackbox: r.record.status,
      });
      continue;
    }
    for (const d of compare(r.case.name, golden, r.record, r.case.values !== false)) {
      const k = explain(service, d);
      if (k) {
        used.add(k);
        explained.push(d);
      } else unexplained.push(d);
    }
  }
  return {
    unexplained,
    explained,
    skipped,
    unused: KNOWN_DIFFERENCES_BY_SERVICE[service].filter((k) => !used.has(k)),
  };
}

export function formatDifference(d: Difference): string {
  return `${d.case}: ${d.kind} ${d.path}: real ${JSON.stringify(d.real)} / stackbox ${JSON.stringify(d.stackbox)}`;
}
