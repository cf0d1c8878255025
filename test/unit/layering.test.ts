/**
 * Layering rules (DESIGN.md, STYLE.md §9), checked on every import in src/: the domain is pure,
 * drivers get narrow callbacks instead of the store, and the generic HTTP plumbing knows no
 * dialect. A plain scan keeps this free of extra tooling.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';

const SRC = resolve('src');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(['"]([^'"]+)['"]\)/g)) {
    const spec = m[1] ?? m[2];
    out.push(spec.startsWith('.') ? relative(SRC, resolve(dirname(file), spec)) : spec);
  }
  return out;
}

const RULES: Array<{ from: string; forbidden: RegExp; why: string }> = [
  { from: 'domain/', forbidden: /^(store|api|services|http|agent|operations)\/|^(fastify|kysely|pg|better-sqlite3)$/, why: 'the domain is pure rules' },
  { from: 'virt/', forbidden: /^(store|api|services|http)\/|^(kysely|pg|better-sqlite3)$/, why: 'drivers get callbacks, not the store' },
  { from: 'http/', forbidden: /^(api|store|agent|operations|virt)\//, why: 'generic plumbing knows no dialect' },
  { from: 'store/', forbidden: /^(api|services|http|agent|virt)\/|^fastify$/, why: 'the store knows nothing above it' },
  { from: 'agent/', forbidden: /^store\//, why: 'the agent works through services and the operation queue' },
];

test('no module imports across a forbidden layer boundary', () => {
  const violations: string[] = [];
  for (const file of files(SRC)) {
    const rel = relative(SRC, file);
    for (const rule of RULES) {
      // first-start seeding composes services (it creates networks through the network service)
      if (!rel.startsWith(rule.from) || /^store\/seed/.test(rel)) continue;
      for (const spec of imports(file)) {
        if (rule.forbidden.test(spec)) violations.push(`${rel} imports ${spec} (${rule.why})`);
      }
    }
  }
  assert.deepEqual(violations, []);
});

test('the agent never reaches the store through the runtime either', () => {
  const violations: string[] = [];
  for (const file of files(join(SRC, 'agent'))) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/\brt\.store\b|\.store\.db\b/g)) violations.push(`${relative(SRC, file)}: ${m[0]}`);
  }
  assert.deepEqual(violations, []);
});
