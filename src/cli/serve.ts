/** `stackbox serve`: every service and one compute agent in one process. */
import { writeFileSync } from 'node:fs';
import type { Config } from '../config/config.js';
import { openRuntime } from '../bootstrap.js';
import { buildApp } from '../app.js';
import { startProcessServices } from '../process-services.js';
import { applicationCredentialExample, cloudsYaml, osExports } from './clouds.js';

export interface ServeOptions {
  cloudsFile?: string;
  /** print the clouds.yaml/OS_* block (serve: yes) */
  printClouds: boolean;
}

export async function serve(config: Config, opts: ServeOptions): Promise<{ close: () => Promise<void>; url: string }> {
  const rt = await openRuntime(config);
  const { app } = await buildApp(rt);
  const services = await startProcessServices(rt, { agent: config.runAgent, maintenance: true });
  await app.listen({ host: config.host, port: config.port });
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : config.port;
  const hostForUrl = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  const base = config.publicUrl ?? `http://${hostForUrl.includes(':') ? `[${hostForUrl}]` : hostForUrl}:${port}`;
  const clouds = cloudsYaml(config, base);
  if (opts.cloudsFile) writeFileSync(opts.cloudsFile, clouds);
  if (opts.printClouds) {
    process.stdout.write(
      `stackbox is serving on ${base} (store: ${rt.store.location})\n\n` +
        `# clouds.yaml (openstack --os-cloud stackbox …)\n${clouds}\n` +
        `# or, for the demo user:\n${osExports(config, base)}\n\n` +
        `# a CI job logs in with an application credential instead of a password\n` +
        `# (openstack application credential create ci → its id and secret):\n` +
        `${applicationCredentialExample(config, base)}\n\n`,
    );
  }
  let closing: Promise<void> | null = null;
  const close = () => {
    closing ??= (async () => {
      await app.close();
      await services.stop();
      await rt.store.close();
    })();
    return closing;
  };
  return { close, url: base };
}
