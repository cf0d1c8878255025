/**
 * The two baselines every result is divided by, measured in the same run: a bare Fastify route
 * serving a canned body of the same size (the ceiling for any Node HTTP service here), and the
 * real Nova API from scripts/real-nova when Debian's python3-nova is installed.
 */
import Fastify from 'fastify';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export async function startBareFastify(body: string): Promise<{ url: string; close: () => Promise<void> }> {
  const app = Fastify({ logger: false });
  app.get('/canned', async (_req, reply) => reply.type('application/json').send(body));
  await app.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return { url: `http://127.0.0.1:${port}/canned`, close: () => app.close() };
}

/**
 * Seconds for `requests` GETs, one after another on one connection, of a bare Fastify route serving
 * `body` (after a warm-up): the same-run ceiling of a timed row that makes that many sequential
 * requests (a client polling an action to its end).
 */
export async function sequentialCeiling(body: string, requests: number): Promise<number> {
  const bare = await startBareFastify(body);
  try {
    const once = () => fetch(bare.url).then((r) => r.arrayBuffer());
    for (let i = 0; i < 20; i++) await once(); // warm the connection and the JIT
    const t0 = performance.now();
    for (let i = 0; i < requests; i++) await once();
    return (performance.now() - t0) / 1000;
  } finally {
    await bare.close();
  }
}

export interface RealNova {
  url: string;
  /** noauth2 token for the fixture project */
  memberToken: string;
  adminToken: string;
  imageId: string;
  stop: () => void;
  /**
   * Runs `fn` with Nova running, then stops it again (SIGSTOP). Between its own measurements the
   * real Nova is kept stopped: idle, with a hundred fake servers on 10 computes, it still used
   * 30-100% of a core, which halved stackbox's and the ceiling's numbers on this 2-core machine.
   */
  running<T>(fn: () => Promise<T>): Promise<T>;
}

export const REAL_NOVA_SCRIPT = fileURLToPath(new URL('../../scripts/real-nova/run-nova.py', import.meta.url));

export function realNovaAvailable(): boolean {
  return (
    existsSync('/usr/bin/python3') && existsSync(REAL_NOVA_SCRIPT) && existsSync('/usr/lib/python3/dist-packages/nova')
  );
}

export async function startRealNova(port: number, computes = 10): Promise<RealNova> {
  const child: ChildProcess = spawn(
    '/usr/bin/python3',
    [REAL_NOVA_SCRIPT, String(port), '--computes', String(computes), '--log-level', 'WARNING'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const ready = await new Promise<string>((res, rej) => {
    let out = '';
    const timer = setTimeout(() => rej(new Error('real nova did not start in 60 s')), 60_000);
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const url = /NOVA_READY (\S+)/.exec(out)?.[1];
      if (url !== undefined) {
        clearTimeout(timer);
        res(url);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      rej(new Error(`real nova exited ${code}: ${out}`));
    });
  });
  const project = '6f70656e737461636b20342065766572';
  const adminToken = `admin:${project}`;
  const signal = (sig: NodeJS.Signals) => {
    if (child.exitCode === null) child.kill(sig);
  };
  let stoppedAt: number | null = null;
  return {
    url: ready,
    memberToken: `demo:${project}`,
    adminToken,
    imageId: '155d900f-4e14-4e4c-a73d-069cbf4541e6',
    stop: () => {
      signal('SIGCONT');
      child.kill('SIGTERM');
    },
    running: async (fn) => {
      const stoppedFor = stoppedAt === null ? 0 : Date.now() - stoppedAt;
      signal('SIGCONT');
      stoppedAt = null;
      // computes whose heartbeat is older than service_down_time (60 s) are not scheduled to
      // until they report again: wait for that before anything builds
      if (stoppedFor > 50_000) await computesUp(ready, adminToken);
      try {
        return await fn();
      } finally {
        signal('SIGSTOP');
        stoppedAt = Date.now();
      }
    },
  };
}

async function computesUp(url: string, adminToken: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const res = await fetch(`${url}/os-services?binary=nova-compute`, { headers: { 'x-auth-token': adminToken } });
    const body = (await res.json()) as { services?: Array<{ state: string }> };
    if (res.ok && body.services?.length && body.services.every((s) => s.state === 'up')) return;
    await new Promise((r) => setTimeout(r, 1000));
  }
}
