/**
 * Conformance harness: runs `stackbox serve` as a user would (the compiled bin, a child process,
 * a fresh in-memory store on a free port) and drives it with the real, unmodified OpenStack
 * clients from Debian's packages (/usr/bin/openstack, run by the system /usr/bin/python3).
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync, execFile, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdtempSync, openSync, readdirSync, rmSync, statSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const OPENSTACK = process.env.STACKBOX_CONFORMANCE_OPENSTACK ?? '/usr/bin/openstack';

export interface ServerHandle {
  /** base URL printed by serve, e.g. http://127.0.0.1:40123 */
  url: string;
  /** the clouds.yaml serve wrote with --clouds-file */
  cloudsFile: string;
  /** a private temporary directory (also HOME and cwd of client processes) */
  dir: string;
  /** everything serve printed on stdout so far */
  output(): string;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** extra STACKBOX_* environment for the server (e.g. a short token TTL) */
  env?: Record<string, string>;
  /** extra serve flags */
  args?: string[];
}

const READY = /^stackbox is serving on (\S+) /m;

function newestMtime(dir: string): number {
  let newest = 0;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const st = statSync(path);
    newest = Math.max(newest, st.isDirectory() ? newestMtime(path) : st.mtimeMs);
  }
  return newest;
}

/**
 * Compiles src/ into dist/ when dist/ is missing or older than the sources, so the bin that users
 * run is the one under test. Type errors are CI's typecheck step's business; tsc still emits, so
 * they only warn here. A lock file keeps concurrently started test files from building at once.
 */
export function ensureBuilt(): void {
  const main = join(repoRoot, 'dist', 'cli', 'main.js');
  const fresh = () => existsSync(main) && statSync(main).mtimeMs >= newestMtime(join(repoRoot, 'src'));
  if (fresh()) return;
  // outside the work tree, so git never sees it; one lock per checkout
  const lock = join(tmpdir(), `stackbox-build-${createHash('sha1').update(repoRoot).digest('hex').slice(0, 12)}.lock`);
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      closeSync(openSync(lock, 'wx'));
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${lock}; remove it if no build is running`);
      spawnSync('sleep', ['0.5']);
    }
  }
  try {
    if (fresh()) return;
    const tsc = spawnSync(join(repoRoot, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.build.json'], {
      cwd: repoRoot,
      encoding: 'utf8',
    });
    if (tsc.status !== 0)
      process.stderr.write(`conformance: tsc reported errors (dist/ was still emitted):\n${tsc.stdout}${tsc.stderr}\n`);
    if (!existsSync(main)) throw new Error('build produced no dist/cli/main.js');
  } finally {
    unlinkSync(lock);
  }
}

/** Starts `node bin/stackbox.js serve --memory --port 0 --clouds-file …` and waits for its ready line. */
export async function startServer(opts: StartOptions = {}): Promise<ServerHandle> {
  ensureBuilt();
  const dir = mkdtempSync(join(tmpdir(), 'stackbox-conformance-'));
  const cloudsFile = join(dir, 'clouds.yaml');
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('STACKBOX_')) env[k] = v;
  Object.assign(env, opts.env ?? {});
  const child: ChildProcess = spawn(
    process.execPath,
    [
      join(repoRoot, 'bin', 'stackbox.js'),
      'serve',
      '--memory',
      '--port',
      '0',
      '--log-level',
      'warn',
      '--clouds-file',
      cloudsFile,
      ...(opts.args ?? []),
    ],
    { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => {
    stdout += d;
  });
  child.stderr!.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`serve printed no ready line in 20 s:\n${stdout}\n${stderr}`)),
      20_000,
    );
    const check = () => {
      const m = READY.exec(stdout);
      if (m && existsSync(cloudsFile)) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout!.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code} before it was ready:\n${stdout}\n${stderr}`));
    });
  });

  return {
    url,
    cloudsFile,
    dir,
    output: () => stdout,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout parsed as JSON when it is JSON (commands run with -f json), else undefined */
  json: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export interface CliOptions {
  /** --os-cloud; omit to pass every auth option on the command line */
  cloud?: string;
  /** the clouds.yaml to use (OS_CLIENT_CONFIG_FILE) */
  cloudsFile?: string;
  /** a directory for HOME and cwd, so no user's ~/.config/openstack or ./clouds.yaml is read */
  home: string;
  /** add -f json (default true); commands that print nothing (token revoke, role add) take false */
  json?: boolean;
  /** kill the client after this long (default 60 s), e.g. for `--wait` on a server that never settles */
  timeoutMs?: number;
}

/** Runs the real `openstack` CLI with an environment cleaned of OS_* so only the given config counts. */
export function runOpenstack(args: string[], opts: CliOptions): Promise<CliResult> {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('OS_')) env[k] = v;
  env.HOME = opts.home;
  if (opts.cloudsFile) env.OS_CLIENT_CONFIG_FILE = opts.cloudsFile;
  const argv = [
    ...(opts.cloud ? ['--os-cloud', opts.cloud] : []),
    ...args,
    ...(opts.json === false ? [] : ['-f', 'json']),
  ];
  return new Promise((resolve) => {
    execFile(
      OPENSTACK,
      argv,
      { env, cwd: opts.home, timeout: opts.timeoutMs ?? 60_000, encoding: 'utf8' },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        let json: unknown;
        try {
          json = stdout.trim() ? JSON.parse(stdout) : undefined;
        } catch {
          json = undefined;
        }
        resolve({ code, stdout, stderr, json });
      },
    );
  });
}

