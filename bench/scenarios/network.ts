/**
 * Neutron write and listing scenarios (issue 19 item 7) under autocannon, measured on a real
 * `stackbox serve --memory` child (bench/lib/served.ts), with the same-run bare Fastify ceiling
 * (serving the resource's GET body); no real-service column: the real Nova does not serve
 * Neutron, and its fake Neutron is not a baseline for one. Writes undo themselves so a run can be
 * repeated on the same resources:
 * - security-group rule create: each request a new rule (its own TCP port, bench/lib/unique-rule.cjs);
 * - floating IP associate: PUT port_id, then PUT port_id null, in turn (10 connections, one FIP);
 * - router interface add + remove: one cycle at a time (1 connection: two adds would collide);
 * - GET /ports in a project with 20 ports whose security group has 100 rules.
 */
import { fileURLToPath } from 'node:url';
import type { LoadScenario, Target } from '../scenarios.js';
import type { ServedStackbox } from '../lib/served.js';

const UNIQUE_RULE = fileURLToPath(new URL('../lib/unique-rule.cjs', import.meta.url));

interface Api {
  call(method: string, path: string, body?: unknown): Promise<Record<string, any>>; // eslint-disable-line @typescript-eslint/no-explicit-any
  headers: Record<string, string>;
}

async function api(sb: ServedStackbox, user = 'demo', project = user): Promise<Api> {
  const headers = { 'x-auth-token': await sb.token(user, project), 'content-type': 'application/json' };
  return {
    headers,
    async call(method, path, body) {
      const res = await fetch(`${sb.url}/network/v2.0${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${text}`);
      return text ? JSON.parse(text) : {};
    },
  };
}

/** A project of its own with a member user (through Keystone's API, as an operator would). */
async function ownProject(sb: ServedStackbox, name: string): Promise<string> {
  const headers = { 'x-auth-token': await sb.token('admin'), 'content-type': 'application/json' };
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${sb.url}/identity/v3${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    return text ? JSON.parse(text) : {};
  };
  const project = (await call('POST', '/projects', { project: { name, domain_id: 'default' } })).project;
  const user = (await call('POST', '/users', { user: { name, password: 'secret', domain_id: 'default' } })).user;
  const role = (await call('GET', '/roles?name=member')).roles[0];
  await call('PUT', `/projects/${project.id}/users/${user.id}/roles/${role.id}`);
  return project.id as string;
}

/** serve's default quota of 100 security-group rules a project, lifted by an admin for a rule-heavy project */
async function unlimitedRules(sb: ServedStackbox, projectName: string): Promise<void> {
  const admin = await api(sb, 'admin');
  const res = await fetch(`${sb.url}/identity/v3/projects?name=${projectName}`, { headers: admin.headers });
  const id = ((await res.json()) as { projects: Array<{ id: string }> }).projects[0]?.id;
  if (!id) throw new Error(`no project ${projectName}`);
  await admin.call('PUT', `/quotas/${id}`, { quota: { security_group_rule: -1 } });
}

const networkIdOf = async (a: Api, name: string): Promise<string> =>
  (await a.call('GET', `/networks?name=${name}`)).networks[0].id as string;

const NET = '/network/v2.0';

