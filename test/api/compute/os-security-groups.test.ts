/**
 * A server created with a user's own security group gets it on its ports, and
 * GET /servers/{id}/os-security-groups shows it in Nova's format (security_groups.py
 * ServerSecurityGroupController) at every microversion; addSecurityGroup/removeSecurityGroup
 * change the ports' groups as Nova's security_group_api does.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, waitFor, type TestApp } from '../../helpers/app.js';
import { IMAGE } from './server-fixtures.js';
import { S, networkId } from './os-interface-helpers.js';

let t: TestApp;
let admin: string;
let demo: string;
let web: { id: string; project_id: string };
let sshRule: string;
let fromWeb: string;
let vm: string;
before(async () => {
  t = await startTestApp();
  admin = await t.tokenFor('admin');
  demo = await t.tokenFor('demo');
  web = (
    await t.request('POST', '/network/v2.0/security-groups', {
      token: demo,
      body: { security_group: { name: 'web', description: 'web servers' } },
    })
  ).body.security_group;
  const rule = (body: Record<string, unknown>) =>
    t.request('POST', '/network/v2.0/security-group-rules', {
      token: demo,
      body: { security_group_rule: { security_group_id: web.id, direction: 'ingress', ...body } },
    });
  const ssh = await rule({ protocol: 'tcp', port_range_min: 22, port_range_max: 22, remote_ip_prefix: '10.0.0.0/8' });
  assert.equal(ssh.status, 201);
  sshRule = ssh.body.security_group_rule.id;
  const fw = await rule({ protocol: 'udp', remote_group_id: web.id });
  assert.equal(fw.status, 201);
  fromWeb = fw.body.security_group_rule.id;
  const priv = await networkId(t, 'private');
  const r = await t.request('POST', S, {
    token: demo,
    mv: '2.37',
    body: {
      server: {
        name: 'sg-vm',
        imageRef: IMAGE,
        flavorRef: '1',
        networks: [{ uuid: priv }],
        security_groups: [{ name: 'web' }],
      },
    },
  });
  assert.equal(r.status, 202, r.text);
  vm = r.body.server.id;
  await waitFor(async () => {
    const s = await t.request('GET', `${S}/${vm}`, { token: demo });
    if (s.body?.server?.status === 'ERROR') throw new Error(JSON.stringify(s.body.server.fault));
    return s.body?.server?.status === 'ACTIVE' && s.body.server['OS-EXT-STS:task_state'] === null;
  }, 'sg-vm ACTIVE');
});
after(async () => {
  await t.close();
});

test("the server's port carries the requested group, not the default one", async () => {
  const ports = await t.request('GET', `/network/v2.0/ports?device_id=${vm}`, { token: demo });
  assert.equal(ports.body.ports.length, 1);
  assert.deepEqual(ports.body.ports[0].security_groups, [web.id]);
});

test('GET /servers/{id}/os-security-groups: the group with its ingress rules in Nova’s format, at 2.1 and 2.90', async () => {
  for (const mv of ['2.1', '2.90']) {
    const res = await t.request('GET', `${S}/${vm}/os-security-groups`, { token: demo, mv });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.security_groups.length, 1);
    const g = res.body.security_groups[0];
    assert.deepEqual(Object.keys(g).sort(), ['description', 'id', 'name', 'rules', 'tenant_id']);
    assert.deepEqual([g.id, g.name, g.description, g.tenant_id], [web.id, 'web', 'web servers', web.project_id]);
    const byId = new Map(g.rules.map((r: { id: string }) => [r.id, r]));
    assert.equal(g.rules.length, 2, 'egress rules are not shown');
    assert.deepEqual(byId.get(sshRule), {
      id: sshRule,
      parent_group_id: web.id,
      ip_protocol: 'tcp',
      from_port: 22,
      to_port: 22,
      ip_range: { cidr: '10.0.0.0/8' },
      group: {},
    });
    assert.deepEqual(byId.get(fromWeb), {
      id: fromWeb,
      parent_group_id: web.id,
      ip_protocol: 'udp',
      from_port: 1,
      to_port: 65535,
      ip_range: {},
      group: { name: 'web', tenant_id: web.project_id },
    });
  }
  const missing = await t.request('GET', `${S}/00000000-0000-0000-0000-000000000000/os-security-groups`, {
    token: demo,
  });
  assert.equal(missing.status, 404);
  assert.equal((await t.request('GET', `${S}/${vm}/os-security-groups`, { token: admin })).status, 200);
});

test('addSecurityGroup puts the group on the ports, removeSecurityGroup takes it off', async () => {
  const add = await t.request('POST', `${S}/${vm}/action`, {
    token: demo,
    body: { addSecurityGroup: { name: 'default' } },
  });
  assert.equal(add.status, 202, add.text);
  const port = async () =>
    (await t.request('GET', `/network/v2.0/ports?device_id=${vm}`, { token: demo })).body.ports[0].security_groups;
  const def = (await t.request('GET', '/network/v2.0/security-groups?name=default', { token: demo })).body
    .security_groups[0].id;
  assert.deepEqual(await port(), [web.id, def]);
  const names = (await t.request('GET', `${S}/${vm}/os-security-groups`, { token: demo })).body.security_groups.map(
    (g: { name: string }) => g.name,
  );
  assert.deepEqual(names, ['default', 'web'], 'sorted by (tenant_id, name)');
  // a group in use by the port cannot be deleted
  assert.equal((await t.request('DELETE', `/network/v2.0/security-groups/${web.id}`, { token: demo })).status, 409);
  const rm = await t.request('POST', `${S}/${vm}/action`, {
    token: demo,
    body: { removeSecurityGroup: { name: 'web' } },
  });
  assert.equal(rm.status, 202, rm.text);
  assert.deepEqual(await port(), [def]);
  const bindings = await t.rt.store.db
    .selectFrom('port_security_group_bindings')
    .select('security_group_id')
    .where('security_group_id', '=', web.id)
    .execute();
  assert.equal(bindings.length, 0);
});

test('a group requested by id shows by name in the server view and binds the port to it', async () => {
  const priv = await networkId(t, 'private');
  const r = await t.request('POST', S, {
    token: demo,
    mv: '2.37',
    body: {
      server: {
        name: 'sg-by-id',
        imageRef: IMAGE,
        flavorRef: '1',
        networks: [{ uuid: priv }],
        security_groups: [{ name: web.id }],
      },
    },
  });
  assert.equal(r.status, 202, r.text);
  const id = r.body.server.id as string;
  await waitFor(async () => {
    const s = await t.request('GET', `${S}/${id}`, { token: demo });
    return s.body?.server?.status === 'ACTIVE';
  }, 'sg-by-id ACTIVE');
  const shown = await t.request('GET', `${S}/${id}`, { token: demo });
  assert.deepEqual(shown.body.server.security_groups, [{ name: 'web' }]);
  const ports = await t.request('GET', `/network/v2.0/ports?device_id=${id}`, { token: demo });
  assert.deepEqual(ports.body.ports[0].security_groups, [web.id]);
  assert.equal((await t.request('DELETE', `${S}/${id}`, { token: demo })).status, 204);
});
