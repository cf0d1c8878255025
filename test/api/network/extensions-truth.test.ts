/**
 * The extensions list tells the truth: every alias GET /v2.0/extensions advertises has a probe
 * here, a request showing that what the extension adds exists and works. An advertised alias
 * without a probe fails the test, so a new extension must come with its probe (add it to PROBES).
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../helpers/app.js';

let t: TestApp;
let admin: string;
let demo: string;
let demoId: string;
let netId: string;
let subnetId: string;
let publicId: string;
before(async () => {
  t = await startTestApp({});
  admin = await t.tokenFor('admin');
  demo = await t.tokenFor('demo');
  const projects = await t.rt.store.db.selectFrom('projects').select(['id', 'name']).execute();
  demoId = projects.find((p) => p.name === 'demo')?.id ?? '';
  netId = (await post('/networks', { network: { name: 'truth', mtu: 1400 } })).body.network.id;
  subnetId = (await post('/subnets', { subnet: { network_id: netId, cidr: '10.93.0.0/24' } })).body.subnet.id;
  publicId = (await get('/networks?name=public', admin)).body.networks[0].id;
});
after(async () => {
  await t.close();
});

const N = '/network/v2.0';
const get = (path: string, token = demo) => t.request('GET', `${N}${path}`, { token });
const post = (path: string, body: unknown, token = demo) => t.request('POST', `${N}${path}`, { token, body });
const put = (path: string, body: unknown, token = demo) => t.request('PUT', `${N}${path}`, { token, body });
function ok(res: { status: number; body: unknown }, status = 200): void {
  assert.equal(res.status, status, JSON.stringify(res.body));
}

type Probe = () => Promise<void>;

/** alias → a request that shows the extension at work */
const PROBES: Record<string, Probe> = {
  'allowed-address-pairs': async () => {
    const res = await post('/ports', {
      port: { network_id: netId, allowed_address_pairs: [{ ip_address: '10.93.0.200' }] },
    });
    ok(res, 201);
    assert.equal(res.body.port.allowed_address_pairs[0].ip_address, '10.93.0.200');
  },
  binding: async () => {
    const res = await get(`/ports?network_id=${netId}`, admin);
    ok(res);
    assert.ok('binding:vnic_type' in res.body.ports[0]);
  },
  'external-net': async () => {
    const res = await get('/networks?router:external=true');
    ok(res);
    assert.ok(res.body.networks.some((n: { id: string }) => n.id === publicId));
  },
  'ext-gw-mode': async () => {
    const res = await post('/routers', { router: { name: 'gw', external_gateway_info: { network_id: publicId } } });
    ok(res, 201);
    assert.equal(res.body.router.external_gateway_info.enable_snat, true);
  },
  extraroute: async () => {
    const r = (await post('/routers', { router: { name: 'xr' } })).body.router;
    const res = await put(`/routers/${r.id}`, { router: { routes: [] } });
    ok(res);
    assert.deepEqual(res.body.router.routes, []);
  },
  'net-mtu': async () => {
    assert.equal((await get(`/networks/${netId}`)).body.network.mtu, 1400);
  },
  pagination: async () => {
    const res = await get('/networks?limit=1');
    ok(res);
    assert.equal(res.body.networks.length, 1);
    assert.ok(Array.isArray(res.body.networks_links));
  },
  'port-security-groups-filtering': async () => {
    const sg = (await get('/security-groups?name=default')).body.security_groups[0];
    ok(await get(`/ports?security_groups=${sg.id}`));
  },
  'port-security': async () => {
    const res = await post('/ports', { port: { network_id: netId, port_security_enabled: false } });
    ok(res, 201);
    assert.equal(res.body.port.port_security_enabled, false);
  },
  router: async () => ok(await get('/routers')),
  'quota-check-limit': async () => {
    const res = await put(`/quotas/${demoId}`, { quota: { network: 1000, check_limit: true } }, admin);
    ok(res);
    assert.equal(res.body.quota.network, 1000);
  },
  quota_details: async () => {
    const res = await get(`/quotas/${demoId}/details`);
    ok(res);
    assert.ok(res.body.quota.network.used >= 1);
  },
  quotas: async () => ok(await get(`/quotas/${demoId}`)),
  'security-group': async () => ok(await get('/security-groups')),
  'security-groups-normalized-cidr': async () => {
    const sg = (await post('/security-groups', { security_group: { name: 'cidr' } })).body.security_group;
    const res = await post('/security-group-rules', {
      security_group_rule: { security_group_id: sg.id, direction: 'ingress', remote_ip_prefix: '10.0.0.5/8' },
    });
    ok(res, 201);
    assert.equal(res.body.security_group_rule.normalized_cidr, '10.0.0.0/8');
  },
  sorting: async () => {
    const res = await get('/networks?sort_key=name&sort_dir=desc');
    ok(res);
    const names = res.body.networks.map((n: { name: string }) => n.name);
    assert.deepEqual(names, [...names].sort().reverse());
  },
  'stateful-security-group': async () => {
    const res = await post('/security-groups', { security_group: { name: 'stateless', stateful: false } });
    ok(res, 201);
    assert.equal(res.body.security_group.stateful, false);
  },
  'standard-attr-description': async () => {
    const res = await put(`/networks/${netId}`, { network: { description: 'described' } });
    assert.equal(res.body.network.description, 'described');
  },
  'standard-attr-revisions': async () => {
    const before1 = (await get(`/subnets/${subnetId}`)).body.subnet.revision_number;
    await put(`/subnets/${subnetId}`, { subnet: { name: 'rev' } });
    assert.ok((await get(`/subnets/${subnetId}`)).body.subnet.revision_number > before1);
  },
  'standard-attr-tag': async () => {
    ok(await put(`/networks/${netId}/tags`, { tags: ['truth'] }));
    ok(await put(`/subnets/${subnetId}/tags/truth`, undefined), 201);
    assert.deepEqual((await get(`/networks/${netId}`)).body.network.tags, ['truth']);
    assert.deepEqual(
      (await get(`/subnets?tags=truth`)).body.subnets.map((s: { id: string }) => s.id),
      [subnetId],
    );
  },
  'rbac-policies': async () => {
    const res = await post('/rbac-policies', {
      rbac_policy: { object_type: 'network', object_id: netId, action: 'access_as_shared', target_tenant: 'someone' },
    });
    ok(res, 201);
    ok(await get(`/rbac-policies/${res.body.rbac_policy.id}`));
  },
  'network-ip-availability': async () => {
    const res = await get(`/network-ip-availabilities/${netId}`, admin);
    ok(res);
    assert.equal(res.body.network_ip_availability.subnet_ip_availability[0].total_ips, 253);
  },
  agent: async () => {
    const res = await get('/agents', admin);
    ok(res);
    assert.ok(res.body.agents.some((a: { agent_type: string }) => a.agent_type === 'DHCP agent'));
  },
  dhcp_agent_scheduler: async () => {
    // the network got a DHCP agent with its subnet; it can be moved off it and back
    const [agent] = (await get(`/networks/${netId}/dhcp-agents`, admin)).body.agents;
    assert.equal(agent.agent_type, 'DHCP agent');
    const del = await t.request('DELETE', `${N}/agents/${agent.id}/dhcp-networks/${netId}`, { token: admin });
    ok(del, 204);
    ok(await post(`/agents/${agent.id}/dhcp-networks`, { network_id: netId }, admin), 201);
    const hosted = (await get(`/agents/${agent.id}/dhcp-networks`, admin)).body.networks;
    assert.ok(hosted.some((n: { id: string }) => n.id === netId));
  },
  l3_agent_scheduler: async () => {
    const r = (
      await post('/routers', { router: { name: 'truth-l3', external_gateway_info: { network_id: publicId } } })
    ).body.router;
    const [agent] = (await get(`/routers/${r.id}/l3-agents`, admin)).body.agents;
    assert.equal(agent.agent_type, 'L3 agent');
    const hosted = (await get(`/agents/${agent.id}/l3-routers`, admin)).body.routers;
    assert.ok(hosted.some((x: { id: string }) => x.id === r.id));
  },
  dvr: async () => {
    const res = await post('/routers', { router: { name: 'truth-dvr', distributed: true } }, admin);
    ok(res, 201);
    assert.equal(res.body.router.distributed, true);
    assert.equal((await post('/routers', { router: { distributed: true } })).status, 403);
  },
  'router-admin-state-down-before-update': async () => {
    const r = (await post('/routers', { router: { name: 'truth-migrate' } }, admin)).body.router;
    // down in the same request is not enough: it must be down before
    const res = await put(`/routers/${r.id}`, { router: { distributed: true, admin_state_up: false } }, admin);
    assert.equal(res.status, 400);
    ok(await put(`/routers/${r.id}`, { router: { admin_state_up: false } }, admin));
    ok(await put(`/routers/${r.id}`, { router: { distributed: true } }, admin));
  },
  availability_zone: async () => {
    const res = await get('/availability_zones');
    ok(res);
    assert.ok(res.body.availability_zones.some((z: { name: string }) => z.name === 'nova'));
  },
  network_availability_zone: async () => {
    const res = await post('/networks', { network: { availability_zone_hints: ['nova'] } });
    ok(res, 201);
    assert.deepEqual(res.body.network.availability_zone_hints, ['nova']);
  },
  router_availability_zone: async () => {
    // a router's zones are those of the L3 agent hosting it: it is scheduled with its gateway
    const res = await post('/routers', {
      router: { availability_zone_hints: ['nova'], external_gateway_info: { network_id: publicId } },
    });
    ok(res, 201);
    assert.deepEqual(res.body.router.availability_zones, ['nova']);
  },
  subnet_allocation: async () => {
    const pool = await post('/subnetpools', { subnetpool: { name: 'truth-pool', prefixes: ['10.210.0.0/16'] } });
    ok(pool, 201);
    const net = (await post('/networks', { network: { name: 'pooled' } })).body.network.id;
    const res = await post('/subnets', {
      subnet: { network_id: net, ip_version: 4, subnetpool_id: pool.body.subnetpool.id, prefixlen: 24 },
    });
    ok(res, 201);
    assert.equal(res.body.subnet.cidr, '10.210.0.0/24');
  },
  'address-scope': async () => {
    const res = await post('/address-scopes', { address_scope: { name: 'truth-scope', ip_version: 4 } });
    ok(res, 201);
    ok(await get(`/address-scopes/${res.body.address_scope.id}`));
  },
  'default-subnetpools': async () => {
    const res = await post(
      '/subnetpools',
      { subnetpool: { name: 'truth-default', prefixes: ['10.220.0.0/16'], is_default: true } },
      admin,
    );
    ok(res, 201);
    assert.equal(res.body.subnetpool.is_default, true);
  },
  'subnetpool-prefix-ops': async () => {
    const pool = (await post('/subnetpools', { subnetpool: { name: 'ops', prefixes: ['10.230.0.0/24'] } })).body;
    const res = await put(`/subnetpools/${pool.subnetpool.id}/add_prefixes`, { prefixes: ['10.230.1.0/24'] });
    ok(res);
    assert.deepEqual(res.body.prefixes, ['10.230.0.0/23']);
  },
  metering: async () => {
    const res = await post('/metering/metering-labels', { metering_label: { name: 'truth-label' } }, admin);
    ok(res, 201);
    ok(await get(`/metering/metering-labels/${res.body.metering_label.id}`, admin));
  },
  metering_source_and_destination_fields: async () => {
    const label = (await post('/metering/metering-labels', { metering_label: { name: 'sd' } }, admin)).body;
    const res = await post(
      '/metering/metering-label-rules',
      {
        metering_label_rule: {
          metering_label_id: label.metering_label.id,
          direction: 'ingress',
          source_ip_prefix: '10.0.0.0/8',
        },
      },
      admin,
    );
    ok(res, 201);
    assert.equal(res.body.metering_label_rule.source_ip_prefix, '10.0.0.0/8');
  },
  extra_dhcp_opt: async () => {
    const res = await post('/ports', {
      port: { network_id: netId, extra_dhcp_opts: [{ opt_name: 'tftp-server', opt_value: '10.93.0.9' }] },
    });
    ok(res, 201);
    assert.equal(res.body.port.extra_dhcp_opts[0].opt_value, '10.93.0.9');
  },
  'ip-substring-filtering': async () => {
    const res = await get(`/ports?fixed_ips=ip_address_substr%3D10.93.0&network_id=${netId}`);
    ok(res);
    assert.ok(res.body.ports.length > 0);
  },
  provider: async () => {
    const res = await get(`/networks/${publicId}`, admin);
    ok(res);
    assert.equal(res.body.network['provider:network_type'], 'flat');
  },
  'multi-provider': async () => {
    const segments = [
      { 'provider:network_type': 'flat', 'provider:physical_network': 'truth-mp' },
      { 'provider:network_type': 'vlan', 'provider:physical_network': 'physnet1', 'provider:segmentation_id': 3901 },
    ];
    const res = await post('/networks', { network: { name: 'mp', segments } }, admin);
    ok(res, 201);
    assert.equal(res.body.network.segments.length, 2);
    assert.equal('provider:network_type' in res.body.network, false);
  },
  segment: async () => {
    const net = (await post('/networks', { network: { name: 'seg' } }, admin)).body.network.id;
    const body = { segment: { network_id: net, network_type: 'flat', physical_network: 'truth-seg' } };
    const created = await post('/segments', body, admin);
    ok(created, 201);
    const listed = await get(`/segments?network_id=${net}`, admin);
    assert.equal(listed.body.segments.length, 2);
  },
  'standard-attr-segment': async () => {
    const [s] = (await get('/segments?limit=1', admin)).body.segments;
    const res = await put(`/segments/${s.id}`, { segment: { description: 'truth' } }, admin);
    ok(res);
    assert.equal(res.body.segment.description, 'truth');
    assert.equal(res.body.segment.revision_number, s.revision_number + 1);
  },
  'subnet-segmentid-writable': async () => {
    const net = (await post('/networks', { network: { name: 'segw' } }, admin)).body.network.id;
    const sub = (await post('/subnets', { subnet: { network_id: net, cidr: '10.94.0.0/24' } }, admin)).body.subnet.id;
    const [seg] = (await get(`/segments?network_id=${net}`, admin)).body.segments;
    const res = await put(`/subnets/${sub}`, { subnet: { segment_id: seg.id } }, admin);
    ok(res);
    assert.equal(res.body.subnet.segment_id, seg.id);
  },
  l2_adjacency: async () => {
    assert.equal((await get(`/networks/${netId}`)).body.network.l2_adjacency, true);
  },
  ip_allocation: async () => {
    const res = await post('/ports', { port: { network_id: netId, fixed_ips: [] } });
    ok(res, 201);
    assert.equal(res.body.port.ip_allocation, 'none');
  },
  'net-mtu-writable': async () => {
    const net = (await post('/networks', { network: { name: 'mtu-w' } })).body.network.id;
    const res = await put(`/networks/${net}`, { network: { mtu: 1450 } });
    ok(res);
    assert.equal(res.body.network.mtu, 1450);
  },
  'dns-integration': async () => {
    const res = await get(`/ports?network_id=${netId}`);
    ok(res);
    assert.ok(Array.isArray(res.body.ports[0].dns_assignment));
  },
  'service-type': async () => {
    const res = await get('/service-providers');
    ok(res);
    assert.ok(res.body.service_providers.length > 0);
  },
};

test('every advertised extension has a probe, and every probe passes', async () => {
  const res = await get('/extensions');
  ok(res);
  const aliases: string[] = res.body.extensions.map((e: { alias: string }) => e.alias);
  const unprobed = aliases.filter((a) => !(a in PROBES));
  assert.deepEqual(unprobed, [], 'advertised without a probe in PROBES');
  for (const alias of aliases) {
    const probe = PROBES[alias];
    if (!probe) continue;
    try {
      await probe();
    } catch (e) {
      assert.fail(`extension ${alias}: ${(e as Error).message}`);
    }
  }
});

test('every probed alias is advertised and shown by GET /extensions/{alias}', async () => {
  for (const alias of Object.keys(PROBES)) {
    const res = await get(`/extensions/${alias}`);
    assert.equal(res.status, 200, alias);
    assert.equal(res.body.extension.alias, alias);
  }
});
