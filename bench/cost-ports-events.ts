/**
 * `node --import tsx bench/cost-ports-events.ts [--pg] [--n 2000]`: CPU time and store queries per
 * request for GET /servers/{id}/os-interface and POST /os-server-external-events (1 and 100
 * network-changed events over 100 servers on 32 hosts), as bench/cost.ts does for the server
 * reads. For events, the in-process agent's delivery work is counted too: each timed run waits
 * until every delivery operation is finished, so CPU and queries are per request end to end.
 */
import { parseArgs } from 'node:util';
import { startStackbox } from './lib/stackbox.js';
import { seedServers } from './lib/seed.js';
import { countQueries } from './lib/query-counter.js';

const { values } = parseArgs({
  options: { pg: { type: 'boolean', default: false }, n: { type: 'string', default: '2000' } },
});
const sb = await startStackbox({ pgUrl: values.pg ? 'postgres://postgres@127.0.0.1:5432/test' : null });
const queries = countQueries(values.pg);
const rounds = Number(values.n);
sb.seeded.push(...(await seedServers(sb.rt, 100)));
const demo = await sb.token('demo');
const admin = await sb.token('admin');
const db = sb.rt.store.db;
const pendingOps = async () =>
  Number(
    (
      await db
        .selectFrom('operations')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('status', 'in', ['pending', 'running'])
        .executeTakeFirstOrThrow()
    ).n,
  );

async function run(label: string, n: number, once: () => Promise<void>, drain: boolean): Promise<void> {
  for (let i = 0; i < Math.min(200, n); i++) await once();
  if (drain) while (await pendingOps()) await new Promise((r) => setTimeout(r, 5));
  queries.reset();
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await once();
  let polls = 0;
  if (drain) while ((polls++, await pendingOps())) await new Promise((r) => setTimeout(r, 2));
  const c = process.cpuUsage(c0);
  const wall = performance.now() - t0;
  const q = queries.count - (drain ? polls : 0);
  console.log(
    `${label.padEnd(44)} ${((c.user + c.system) / n).toFixed(0).padStart(6)} µs CPU/req (client included)  ${((wall * 1000) / n).toFixed(0).padStart(6)} µs wall/req  ${(q / n).toFixed(2)} queries/req`,
  );
}

console.log(`store: ${values.pg ? 'PostgreSQL' : 'in-memory SQLite'}`);
const ifUrl = `${sb.url}/compute/v2.1/servers/${sb.seeded[50]}/os-interface`;
await run(
  'GET /servers/{id}/os-interface',
  rounds,
  async () => {
    const r = await fetch(ifUrl, { headers: { 'x-auth-token': demo } });
    if (r.status !== 200) throw new Error(`os-interface: ${r.status}`);
    await r.arrayBuffer();
  },
  false,
);
for (const size of [1, 100]) {
  const body = JSON.stringify({
    events: Array.from({ length: size }, (_, i) => ({ name: 'network-changed', server_uuid: sb.seeded[i % 100] })),
  });
  await run(
    `POST /os-server-external-events, ${size} event(s)`,
    size === 1 ? rounds / 2 : rounds / 20,
    async () => {
      const r = await fetch(`${sb.url}/compute/v2.1/os-server-external-events`, {
        method: 'POST',
        headers: { 'x-auth-token': admin, 'content-type': 'application/json' },
        body,
      });
      if (r.status !== 200) throw new Error(`events: ${r.status}`);
      await r.arrayBuffer();
    },
    true,
  );
}
await sb.close();
process.exit(0);
