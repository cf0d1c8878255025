/**
 * `npm run bench`: runs every scenario against stackbox and the same work against the baselines in
 * this one invocation, prints req/s, p50/p99 and the ratios, then a Markdown summary table.
 * Flags: --duration S (default 10), --connections N (10), --smoke (1 s, no real Nova: what CI runs
 * so the harness never rots), --no-nova, --only <substring>, --pg [url] (stackbox on PostgreSQL,
 * default postgres://postgres@127.0.0.1:5432/test, in a private schema dropped afterwards),
 * --nova-servers N (most servers to build in the real Nova, default 100: it builds about two a
 * second, so rows needing more print issue 8's reference figure instead), --nova-duration S (5).
 */
import { parseArgs } from 'node:util';
import { measure, type Measurement } from './lib/measure.js';
import { startBareFastify, realNovaAvailable, startRealNova } from './lib/baselines.js';
import { startStackbox } from './lib/stackbox.js';
import { startServed, type ServedStackbox } from './lib/served.js';
import { seedServers } from './lib/seed.js';
import { novaEnsureServers, type NovaUnderTest } from './lib/nova.js';
import {
  scenarios,
  type BenchEnv,
  type LoadScenario,
  type Target,
  type TimedResult,
  type TimedScenario,
} from './scenarios.js';

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '10' },
    smoke: { type: 'boolean', default: false },
    'no-nova': { type: 'boolean', default: false },
    only: { type: 'string' },
    pg: { type: 'boolean', default: false },
    'pg-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/test' },
    'nova-servers': { type: 'string', default: '100' },
    'nova-duration': { type: 'string', default: '5' },
  },
});
const durationSec = values.smoke ? 1 : Number(values.duration);
const novaDurationSec = Math.min(durationSec, Number(values['nova-duration']));
const connections = Number(values.connections);
const useNova = !values.smoke && !values['no-nova'] && realNovaAvailable();
const novaMaxServers = Number(values['nova-servers']);
const env: BenchEnv = { pgUrl: values.pg ? values['pg-url'] : null, smoke: values.smoke };

const fmt = (m: Measurement | null) =>
  m
    ? `${m.reqPerSec.toFixed(0).padStart(7)} req/s  p50 ${String(m.p50).padStart(4)} ms  p99 ${String(m.p99).padStart(4)} ms`
    : '        n/a';
const ratio = (a: number, b: number | undefined) => (b ? `${(a / b).toFixed(a / b < 10 ? 2 : 0)}x` : 'n/a');
const summary: string[] = [];

async function runLoad(scs: LoadScenario[], nova: NovaUnderTest | null): Promise<void> {
  const sb = await startStackbox({ pgUrl: env.pgUrl });
  // started at the first scenario that asks for it, stopped with the in-process one
  let served: ServedStackbox | null = null;
  try {
    for (const s of [...scs].sort((a, b) => a.servers - b.servers)) {
      if (sb.seeded.length < s.servers) {
        const t0 = performance.now();
        const n = s.servers - sb.seeded.length;
        sb.seeded.push(...(await seedServers(sb.rt, n)));
        console.log(
          `\n(seeded ${n} servers in ${((performance.now() - t0) / 1000).toFixed(1)} s; ${sb.seeded.length} in total)`,
        );
      }
      let target: Target | string;
      if (s.served) {
        if (env.pgUrl) target = 'measured on `stackbox serve --memory` only';
        else target = await s.served((served ??= await startServed()));
      } else if (s.stackbox) target = await s.stackbox(sb);
      else target = 'no stackbox target';
      console.log(`\n${s.name}`);
      if (typeof target === 'string') {
        console.log(`  stackbox      skipped: ${target}`);
        summary.push(`| ${s.name} | skipped: ${target} | | | | |`);
        continue;
      }
      const conns = target.connections ?? connections;
      const mine = await measure({ ...target, durationSec, connections: conns });
      // the ceiling serves the body of a plain GET of the target URL (for a write: its resource)
      const sample = await (
        await fetch(target.url, {
          method: target.requests ? 'GET' : (target.method ?? 'GET'),
          headers: target.headers,
          body: target.requests ? undefined : target.body,
        })
      ).text();
      const bare = await startBareFastify(sample);
      const ceiling = await measure({ url: bare.url, durationSec, connections: conns });
      await bare.close();
      let novaResult: Measurement | null = null;
      if (nova && s.nova && s.nova.servers <= novaMaxServers) {
        const { servers, target: novaTarget } = s.nova;
        novaResult = await nova.running(async () => {
          await novaEnsureServers(nova, servers);
          return measure({ ...(await novaTarget(nova)), durationSec: novaDurationSec, connections });
        });
      }
      console.log(
        `  stackbox      ${fmt(mine)}${mine.non2xx ? `  (${mine.non2xx} non-2xx!)` : ''}   body ${sample.length} B`,
      );
      console.log(`  bare fastify  ${fmt(ceiling)}   stackbox/ceiling ${ratio(mine.reqPerSec, ceiling.reqPerSec)}`);
      const ref = s.reference ? `issue 8 reference: ${s.reference}` : '';
      console.log(
        `  real nova     ${fmt(novaResult)}   stackbox/nova ${ratio(mine.reqPerSec, novaResult?.reqPerSec)}${novaResult ? '' : `  ${ref}`}`,
      );
      summary.push(
        `| ${s.name} | ${mine.reqPerSec.toFixed(0)} | ${mine.p50} / ${mine.p99} | ${ratio(mine.reqPerSec, ceiling.reqPerSec)} | ${novaResult ? `${novaResult.reqPerSec.toFixed(1)} req/s` : s.reference ? `(${s.reference})` : ''} | ${novaResult ? ratio(mine.reqPerSec, novaResult.reqPerSec) : ''} |`,
      );
    }
  } finally {
    await served?.close();
    await sb.close();
  }
}

