/**
 * Read scenarios under autocannon (issue 8's table): show, detail and list at growing totals,
 * the keyset-paged detail at 1,000 / 10,000 / 100,000 servers, os-interface and Mogan's detail.
 * The demo user (member of project demo) asks, as a typical CLI user would.
 */
import type { LoadScenario, Target } from '../scenarios.js';
import type { RunningStackbox } from '../lib/stackbox.js';
import type { NovaUnderTest } from '../lib/nova.js';

const sbGet =
  (path: string) =>
  async (sb: RunningStackbox): Promise<Target> => ({
    url: `${sb.url}${path}`,
    headers: { 'x-auth-token': await sb.token('demo') },
  });
const novaGet =
  (path: string) =>
  async (n: NovaUnderTest): Promise<Target> => ({ url: `${n.url}${path}`, headers: { 'x-auth-token': n.memberToken } });
/** The middle seeded server, so show never hits a cache-friendly first or last row. */
const middle = (ids: string[]) => ids[Math.floor(ids.length / 2)];

/** Skips (with the reason) when the route is not served by this build yet. */
async function ifServed(sb: RunningStackbox, path: string): Promise<Target | string> {
  const t = await sbGet(path)(sb);
  const res = await fetch(t.url, { headers: t.headers });
  await res.arrayBuffer();
  return res.status === 200 ? t : `not served yet (GET ${path.replace(/[0-9a-f-]{36}/, '{id}')} → ${res.status})`;
}

export const readScenarios: LoadScenario[] = [
  {
    kind: 'load',
    name: 'GET /flavors/1',
    servers: 0,
    stackbox: sbGet('/compute/v2.1/flavors/1'),
    nova: { servers: 0, target: novaGet('/flavors/1') },
  },
  {
    kind: 'load',
    name: 'GET /servers/{id}',
    servers: 100,
    stackbox: async (sb) => sbGet(`/compute/v2.1/servers/${middle(sb.seeded)}`)(sb),
    nova: { servers: 1, target: async (n) => novaGet(`/servers/${n.servers[0]}`)(n) },
    reference: '107 req/s',
  },
  {
    kind: 'load',
    name: 'GET /servers/{id}/os-interface',
    servers: 100,
    stackbox: async (sb) => ifServed(sb, `/compute/v2.1/servers/${middle(sb.seeded)}/os-interface`),
    nova: { servers: 1, target: async (n) => novaGet(`/servers/${n.servers[0]}/os-interface`)(n) },
    reference: '140 req/s',
  },
  {
    kind: 'load',
    name: 'GET /servers/detail, 100 servers',
    servers: 100,
    stackbox: sbGet('/compute/v2.1/servers/detail'),
    nova: { servers: 100, target: novaGet('/servers/detail') },
    reference: '6 req/s',
  },
  {
    kind: 'load',
    name: 'GET /servers/detail, 1,000 servers',
    servers: 1000,
    stackbox: sbGet('/compute/v2.1/servers/detail'),
    nova: { servers: 1000, target: novaGet('/servers/detail') },
    reference: '< 0.1 req/s (0.7 at 1 connection)',
  },
  {
    kind: 'load',
    name: 'GET /servers, 1,000 servers',
    servers: 1000,
    stackbox: sbGet('/compute/v2.1/servers'),
    nova: { servers: 1000, target: novaGet('/servers') },
    reference: '2.1 req/s',
  },
  {
    kind: 'load',
    name: 'Mogan GET /v1/instances/detail, 1,000 servers',
    servers: 1000,
    stackbox: sbGet('/baremetal-compute/v1/instances/detail'),
  },
  {
    kind: 'load',
    name: 'GET /servers/detail?limit=100, 1,000 servers',
    servers: 1000,
    stackbox: sbGet('/compute/v2.1/servers/detail?limit=100'),
    nova: { servers: 1000, target: novaGet('/servers/detail?limit=100') },
  },
  {
    // issue 3's "detail at 10,000 servers": without a limit the page is max_limit (1,000) rows
    kind: 'load',
    name: 'GET /servers/detail, 10,000 servers',
    servers: 10_000,
    stackbox: sbGet('/compute/v2.1/servers/detail'),
  },
  {
    kind: 'load',
    name: 'GET /servers/detail?limit=100, 10,000 servers',
    servers: 10_000,
    stackbox: sbGet('/compute/v2.1/servers/detail?limit=100'),
  },
  {
    kind: 'load',
    name: 'GET /servers/detail?limit=100, 100,000 servers',
    servers: 100_000,
    stackbox: sbGet('/compute/v2.1/servers/detail?limit=100'),
  },
  {
    kind: 'load',
    name: 'GET /servers/detail?limit=100&marker=<middle>, 100,000 servers',
    servers: 100_000,
    stackbox: async (sb) => sbGet(`/compute/v2.1/servers/detail?limit=100&marker=${middle(sb.seeded)}`)(sb),
  },
];
