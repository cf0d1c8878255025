/**
 * Test harness: a fresh app per call, on in-memory SQLite by default or, when
 * STACKBOX_TEST_DATABASE_URL is set, on PostgreSQL in a private schema dropped afterwards.
 * Requests go through app.inject (the whole HTTP stack, no socket).
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { testConfig, type Config, type DeepPartial } from '../../src/config/config.js';
import { openRuntime } from '../../src/bootstrap.js';
import { buildApp } from '../../src/app.js';
import { startProcessServices, type ProcessServices } from '../../src/process-services.js';
import type { Runtime } from '../../src/runtime.js';

export interface TestResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  text: string;
}

export interface RequestOptions {
  token?: string;
  body?: unknown;
  /** raw payload (string) instead of JSON-encoding body */
  payload?: string;
  headers?: Record<string, string>;
  /** compute microversion, sent as X-OpenStack-Nova-API-Version */
  mv?: string;
}

export interface TestApp {
  app: FastifyInstance;
  rt: Runtime;
  request(method: string, url: string, opts?: RequestOptions): Promise<TestResponse>;
  /** a project-scoped token for a seeded or created user (password 'secret') */
  tokenFor(user: string, project?: string): Promise<string>;
  close(): Promise<void>;
}

export const DB_URL = process.env.STACKBOX_TEST_DATABASE_URL ?? null;

/**
 * A private PostgreSQL schema name, t_<run><hex>: the run part comes from scripts/run-tests.mjs,
 * which drops only its own run's schemas afterwards, so two runs on one database (a developer's and
 * CI's) never drop each other's. Test files never drop their schema themselves: Kysely's migrator
 * introspects every schema, and a drop in the middle of that fails another file's migration.
 */
export function testSchemaName(): string {
  const run = /^[0-9a-f]{6}$/.test(process.env.STACKBOX_TEST_RUN ?? '')
    ? (process.env.STACKBOX_TEST_RUN as string)
    : randomBytes(3).toString('hex');
  return `t_${run}${randomBytes(3).toString('hex')}`;
}

export async function startTestApp(patch: DeepPartial<Config> = {}, opts: { agent?: boolean } = {}): Promise<TestApp> {
  const schema = DB_URL ? testSchemaName() : undefined;
  const config = testConfig({ ...patch, databaseUrl: DB_URL ?? patch.databaseUrl ?? null });
  const rt = await openRuntime(config, { schema });
  const { app } = await buildApp(rt);
  await app.ready();
  let services: ProcessServices | null = null;
  if (opts.agent !== false) services = await startProcessServices(rt, { agent: true });
  const tokenCache = new Map<string, string>();

  const request = async (method: string, url: string, o: RequestOptions = {}): Promise<TestResponse> => {
    const headers: Record<string, string> = { ...(o.headers ?? {}) };
    if (o.token) headers['x-auth-token'] = o.token;
    if (o.mv) headers['x-openstack-nova-api-version'] = o.mv;
    const inject: InjectOptions = { method: method, url, headers };
    if (o.payload !== undefined) inject.payload = o.payload;
    else if (o.body !== undefined) {
      inject.payload = JSON.stringify(o.body);
      headers['content-type'] ??= 'application/json';
    }
    const res = await app.inject(inject);
    let body: unknown = undefined;
    if (res.body.length > 0 && String(res.headers['content-type'] ?? '').includes('json')) body = JSON.parse(res.body);
    return { status: res.statusCode, headers: res.headers as TestResponse['headers'], body, text: res.body };
  };

  const tokenFor = async (user: string, project = user): Promise<string> => {
    const key = `${user}/${project}`;
    const hit = tokenCache.get(key);
    if (hit) return hit;
    const res = await request('POST', '/identity/v3/auth/tokens', {
      body: {
        auth: {
          identity: {
            methods: ['password'],
            password: { user: { name: user, domain: { name: 'Default' }, password: 'secret' } },
          },
          scope: { project: { name: project, domain: { name: 'Default' } } },
        },
      },
    });
    if (res.status !== 201) throw new Error(`token for ${user}/${project}: ${res.status} ${res.text}`);
    const token = res.headers['x-subject-token'] as string;
    tokenCache.set(key, token);
    return token;
  };

  const close = async () => {
    if (services) await services.stop();
    await app.close();
    await rt.store.close();
    // the PostgreSQL schema is dropped by scripts/run-tests.mjs at the end of the run, not here
    // (see testSchemaName)
  };

  return { app, rt, request, tokenFor, close };
}

/** Polls until fn returns a truthy value (zero-delay fake driver: usually a few ms). */
export async function waitFor<T>(
  fn: () => Promise<T | null | undefined | false>,
  what: string,
  timeoutMs = 5000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
