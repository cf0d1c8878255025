/**
 * npm run parity:record [-- --nova http://127.0.0.1:PORT/v2.1]
 *
 * Replays test/parity/cases.ts against the real Nova (started here from
 * scripts/real-nova/run-nova.py unless --nova names a running one) and writes each normalised response
 * to test/parity/golden/<case>.json. Then replays the same cases against an in-process stackbox and
 * prints every difference, marking the ones test/parity/known-differences.ts explains.
 * The golden files come only from here: never edit them by hand.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CASES } from './cases.js';
import { replay } from './replay.js';
import { novaTarget, startStackboxTarget } from './targets.js';
import { GOLDEN_DIR, compareWithGolden, formatDifference, loadGolden } from './golden.js';

const here = dirname(fileURLToPath(import.meta.url));
const NOVA_RUNNER = join(here, '../../scripts/real-nova/run-nova.py');

async function startNova(): Promise<{ url: string; child: ChildProcess }> {
  const port = 20000 + Math.floor(Math.random() * 20000);
  const child = spawn('/usr/bin/python3', [NOVA_RUNNER, String(port), '--log-level', 'WARNING'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`real Nova not ready after 60 s:\n${out}`)), 60000);
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const ready = /NOVA_READY (\S+)/.exec(out)?.[1];
      if (ready !== undefined) {
        clearTimeout(timer);
        resolve(ready);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`real Nova exited (${code}):\n${out}`));
    });
  });
  child.stdout?.resume();
  return { url, child };
}

async function main(): Promise<void> {
  const i = process.argv.indexOf('--nova');
  const given = i >= 0 ? process.argv[i + 1] : undefined;
  const nova = given ? { url: given, child: null } : await startNova();
  try {
    const results = await replay(novaTarget(nova.url), CASES);
    mkdirSync(GOLDEN_DIR, { recursive: true });
    for (const f of readdirSync(GOLDEN_DIR)) if (f.endsWith('.json')) rmSync(join(GOLDEN_DIR, f));
    for (const r of results) {
      if (!r.record) {
        console.log(`nova: ${r.case.name} not run: ${r.skipped}`);
        continue;
      }
      writeFileSync(
        join(GOLDEN_DIR, `${r.case.name}.json`),
        `${JSON.stringify({ case: r.case.name, ...r.record }, null, 2)}\n`,
      );
    }
    console.log(`wrote ${results.filter((r) => r.record).length} golden files to ${GOLDEN_DIR}`);
  } finally {
    nova.child?.kill();
  }

  const sb = await startStackboxTarget();
  try {
    const ours = await replay(sb.target, CASES, loadGolden);
    const { unexplained, explained, skipped } = compareWithGolden(ours);
    for (const s of skipped) console.log(`skipped ${s}`);
    for (const d of explained) console.log(`known   ${formatDifference(d)}`);
    for (const d of unexplained) console.log(`DIFF    ${formatDifference(d)}`);
    console.log(`${unexplained.length} unexplained, ${explained.length} known differences, ${skipped.length} skipped`);
  } finally {
    await sb.close();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
