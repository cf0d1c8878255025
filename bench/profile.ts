/**
 * `node --import tsx bench/profile.ts <path> [servers] [seconds]`: CPU profile of the server
 * thread only while autocannon (in a worker) loads one GET path, e.g.
 * `bench/profile.ts /compute/v2.1/servers/{id} 100`. The path `events:N` loads POST
 * /os-server-external-events with N network-changed events over the seeded servers (admin token),
 * so the profile includes the in-process agent delivering them. Prints the hottest functions and
 * packages and writes /tmp/stackbox-<time>.cpuprofile (open it in Chrome DevTools).
 */
import { Session } from 'node:inspector/promises';
import { writeFileSync } from 'node:fs';
import { startStackbox } from './lib/stackbox.js';
import { seedServers } from './lib/seed.js';
import { measure, type MeasureOptions } from './lib/measure.js';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
const [path = '/compute/v2.1/servers/{id}', servers = '100', secs = '5'] = process.argv.slice(2);
const sb = await startStackbox();
const ids = await seedServers(sb.rt, Number(servers));
const events = /^events:(\d+)$/.exec(path);
const target: Omit<MeasureOptions, 'durationSec' | 'connections'> = events
  ? {
      url: `${sb.url}/compute/v2.1/os-server-external-events`,
      method: 'POST',
      headers: { 'x-auth-token': await sb.token('admin'), 'content-type': 'application/json' },
      body: JSON.stringify({
        events: Array.from({ length: Number(events[1]) }, (_, i) => ({
          name: 'network-changed',
          server_uuid: ids[i % ids.length],
        })),
      }),
    }
  : {
      url: `${sb.url}${path.replace('{id}', ids[ids.length >> 1] ?? '')}`,
      headers: { 'x-auth-token': await sb.token('demo') },
    };
await measure({ ...target, durationSec: 1, connections: 10 });
const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.start');
const m = await measure({ ...target, durationSec: Number(secs), connections: 10 });
const { profile } = (await session.post('Profiler.stop')) as {
  profile: { nodes: Node[]; samples: number[]; timeDeltas: number[] };
};
const file = `/tmp/stackbox-${Date.now()}.cpuprofile`;
writeFileSync(file, JSON.stringify(profile));
const short = (u: string) =>
  u
    .replace(/.*node_modules\//, '')
    .replace(`file://${process.cwd()}/`, '')
    .replace(/^file:\/\//, '');
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const fn = new Map<string, number>();
const pkg = new Map<string, number>();
let total = 0;
profile.samples.forEach((id, i) => {
  const t = profile.timeDeltas[i] ?? 0;
  total += t;
  const cf = (byId.get(id) as Node).callFrame;
  const k = `${cf.functionName || '(anonymous)'} ${short(cf.url)}:${cf.lineNumber + 1}`;
  fn.set(k, (fn.get(k) ?? 0) + t);
  const p = short(cf.url).split('/').slice(0, 2).join('/') || cf.functionName;
  pkg.set(p, (pkg.get(p) ?? 0) + t);
});
const top = (m2: Map<string, number>, n: number) =>
  [...m2]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([k, t]) => `${((t / total) * 100).toFixed(1).padStart(5)}%  ${k}`)
    .join('\n');
console.log(
  `${path} with ${servers} servers: ${m.reqPerSec.toFixed(0)} req/s, p50 ${m.p50} ms, p99 ${m.p99} ms; profile ${file}`,
);
console.log(`${top(fn, 30)}\n--- by package\n${top(pkg, 15)}`);
await sb.close();
process.exit(0);
