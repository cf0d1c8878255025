/**
 * The Neutron subset through the real `openstack` CLI (openstacksdk's network proxy): the
 * network → subnet → port lifecycle the server flows of clients.md §3 build on, name lookups
 * (404 by id first, then ?name=), and Neutron's own conflict messages as the client prints them.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer,
  runOpenstack,
  describeRun,
  openstackInstalled,
  type ServerHandle,
  type CliResult,
} from './helpers/server.js';

const skip = openstackInstalled()
  ? false
  : '/usr/bin/openstack is not installed (apt-get install python3-openstackclient)';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let s: ServerHandle;
const os = (args: string[], json = true) =>
  runOpenstack(args, { cloud: 'stackbox', cloudsFile: s.cloudsFile, home: s.dir, json });
async function okRun(args: string[], json = true): Promise<CliResult> {
  const r = await os(args, json);
  assert.equal(r.code, 0, describeRun(args, r));
  return r;
}
async function failRun(args: string[], stderr: RegExp): Promise<CliResult> {
  const r = await os(args);
  assert.equal(r.code, 1, describeRun(args, r));
  assert.match(r.stderr, stderr);
  return r;
}

describe('network, subnet and port lifecycle with the openstack CLI', { skip, timeout: 120_000 }, () => {
  before(async () => {
    s = await startServer();
  });
  after(async () => {
    await s?.stop();
  });
  const ids: Record<string, string> = {};

  test('network create → an ACTIVE, admin-up network of the demo project', async () => {
    const r = await okRun(['network', 'create', 'cf-net']);
    assert.equal(r.json.name, 'cf-net');
    assert.equal(r.json.status, 'ACTIVE');
    assert.equal(r.json.admin_state_up, true);
    assert.equal(r.json.shared, false);
    assert.match(r.json.id, UUID);
    ids.net = r.json.id;
  });

  test('subnet create --subnet-range → the CIDR with the first address as gateway and the rest in the pool', async () => {
    const r = await okRun(['subnet', 'create', '--network', 'cf-net', '--subnet-range', '10.9.0.0/24', 'cf-subnet']);
    assert.equal(r.json.cidr, '10.9.0.0/24');
    assert.equal(r.json.gateway_ip, '10.9.0.1');
    assert.equal(r.json.ip_version, 4);
    assert.equal(r.json.network_id, ids.net);
    assert.deepEqual(r.json.allocation_pools, [{ start: '10.9.0.2', end: '10.9.0.254' }]);
    ids.subnet = r.json.id;
  });

  test('port create --network (by name) → a DOWN port with a fa:16:3e MAC and the first free address', async () => {
    const r = await okRun(['port', 'create', '--network', 'cf-net', 'cf-port']);
    assert.equal(r.json.name, 'cf-port');
    assert.equal(r.json.network_id, ids.net);
    assert.equal(r.json.status, 'DOWN');
    assert.equal(r.json.device_id, '');
    assert.match(r.json.mac_address, /^fa:16:3e(:[0-9a-f]{2}){3}$/);
    assert.deepEqual(r.json.fixed_ips, [{ subnet_id: ids.subnet, ip_address: '10.9.0.2' }]);
    ids.port = r.json.id;
  });

  test('port create --fixed-ip ip-address=… takes that address; a second claim is a 409 naming it', async () => {
    const r = await okRun(['port', 'create', '--network', ids.net!, '--fixed-ip', 'ip-address=10.9.0.50', 'cf-fixed']);
    assert.deepEqual(r.json.fixed_ips, [{ subnet_id: ids.subnet, ip_address: '10.9.0.50' }]);
    ids.fixed = r.json.id;
    await failRun(
      ['port', 'create', '--network', ids.net!, '--fixed-ip', 'ip-address=10.9.0.50', 'cf-dup'],
      new RegExp(`ConflictException: 409: .*IP address 10\\.9\\.0\\.50 already allocated in subnet ${ids.subnet}`),
    );
  });

  test('port list --network shows both ports; port show resolves a name', async () => {
    const list = await okRun(['port', 'list', '--network', 'cf-net']);
    assert.deepEqual(list.json.map((p: { Name: string }) => p.Name).sort(), ['cf-fixed', 'cf-port']);
    const show = await okRun(['port', 'show', 'cf-port']);
    assert.equal(show.json.id, ids.port);
  });

  test("network delete while ports exist → Neutron's NetworkInUse 409, the network stays", async () => {
    const r = await os(['network', 'delete', 'cf-net'], false);
    assert.equal(r.code, 1, describeRun(['network', 'delete'], r));
    assert.match(
      r.stderr,
      new RegExp(
        `409: .*Unable to complete operation on network ${ids.net}\\. There are one or more ports still in use on the network, id for these ports is: [0-9a-f-]+(,[0-9a-f-]+)*\\.`,
      ),
    );
    assert.match(r.stderr, /1 of 1 networks failed to delete\./);
    const still = await okRun(['network', 'show', ids.net!]);
    assert.equal(still.json.name, 'cf-net');
  });

  test('port, subnet and network delete succeed silently; the network is then not found', async () => {
    const del = await okRun(['port', 'delete', 'cf-port', 'cf-fixed'], false);
    assert.equal(del.stdout, '');
    await okRun(['subnet', 'delete', 'cf-subnet'], false);
    await okRun(['network', 'delete', 'cf-net'], false);
    await failRun(['network', 'show', 'cf-net'], /No Network found for cf-net/);
  });
});

describe('security groups and rules with the openstack CLI', { skip, timeout: 120_000 }, () => {
  before(async () => {
    s = await startServer();
  });
  after(async () => {
    await s?.stop();
  });
  const ids: Record<string, string> = {};

  test('security group create → the group with its two egress rules', async () => {
    const r = await okRun(['security', 'group', 'create', '--description', 'conformance', 'cf-sg']);
    assert.equal(r.json.name, 'cf-sg');
    assert.equal(r.json.description, 'conformance');
    assert.match(r.json.id, UUID);
    const rules = r.json.rules as Array<{ direction: string; ethertype: string }>;
    assert.deepEqual(rules.map((x) => `${x.direction} ${x.ethertype}`).sort(), ['egress IPv4', 'egress IPv6']);
    ids.sg = r.json.id;
  });

  test('security group rule create --protocol tcp --dst-port 22 → an ingress rule for port 22', async () => {
    const r = await okRun(['security', 'group', 'rule', 'create', '--protocol', 'tcp', '--dst-port', '22', 'cf-sg']);
    assert.equal(r.json.direction, 'ingress');
    assert.equal(r.json.protocol, 'tcp');
    assert.equal(r.json.port_range_min, 22);
    assert.equal(r.json.port_range_max, 22);
    assert.equal(r.json.remote_ip_prefix, '0.0.0.0/0');
    assert.equal(r.json.security_group_id, ids.sg);
    ids.rule = r.json.id;
    await failRun(
      ['security', 'group', 'rule', 'create', '--protocol', 'tcp', '--dst-port', '22', 'cf-sg'],
      new RegExp(`409[:,] .*Security group rule already exists\\. Rule id is ${ids.rule}\\.`),
    );
  });

  test('security group rule list <group> → the three rules', async () => {
    const r = await okRun(['security', 'group', 'rule', 'list', 'cf-sg']);
    assert.equal(r.json.length, 3);
    assert.ok(r.json.some((x: { ID: string }) => x.ID === ids.rule));
  });

  test('port create --security-group cf-sg → the port carries the group; the group is then in use', async () => {
    const r = await okRun(['port', 'create', '--network', 'private', '--security-group', 'cf-sg', 'cf-sg-port']);
    assert.deepEqual(r.json.security_group_ids, [ids.sg]);
    ids.port = r.json.id;
    const del = await os(['security', 'group', 'delete', 'cf-sg'], false);
    assert.equal(del.code, 1, describeRun(['security group delete'], del));
    assert.match(del.stderr, new RegExp(`Security Group ${ids.sg} in use\\.`));
  });

  test('port, rule and group delete succeed; the group is then not found', async () => {
    await okRun(['port', 'delete', 'cf-sg-port'], false);
    await okRun(['security', 'group', 'rule', 'delete', ids.rule!], false);
    await okRun(['security', 'group', 'delete', 'cf-sg'], false);
    const r = await os(['security', 'group', 'show', 'cf-sg']);
    assert.equal(r.code, 1, describeRun(['security group show'], r));
  });
});

describe('routers and floating IPs with the openstack CLI', { skip, timeout: 180_000 }, () => {
  before(async () => {
    s = await startServer();
  });
  after(async () => {
    await s?.stop();
  });
  const ids: Record<string, string> = {};

  test('router create, router set --external-gateway public → a gateway address on public', async () => {
    await okRun(['network', 'create', 'cf-l3-net']);
    await okRun(['subnet', 'create', '--network', 'cf-l3-net', '--subnet-range', '10.19.0.0/24', 'cf-l3-subnet']);
    const r = await okRun(['router', 'create', 'cf-router']);
    assert.equal(r.json.name, 'cf-router');
    assert.match(r.json.id, UUID);
    ids.router = r.json.id;
    await okRun(['router', 'set', '--external-gateway', 'public', 'cf-router'], false);
    const shown = await okRun(['router', 'show', 'cf-router']);
    const gw = shown.json.external_gateway_info as { network_id: string; external_fixed_ips: unknown[] };
    const pub = await okRun(['network', 'show', 'public']);
    assert.equal(gw.network_id, pub.json.id);
    assert.equal(gw.external_fixed_ips.length, 1);
  });

  test('router add subnet → an interface port on the subnet gateway; twice → 400', async () => {
    await okRun(['router', 'add', 'subnet', 'cf-router', 'cf-l3-subnet'], false);
    const ports = await okRun(['port', 'list', '--router', 'cf-router', '--long']);
    assert.ok(
      ports.json.some((p: { 'Fixed IP Addresses': unknown }) =>
        JSON.stringify(p['Fixed IP Addresses']).includes('10.19.0.1'),
      ),
      JSON.stringify(ports.json),
    );
    const again = await os(['router', 'add', 'subnet', 'cf-router', 'cf-l3-subnet'], false);
    assert.equal(again.code, 1, describeRun(['router add subnet (again)'], again));
    assert.match(again.stderr, /Router already has a port on subnet/);
  });

  test('floating ip create public, floating ip set --port, floating ip list', async () => {
    const port = await okRun(['port', 'create', '--network', 'cf-l3-net', 'cf-l3-port']);
    ids.port = port.json.id;
    const f = await okRun(['floating', 'ip', 'create', 'public']);
    assert.equal(f.json.status, 'DOWN');
    assert.equal(f.json.port_id, null);
    ids.fip = f.json.id;
    ids.address = f.json.floating_ip_address;
    await okRun(['floating', 'ip', 'set', '--port', 'cf-l3-port', ids.address!], false);
    const shown = await okRun(['floating', 'ip', 'show', ids.address!]);
    assert.equal(shown.json.port_id, ids.port);
    assert.equal(shown.json.router_id, ids.router);
    assert.equal(shown.json.status, 'ACTIVE');
    const list = await okRun(['floating', 'ip', 'list']);
    assert.ok(
      list.json.some((x: { ID: string; Port: string }) => x.ID === ids.fip && x.Port === ids.port),
      JSON.stringify(list.json),
    );
  });

  test('floating ip unset --port, delete; router remove subnet, unset gateway, delete', async () => {
    await okRun(['floating', 'ip', 'unset', '--port', ids.address!], false);
    const shown = await okRun(['floating', 'ip', 'show', ids.address!]);
    assert.equal(shown.json.port_id, null);
    await okRun(['floating', 'ip', 'delete', ids.address!], false);
    await okRun(['port', 'delete', 'cf-l3-port'], false);
    await okRun(['router', 'remove', 'subnet', 'cf-router', 'cf-l3-subnet'], false);
    await okRun(['router', 'unset', '--external-gateway', 'cf-router'], false);
    const bare = await okRun(['router', 'show', 'cf-router']);
    assert.equal(bare.json.external_gateway_info, null);
    await okRun(['router', 'delete', 'cf-router'], false);
    const gone = await os(['router', 'show', 'cf-router']);
    assert.equal(gone.code, 1, describeRun(['router show'], gone));
    await okRun(['subnet', 'delete', 'cf-l3-subnet'], false);
    await okRun(['network', 'delete', 'cf-l3-net'], false);
  });
});

describe('a server one can reach, built and taken down with the openstack CLI', { skip, timeout: 300_000 }, () => {
  before(async () => {
    s = await startServer();
  });
  after(async () => {
    await s?.stop();
  });
  const ids: Record<string, string> = {};

  test('network, subnet, router with a gateway on public and an interface on the subnet', async () => {
    ids.net = (await okRun(['network', 'create', 'cf-reach-net'])).json.id;
    await okRun(['subnet', 'create', '--network', 'cf-reach-net', '--subnet-range', '10.53.0.0/24', 'cf-reach-subnet']);
    await okRun(['router', 'create', 'cf-reach-router']);
    await okRun(['router', 'set', '--external-gateway', 'public', 'cf-reach-router'], false);
    await okRun(['router', 'add', 'subnet', 'cf-reach-router', 'cf-reach-subnet'], false);
    const router = await okRun(['router', 'show', 'cf-reach-router']);
    assert.ok(router.json.external_gateway_info, router.stdout);
    // the member sees the interface; the gateway port belongs to no project, as in Neutron
    const ports = await okRun(['port', 'list', '--router', 'cf-reach-router', '--long']);
    const owners = (ports.json as Array<{ 'Device Owner': string }>).map((p) => p['Device Owner']);
    assert.deepEqual(owners, ['network:router_interface'], ports.stdout);
  });

  test('security group with ssh and ping rules; a server in it', async () => {
    await okRun(['security', 'group', 'create', 'cf-reach-sg']);
    const ssh = await okRun([
      'security',
      'group',
      'rule',
      'create',
      '--protocol',
      'tcp',
      '--dst-port',
      '22',
      'cf-reach-sg',
    ]);
    assert.deepEqual([ssh.json.port_range_min, ssh.json.port_range_max, ssh.json.direction], [22, 22, 'ingress']);
    await okRun(['security', 'group', 'rule', 'create', '--protocol', 'icmp', 'cf-reach-sg']);
    const vm = await okRun([
      'server',
      'create',
      '--flavor',
      'm1.tiny',
      '--image',
      'cirros-0.6.2',
      '--network',
      'cf-reach-net',
      '--security-group',
      'cf-reach-sg',
      '--wait',
      'cf-reach-vm',
    ]);
    assert.equal(vm.json.status, 'ACTIVE', vm.stdout);
    ids.vm = vm.json.id;
    const groups = await okRun(['server', 'show', 'cf-reach-vm']);
    assert.match(JSON.stringify(groups.json.security_groups), /cf-reach-sg/);
  });

  test('floating ip create public; server add floating ip; server show lists it; remove', async () => {
    const fip = await okRun(['floating', 'ip', 'create', 'public']);
    ids.fip = fip.json.floating_ip_address;
    await okRun(['server', 'add', 'floating', 'ip', 'cf-reach-vm', ids.fip!], false);
    const shown = await okRun(['server', 'show', 'cf-reach-vm']);
    assert.match(JSON.stringify(shown.json.addresses), new RegExp(`cf-reach-net.*${ids.fip!.replace(/\./g, '\\.')}`));
    const bound = await okRun(['floating', 'ip', 'show', ids.fip!]);
    assert.equal(bound.json.router_id, (await okRun(['router', 'show', 'cf-reach-router'])).json.id);
    await okRun(['server', 'remove', 'floating', 'ip', 'cf-reach-vm', ids.fip!], false);
    const after = await okRun(['server', 'show', 'cf-reach-vm']);
    assert.doesNotMatch(JSON.stringify(after.json.addresses), new RegExp(ids.fip!.replace(/\./g, '\\.')));
    assert.equal((await okRun(['floating', 'ip', 'show', ids.fip!])).json.port_id, null);
  });

  test('delete all: floating ip, server, router interface and router, group, subnet, network', async () => {
    await okRun(['floating', 'ip', 'delete', ids.fip!], false);
    await okRun(['server', 'delete', '--wait', 'cf-reach-vm'], false);
    await okRun(['router', 'remove', 'subnet', 'cf-reach-router', 'cf-reach-subnet'], false);
    await okRun(['router', 'delete', 'cf-reach-router'], false);
    await okRun(['security', 'group', 'delete', 'cf-reach-sg'], false);
    await okRun(['subnet', 'delete', 'cf-reach-subnet'], false);
    await okRun(['network', 'delete', 'cf-reach-net'], false);
    const nets = (await okRun(['network', 'list'])).json as Array<{ Name: string }>;
    assert.ok(!nets.some((n) => n.Name === 'cf-reach-net'));
    const routers = (await okRun(['router', 'list'])).json as Array<{ Name: string }>;
    assert.ok(!routers.some((r) => r.Name === 'cf-reach-router'));
    const fips = (await okRun(['floating', 'ip', 'list'])).json as Array<{ 'Floating IP Address': string }>;
    assert.ok(!fips.some((f) => f['Floating IP Address'] === ids.fip));
  });
});

describe('network quotas with the openstack CLI', { skip, timeout: 120_000 }, () => {
  before(async () => {
    s = await startServer();
  });
  after(async () => {
    await s?.stop();
  });
  const admin = (args: string[], json = true) =>
    runOpenstack(args, { cloud: 'stackbox-admin', cloudsFile: s.cloudsFile, home: s.dir, json });

  test("quota show demo → Nova's and Neutron's limits together (Neutron's defaults)", async () => {
    const r = await admin(['quota', 'show', 'demo']);
    assert.equal(r.code, 0, describeRun(['quota', 'show', 'demo'], r));
    const q = r.json as Record<string, unknown>;
    assert.equal(q.ports, 500, r.stdout);
    assert.equal(q.networks, 100, r.stdout);
    assert.equal(q.subnets, 100, r.stdout);
    assert.equal(q['secgroups'], 10, r.stdout);
    assert.equal(q['secgroup-rules'], 100, r.stdout);
    assert.equal(q.routers, 10, r.stdout);
    assert.equal(q.instances, 100, r.stdout);
  });

  test('quota set --ports 7 demo → quota show demo has ports 7; the 8th port is refused', async () => {
    const set = await admin(['quota', 'set', '--ports', '7', 'demo'], false);
    assert.equal(set.code, 0, describeRun(['quota', 'set'], set));
    const r = await admin(['quota', 'show', 'demo']);
    assert.equal(r.code, 0, describeRun(['quota', 'show', 'demo'], r));
    assert.equal((r.json as Record<string, unknown>).ports, 7, r.stdout);
    const detail = await admin(['quota', 'list', '--network', '--detail', '--project', 'demo']);
    assert.equal(detail.code, 0, describeRun(['quota', 'list'], detail));
    const row = (detail.json as Array<{ Resource: string; Limit: number; 'In Use': number }>).find(
      (x) => x.Resource === 'ports',
    );
    assert.equal(row?.Limit, 7, detail.stdout);
    await okRun(['network', 'create', 'q-net']);
    await okRun(['subnet', 'create', '--network', 'q-net', '--subnet-range', '10.19.0.0/24', 'q-subnet']);
    const used = row?.['In Use'] ?? 0;
    for (let i = used; i < 7; i++) await okRun(['port', 'create', '--network', 'q-net', `q-port-${i}`]);
    await failRun(['port', 'create', '--network', 'q-net', 'q-port-over'], /Quota exceeded for resources: \['port'\]/);
  });
});

describe('subnet pools and address scopes with the openstack CLI', { skip, timeout: 120_000 }, () => {
  before(async () => {
    s = await startServer();
  });
  after(async () => {
    await s?.stop();
  });

  test('address scope → subnet pool in it → subnet from the pool; the network shows the scope', async () => {
    const scope = await okRun(['address', 'scope', 'create', '--ip-version', '4', 'cf-scope']);
    assert.match(scope.json.id, UUID);
    assert.equal(scope.json.ip_version, 4);
    const pool = await okRun([
      'subnet',
      'pool',
      'create',
      '--pool-prefix',
      '10.50.0.0/16',
      '--default-prefix-length',
      '24',
      '--address-scope',
      'cf-scope',
      'cf-pool',
    ]);
    assert.deepEqual(pool.json.prefixes, ['10.50.0.0/16']);
    assert.equal(pool.json.address_scope_id, scope.json.id);
    await okRun(['network', 'create', 'cf-pnet']);
    const sub = await okRun([
      'subnet',
      'create',
      '--network',
      'cf-pnet',
      '--subnet-pool',
      'cf-pool',
      '--prefix-length',
      '26',
      'cf-psub',
    ]);
    assert.equal(sub.json.cidr, '10.50.0.0/26');
    assert.equal(sub.json.subnetpool_id, pool.json.id);
    const next = await okRun(['subnet', 'create', '--network', 'cf-pnet', '--subnet-pool', 'cf-pool', 'cf-psub2']);
    assert.equal(next.json.cidr, '10.50.1.0/24');
    const net = await okRun(['network', 'show', 'cf-pnet']);
    assert.equal(net.json.ipv4_address_scope, scope.json.id);
    const shown = await okRun(['subnet', 'pool', 'show', 'cf-pool']);
    assert.equal(shown.json.default_prefixlen, 24);
  });

  test('subnet pool delete while a subnet uses it, address scope delete while a pool is in it → refused', async () => {
    // delete commands take no -f json
    const refused = async (args: string[], stderr: RegExp) => {
      const r = await os(args, false);
      assert.equal(r.code, 1, describeRun(args, r));
      assert.match(r.stderr, stderr);
    };
    await refused(['subnet', 'pool', 'delete', 'cf-pool'], /Subnet pool has existing allocations/);
    await refused(['address', 'scope', 'delete', 'cf-scope'], /one or more subnet pools in use on the address scope/);
    await okRun(['subnet', 'delete', 'cf-psub', 'cf-psub2'], false);
    await okRun(['subnet', 'pool', 'delete', 'cf-pool'], false);
    await okRun(['address', 'scope', 'delete', 'cf-scope'], false);
  });
});

describe('metering labels and rules with the openstack CLI (admin)', { skip, timeout: 120_000 }, () => {
  before(async () => {
    s = await startServer();
  });
  after(async () => {
    await s?.stop();
  });
  const admin = (args: string[], json = true) =>
    runOpenstack(args, { cloud: 'stackbox-admin', cloudsFile: s.cloudsFile, home: s.dir, json });
  const adminOk = async (args: string[], json = true) => {
    const r = await admin(args, json);
    assert.equal(r.code, 0, describeRun(args, r));
    return r;
  };

  test('network meter create / rule create (by meter name) / overlapping rule → 409 / delete', async () => {
    const meter = (await adminOk(['network', 'meter', 'create', '--description', 'cf', 'cf-meter'])).json as Record<
      string,
      unknown
    >;
    assert.match(String(meter.id), UUID);
    assert.equal(meter.name, 'cf-meter');
    const rule = (
      await adminOk([
        'network',
        'meter',
        'rule',
        'create',
        '--ingress',
        '--remote-ip-prefix',
        '10.0.0.0/24',
        'cf-meter',
      ])
    ).json as Record<string, unknown>;
    assert.equal(rule.direction, 'ingress');
    assert.equal(rule.remote_ip_prefix, '10.0.0.0/24');
    const dup = await admin([
      'network',
      'meter',
      'rule',
      'create',
      '--ingress',
      '--remote-ip-prefix',
      '10.0.0.128/25',
      'cf-meter',
    ]);
    assert.equal(dup.code, 1, describeRun(['network', 'meter', 'rule', 'create'], dup));
    assert.match(dup.stderr, /overlaps another/);
    const rules = (await adminOk(['network', 'meter', 'rule', 'list'])).json as Array<Record<string, unknown>>;
    assert.equal(rules.filter((r) => r.ID === rule.id).length, 1, JSON.stringify(rules));
    await adminOk(['network', 'meter', 'delete', 'cf-meter'], false);
    const gone = await admin(['network', 'meter', 'show', 'cf-meter']);
    assert.equal(gone.code, 1, describeRun(['network', 'meter', 'show'], gone));
  });
});

describe('network RBAC, agents, zones and IP availability with the openstack CLI', { skip, timeout: 180_000 }, () => {
  before(async () => {
    s = await startServer();
  });
  after(async () => {
    await s?.stop();
  });
  const admin = (args: string[], json = true) =>
    runOpenstack(args, { cloud: 'stackbox-admin', cloudsFile: s.cloudsFile, home: s.dir, json });
  async function adminOk(args: string[], json = true): Promise<CliResult> {
    const r = await admin(args, json);
    assert.equal(r.code, 0, describeRun(args, r));
    return r;
  }

  test('network rbac create → the demo project sees the admin network as shared; delete takes it away', async () => {
    await adminOk(['network', 'create', 'rbac-net']);
    await adminOk(['subnet', 'create', '--network', 'rbac-net', '--subnet-range', '10.29.0.0/24', 'rbac-subnet']);
    await failRun(['network', 'show', 'rbac-net'], /No Network found for rbac-net/);
    const p = await adminOk([
      'network',
      'rbac',
      'create',
      '--type',
      'network',
      '--action',
      'access_as_shared',
      '--target-project',
      'demo',
      'rbac-net',
    ]);
    assert.equal(p.json.action, 'access_as_shared');
    const listed = await adminOk(['network', 'rbac', 'list']);
    assert.ok(
      (listed.json as Array<{ ID: string }>).some((x) => x.ID === p.json.id),
      listed.stdout,
    );
    const seen = await okRun(['network', 'show', 'rbac-net']);
    assert.equal(seen.json.shared, true);
    await okRun(['port', 'create', '--network', 'rbac-net', 'rbac-port']);
    // the demo project's port depends on the policy
    const blocked = await admin(['network', 'rbac', 'delete', p.json.id], false);
    assert.equal(blocked.code, 1, describeRun(['network', 'rbac', 'delete'], blocked));
    assert.match(blocked.stderr, /cannot be removed because other objects depend on it/);
    await okRun(['port', 'delete', 'rbac-port'], false);
    await adminOk(['network', 'rbac', 'delete', p.json.id], false);
    await failRun(['network', 'show', 'rbac-net'], /No Network found for rbac-net/);
  });

  test('network agent list, availability zone list --network, ip availability show', async () => {
    const agents = await adminOk(['network', 'agent', 'list']);
    const types = (agents.json as Array<{ 'Agent Type': string; Alive: unknown }>).map((a) => a['Agent Type']);
    assert.ok(types.includes('DHCP agent') && types.includes('L3 agent'), agents.stdout);
    const zones = await okRun(['availability', 'zone', 'list', '--network']);
    assert.ok(
      (zones.json as Array<Record<string, string>>).some((z) => z['Zone Name'] === 'nova'),
      zones.stdout,
    );
    const ip = await adminOk(['ip', 'availability', 'show', 'rbac-net']);
    assert.equal(ip.json.total_ips, 253, ip.stdout);
  });
});

describe('network tags with the openstack CLI', { skip, timeout: 300_000 }, () => {
  before(async () => {
    s = await startServer();
  });
  after(async () => {
    await s?.stop();
  });

  test('network create --tag, set --tag, unset --tag, list --tags/--any-tags/--not-tags', async () => {
    // the client creates, then PUTs the tags (standard-attr-tag)
    const created = await okRun(['network', 'create', '--tag', 'red', '--tag', 'blue', 'cf-tagged']);
    assert.deepEqual([...((created.json as { tags: string[] }).tags ?? [])].sort(), ['blue', 'red'], created.stdout);
    await okRun(['network', 'create', '--tag', 'green', 'cf-tagged-2']);
    await okRun(['network', 'set', '--tag', 'gold', 'cf-tagged'], false);
    await okRun(['network', 'unset', '--tag', 'red', 'cf-tagged'], false);
    const shown = await okRun(['network', 'show', 'cf-tagged']);
    assert.deepEqual((shown.json as { tags: string[] }).tags, ['blue', 'gold'], shown.stdout);
    const names = async (args: string[]) =>
      ((await okRun(['network', 'list', ...args])).json as Array<{ Name: string }>).map((n) => n.Name).sort();
    assert.deepEqual(await names(['--tags', 'blue,gold']), ['cf-tagged']);
    assert.deepEqual(await names(['--any-tags', 'gold,green']), ['cf-tagged', 'cf-tagged-2']);
    assert.ok(!(await names(['--not-tags', 'green'])).includes('cf-tagged-2'));
    await okRun(['network', 'set', '--no-tag', 'cf-tagged'], false);
    const cleared = await okRun(['network', 'show', 'cf-tagged']);
    assert.deepEqual((cleared.json as { tags: string[] }).tags, [], cleared.stdout);
  });
});

describe('network segments with the openstack CLI (admin)', { skip, timeout: 180_000 }, () => {
  before(async () => {
    s = await startServer();
  });
  after(async () => {
    await s?.stop();
  });
  const admin = (args: string[], json = true) =>
    runOpenstack(args, { cloud: 'stackbox-admin', cloudsFile: s.cloudsFile, home: s.dir, json });
  const adminOk = async (args: string[], json = true) => {
    const r = await admin(args, json);
    assert.equal(r.code, 0, describeRun(args, r));
    return r;
  };

  test('segment create/list/set/show, a subnet on it, delete refused while in use', async () => {
    const net = await adminOk([
      'network',
      'create',
      '--provider-network-type',
      'flat',
      '--provider-physical-network',
      'cfseg1',
      'seg-net',
    ]);
    const seg = await adminOk([
      'network',
      'segment',
      'create',
      '--network',
      'seg-net',
      '--network-type',
      'vlan',
      '--physical-network',
      'physnet1',
      '--segment',
      '120',
      'cf-seg',
    ]);
    assert.equal(seg.json.segmentation_id, 120, seg.stdout);
    const listed = await adminOk(['network', 'segment', 'list', '--network', 'seg-net']);
    assert.equal((listed.json as unknown[]).length, 2, listed.stdout);
    await adminOk(['network', 'segment', 'set', '--description', 'cf', 'cf-seg'], false);
    const shown = await adminOk(['network', 'segment', 'show', 'cf-seg']);
    assert.equal(shown.json.description, 'cf');
    const shownNet = await adminOk(['network', 'show', 'seg-net']);
    assert.equal((shownNet.json.segments as unknown[]).length, 2, shownNet.stdout);
    const sub = await adminOk([
      'subnet',
      'create',
      '--network',
      'seg-net',
      '--network-segment',
      'cf-seg',
      '--subnet-range',
      '10.77.0.0/24',
      'seg-subnet',
    ]);
    assert.equal(sub.json.segment_id, seg.json.id);
    const refused = await admin(['network', 'segment', 'delete', 'cf-seg'], false);
    assert.equal(refused.code, 1, describeRun(['network', 'segment', 'delete'], refused));
    assert.match(refused.stderr, /is still associated with subnet/);
    await adminOk(['subnet', 'delete', 'seg-subnet'], false);
    await adminOk(['network', 'segment', 'delete', 'cf-seg'], false);
    await adminOk(['network', 'delete', String(net.json.id)], false);
  });
});
