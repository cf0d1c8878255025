/**
 * Neutron parity: the agent scheduler extensions (dhcp_agent_scheduler, l3_agent_scheduler) and
 * distributed routers (dvr), replayed after the other Neutron cases. The recorded Neutron runs no
 * agents, so what both sides can answer alike is the errors and the admin-only rules, and the
 * hosting lists of a resource no agent hosts; the lists where stackbox's simulated agents appear
 * are known differences. Everything made here is deleted at the end.
 */
import type { ParityCase } from './case-types.js';

/** a syntactically valid uuid that names nothing on either side */
const MISSING = '9e6f1f9b-7c1e-4d84-a1a0-3a4c8f0d2b13';

const n = (c: Omit<ParityCase, 'service'>): ParityCase => ({ service: 'neutron', auth: 'admin', ...c });

export const NEUTRON_SCHEDULING_CASES: ParityCase[] = [
  n({
    name: 'sched-network-create',
    method: 'POST',
    path: '/v2.0/networks',
    body: { network: { name: 'parity-sched' } },
    capture: { sched_net_id: 'network.id' },
  }),
  // a network with no subnet is on no DHCP agent, on either side
  n({ name: 'sched-network-dhcp-agents-empty', method: 'GET', path: '/v2.0/networks/{sched_net_id}/dhcp-agents' }),
  n({
    name: 'sched-network-dhcp-agents-member-403',
    method: 'GET',
    path: '/v2.0/networks/{sched_net_id}/dhcp-agents',
    auth: 'member',
  }),
  n({ name: 'sched-agent-dhcp-networks-404', method: 'GET', path: `/v2.0/agents/${MISSING}/dhcp-networks` }),
  n({
    name: 'sched-agent-add-network-404',
    method: 'POST',
    path: `/v2.0/agents/${MISSING}/dhcp-networks`,
    body: { network_id: '{sched_net_id}' },
  }),
  n({
    name: 'sched-agent-add-missing-network-404',
    method: 'POST',
    path: `/v2.0/agents/${MISSING}/dhcp-networks`,
    body: { network_id: MISSING },
  }),
  n({
    name: 'sched-agent-add-network-member-403',
    method: 'POST',
    path: `/v2.0/agents/${MISSING}/dhcp-networks`,
    auth: 'member',
    body: { network_id: '{sched_net_id}' },
  }),
  n({
    name: 'sched-agent-remove-network-404',
    method: 'DELETE',
    path: `/v2.0/agents/${MISSING}/dhcp-networks/{sched_net_id}`,
  }),
  n({
    name: 'sched-router-create',
    method: 'POST',
    path: '/v2.0/routers',
    body: { router: { name: 'parity-sched-router' } },
    capture: { sched_router_id: 'router.id' },
  }),
  n({ name: 'sched-router-l3-agents-empty', method: 'GET', path: '/v2.0/routers/{sched_router_id}/l3-agents' }),
  n({
    name: 'sched-router-l3-agents-member-403',
    method: 'GET',
    path: '/v2.0/routers/{sched_router_id}/l3-agents',
    auth: 'member',
  }),
  n({ name: 'sched-agent-l3-routers-404', method: 'GET', path: `/v2.0/agents/${MISSING}/l3-routers` }),
  n({
    name: 'sched-agent-add-router-404',
    method: 'POST',
    path: `/v2.0/agents/${MISSING}/l3-routers`,
    body: { router_id: '{sched_router_id}' },
  }),
  // dvr: admins see and set `distributed`; changing it needs the router down first
  n({ name: 'dvr-router-show-admin', method: 'GET', path: '/v2.0/routers/{sched_router_id}' }),
  n({
    name: 'dvr-router-update-while-up-400',
    method: 'PUT',
    path: '/v2.0/routers/{sched_router_id}',
    body: { router: { distributed: true } },
  }),
  n({
    name: 'dvr-router-down',
    method: 'PUT',
    path: '/v2.0/routers/{sched_router_id}',
    body: { router: { admin_state_up: false } },
  }),
  n({
    name: 'dvr-router-update-distributed',
    method: 'PUT',
    path: '/v2.0/routers/{sched_router_id}',
    body: { router: { distributed: true } },
  }),
  n({
    name: 'dvr-router-create-distributed',
    method: 'POST',
    path: '/v2.0/routers',
    body: { router: { name: 'parity-dvr', distributed: true } },
    capture: { dvr_router_id: 'router.id' },
  }),
  n({
    name: 'dvr-router-create-member-403',
    method: 'POST',
    path: '/v2.0/routers',
    auth: 'member',
    body: { router: { name: 'parity-dvr-member', distributed: true } },
  }),
  n({ name: 'dvr-router-delete', method: 'DELETE', path: '/v2.0/routers/{dvr_router_id}' }),
  n({ name: 'sched-router-delete', method: 'DELETE', path: '/v2.0/routers/{sched_router_id}' }),
  n({ name: 'sched-network-delete', method: 'DELETE', path: '/v2.0/networks/{sched_net_id}' }),
];
