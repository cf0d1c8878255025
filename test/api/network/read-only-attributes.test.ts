/**
 * A PUT naming an attribute the resource has but no update may change is Neutron's 400
 * HTTPBadRequest "Cannot update read-only attribute <name>" (prepare_request_body); one the
 * resource does not have at all is still "Unrecognized attribute(s)", checked first. Nothing is
 * written either way.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../helpers/app.js';

let t: TestApp;
let demo: string;
const N = '/network/v2.0';
before(async () => {
  t = await startTestApp({}, { agent: false });
  demo = await t.tokenFor('demo');
});
after(async () => {
  await t.close();
});

async function created(path: string, resource: string, body: Record<string, unknown>): Promise<string> {
  const r = await t.request('POST', `${N}/${path}`, { token: demo, body: { [resource]: body } });
  assert.equal(r.status, 201, r.text);
  return (r.body as Record<string, { id: string }>)[resource]!.id;
}

async function refused(path: string, resource: string, body: Record<string, unknown>, message: string): Promise<void> {
  const r = await t.request('PUT', `${N}/${path}`, { token: demo, body: { [resource]: body } });
  assert.equal(r.status, 400, `${path} ${JSON.stringify(body)}: ${r.text}`);
  assert.deepEqual(r.body, { NeutronError: { type: 'HTTPBadRequest', message, detail: '' } });
}

test('read-only attributes of networks, subnets, ports, routers, floating IPs and security groups', async () => {
  const net = await created('networks', 'network', { name: 'ro-net' });
  const before = await t.rt.store.db.selectFrom('networks').selectAll().where('id', '=', net).executeTakeFirstOrThrow();
  await refused(`networks/${net}`, 'network', { status: 'DOWN' }, 'Cannot update read-only attribute status');
  await refused(`networks/${net}`, 'network', { id: net }, 'Cannot update read-only attribute id');
  await refused(
    `networks/${net}`,
    'network',
    { availability_zone_hints: ['nova'] },
    'Cannot update read-only attribute availability_zone_hints',
  );
  // an attribute no network has is still unrecognized, and is checked before the read-only ones
  await refused(`networks/${net}`, 'network', { status: 'DOWN', bogus: 1 }, "Unrecognized attribute(s) 'bogus'");
  const after = await t.rt.store.db.selectFrom('networks').selectAll().where('id', '=', net).executeTakeFirstOrThrow();
  assert.deepEqual(after, before, 'nothing written');

  const subnet = await created('subnets', 'subnet', { network_id: net, cidr: '10.66.0.0/24', ip_version: 4 });
  await refused(`subnets/${subnet}`, 'subnet', { cidr: '10.67.0.0/24' }, 'Cannot update read-only attribute cidr');
  await refused(`subnets/${subnet}`, 'subnet', { ip_version: 6 }, 'Cannot update read-only attribute ip_version');

  const port = await created('ports', 'port', { network_id: net });
  await refused(`ports/${port}`, 'port', { network_id: net }, 'Cannot update read-only attribute network_id');
  await refused(
    `ports/${port}`,
    'port',
    { 'binding:vif_type': 'ovs' },
    'Cannot update read-only attribute binding:vif_type',
  );

  const router = await created('routers', 'router', { name: 'ro-router' });
  await refused(`routers/${router}`, 'router', { status: 'DOWN' }, 'Cannot update read-only attribute status');

  const sg = await created('security-groups', 'security_group', { name: 'ro-sg' });
  await refused(
    `security-groups/${sg}`,
    'security_group',
    { security_group_rules: [] },
    'Cannot update read-only attribute security_group_rules',
  );
  await refused(
    `security-groups/${sg}`,
    'security_group',
    { tenant_id: 'x' },
    'Cannot update read-only attribute tenant_id',
  );

  const pub = (await t.request('GET', `${N}/networks?name=public`, { token: demo })).body.networks[0].id as string;
  const fip = await created('floatingips', 'floatingip', { floating_network_id: pub });
  await refused(
    `floatingips/${fip}`,
    'floatingip',
    { floating_ip_address: '172.24.4.99' },
    'Cannot update read-only attribute floating_ip_address',
  );
  await refused(`floatingips/${fip}`, 'floatingip', { dns_name: 'web' }, 'Cannot update read-only attribute dns_name');
});