/** A readable assertion message: the command and what the client printed. */
export function describeRun(args: string[], r: CliResult): string {
  return `openstack ${args.join(' ')} exited ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`;
}

export const openstackInstalled = (): boolean => existsSync(OPENSTACK);

/**
 * `openstack` as the demo cloud (`stackbox`) of the server `handle()` returns once started: `os`
 * runs a command, `okRun` runs one that must exit 0 (failing the test with what it printed).
 */
/**
 * `openstack` runners for a served stackbox with the cloud as a parameter (default the demo one):
 * `run` returns the result, `ok` also asserts exit status 0.
 */
export function cloudCli(handle: () => ServerHandle): {
  run: (args: string[], cloud?: string, opts?: { json?: boolean; timeoutMs?: number }) => Promise<CliResult>;
  ok: (args: string[], cloud?: string, opts?: { json?: boolean; timeoutMs?: number }) => Promise<CliResult>;
} {
  const run = (args: string[], cloud = 'stackbox', opts: { json?: boolean; timeoutMs?: number } = {}) =>
    runOpenstack(args, { cloud, cloudsFile: handle().cloudsFile, home: handle().dir, ...opts });
  const ok = async (args: string[], cloud = 'stackbox', opts: { json?: boolean; timeoutMs?: number } = {}) => {
    const r = await run(args, cloud, opts);
    assert.equal(r.code, 0, describeRun(args, r));
    return r;
  };
  return { run, ok };
}

export function demoCli(handle: () => ServerHandle): {
  os: (args: string[], opts?: { json?: boolean; timeoutMs?: number }) => Promise<CliResult>;
  okRun: (args: string[], opts?: { json?: boolean; timeoutMs?: number }) => Promise<CliResult>;
} {
  const os = (args: string[], opts: { json?: boolean; timeoutMs?: number } = {}) =>
    runOpenstack(args, { cloud: 'stackbox', cloudsFile: handle().cloudsFile, home: handle().dir, ...opts });
  const okRun = async (args: string[], opts: { json?: boolean; timeoutMs?: number } = {}) => {
    const r = await os(args, opts);
    assert.equal(r.code, 0, describeRun(args, r));
    return r;
  };
  return { os, okRun };
}
