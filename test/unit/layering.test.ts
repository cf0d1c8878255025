/**
 * Layering rules (DESIGN.md, STYLE.md §9), checked on every import in src/: the domain is pure,
 * drivers get narrow callbacks instead of the store, and the generic HTTP plumbing knows no
 * dialect. A plain scan keeps this free of extra tooling.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import { present } from '../helpers/elements.js';

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
    // one of the two alternatives matched, so one of the groups is set
    const spec = present(m[1] ?? m[2], `the import specifier of ${m[0]} in ${file}`);
    out.push(spec.startsWith('.') ? relative(SRC, resolve(dirname(file), spec)) : spec);
  }
  return out;
}

/** folders whose code reaches the store only through services */
const STORE_FREE = ['api/', 'agent/'];

const RULES: Array<{ from: string; forbidden: RegExp; why: string }> = [
  {
    from: 'domain/',
    forbidden: /^(store|api|services|http|agent|operations)\/|^(fastify|kysely|pg|better-sqlite3)$/,
    why: 'the domain is pure rules',
  },
  {
    from: 'virt/',
    forbidden: /^(store|api|services|http)\/|^(kysely|pg|better-sqlite3)$/,
    why: 'drivers get callbacks, not the store',
  },
  { from: 'http/', forbidden: /^(api|store|agent|operations|virt)\//, why: 'generic plumbing knows no dialect' },
  { from: 'store/', forbidden: /^(api|services|http|agent|virt)\/|^fastify$/, why: 'the store knows nothing above it' },
  // services are the only way into the store (issue 14): what these folders read or write goes through src/services
  ...STORE_FREE.map((from) => ({ from, forbidden: /^store\//, why: 'services are the only way into the store' })),
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

// an import rule cannot see the store reached through the runtime object (rt.store.db…)
test('no store-free folder reaches the store through the runtime', () => {
  const offenders = STORE_FREE.flatMap((dir) => files(join(SRC, dir)))
    .filter((f) => /\brt\.store\b|\.store\.(db|transaction)\b/.test(readFileSync(f, 'utf8')))
    .map((f) => relative(SRC, f));
  assert.deepEqual(offenders, []);
});
