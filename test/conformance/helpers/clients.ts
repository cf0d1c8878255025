/**
 * The other real clients: the `nova` CLI (python-novaclient, driven by the OS_* exports that
 * `serve` prints, since novaclient's shell does not read clouds.yaml) and openstacksdk scripts
 * run by the system Python.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { CliResult } from './server.js';

export const NOVA = '/usr/bin/nova';
export const PYTHON = '/usr/bin/python3';
export const novaInstalled = (): boolean => existsSync(NOVA);

function run(bin: string, args: string[], env: NodeJS.ProcessEnv, cwd: string, timeoutMs: number): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(bin, args, { env, cwd, timeout: timeoutMs, encoding: 'utf8' }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      let json: unknown;
      try {
        json = stdout.trim() ? JSON.parse(stdout) : undefined;
      } catch {
        json = undefined;
      }
      resolve({ code, stdout, stderr, json });
    });
  });
}

/** The `export OS_…=…` lines of serve's output, as an environment. */
export function exportsFrom(serveOutput: string): Record<string, string> {
  return Object.fromEntries([...serveOutput.matchAll(/^export (OS_[A-Z_]+)=(.*)$/gm)].map((m) => [m[1]!, m[2]!]));
}

function cleanEnv(home: string, extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('OS_')) env[k] = v;
  return { ...env, HOME: home, ...extra };
}

/** Runs `nova <args>` with exactly the given OS_* environment. */
export function runNova(
  args: string[],
  osEnv: Record<string, string>,
  home: string,
  timeoutMs = 60_000,
): Promise<CliResult> {
  return run(NOVA, args, cleanEnv(home, osEnv), home, timeoutMs);
}

/** Runs a Python script with the system interpreter (where Debian's openstacksdk lives). */
export function runPython(
  script: string,
  args: string[],
  env: Record<string, string>,
  home: string,
  timeoutMs = 120_000,
): Promise<CliResult> {
  return run(PYTHON, [script, ...args], cleanEnv(home, env), home, timeoutMs);
}

/** Rows of a PrettyTable as printed by novaclient, keyed by the header cells. */
export function parseTable(text: string): Array<Record<string, string>> {
  const lines = text.split('\n').filter((l) => l.startsWith('|'));
  if (lines.length === 0) return [];
  const cells = (l: string) =>
    l
      .slice(1, -1)
      .split('|')
      .map((c) => c.trim());
  const header = cells(lines[0]!);
  return lines.slice(1).map((l) => Object.fromEntries(cells(l).map((c, i) => [header[i]!, c])));
}
