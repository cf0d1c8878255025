/**
 * POST /os-server-external-events under autocannon: batches of 1 and 100 network-changed events
 * (events/s = req/s × batch size). Stackbox spreads the 100 events over 100 seeded servers on
 * 32 hosts; the real Nova (admin noauth2 token) gets the same batch over the servers it has
 * (cycled), since building 100 servers there takes minutes. Each accepted request also enqueues
 * one delivery per host, which the in-process agent drains while the load runs.
 */
import type { LoadScenario, Target } from '../scenarios.js';
import type { RunningStackbox } from '../lib/stackbox.js';
import type { NovaUnderTest } from '../lib/nova.js';

const batch = (ids: string[], n: number) => ({
  events: Array.from({ length: n }, (_, i) => ({ name: 'network-changed', server_uuid: ids[i % ids.length] })),
});

const sbEvents =
  (n: number) =>
  async (sb: RunningStackbox): Promise<Target> => ({
    url: `${sb.url}/compute/v2.1/os-server-external-events`,
    method: 'POST',
    headers: { 'x-auth-token': await sb.token('admin'), 'content-type': 'application/json' },
    body: JSON.stringify(batch(sb.seeded.slice(0, n), n)),
  });

const novaEvents =
  (n: number) =>
  async (nova: NovaUnderTest): Promise<Target> => ({
    url: `${nova.url}/os-server-external-events`,
    method: 'POST',
    headers: { 'x-auth-token': nova.adminToken, 'content-type': 'application/json' },
    body: JSON.stringify(batch(nova.servers, n)),
  });

export const eventScenarios: LoadScenario[] = [
  {
    kind: 'load',
    name: 'POST /os-server-external-events, 1 event',
    servers: 100,
    stackbox: sbEvents(1),
    nova: { servers: 1, target: novaEvents(1) },
  },
  {
    kind: 'load',
    name: 'POST /os-server-external-events, 100 events',
    servers: 100,
    stackbox: sbEvents(100),
    nova: { servers: 1, target: novaEvents(100) },
  },
];
