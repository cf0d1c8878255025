/**
 * Child process for the RSS scenario: starts stackbox in-process (in-memory SQLite, or the
 * PostgreSQL URL given), seeds N servers, serves a few list and show requests so the hot paths
 * are loaded, then prints its RSS as JSON. Run alone so autocannon's memory is not counted.
 */
import { startStackbox } from './stackbox.js';
import { seedServers } from './seed.js';

const count = Number(process.argv[2] ?? '0');
const pgUrl = process.argv[3] || null;
const sb = await startStackbox({ pgUrl });
const ids = count ? await seedServers(sb.rt, count) : [];
const token = await sb.token('demo');
for (const path of ['/compute/v2.1/servers/detail?limit=1000', '/compute/v2.1/servers', ...ids.slice(0, 20).map((id) => `/compute/v2.1/servers/${id}`)]) {
  const res = await fetch(`${sb.url}${path}`, { headers: { 'x-auth-token': token } });
  if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
  await res.arrayBuffer();
}
(globalThis as { gc?: () => void }).gc?.();
const m = process.memoryUsage();
process.stdout.write(`${JSON.stringify({ rss: m.rss, heapUsed: m.heapUsed })}\n`);
await sb.close();
process.exit(0);
