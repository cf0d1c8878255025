/**
 * Starts stackbox in-process on a free port with a zero-delay fake driver: in-memory SQLite by
 * default, or PostgreSQL (`pgUrl`) in a private schema dropped on close, as the tests do. The
 * bench config widens what the benchmark needs room for: a /8 private subnet (100,000 servers
 * need as many addresses), quotas that do not stop 1,000 creates, and 32 simulated hosts.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { testConfig, type Config, type DeepPartial } from '../../src/config/config.js';
import { openRuntime } from '../../src/bootstrap.js';
import { buildApp } from '../../src/app.js';
import { startProcessServices } from '../../src/process-services.js';
import type { Runtime } from '../../src/runtime.js';
import { cachedTokens, type TokenGetter } from './tokens.js';

export interface RunningStackbox {
  url: string;
  rt: Runtime;
  /** servers seeded so far (bench/lib/seed.ts), newest last */
  seeded: string[];
  token: TokenGetter;
  close(): Promise<void>;
}

export const benchConfig: DeepPartial<Config> = {
  privateCidr: '10.0.0.0/8',
  compute: { hosts: 32, hostVcpus: 100_000, hostMemoryMb: 100_000_000, hostDiskGb: 10_000_000 },
  quotas: { instances: 1_000_000, cores: 1_000_000, ram: 1_000_000_000 },
  // the Cinder rows: 10,000 seeded volumes and sequential creates need room in the pool and quota
  blockStorage: { poolCapacityGb: 10_000_000, quotas: { volumes: -1, snapshots: -1, gigabytes: -1 } },
};

export async function startStackbox(
  opts: { pgUrl?: string | null; patch?: DeepPartial<Config> } = {},
): Promise<RunningStackbox> {
  const schema = opts.pgUrl ? `bench_${randomBytes(6).toString('hex')}` : undefined;
  const rt = await openRuntime(testConfig({ ...benchConfig, ...(opts.patch ?? {}), databaseUrl: opts.pgUrl ?? null }), {
    schema,
  });
  const { app } = await buildApp(rt);
  const services = await startProcessServices(rt, { agent: true });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  const url = `http://127.0.0.1:${port}`;
  const token = cachedTokens(url);
  const close = async () => {
    await app.close();
    await services.stop();
    await rt.store.close();
    if (opts.pgUrl && schema) {
      const client = new pg.Client({ connectionString: opts.pgUrl });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await client.end();
    }
  };
  return { url, rt, seeded: [], token, close };
}
