/**
 * The agent schedulers (dhcp_agent_scheduler, l3_agent_scheduler): networks and routers are
 * scheduled onto one simulated agent as Neutron's notifiers do, admins move them by hand with
 * Neutron's errors, members get 403, races are decided by the bindings' keys, and bindings go
 * with their network, router or agent.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../helpers/app.js';

let t: TestApp;
let admin: string;
let demo: string;
let dhcpAgents: Array<{ id: string; host: string }>;
let l3Agents: Array<{ id: string; host: string }>;
let publicId: string;
before(async () => {
  t = await startTestApp({ compute: { hosts: 2 } });
  admin = await t.tokenFor('admin');
  demo = await t.tokenFor('demo');
  const agents = (await get('/agents', admin)).body.agents as Array<{ id: string; host: string; agent_type: string }>;
  dhcpAgents = agents.filter((a) => a.agent_type === 'DHCP agent');
  l3Agents = agents.filter((a) => a.agent_type === 'L3 agent');
  publicId = (await get('/networks?name=public', admin)).body.networks[0].id;
});
after(async () => {
  await t.close();
});

const N = '/network/v2.0';
const get = (path: string, token = demo) => t.request('GET', `${N}${path}`, { token });
const post = (path: string, body: unknown, token = demo) => t.request('POST', `${N}${path}`, { token, body });
const del = (path: string, token = admin) => t.request('DELETE', `${N}${path}`, { token });
const newNetwork = async (name: string) => (await post('/networks', { network: { name } })).body.network.id as string;
const dhcpRows = (networkId: string) =>
  t.rt.store.db.selectFrom('network_dhcp_agent_bindings').selectAll().where('network_id', '=', networkId).execute();
const l3Rows = (routerId: string) =>
  t.rt.store.db.selectFrom('router_l3_agent_bindings').selectAll().where('router_id', '=', routerId).execute();

test('a network gets one DHCP agent with its first subnet; the seeded ones are hosted', async () => {
  assert.equal(dhcpAgents.length, 2);
  const net = await newNetwork('sched-a');
  assert.deepEqual((await get(`/networks/${net}/dhcp-agents`, admin)).body, { agents: [] });
  await post('/subnets', { subnet: { network_id: net, cidr: '10.71.0.0/24' } });
  const res = await get(`/networks/${net}/dhcp-agents`, admin);
  assert.equal(res.status, 200);
  assert.equal(res.body.agents.length, 1);
  const [agent] = res.body.agents;
  assert.equal(agent.agent_type, 'DHCP agent');
  assert.ok('configurations' in agent && 'alive' in agent);
  assert.deepEqual(
    (await dhcpRows(net)).map((r) => [r.agent_id, Number(r.binding_index)]),
    [[agent.id, 1]],
  );
  // a second subnet or a port does not add another (dhcp_agents_per_network = 1)
  await post('/subnets', { subnet: { network_id: net, cidr: '10.72.0.0/24' } });
  await post('/ports', { port: { network_id: net } });
  assert.equal((await dhcpRows(net)).length, 1);
  const hosted = await get(`/agents/${agent.id}/dhcp-networks`, admin);
  assert.equal(hosted.status, 200);
  const shown = hosted.body.networks.find((n: { id: string }) => n.id === net);
  assert.equal(shown.name, 'sched-a');
  assert.equal(shown.subnets.length, 2);
  // the networks seeded before any agent started were taken by the first agent to register
  const privateId = (await get('/networks?name=private', admin)).body.networks[0].id;
  assert.equal((await get(`/networks/${privateId}/dhcp-agents`, admin)).body.agents.length, 1);
});

test('an unknown network has no agents; an unknown agent is AgentNotFound', async () => {
  const unknown = '11111111-2222-3333-4444-555555555555';
  assert.deepEqual((await get(`/networks/${unknown}/dhcp-agents`, admin)).body, { agents: [] });
  const res = await get(`/agents/${unknown}/dhcp-networks`, admin);
  assert.equal(res.status, 404);
  assert.deepEqual(res.body, {
    NeutronError: { type: 'AgentNotFound', message: `Agent ${unknown} could not be found.`, detail: '' },
  });
  const l3 = await get(`/routers/${unknown}/l3-agents`, admin);
  assert.equal(l3.status, 404);
  assert.equal(l3.body.NeutronError.type, 'RouterNotFound');
});

test('add and remove a network by hand, with Neutron errors', async () => {
  const net = await newNetwork('sched-manual');
  const a = dhcpAgents[0] ?? { id: '' };
  const b = dhcpAgents[1] ?? { id: '' };
  const add = await post(`/agents/${a.id}/dhcp-networks`, { network_id: net }, admin);
  assert.equal(add.status, 201);
  assert.equal(add.body, null);
  assert.deepEqual(
    (await get(`/networks/${net}/dhcp-agents`, admin)).body.agents.map((x: { id: string }) => x.id),
    [a.id],
  );
  const again = await post(`/agents/${a.id}/dhcp-networks`, { network_id: net }, admin);
  assert.equal(again.status, 409);
  assert.deepEqual(again.body.NeutronError, {
    type: 'NetworkHostedByDHCPAgent',
    message: `The network ${net} has been already hosted by the DHCP Agent ${a.id}.`,
    detail: '',
  });
  // an admin may exceed dhcp_agents_per_network by hand
  assert.equal((await post(`/agents/${b.id}/dhcp-networks`, { network_id: net }, admin)).status, 201);
  assert.deepEqual((await dhcpRows(net)).map((r) => Number(r.binding_index)).sort(), [1, 2]);

  assert.equal((await del(`/agents/${a.id}/dhcp-networks/${net}`)).status, 204);
  const gone = await del(`/agents/${a.id}/dhcp-networks/${net}`);
  assert.equal(gone.status, 409);
  assert.deepEqual(gone.body.NeutronError, {
    type: 'NetworkNotHostedByDhcpAgent',
    message: `The network ${net} is not hosted by the DHCP Agent ${a.id}.`,
    detail: '',
  });

  const l3 = l3Agents[0]?.id ?? '';
  const notDhcp = await post(`/agents/${l3}/dhcp-networks`, { network_id: net }, admin);
  assert.equal(notDhcp.status, 404);
  assert.deepEqual(notDhcp.body.NeutronError, {
    type: 'InvalidDHCPAgent',
    message: `Agent ${l3} is not a valid DHCP Agent or has been disabled.`,
    detail: '',
  });
  const unknown = '11111111-2222-3333-4444-555555555555';
  const noNet = await post(`/agents/${a.id}/dhcp-networks`, { network_id: unknown }, admin);
  assert.equal(noNet.status, 404);
  assert.equal(noNet.body.NeutronError.message, `Network ${unknown} could not be found.`);
  // the network is looked up first, as Neutron does
  assert.equal(
    (await post(`/agents/${unknown}/dhcp-networks`, { network_id: unknown }, admin)).body.NeutronError.type,
    'NetworkNotFound',
  );
  assert.equal(
    (await post(`/agents/${unknown}/dhcp-networks`, { network_id: net }, admin)).body.NeutronError.type,
    'AgentNotFound',
  );
  assert.equal((await del(`/agents/${unknown}/dhcp-networks/${net}`)).body.NeutronError.type, 'AgentNotFound');
  // bad bodies are 400s (Neutron itself answers 500 to these)
  const missing = await post(`/agents/${a.id}/dhcp-networks`, {}, admin);
  assert.equal(missing.status, 400);
  assert.equal(
    missing.body.NeutronError.message,
    "Failed to parse request. Required attribute 'network_id' not specified",
  );
  assert.equal((await post(`/agents/${a.id}/dhcp-networks`, [], admin)).status, 400);
  assert.equal((await post(`/agents/${a.id}/dhcp-networks`, { network_id: 5 }, admin)).status, 404);

  // a disabled agent takes no network
  await t.request('PUT', `${N}/agents/${a.id}`, { token: admin, body: { agent: { admin_state_up: false } } });
  const disabled = await post(`/agents/${a.id}/dhcp-networks`, { network_id: net }, admin);
  assert.equal(disabled.status, 404);
  assert.equal(disabled.body.NeutronError.type, 'InvalidDHCPAgent');
  await t.request('PUT', `${N}/agents/${a.id}`, { token: admin, body: { agent: { admin_state_up: true } } });
});

test('members get 403 naming the rule', async () => {
  const net = await newNetwork('sched-member');
  const a = dhcpAgents[0]?.id ?? '';
  const cases: Array<[Promise<{ status: number; body: { NeutronError: { message: string } } }>, string]> = [
    [get(`/networks/${net}/dhcp-agents`), 'get_dhcp-agents'],
    [get(`/agents/${a}/dhcp-networks`), 'get_dhcp-networks'],
    [post(`/agents/${a}/dhcp-networks`, { network_id: net }), 'create_dhcp-network'],
    [del(`/agents/${a}/dhcp-networks/${net}`, demo), 'delete_dhcp-network'],
    [get(`/routers/${net}/l3-agents`), 'get_l3-agents'],
    [get(`/agents/${a}/l3-routers`), 'get_l3-routers'],
    [post(`/agents/${a}/l3-routers`, { router_id: net }), 'create_l3-router'],
    [del(`/agents/${a}/l3-routers/${net}`, demo), 'delete_l3-router'],
  ];
  for (const [p, rule] of cases) {
    const res = await p;
    assert.equal(res.status, 403, rule);
    assert.equal(res.body.NeutronError.message, `rule:${rule} is disallowed by policy`);
  }
  assert.equal((await dhcpRows(net)).length, 0);
});

test('the same network added to the same agent at once: one 201, the rest 409', async () => {
  const net = await newNetwork('sched-race');
  const a = dhcpAgents[1]?.id ?? '';
  const results = await Promise.all(
    Array.from({ length: 6 }, () => post(`/agents/${a}/dhcp-networks`, { network_id: net }, admin)),
  );
  assert.deepEqual(results.map((r) => r.status).sort(), [201, 409, 409, 409, 409, 409]);
  assert.equal((await dhcpRows(net)).length, 1);
});

test('concurrent subnets schedule a network once', async () => {
  const net = await newNetwork('sched-race-auto');
  const results = await Promise.all(
    [0, 1, 2, 3].map((i) => post('/subnets', { subnet: { network_id: net, cidr: `10.73.${i}.0/24` } })),
  );
  assert.deepEqual(
    results.map((r) => r.status),
    [201, 201, 201, 201],
  );
  assert.equal((await dhcpRows(net)).length, 1);
});

test('bindings go with the network and with a deleted agent', async () => {
  const net = await newNetwork('sched-gone');
  await post('/subnets', { subnet: { network_id: net, cidr: '10.74.0.0/24' } });
  assert.equal((await dhcpRows(net)).length, 1);
  assert.equal((await del(`/networks/${net}`)).status, 204);
  assert.equal((await dhcpRows(net)).length, 0);

  const net2 = await newNetwork('sched-agent-gone');
  const a = dhcpAgents[1]?.id ?? '';
  await post(`/agents/${a}/dhcp-networks`, { network_id: net2 }, admin);
  assert.equal((await del(`/agents/${a}`)).status, 204);
  assert.equal((await dhcpRows(net2)).length, 0);
  assert.deepEqual((await get(`/networks/${net2}/dhcp-agents`, admin)).body, { agents: [] });
  // the agent comes back (under a new id) when its host next heartbeats; refresh the list
  await t.rt.store.db
    .updateTable('compute_hosts')
    .set({ last_seen_at: new Date(Date.now() + 1000).toISOString() })
    .execute();
  const agents = (await get('/agents?agent_type=DHCP+agent', admin)).body.agents as Array<{ id: string; host: string }>;
  dhcpAgents = agents;
});

test('a router gets one L3 agent with a gateway or an interface; admins move it', async () => {
  const plain = (await post('/routers', { router: { name: 'sched-r0' } })).body.router;
  // created without a gateway: not scheduled until something happens to it
  assert.equal((await l3Rows(plain.id)).length, 0);
  const gw = (await post('/routers', { router: { name: 'sched-r1', external_gateway_info: { network_id: publicId } } }))
    .body.router;
  const hosting = await get(`/routers/${gw.id}/l3-agents`, admin);
  assert.equal(hosting.status, 200);
  assert.equal(hosting.body.agents.length, 1);
  const [agent] = hosting.body.agents;
  assert.equal(agent.agent_type, 'L3 agent');
  const listed = (await get(`/agents/${agent.id}/l3-routers`, admin)).body.routers;
  assert.equal(listed.find((r: { id: string }) => r.id === gw.id)?.name, 'sched-r1');

  // an interface schedules a router too
  const net = await newNetwork('sched-rnet');
  const sub = (await post('/subnets', { subnet: { network_id: net, cidr: '10.75.0.0/24' } })).body.subnet;
  await t.request('PUT', `${N}/routers/${plain.id}/add_router_interface`, { token: demo, body: { subnet_id: sub.id } });
  assert.equal((await l3Rows(plain.id)).length, 1);

  const other = l3Agents.find((a) => a.id !== agent.id)?.id ?? '';
  const hosted = await post(`/agents/${other}/l3-routers`, { router_id: gw.id }, admin);
  assert.equal(hosted.status, 409);
  assert.deepEqual(hosted.body.NeutronError, {
    type: 'RouterHostedByL3Agent',
    message: `The router ${gw.id} has been already hosted by the L3 Agent ${agent.id}.`,
    detail: '',
  });
  // the same agent again is a no-op 201, as in Neutron
  assert.equal((await post(`/agents/${agent.id}/l3-routers`, { router_id: gw.id }, admin)).status, 201);
  assert.equal((await del(`/agents/${agent.id}/l3-routers/${gw.id}`)).status, 204);
  assert.equal((await l3Rows(gw.id)).length, 0);
  // removing what is not there is no error either
  assert.equal((await del(`/agents/${agent.id}/l3-routers/${gw.id}`)).status, 204);
  const moved = await post(`/agents/${other}/l3-routers`, { router_id: gw.id }, admin);
  assert.equal(moved.status, 201);
  assert.equal(moved.body, null);
  assert.deepEqual(
    (await l3Rows(gw.id)).map((r) => r.agent_id),
    [other],
  );

  const dhcp = dhcpAgents[0]?.id ?? '';
  const notL3 = await post(`/agents/${dhcp}/l3-routers`, { router_id: gw.id }, admin);
  assert.equal(notL3.status, 404);
  assert.deepEqual(notL3.body.NeutronError, {
    type: 'InvalidL3Agent',
    message: `Agent ${dhcp} is not a L3 Agent or has been disabled`,
    detail: '',
  });
  const dvr = (await post('/routers', { router: { name: 'sched-dvr', distributed: true } }, admin)).body.router;
  const mismatch = await post(`/agents/${other}/l3-routers`, { router_id: dvr.id }, admin);
  assert.equal(mismatch.status, 409);
  assert.deepEqual(mismatch.body.NeutronError, {
    type: 'RouterL3AgentMismatch',
    message: `Cannot host distributed router ${dvr.id} on legacy L3 agent ${other}.`,
    detail: '',
  });
  const unknown = '11111111-2222-3333-4444-555555555555';
  assert.equal(
    (await post(`/agents/${other}/l3-routers`, { router_id: unknown }, admin)).body.NeutronError.type,
    'RouterNotFound',
  );
  assert.equal((await del(`/agents/${other}/l3-routers/${unknown}`)).body.NeutronError.type, 'RouterNotFound');

  // the binding goes with the router
  await t.request('PUT', `${N}/routers/${gw.id}`, { token: demo, body: { router: { external_gateway_info: {} } } });
  assert.equal((await del(`/routers/${gw.id}`, demo)).status, 204);
  assert.equal((await l3Rows(gw.id)).length, 0);
});

test('a router added to two agents at once: one wins, the other is told who hosts it', async () => {
  const r = (await post('/routers', { router: { name: 'sched-r-race' } })).body.router;
  const a = l3Agents[0] ?? { id: '' };
  const b = l3Agents[1] ?? { id: '' };
  const results = await Promise.all(
    [a, b, a, b].map((x) => post(`/agents/${x.id}/l3-routers`, { router_id: r.id }, admin)),
  );
  const rows = await l3Rows(r.id);
  assert.equal(rows.length, 1);
  const winner = rows[0]?.agent_id;
  results.forEach((res, i) => {
    const target = [a, b, a, b][i]?.id;
    assert.equal(res.status, target === winner ? 201 : 409, JSON.stringify(res.body));
  });
});
