/**
 * A real `stackbox serve` child process for crash tests: started on a data directory, killed with
 * SIGKILL mid-work, started again on the same files. Requests go over real HTTP.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { requestPasswordToken } from './password-login.js';

const CLI = "import('./src/cli/main.ts').then((m) => m.main(['node', 'stackbox', ...process.argv.slice(1)]))";

export interface Served {
  child: ChildProcess;
  url: string;
}

/** `stackbox serve --data-dir DIR` with extra environment (slow fake hypervisor, short leases) */
export function serve(dataDir: string, env: Record<string, string> = {}, startMs = 60_000): Promise<Served> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '-e', CLI, 'serve', '--data-dir', dataDir, '--port', '0', '--log-level', 'warn'],
    { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`serve did not start: ${out}`)), startMs);
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const url = /serving on (http:\/\/\S+)/.exec(out)?.[1];
      if (url !== undefined) {
        clearTimeout(timer);
        resolve({ child, url });
      }
    });
    child.stderr?.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited ${code}: ${out}`));
    });
  });
}

/** SIGKILL, and wait until the process is gone (its files are then free for the next start) */
export async function killHard(served: Served): Promise<void> {
  if (served.child.exitCode !== null || served.child.signalCode !== null) return;
  const exited = new Promise((res) => served.child.once('exit', res));
  served.child.kill('SIGKILL');
  await exited;
}

/** a project-scoped token for one of the seeded users (their project has their name) */
export async function token(url: string, user = 'demo'): Promise<string> {
  const res = await requestPasswordToken(`${url}/identity`, { user });
  return res.headers.get('x-subject-token') as string;
}

/** a JSON request to `url + path` (with extra headers, a microversion say); the body is parsed when there is one */
export async function call(
  url: string,
  tok: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
): Promise<{ status: number; body: any }> {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: { 'x-auth-token': tok, 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

/** polls `fn` every 100 ms until it gives a truthy value, failing with `what` after `ms` */
export async function until<T>(what: string, fn: () => Promise<T | null | undefined | false>, ms = 60_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    assert.ok(Date.now() < deadline, `timed out: ${what}`);
    await new Promise((res) => setTimeout(res, 100));
  }
}
