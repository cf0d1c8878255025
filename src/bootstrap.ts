/**
 * Opens everything a process needs from a Config: store (migrated and seeded), token secret,
 * logger, runtime. Used by `serve`, `api`, `agent` and the tests.
 */
import { randomBytes } from 'node:crypto';
import pino, { type Logger } from 'pino';
import type { Config } from './config/config.js';
import { openStore, migrateToLatest, type Store } from './store/store.js';
import { seed } from './store/seed.js';
import { getOrCreateSetting } from './store/repositories/identity-repository.js';
import { TokenCodec } from './domain/identity/tokens.js';
import { TokenValidator } from './services/identity/token-validator.js';
import { createWakeBus, type Runtime } from './runtime.js';
import { systemClock, type Clock } from './lib/time.js';

export interface BootstrapOptions {
  logger?: Logger;
  clock?: Clock;
  /** PostgreSQL schema (tests) */
  schema?: string;
  /** skip seeding (db migrate) */
  noSeed?: boolean;
}

export async function openRuntime(config: Config, opts: BootstrapOptions = {}): Promise<Runtime> {
  const log = opts.logger ?? pino({ level: config.logLevel });
  const store: Store = await openStore({
    memory: config.memory,
    dataDir: config.dataDir,
    databaseUrl: config.databaseUrl,
    schema: opts.schema,
  });
  await migrateToLatest(store.db, opts.schema);
  const clock = opts.clock ?? systemClock;
  if (!opts.noSeed) await seed(store.db, config, clock().toISOString());
  const secret =
    config.tokenSecret ??
    (await getOrCreateSetting(store.db, 'token_secret', () => randomBytes(32).toString('base64')));
  // the validator reads the runtime's clock through the runtime, so replacing rt.clock (a virtual
  // clock, a test) moves token expiry with every other timestamp
  const base: Omit<Runtime, 'tokens'> = { config, store, clock, log, bus: createWakeBus(), resetHooks: [] };
  const tokens = new TokenValidator(store, new TokenCodec(Buffer.from(secret)), () => base.clock());
  // the same object: a later `rt.clock = …` is what base.clock() reads
  return Object.assign(base, { tokens });
}
