/** The stackbox command line. */
import { Command } from 'commander';
import { addHttpOptions, addStoreOptions, buildConfig, type CommonFlags } from './options.js';
import { serve } from './serve.js';
import { openRuntime } from '../bootstrap.js';
import { addDbCommands } from './db.js';
import { startProcessServices } from '../process-services.js';

function onSignals(close: () => Promise<void>): void {
  const stop = () => {
    void close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

export async function main(argv: string[]): Promise<void> {
  const program = new Command();
  program.name('stackbox').description('An OpenStack-compatible compute cloud in one process').showHelpAfterError();

  const serveCmd = program
    .command('serve')
    .description('run every service and an in-process compute agent on one port');
  addHttpOptions(addStoreOptions(serveCmd))
    .option('--hosts <n>', 'number of simulated compute hosts')
    .option('--clouds-file <path>', 'also write the clouds.yaml to this file')
    .option('--no-agent', 'do not run the in-process compute agent')
    .action(async (flags: CommonFlags & { cloudsFile?: string; agent: boolean }) => {
      const config = buildConfig(flags);
      if (flags.agent === false) config.runAgent = false;
      const { close } = await serve(config, { cloudsFile: flags.cloudsFile, printClouds: true });
      onSignals(close);
    });

  const apiCmd = program
    .command('api')
    .description(
      'run the stateless API only (scale-out: many of these behind a load balancer, sharing one PostgreSQL)',
    );
  addHttpOptions(addStoreOptions(apiCmd))
    .option('--clouds-file <path>', 'also write the clouds.yaml to this file')
    .action(async (flags: CommonFlags & { cloudsFile?: string }) => {
      const config = buildConfig(flags);
      config.runAgent = false;
      const { close } = await serve(config, { cloudsFile: flags.cloudsFile, printClouds: false });
      onSignals(close);
    });

  const agentCmd = program.command('agent').description('run a compute agent owning simulated hosts (no HTTP)');
  addStoreOptions(agentCmd)
    .option('--host <name>', 'host name prefix of the hosts this agent owns')
    .option('--hosts <n>', 'number of simulated hosts')
    .action(async (flags: CommonFlags & { host?: string }) => {
      const config = buildConfig({ ...flags, host: undefined });
      if (flags.host) config.compute.hostPrefix = flags.host;
      const rt = await openRuntime(config);
      const services = await startProcessServices(rt, { agent: true });
      rt.log.info({ hosts: config.compute.hosts, prefix: config.compute.hostPrefix }, 'agent running');
      onSignals(async () => {
        await services.stop();
        await rt.store.close();
      });
    });

  addDbCommands(program);

  await program.parseAsync(argv);
}
