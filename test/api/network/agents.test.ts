/**
 * Agents (agent extension), availability zones and service providers: a simulated DHCP and L3
 * agent per compute host with Neutron's fields, admin-only show/update/delete, the zones Neutron
 * derives from them, and the availability_zone_hints of networks and routers.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../helpers/app.js';

let t: TestApp;
let admin: string;
let demo: string;
let hosts: string[];
before(async () => {
  t = await startTestApp({ compute: { hosts: 2 } });
  admin = await t.tokenFor('admin');
  demo = await t.tokenFor('demo');
  hosts = [...new Set((await t.rt.store.db.selectFrom('compute_hosts').select('host').execute()).map((h) => h.host))];
});
after(async () => {
  await t.close();
});

const N = '/network/v2.0';
type AgentView = Record<string, unknown> & { id: string; host: string; agent_type: string };

test('one DHCP and one L3 agent per compute host, with Neutron fields', async () => {
  assert.equal(hosts.length, 2);
  const res = await t.request('GET', `${N}/agents`, { token: admin });
  assert.equal(res.status, 200);
  const agents: AgentView[] = res.body.agents;
  assert.deepEqual(
    agents.map((a) => `${a.host} ${a.agent_type}`).sort(),
    [`${hosts[0]} DHCP agent`, `${hosts[0]} L3 agent`, `${hosts[1]} DHCP agent`, `${hosts[1]} L3 agent`].sort(),
  );
  const dhcp = agents.find((a) => a.agent_type === 'DHCP agent');
  assert.deepEqual(Object.keys(dhcp ?? {}).sort(), [
    'admin_state_up',
    'agent_type',
    'alive',
    'availability_zone',
    'binary',
    'configurations',
    'created_at',
    'description',
    'heartbeat_timestamp',
    'host',
    'id',
    'resource_versions',
    'resources_synced',
    'started_at',
    'topic',
  ]);
  assert.equal(dhcp?.binary, 'neutron-dhcp-agent');
  assert.equal(dhcp?.topic, 'dhcp_agent');
  assert.equal(dhcp?.alive, true);
  assert.equal(dhcp?.availability_zone, 'nova');
  assert.match(String(dhcp?.heartbeat_timestamp), /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
  const l3 = agents.find((a) => a.agent_type === 'L3 agent');
  assert.equal((l3?.configurations as Record<string, unknown>).agent_mode, 'legacy');

  const filtered = await t.request('GET', `${N}/agents?agent_type=L3+agent&host=${hosts[0]}`, { token: admin });
  assert.deepEqual(
    filtered.body.agents.map((a: AgentView) => a.id),
    [agents.find((a) => a.host === hosts[0] && a.agent_type === 'L3 agent')?.id],
  );
  // the DHCP agent counts the networks with DHCP it serves
  const before1 = (dhcp?.configurations as { networks: number }).networks;
  const net = await t.request('POST', `${N}/networks`, { token: demo, body: { network: { name: 'agentnet' } } });
  await t.request('POST', `${N}/subnets`, {
    token: demo,
    body: { subnet: { network_id: net.body.network.id, cidr: '10.91.0.0/24' } },
  });
  const shown = await t.request('GET', `${N}/agents/${dhcp?.id}`, { token: admin });
  assert.equal(shown.body.agent.configurations.networks, before1 + 1);
});

test('admin-only: members see none, and 404 for one', async () => {
  assert.deepEqual((await t.request('GET', `${N}/agents`, { token: demo })).body, { agents: [] });
  const [a] = (await t.request('GET', `${N}/agents`, { token: admin })).body.agents;
  for (const [method, body] of [
    ['GET', undefined],
    ['PUT', { agent: { admin_state_up: false } }],
    ['DELETE', undefined],
  ] as const) {
    const res = await t.request(method, `${N}/agents/${a.id}`, { token: demo, body });
    assert.equal(res.status, 404, method);
    assert.equal(res.body.NeutronError.type, 'HTTPNotFound');
  }
  const missing = await t.request('GET', `${N}/agents/nope`, { token: admin });
  assert.deepEqual(missing.body.NeutronError, {
    type: 'AgentNotFound',
    message: 'Agent nope could not be found.',
    detail: '',
  });
  // a member's write on a missing agent: Neutron loads it before the policy check (parity case)
  for (const [method, body] of [
    ['PUT', { agent: { admin_state_up: false } }],
    ['DELETE', undefined],
  ] as const) {
    const res = await t.request(method, `${N}/agents/nope`, { token: demo, body });
    assert.equal(res.status, 404, method);
    assert.equal(res.body.NeutronError.type, 'AgentNotFound', method);
  }
});

test('update admin_state_up and description; the zones follow; delete hides the agent', async () => {
  const agents: AgentView[] = (await t.request('GET', `${N}/agents?agent_type=L3+agent`, { token: admin })).body.agents;
  for (const a of agents) {
    const up = await t.request('PUT', `${N}/agents/${a.id}`, {
      token: admin,
      body: { agent: { admin_state_up: false, description: 'maintenance' } },
    });
    assert.equal(up.status, 200);
    assert.equal(up.body.agent.admin_state_up, false);
    assert.equal(up.body.agent.description, 'maintenance');
  }
  const row = await t.rt.store.db
    .selectFrom('network_agents')
    .selectAll()
    .where('id', '=', agents[0]?.id ?? '')
    .executeTakeFirst();
  assert.equal(row?.admin_state_up, 0);
  const zones = await t.request('GET', `${N}/availability_zones`, { token: demo });
  assert.deepEqual(
    zones.body.availability_zones
      .map((z: { name: string; resource: string; state: string }) => `${z.name} ${z.resource} ${z.state}`)
      .sort(),
    ['nova network available', 'nova router unavailable'],
  );
  const bad = await t.request('PUT', `${N}/agents/${agents[0]?.id}`, { token: admin, body: { agent: { host: 'x' } } });
  assert.equal(bad.status, 400);

  const del = await t.request('DELETE', `${N}/agents/${agents[0]?.id}`, { token: admin });
  assert.equal(del.status, 204);
  assert.equal((await t.request('GET', `${N}/agents/${agents[0]?.id}`, { token: admin })).status, 404);
});

test('availability_zone_hints on networks and routers; service providers', async () => {
  const net = await t.request('POST', `${N}/networks`, {
    token: demo,
    body: { network: { name: 'az', availability_zone_hints: ['nova'] } },
  });
  assert.equal(net.status, 201, JSON.stringify(net.body));
  assert.deepEqual(net.body.network.availability_zone_hints, ['nova']);
  // served in a zone once a DHCP agent serves it: when it has a subnet with DHCP
  assert.deepEqual(net.body.network.availability_zones, []);
  await t.request('POST', `${N}/subnets`, {
    token: demo,
    body: { subnet: { network_id: net.body.network.id, cidr: '10.92.0.0/24' } },
  });
  const shown = await t.request('GET', `${N}/networks/${net.body.network.id}`, { token: demo });
  assert.deepEqual(shown.body.network.availability_zones, ['nova']);
  const badNet = await t.request('POST', `${N}/networks`, {
    token: demo,
    body: { network: { availability_zone_hints: ['mars'] } },
  });
  assert.equal(badNet.status, 404);
  assert.equal(badNet.body.NeutronError.message, 'AvailabilityZone mars could not be found.');
  const router = await t.request('POST', `${N}/routers`, {
    token: demo,
    body: { router: { name: 'azr', availability_zone_hints: ['nova'] } },
  });
  assert.equal(router.status, 201, JSON.stringify(router.body));
  assert.deepEqual(router.body.router.availability_zone_hints, ['nova']);
  // no L3 agent hosts it (no gateway yet, and the previous test set every L3 agent admin-down)
  assert.deepEqual(router.body.router.availability_zones, []);
  const badRouter = await t.request('POST', `${N}/routers`, {
    token: demo,
    body: { router: { availability_zone_hints: 'nova' } },
  });
  assert.equal(badRouter.status, 400);

  const sp = await t.request('GET', `${N}/service-providers`, { token: demo });
  assert.deepEqual(sp.body, {
    service_providers: [
      { service_type: 'L3_ROUTER_NAT', name: 'dvrha', default: false },
      { service_type: 'L3_ROUTER_NAT', name: 'dvr', default: false },
      { service_type: 'L3_ROUTER_NAT', name: 'ha', default: false },
      { service_type: 'L3_ROUTER_NAT', name: 'single_node', default: false },
    ],
  });
});
