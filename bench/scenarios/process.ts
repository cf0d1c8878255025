/**
 * Process-level scenarios: RSS with 10,000 servers, time from `stackbox serve` to the first
 * token, and one interface attach+detach round trip.
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { testConfig } from '../../src/config/config.js';
import { openRuntime } from '../../src/bootstrap.js';
import { startProcessServices } from '../../src/process-services.js';
import { seedServers } from '../lib/seed.js';
import type { TimedResult, TimedScenario } from '../scenarios.js';
import { benchConfig, startStackbox } from '../lib/stackbox.js';
import { novaPost, novaWaitActive, type NovaUnderTest } from '../lib/nova.js';
import { bootImageId, sbPost, seconds, stackboxWaitActive } from '../lib/timed.js';

const run = promisify(execFile);

/**
 * RSS of the real `stackbox serve` (compiled, no tsx loader: that alone adds ~80 MB) on the default
 * file store, after the bench has seeded `count` servers into it and the child has served a
 * 1,000-row detail page, a list and a few shows. With --memory the database pages would live in
 * the process too; the file size printed next to the figure is that extra.
 */
async function rssOf(count: number): Promise<{ rss: number; dbBytes: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'stackbox-rss-'));
  try {
    const rt = await openRuntime(testConfig({ ...benchConfig, memory: false, dataDir: dir }));
    // the agent registers the simulated hosts the seeded servers are spread over
    const services = await startProcessServices(rt, { agent: true });
    await services.stop();
    const ids = await seedServers(rt, count);
    await rt.store.close();
    const dbBytes = statSync(join(dir, 'stackbox.sqlite')).size;
    const port = await freePort();
    const child = spawn(
      process.execPath,
      [...(await compiledCli()), 'serve', '--data-dir', dir, '--port', String(port), '--hosts', '32'],
      { stdio: 'ignore' },
    );
    try {
      const url = `http://127.0.0.1:${port}`;
      const token = await firstToken(url, performance.now());
      for (const path of [
        '/compute/v2.1/servers/detail?limit=1000',
        '/compute/v2.1/servers',
        ...ids.slice(0, 20).map((id) => `/compute/v2.1/servers/${id}`),
      ]) {
        const res = await fetch(`${url}${path}`, { headers: { 'x-auth-token': token } });
        if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
        await res.arrayBuffer();
      }
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      return { rss: Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024, dbBytes };
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const TOKEN_BODY = JSON.stringify({
  auth: {
    identity: {
      methods: ['password'],
      password: { user: { name: 'demo', domain: { name: 'Default' }, password: 'secret' } },
    },
    scope: { project: { name: 'demo', domain: { name: 'Default' } } },
  },
});

/** Polls POST /identity/v3/auth/tokens every 5 ms until it answers 201; returns the token. */
export async function firstToken(url: string, t0: number): Promise<string> {
  for (;;) {
    if (seconds(t0) > 30) throw new Error('serve did not answer a token request in 30 s');
    try {
      const res = await fetch(`${url}/identity/v3/auth/tokens`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: TOKEN_BODY,
      });
      await res.arrayBuffer();
      if (res.status === 201) return res.headers.get('x-subject-token') as string;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 5));
  }
}

/**
 * The command that runs the compiled CLI: bin/stackbox.js when dist/ is newer than every file of
 * src/, otherwise a private build (tsc into node_modules/.cache/stackbox-bench, leaving the
 * shared dist/ alone) run the way bin/stackbox.js runs dist/.
 */
let cli: string[] | null = null;
export async function compiledCli(): Promise<string[]> {
  if (cli) return cli;
  const newest = (dir: string): number =>
    readdirSync(dir, { withFileTypes: true }).reduce(
      (m, e) => Math.max(m, e.isDirectory() ? newest(join(dir, e.name)) : statSync(join(dir, e.name)).mtimeMs),
      0,
    );
  if (existsSync('dist/cli/main.js') && statSync('dist/cli/main.js').mtimeMs >= newest('src'))
    return (cli = ['bin/stackbox.js']);
  const out = resolve('node_modules/.cache/stackbox-bench');
  await run(process.execPath, [
    'node_modules/typescript/bin/tsc',
    '-p',
    'tsconfig.build.json',
    '--outDir',
    out,
    '--sourceMap',
    'false',
  ]).catch(() => undefined);
  if (!existsSync(join(out, 'cli/main.js'))) throw new Error('could not compile src/ for the process scenarios');
  writeFileSync(
    join(out, 'stackbox.mjs'),
    "const { main } = await import('./cli/main.js');\nawait main(process.argv);\n",
  );
  return (cli = [join(out, 'stackbox.mjs')]);
}

