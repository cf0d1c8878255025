/**
 * A real `stackbox serve --memory` child (the compiled CLI, as the RSS and readiness rows run it)
 * for load scenarios measured on the served process rather than on the bench's in-process app.
 * Its state is built through the API only; its config is serve's defaults (Neutron's quotas
 * included), so a scenario raises a quota the way an operator would.
 */
import { spawn } from 'node:child_process';
import { compiledCli, firstToken, freePort } from '../scenarios/process.js';
import { cachedTokens, type TokenGetter } from './tokens.js';

export interface ServedStackbox {
  url: string;
  token: TokenGetter;
  close(): Promise<void>;
}

export async function startServed(): Promise<ServedStackbox> {
  const port = await freePort();
  const child = spawn(process.execPath, [...(await compiledCli()), 'serve', '--memory', '--port', String(port)], {
    stdio: 'ignore',
  });
  const url = `http://127.0.0.1:${port}`;
  await firstToken(url, performance.now());
  const token = cachedTokens(url);
  const close = async () => {
    child.kill('SIGTERM');
    if (child.exitCode === null) await new Promise((r) => child.once('exit', r));
  };
  return { url, token, close };
}
