/**
 * `node --import tsx bench/cost.ts [--pg]`: CPU time and store queries per request for the hot
 * reads, through app.inject (the whole Fastify pipeline, no socket). CPU microseconds per request
 * barely move when other work shares the machine, unlike req/s, so this is what the optimisation
 * notes in docs/performance.md compare before and after.
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

const token = await sb.token('demo');
const rounds = Number(values.n);
const cases: Array<[string, number]> = [
  ['/compute/v2.1/flavors/1', 0],
  ['/compute/v2.1/servers/{id}', 100],
  ['/compute/v2.1/servers/detail', 100],
  ['/compute/v2.1/servers?limit=100', 1000],
  ['/compute/v2.1/servers/detail?limit=100', 1000],
  ['/compute/v2.1/servers/detail?limit=100', 100_000],
];
console.log(
  `store: ${values.pg ? 'PostgreSQL' : 'in-memory SQLite'}; ${rounds} sequential requests each (fewer for big pages)`,
);
for (const [path, servers] of cases) {
  if (sb.seeded.length < servers) sb.seeded.push(...(await seedServers(sb.rt, servers - sb.seeded.length)));
  const url = `${sb.url}${path.replace('{id}', sb.seeded[sb.seeded.length >> 1] ?? '')}`;
  const n = path.includes('limit') || path.endsWith('detail') ? Math.max(50, rounds / 10) : rounds;
  const once = async () => {
    const r = await fetch(url, { headers: { 'x-auth-token': token } });
    if (r.status !== 200) throw new Error(`${path}: ${r.status}`);
    await r.arrayBuffer();
  };
  for (let i = 0; i < Math.min(200, n); i++) await once();
  queries.reset();
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await once();
  const c = process.cpuUsage(c0);
  const wall = performance.now() - t0;
  console.log(
    `${path.padEnd(44)} ${String(servers).padStart(6)} servers  ${((c.user + c.system) / n).toFixed(0).padStart(6)} µs CPU/req (client included)  ${((wall * 1000) / n).toFixed(0).padStart(6)} µs wall/req  ${(queries.count / n).toFixed(2)} queries/req`,
  );
}
await sb.close();
process.exit(0);