export async function freePort(): Promise<number> {
  return new Promise((res) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => res(typeof a === 'object' && a ? a.port : 0));
    });
  });
}

const MB = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MB`;

export const processScenarios: TimedScenario[] = [
  {
    kind: 'timed',
    name: 'process RSS after seeding 10,000 servers (MB, not seconds)',
    target: '≤ 150 MB',
    stackbox: async () => {
      const empty = await rssOf(0);
      const full = await rssOf(10_000);
      // reported in the seconds column as MB so the table stays one shape
      return {
        seconds: full.rss / 1024 / 1024,
        note: `MB RSS of \`stackbox serve\` (file store); empty store ${MB(empty.rss)}; --memory would add the ${MB(full.dbBytes)} database`,
      };
    },
  },
  {
    kind: 'timed',
    name: '`stackbox serve --memory` to first token',
    target: '< 1 s',
    stackbox: async (env) => {
      const port = await freePort();
      const args = [...(await compiledCli()), 'serve', '--port', String(port), ...(env.pgUrl ? [] : ['--memory'])];
      if (env.pgUrl) return 'measured on the in-memory store only (a serve on PostgreSQL keeps its schema)';
      const t0 = performance.now();
      const child = spawn(process.execPath, args, { stdio: 'ignore' });
      try {
        await firstToken(`http://127.0.0.1:${port}`, t0);
        return { seconds: seconds(t0), note: 'spawn → 201 from POST /identity/v3/auth/tokens' };
      } finally {
        child.kill('SIGTERM');
      }
    },
  },
  {
    kind: 'timed',
    name: 'attach + detach one interface (20 round trips, sequential)',
    stackbox: async (env) => {
      const sb = await startStackbox({ pgUrl: env.pgUrl });
      try {
        const token = await sb.token('demo');
        const net = await sb.rt.store.db
          .selectFrom('networks')
          .select('id')
          .where('name', '=', 'private')
          .executeTakeFirstOrThrow();
        const c = await sbPost(
          sb,
          '/compute/v2.1/servers',
          { server: { name: 'att', imageRef: await bootImageId(sb), flavorRef: '1' } },
          token,
        );
        if (c.status !== 202) throw new Error(`create: ${c.status} ${JSON.stringify(c.json)}`);
        await stackboxWaitActive(sb, 1);
        const id = c.json.server.id as string;
        const probe = await sbPost(
          sb,
          `/compute/v2.1/servers/${id}/os-interface`,
          { interfaceAttachment: { net_id: net.id } },
          token,
        );
        if (probe.status === 404 || probe.status === 405)
          return `not served yet (POST /servers/{id}/os-interface → ${probe.status})`;
        if (probe.status !== 200) throw new Error(`attach: ${probe.status} ${JSON.stringify(probe.json)}`);
        await fetch(`${sb.url}/compute/v2.1/servers/${id}/os-interface/${probe.json.interfaceAttachment.port_id}`, {
          method: 'DELETE',
          headers: { 'x-auth-token': token },
        });
        return await attachLoop(20, async () => {
          const a = await sbPost(
            sb,
            `/compute/v2.1/servers/${id}/os-interface`,
            { interfaceAttachment: { net_id: net.id } },
            token,
          );
          if (a.status !== 200) throw new Error(`attach: ${a.status} ${JSON.stringify(a.json)}`);
          const d = await fetch(
            `${sb.url}/compute/v2.1/servers/${id}/os-interface/${a.json.interfaceAttachment.port_id}`,
            { method: 'DELETE', headers: { 'x-auth-token': token } },
          );
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
        const d = await fetch(`${n.url}/servers/${id}/os-interface/${a.json.interfaceAttachment.port_id}`, {
          method: 'DELETE',
          headers: { 'x-auth-token': n.memberToken },
        });
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
