/**
 * Process-level scenarios: RSS with 10,000 servers, time from `stackbox serve` to the first
 * token, and one interface attach+detach round trip.
 */
import { spawn, execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { promisify } from 'node:util';
import type { BenchEnv, TimedResult, TimedScenario } from '../scenarios.js';
import { startStackbox } from '../lib/stackbox.js';
import { novaPost, novaWaitActive, type NovaUnderTest } from '../lib/nova.js';
import { sbPost, seconds, stackboxWaitActive } from '../lib/timed.js';

const run = promisify(execFile);

async function rssOf(count: number, env: BenchEnv): Promise<{ rss: number; heapUsed: number }> {
  const { stdout } = await run(process.execPath, ['--expose-gc', '--import', 'tsx', 'bench/lib/rss-child.ts', String(count), env.pgUrl ?? ''], { maxBuffer: 1 << 20 });
  return JSON.parse(stdout.trim().split('\n').pop() as string);
}

async function freePort(): Promise<number> {
  return new Promise((res) => { const s = createServer(); s.listen(0, '127.0.0.1', () => { const a = s.address(); s.close(() => res(typeof a === 'object' && a ? a.port : 0)); }); });
}

const MB = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MB`;

export const processScenarios: TimedScenario[] = [
  {
    kind: 'timed', name: 'process RSS after seeding 10,000 servers (MB, not seconds)', target: '≤ 150 MB',
    stackbox: async (env) => {
      const empty = await rssOf(0, env);
      const full = await rssOf(10_000, env);
      // reported in the seconds column as MB so the table stays one shape
      return { seconds: full.rss / 1024 / 1024, note: `RSS ${MB(full.rss)} (heap ${MB(full.heapUsed)}); empty store ${MB(empty.rss)}; includes the tsx loader` };
    },
  },
  {
    kind: 'timed', name: '`stackbox serve --memory` to first token', target: '< 1 s',
    stackbox: async (env) => {
      if (!existsSync('dist/cli/main.js')) return 'dist/ missing: run `npm run build` first';
      const port = await freePort();
      const args = ['bin/stackbox.js', 'serve', '--port', String(port), ...(env.pgUrl ? [] : ['--memory'])];
      if (env.pgUrl) return 'measured on the in-memory store only (a serve on PostgreSQL keeps its schema)';
      const t0 = performance.now();
      const child = spawn(process.execPath, args, { stdio: 'ignore' });
      try {
        const body = JSON.stringify({ auth: { identity: { methods: ['password'], password: { user: { name: 'demo', domain: { name: 'Default' }, password: 'secret' } } }, scope: { project: { name: 'demo', domain: { name: 'Default' } } } } });
        for (;;) {
          if (seconds(t0) > 30) throw new Error('serve did not answer a token request in 30 s');
          try {
            const res = await fetch(`http://127.0.0.1:${port}/identity/v3/auth/tokens`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
            await res.arrayBuffer();
            if (res.status === 201) return { seconds: seconds(t0), note: 'spawn → 201 from POST /identity/v3/auth/tokens' };
          } catch { /* not listening yet */ }
          await new Promise((r) => setTimeout(r, 5));
        }
      } finally {
        child.kill('SIGTERM');
      }
    },
  },
  {
    kind: 'timed', name: 'attach + detach one interface (20 round trips, sequential)',
    stackbox: async (env) => {
      const sb = await startStackbox({ pgUrl: env.pgUrl });
      try {
        const token = await sb.token('demo');
        const image = await sb.rt.store.db.selectFrom('images').select('id').executeTakeFirstOrThrow();
        const net = await sb.rt.store.db.selectFrom('networks').select('id').where('name', '=', 'private').executeTakeFirstOrThrow();
        const c = await sbPost(sb, '/compute/v2.1/servers', { server: { name: 'att', imageRef: image.id, flavorRef: '1' } }, token);
        await stackboxWaitActive(sb, 1);
        const id = c.json.server.id as string;
        const probe = await sbPost(sb, `/compute/v2.1/servers/${id}/os-interface`, { interfaceAttachment: { net_id: net.id } }, token);
        if (probe.status === 404 || probe.status === 405) return `not served yet (POST /servers/{id}/os-interface → ${probe.status})`;
        if (probe.status !== 200) throw new Error(`attach: ${probe.status} ${JSON.stringify(probe.json)}`);
        await fetch(`${sb.url}/compute/v2.1/servers/${id}/os-interface/${probe.json.interfaceAttachment.port_id}`, { method: 'DELETE', headers: { 'x-auth-token': token } });
        return await attachLoop(20, async () => {
          const a = await sbPost(sb, `/compute/v2.1/servers/${id}/os-interface`, { interfaceAttachment: { net_id: net.id } }, token);
          if (a.status !== 200) throw new Error(`attach: ${a.status} ${JSON.stringify(a.json)}`);
          const d = await fetch(`${sb.url}/compute/v2.1/servers/${id}/os-interface/${a.json.interfaceAttachment.port_id}`, { method: 'DELETE', headers: { 'x-auth-token': token } });
          if (d.status !== 202) throw new Error(`detach: ${d.status} ${await d.text()}`);
        });
      } finally {
        await sb.close();
      }
    },
    nova: async (n: NovaUnderTest) => {
      const r = await novaPost(n, '/servers', { server: { name: 'attx', imageRef: n.imageId, flavorRef: '1' } });
      const [id] = await novaWaitActive(n, 'name=%5Eattx%24', 1);
      void r;
      const net = '3cb9bc59-5699-4588-a4b1-b87f96708bc6';
      return attachLoop(5, async () => {
        const a = await novaPost(n, `/servers/${id}/os-interface`, { interfaceAttachment: { net_id: net } });
        if (a.status !== 200) throw new Error(`real nova attach: ${a.status} ${JSON.stringify(a.json)}`);
        const d = await fetch(`${n.url}/servers/${id}/os-interface/${a.json.interfaceAttachment.port_id}`, { method: 'DELETE', headers: { 'x-auth-token': n.memberToken } });
        if (d.status !== 202) throw new Error(`real nova detach: ${d.status}`);
      });
    },
  },
];

async function attachLoop(rounds: number, once: () => Promise<void>): Promise<TimedResult> {
  const t0 = performance.now();
  for (let i = 0; i < rounds; i++) await once();
  const s = seconds(t0);
  return { seconds: s / rounds, note: `per attach+detach round trip (${rounds} rounds, ${(rounds / s).toFixed(0)}/s)` };
}
