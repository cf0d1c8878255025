/**
 * The two baselines every result is divided by, measured in the same run: a bare Fastify route
 * serving a canned body of the same size (the ceiling for any Node HTTP service here), and the
 * real Nova API from ../shared/tools/real-nova when Debian's python3-nova is installed.
 */
import Fastify from 'fastify';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

export async function startBareFastify(body: string): Promise<{ url: string; close: () => Promise<void> }> {
  const app = Fastify({ logger: false });
  app.get('/canned', async (_req, reply) => reply.type('application/json').send(body));
  await app.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return { url: `http://127.0.0.1:${port}/canned`, close: () => app.close() };
}

export interface RealNova {
  url: string;
  /** noauth2 token for the fixture project */
  memberToken: string;
  adminToken: string;
  imageId: string;
  stop: () => void;
}

export const REAL_NOVA_SCRIPT = resolve(process.cwd(), '../shared/tools/real-nova/run_nova.py');

export function realNovaAvailable(): boolean {
  return existsSync('/usr/bin/python3') && existsSync(REAL_NOVA_SCRIPT) &&
    existsSync('/usr/lib/python3/dist-packages/nova');
}

export async function startRealNova(port: number, computes = 10): Promise<RealNova> {
  const child: ChildProcess = spawn('/usr/bin/python3', [REAL_NOVA_SCRIPT, String(port), '--computes', String(computes), '--log-level', 'WARNING'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const ready = await new Promise<string>((res, rej) => {
    let out = '';
    const timer = setTimeout(() => rej(new Error('real nova did not start in 60 s')), 60_000);
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /NOVA_READY (\S+)/.exec(out);
      if (m) { clearTimeout(timer); res(m[1]); }
    });
    child.on('exit', (code) => { clearTimeout(timer); rej(new Error(`real nova exited ${code}: ${out}`)); });
  });
  const project = '6f70656e737461636b20342065766572';
  return {
    url: ready,
    memberToken: `demo:${project}`,
    adminToken: `admin:${project}`,
    imageId: '155d900f-4e14-4e4c-a73d-069cbf4541e6',
    stop: () => { child.kill('SIGTERM'); },
  };
}
