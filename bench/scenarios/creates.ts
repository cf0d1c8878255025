/**
 * Timed create scenarios: servers created through the API until every one is ACTIVE, each on a
 * fresh stackbox (so earlier scenarios' rows do not count), the same on the real Nova.
 */
import type { BenchEnv, TimedResult, TimedScenario } from '../scenarios.js';
import { startStackbox, type RunningStackbox } from '../lib/stackbox.js';
import { novaPost, novaWaitActive, type NovaUnderTest } from '../lib/nova.js';
import { bootImageId, pool, sbPost, seconds, stackboxWaitActive } from '../lib/timed.js';

async function withStackbox<T>(
  env: BenchEnv,
  fn: (sb: RunningStackbox, token: string, imageId: string) => Promise<T>,
): Promise<T> {
  const sb = await startStackbox({ pgUrl: env.pgUrl });
  try {
    const token = await sb.token('demo');
    return await fn(sb, token, await bootImageId(sb));
  } finally {
    await sb.close();
  }
}

const perBuild = (s: number, n: number): TimedResult => ({
  seconds: s,
  note: `${((s * 1000) / n).toFixed(1)} ms per build`,
});

/** `count` separate POST /servers, `inFlight` at a time, then wait for all ACTIVE. */
function separatePosts(count: number, inFlight: number) {
  return (env: BenchEnv) =>
    withStackbox(env, async (sb, token, imageId) => {
      const t0 = performance.now();
      await pool(count, inFlight, async (i) => {
        const r = await sbPost(
          sb,
          '/compute/v2.1/servers',
          { server: { name: `b${i}`, imageRef: imageId, flavorRef: '1' } },
          token,
        );
        if (r.status !== 202) throw new Error(`create: ${r.status} ${JSON.stringify(r.json)}`);
      });
      await stackboxWaitActive(sb, count);
      return perBuild(seconds(t0), count);
    });
}

let novaRun = 0;

export const createScenarios: TimedScenario[] = [
  {
    kind: 'timed',
    name: 'create 100 servers (separate POSTs, 10 in flight) until all ACTIVE',
    target: '< 0.5 s',
    stackbox: separatePosts(100, 10),
    nova: async (n: NovaUnderTest) => {
      const prefix = `sep${novaRun++}x`;
      const t0 = performance.now();
      await pool(100, 10, async (i) => {
        const r = await novaPost(n, '/servers', {
          server: { name: `${prefix}${i}`, imageRef: n.imageId, flavorRef: '1' },
        });
        if (r.status !== 202) throw new Error(`real nova create: ${r.status}`);
      });
      n.servers.push(...(await novaWaitActive(n, `name=${encodeURIComponent(`^${prefix}`)}`, 100)));
      return perBuild(seconds(t0), 100);
    },
    reference: '49 s',
  },
  {
    kind: 'timed',
    name: 'one POST min_count=100 until all ACTIVE',
    target: '< 0.5 s',
    stackbox: (env) =>
      withStackbox(env, async (sb, token, imageId) => {
        const t0 = performance.now();
        const r = await sbPost(
          sb,
          '/compute/v2.1/servers',
          { server: { name: 'multi', imageRef: imageId, flavorRef: '1', min_count: 100, max_count: 100 } },
          token,
        );
        if (r.status !== 202) throw new Error(`create: ${r.status} ${JSON.stringify(r.json)}`);
        await stackboxWaitActive(sb, 100);
        return perBuild(seconds(t0), 100);
      }),
    nova: async (n: NovaUnderTest) => {
      const name = `multi${novaRun++}`;
      const t0 = performance.now();
      const r = await novaPost(n, '/servers', {
        server: { name, imageRef: n.imageId, flavorRef: '1', min_count: 100, max_count: 100 },
      });
      if (r.status !== 202) throw new Error(`real nova create: ${r.status}`);
      n.servers.push(...(await novaWaitActive(n, `name=${encodeURIComponent(`^${name}-`)}`, 100)));
      return perBuild(seconds(t0), 100);
    },
    reference: '73 s',
  },
  {
    kind: 'timed',
    name: 'create 1,000 servers (separate POSTs, 10 in flight) until all ACTIVE',
    target: '< 5 s',
    stackbox: separatePosts(1000, 10),
  },
];