async function runTimed(s: TimedScenario, nova: NovaUnderTest | null): Promise<void> {
  console.log(`\n${s.name}${s.target ? ` (target ${s.target})` : ''}`);
  const mine: TimedResult | string = await s.stackbox(env);
  if (typeof mine === 'string') {
    console.log(`  stackbox      skipped: ${mine}`);
    summary.push(`| ${s.name} | skipped: ${mine} | | | | |`);
    return;
  }
  console.log(`  stackbox      ${mine.seconds.toFixed(3)}  ${mine.note}`);
  let theirs: TimedResult | null = null;
  const novaRun = s.nova;
  if (nova && novaRun) theirs = await nova.running(() => novaRun(nova));
  if (theirs)
    console.log(
      `  real nova     ${theirs.seconds.toFixed(3)}  ${theirs.note}   nova/stackbox ${ratio(theirs.seconds, mine.seconds)}`,
    );
  else if (s.reference) console.log(`  real nova     n/a  issue 8 reference: ${s.reference}`);
  const vsCeiling = mine.ceilingSeconds === undefined ? '' : ratio(mine.ceilingSeconds, mine.seconds);
  if (vsCeiling) console.log(`  bare fastify  ${mine.ceilingSeconds?.toFixed(4)}   stackbox/ceiling ${vsCeiling}`);
  summary.push(
    `| ${s.name} | ${mine.seconds.toFixed(3)} (${mine.note}) | | ${[vsCeiling, s.target ?? ''].filter(Boolean).join(', ')} | ${theirs ? theirs.seconds.toFixed(1) : s.reference ? `(${s.reference})` : ''} | ${theirs ? ratio(theirs.seconds, mine.seconds) : ''} |`,
  );
}

async function main(): Promise<void> {
  console.log(
    `stackbox bench: ${durationSec}s per run, ${connections} connections, store: ${env.pgUrl ? 'PostgreSQL' : 'in-memory SQLite'}, real Nova: ${useNova ? `yes (${novaDurationSec}s runs, up to ${novaMaxServers} servers)` : 'no'}, node ${process.version}`,
  );
  const picked = scenarios.filter((s) => !values.only || s.name.includes(values.only));
  let nova: NovaUnderTest | null = null;
  if (useNova) {
    nova = { ...(await startRealNova(18900 + Math.floor(Math.random() * 50), 10)), servers: [] };
    await nova.running(async () => undefined); // stopped until its first measurement
  }
  try {
    const loads = picked.filter((s): s is LoadScenario => s.kind === 'load');
    if (loads.length) await runLoad(loads, nova);
    for (const s of picked) if (s.kind === 'timed') await runTimed(s, nova);
  } finally {
    nova?.stop();
  }
  console.log(
    '\n| scenario | stackbox req/s (or s) | p50 / p99 ms | vs ceiling (or target) | real Nova | vs Nova |\n|---|---|---|---|---|---|',
  );
  for (const line of summary) console.log(line);
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
