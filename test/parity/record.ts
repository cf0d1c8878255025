/**
 * npm run parity:record [-- --service nova|keystone|glance|neutron|cinder] [--url http://127.0.0.1:PORT]
 *
 * Replays one service's parity cases (default nova) against the real service (started here from
 * its runner in scripts/real-<service>/ unless --url names a running one; `--nova URL` is the old
 * spelling for Nova) and writes each normalised response to the service's golden folder
 * (test/parity/golden/ for Nova, test/parity/golden/<service>/ otherwise). Then replays the same
 * cases against an in-process stackbox and prints every difference, marking the ones the known
 * differences explain. The golden files come only from here: never edit them by hand.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Service } from './case-types.js';
import { SERVICES, type ServiceDef } from './services.js';
import { replay, type Target } from './replay.js';
import {
  cinderTarget,
  glanceTarget,
  identityTarget,
  neutronTarget,
  novaTarget,
  startStackboxTarget,
} from './targets.js';
import { compareWithGolden, formatDifference, goldenDir, loadGolden } from './golden.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');

async function startReal(def: ServiceDef): Promise<{ url: string; child: ChildProcess }> {
  const port = 20000 + Math.floor(Math.random() * 20000);
  const child = spawn('/usr/bin/python3', [join(root, def.runner), String(port), ...def.runnerArgs], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`real ${def.service} not ready after 90 s:\n${out}`)), 90000);
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const ready = new RegExp(`${def.ready} (\\S+)`).exec(out)?.[1];
      if (ready !== undefined) {
        clearTimeout(timer);
        resolve(ready);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`real ${def.service} exited (${code}):\n${out}`));
    });
  });
  child.stdout?.resume();
  return { url, child };
}

async function realTarget(service: Service, url: string): Promise<Target> {
  if (service === 'nova') return novaTarget(url);
  if (service === 'glance') return glanceTarget(url);
  if (service === 'neutron') return neutronTarget(url);
  if (service === 'cinder') return cinderTarget(url);
  return identityTarget('real', url.replace(/\/v3\/?$/, '').replace(/\/$/, ''));
}

function option(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const service = (option('--service') ?? 'nova') as Service;
  const def = SERVICES[service] as ServiceDef | undefined;
  if (!def) throw new Error(`--service must be one of ${Object.keys(SERVICES).join(', ')}`);
  const given = option('--url') ?? (service === 'nova' ? option('--nova') : undefined);
  const real = given ? { url: given, child: null } : await startReal(def);
  const dir = goldenDir(service);
  try {
    const results = await replay(await realTarget(service, real.url), def.cases, def.profile);
    mkdirSync(dir, { recursive: true });
    for (const f of readdirSync(dir)) if (f.endsWith('.json')) rmSync(join(dir, f));
    for (const r of results) {
      if (!r.record) {
        console.log(`${service}: ${r.case.name} not run: ${r.skipped}`);
        continue;
      }
      writeFileSync(
        join(dir, `${r.case.name}.json`),
        `${JSON.stringify({ case: r.case.name, ...r.record }, null, 2)}\n`,
      );
    }
    console.log(`wrote ${results.filter((r) => r.record).length} golden files to ${dir}`);
  } finally {
    real.child?.kill();
  }

  const sb = await startStackboxTarget(service);
  try {
    const ours = await replay(sb.target, def.cases, def.profile, (name) => loadGolden(service, name));
    const { unexplained, explained, skipped } = compareWithGolden(service, ours);
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
