/**
 * `npm run bench`: runs every scenario against stackbox and the same work against the baselines in
 * this one invocation, and prints req/s, p50/p99 and the ratios. Flags: --duration S (default 10),
 * --connections N (10), --smoke (1 s, no real Nova: what CI runs so the harness never rots),
 * --no-nova, --only <substring>.
 */
import { parseArgs } from 'node:util';
import { measure, type Measurement } from './lib/measure.js';
import { startBareFastify, realNovaAvailable, startRealNova, type RealNova } from './lib/baselines.js';
import { startStackbox } from './lib/stackbox.js';
import { scenarios } from './scenarios.js';

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '10' },
    smoke: { type: 'boolean', default: false },
    'no-nova': { type: 'boolean', default: false },
    only: { type: 'string' },
  },
});
const durationSec = values.smoke ? 1 : Number(values.duration);
const connections = Number(values.connections);
const useNova = !values.smoke && !values['no-nova'] && realNovaAvailable();

const fmt = (m: Measurement | null) => (m ? `${m.reqPerSec.toFixed(0).padStart(7)} req/s  p50 ${String(m.p50).padStart(4)} ms  p99 ${String(m.p99).padStart(4)} ms` : '        n/a');
const ratio = (a: number, b: number | undefined) => (b ? `${(a / b).toFixed(1)}x` : 'n/a');

async function main(): Promise<void> {
  console.log(`stackbox bench: ${durationSec}s per run, ${connections} connections, real Nova: ${useNova ? 'yes' : 'no'}`);
  const sb = await startStackbox();
  const nova: RealNova | null = useNova ? await startRealNova(18900 + Math.floor(Math.random() * 50)) : null;
  try {
    for (const s of scenarios) {
      if (values.only && !s.name.includes(values.only)) continue;
      const target = await s.stackbox(sb);
      const mine = await measure({ ...target, durationSec, connections });
      const sample = await (await fetch(target.url, { method: target.method ?? 'GET', headers: target.headers, body: target.body })).text();
      const bare = await startBareFastify(sample);
      const ceiling = await measure({ url: bare.url, durationSec, connections });
      await bare.close();
      let novaResult: Measurement | null = null;
      if (nova && s.nova) {
        const nt = await s.nova(nova);
        novaResult = await measure({ ...nt, durationSec, connections });
      }
      console.log(`\n${s.name}`);
      console.log(`  stackbox      ${fmt(mine)}${mine.non2xx ? `  (${mine.non2xx} non-2xx!)` : ''}`);
      console.log(`  bare fastify  ${fmt(ceiling)}   stackbox/ceiling ${ratio(mine.reqPerSec, ceiling.reqPerSec)}`);
      console.log(`  real nova     ${fmt(novaResult)}   stackbox/nova ${ratio(mine.reqPerSec, novaResult?.reqPerSec)}`);
    }
  } finally {
    nova?.stop();
    await sb.close();
  }
}

main().then(() => process.exit(0), (err) => { console.error(err); process.exit(1); });
