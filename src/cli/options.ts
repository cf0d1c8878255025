/** Shared CLI flags → Config (defaults < file < env < flags). */
import { Command, Option } from 'commander';
import {
  configFromEnv,
  defaultConfig,
  mergeConfig,
  readConfigFile,
  type Config,
  type DeepPartial,
} from '../config/config.js';

export interface CommonFlags {
  config?: string;
  dataDir?: string;
  memory?: boolean;
  databaseUrl?: string;
  logLevel?: string;
  host?: string;
  port?: string;
  publicUrl?: string;
  hosts?: string;
}

export function addStoreOptions(cmd: Command): Command {
  return cmd
    .option('-c, --config <file>', 'YAML or JSON config file')
    .option('--data-dir <dir>', 'directory of the embedded SQLite database', undefined)
    .option('--memory', 'keep all state in memory (nothing survives a restart)')
    .option('--database-url <url>', 'postgres://… to use PostgreSQL instead of SQLite')
    .addOption(
      new Option('--log-level <level>', 'log level').choices([
        'fatal',
        'error',
        'warn',
        'info',
        'debug',
        'trace',
        'silent',
      ]),
    );
}

export function addHttpOptions(cmd: Command): Command {
  return cmd
    .option('-p, --port <port>', 'TCP port (default 8774)')
    .option('-H, --host <address>', 'address to bind (default 127.0.0.1)')
    .option('--public-url <url>', 'base URL advertised in the catalog and links (default: from each request)');
}

export function buildConfig(flags: CommonFlags, env: NodeJS.ProcessEnv = process.env): Config {
  let config = defaultConfig();
  if (flags.config) config = mergeConfig(config, readConfigFile(flags.config));
  config = mergeConfig(config, configFromEnv(env));
  const fromFlags: DeepPartial<Config> = {};
  if (flags.dataDir !== undefined) fromFlags.dataDir = flags.dataDir;
  if (flags.memory) fromFlags.memory = true;
  if (flags.databaseUrl !== undefined) fromFlags.databaseUrl = flags.databaseUrl;
  if (flags.logLevel !== undefined) fromFlags.logLevel = flags.logLevel;
  if (flags.host !== undefined) fromFlags.host = flags.host;
  if (flags.port !== undefined) {
    const port = Number(flags.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`invalid --port ${flags.port}`);
    fromFlags.port = port;
  }
  if (flags.publicUrl !== undefined) fromFlags.publicUrl = flags.publicUrl;
  if (flags.hosts !== undefined) fromFlags.compute = { hosts: Number(flags.hosts) };
  return mergeConfig(config, fromFlags);
}