export const networkScenarios: LoadScenario[] = [
  {
    kind: 'load',
    name: 'Neutron POST /security-group-rules (a new rule each request)',
    servers: 0,
    served: async (sb): Promise<Target> => {
      await unlimitedRules(sb, 'demo');
      const a = await api(sb);
      const sg = (await a.call('POST', '/security-groups', { security_group: { name: 'bench-rules' } })).security_group;
      const body = JSON.stringify({
        security_group_rule: {
          security_group_id: sg.id,
          direction: 'ingress',
          protocol: 'tcp',
          port_range_min: '__PORT__',
          port_range_max: '__PORT__',
        },
      });
      return {
        url: `${sb.url}${NET}/security-group-rules/${sg.security_group_rules[0].id}`,
        headers: a.headers,
        requests: [{ method: 'POST', path: `${NET}/security-group-rules`, body, setupRequest: UNIQUE_RULE }],
      };
    },
  },
  {
    kind: 'load',
    name: 'Neutron PUT /floatingips/{id} associate, then disassociate',
    servers: 0,
    served: async (sb): Promise<Target> => {
      const a = await api(sb);
      const [priv, pub] = [await networkIdOf(a, 'private'), await networkIdOf(a, 'public')];
      const subnet = (await a.call('GET', `/subnets?network_id=${priv}&ip_version=4`)).subnets[0].id as string;
      const router = (
        await a.call('POST', '/routers', {
          router: { name: 'bench-fip', external_gateway_info: { network_id: pub } },
        })
      ).router;
      await a.call('PUT', `/routers/${router.id}/add_router_interface`, { subnet_id: subnet });
      const port = (await a.call('POST', '/ports', { port: { network_id: priv, name: 'bench-fip-port' } })).port;
      const fip = (await a.call('POST', '/floatingips', { floatingip: { floating_network_id: pub } })).floatingip;
      const path = `${NET}/floatingips/${fip.id}`;
      return {
        url: `${sb.url}${path}`,
        headers: a.headers,
        requests: [
          { method: 'PUT', path, body: JSON.stringify({ floatingip: { port_id: port.id } }) },
          { method: 'PUT', path, body: JSON.stringify({ floatingip: { port_id: null } }) },
        ],
      };
    },
  },
  {
    kind: 'load',
    name: 'Neutron PUT /routers/{id}/add_router_interface + remove_router_interface (1 connection)',
    servers: 0,
    served: async (sb): Promise<Target> => {
      const a = await api(sb);
      const net = (await a.call('POST', '/networks', { network: { name: 'bench-ri' } })).network;
      const subnet = (
        await a.call('POST', '/subnets', { subnet: { network_id: net.id, ip_version: 4, cidr: '192.168.77.0/24' } })
      ).subnet;
      const router = (await a.call('POST', '/routers', { router: { name: 'bench-ri' } })).router;
      const body = JSON.stringify({ subnet_id: subnet.id });
      return {
        url: `${sb.url}${NET}/routers/${router.id}`,
        headers: a.headers,
        connections: 1,
        requests: [
          { method: 'PUT', path: `${NET}/routers/${router.id}/add_router_interface`, body },
          { method: 'PUT', path: `${NET}/routers/${router.id}/remove_router_interface`, body },
        ],
      };
    },
  },
  {
    kind: 'load',
    name: 'Neutron GET /ports, 20 ports on a security group of 100 rules',
    servers: 0,
    served: async (sb): Promise<Target> => {
      // its own project, so the seeded servers' ports and other scenarios' ports stay out of the list
      await ownProject(sb, 'bench-ports');
      await unlimitedRules(sb, 'bench-ports');
      const a = await api(sb, 'bench-ports');
      const net = (await a.call('POST', '/networks', { network: { name: 'bench-ports' } })).network;
      await a.call('POST', '/subnets', { subnet: { network_id: net.id, ip_version: 4, cidr: '192.168.78.0/24' } });
      const sg = (await a.call('POST', '/security-groups', { security_group: { name: 'bench-100' } })).security_group;
      // 2 egress rules come with the group
      const rules = Array.from({ length: 98 }, (_, i) => ({
        security_group_id: sg.id,
        direction: 'ingress',
        protocol: 'tcp',
        port_range_min: 1000 + i,
        port_range_max: 1000 + i,
      }));
      await a.call('POST', '/security-group-rules', { security_group_rules: rules });
      for (let i = 0; i < 20; i++)
        await a.call('POST', '/ports', { port: { network_id: net.id, name: `p${i}`, security_groups: [sg.id] } });
      return { url: `${sb.url}${NET}/ports`, headers: a.headers };
    },
  },
];
