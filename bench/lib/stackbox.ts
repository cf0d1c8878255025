/** Starts stackbox in-process on a free port with an in-memory store and a zero-delay fake driver. */
import { testConfig, type Config, type DeepPartial } from '../../src/config/config.js';
import { openRuntime } from '../../src/bootstrap.js';
import { buildApp } from '../../src/app.js';
import { startProcessServices } from '../../src/process-services.js';
import type { Runtime } from '../../src/runtime.js';

export interface RunningStackbox {
  url: string;
  rt: Runtime;
  token(user: string, project?: string): Promise<string>;
  close(): Promise<void>;
}

export async function startStackbox(patch: DeepPartial<Config> = {}): Promise<RunningStackbox> {
  const rt = await openRuntime(testConfig({ compute: { hosts: 16 }, ...patch } as DeepPartial<Config>));
  const { app } = await buildApp(rt);
  const services = await startProcessServices(rt, { agent: true });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  const url = `http://127.0.0.1:${port}`;
  const token = async (user: string, project = user): Promise<string> => {
    const res = await fetch(`${url}/identity/v3/auth/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ auth: { identity: { methods: ['password'], password: { user: { name: user, domain: { name: 'Default' }, password: 'secret' } } }, scope: { project: { name: project, domain: { name: 'Default' } } } } }),
    });
    if (res.status !== 201) throw new Error(`token: ${res.status}`);
    return res.headers.get('x-subject-token') as string;
  };
  return { url, rt, token, close: async () => { await app.close(); await services.stop(); await rt.store.close(); } };
}
