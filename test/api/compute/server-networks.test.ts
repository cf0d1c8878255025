import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, waitFor, type TestApp } from '../../helpers/app.js';
import { first } from '../../helpers/elements.js';
import { ComputeAgent } from '../../../src/agent/agent.js';
import { FakeDriver } from '../../../src/virt/fake/fake-driver.js';
import { settle } from '../../../src/agent/recovery.js';
import { allocateInterface } from '../../../src/services/network/port-binding.js';
import { startAction } from '../../../src/store/repositories/instance-action-repository.js';
import { enqueueOperation } from '../../../src/operations/enqueue.js';
import { I, S, actionLog, bootServer, createPort, getPort, networkId } from './os-interface-helpers.js';

let t: TestApp;
let agent: ComputeAgent;
let driver: FakeDriver;
let admin: string;
let demo: string;
let priv: string;
before(async () => {
  t = await startTestApp({}, { agent: false });
  driver = new FakeDriver(t.rt);
  agent = new ComputeAgent(t.rt, { driver });
  await agent.start();
  admin = await t.tokenFor('admin');
  demo = await t.tokenFor('demo');
  priv = await networkId(t, 'private');
});
after(async () => {
  await agent.stop();
  await t.close();
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const ips = (port: Record<string, any>): string[] =>
  (port.fixed_ips as Array<{ ip_address: string }>).map((f) => f.ip_address).sort();

test("create with networks [{port}] and [{uuid, fixed_ip}]: ports bound to the server and host, addresses shown; delete deletes the created port and unbinds the user's", async () => {
  const userPort = await createPort(t, demo, priv, { name: 'mine' });
  const withPort = await bootServer(t, demo, [{ port: userPort.id }], 'with-port');
  const sub = await t.rt.store.db
    .selectFrom('subnets')
    .select('cidr')
    .where('network_id', '=', priv)
    .where('ip_version', '=', 4)
    .executeTakeFirstOrThrow();
  const ip = sub.cidr.replace(/\.\d+\/\d+$/, '.99');
  const withIp = await bootServer(t, demo, [{ uuid: priv, fixed_ip: ip }], 'with-ip');

  const server = async (id: string) => (await t.request('GET', `${S}/${id}`, { token: admin })).body.server;
  const a = await server(withPort);
  const bound = (await getPort(t, admin, userPort.id)).body.port;
  assert.deepEqual(
    [bound.device_id, bound.device_owner, bound.status, bound['binding:host_id']],
    [withPort, 'compute:nova', 'ACTIVE', a['OS-EXT-SRV-ATTR:host']],
  );
  assert.deepEqual(a.addresses.private.map((x: { addr: string }) => x.addr).sort(), ips(userPort));
  assert.equal(a.addresses.private[0]['OS-EXT-IPS:type'], 'fixed');
  assert.equal(a.addresses.private[0]['OS-EXT-IPS-MAC:mac_addr'], userPort.mac_address);

  const b = await server(withIp);
  assert.deepEqual(
    b.addresses.private.map((x: { addr: string }) => x.addr),
    [ip],
  );
  const list = await t.request('GET', I(withIp), { token: demo });
  assert.equal(list.body.interfaceAttachments.length, 1);
  const created = list.body.interfaceAttachments[0].port_id as string;
  const cp = (await getPort(t, admin, created)).body.port;
  assert.deepEqual(
    [cp.device_id, cp.device_owner, cp['binding:host_id']],
    [withIp, 'compute:nova', b['OS-EXT-SRV-ATTR:host']],
  );

  for (const id of [withPort, withIp])
    assert.equal((await t.request('DELETE', `${S}/${id}`, { token: demo })).status, 204);
  for (const id of [withPort, withIp])
    await waitFor(async () => (await t.request('GET', `${S}/${id}`, { token: demo })).status === 404, `${id} gone`);
  assert.equal((await getPort(t, demo, created)).status, 404);
  const kept = (await getPort(t, admin, userPort.id)).body.port;
  assert.deepEqual([kept.device_id, kept.device_owner, kept.status, kept['binding:host_id']], ['', '', 'DOWN', '']);
  assert.deepEqual(ips(kept), ips(userPort));
});

test('a failed hot-plug answers 500 computeFault and gives the port back (created port deleted, user port unbound)', async () => {
  const vm = await bootServer(t, demo, 'none', 'plug-fails');
  const before = await t.rt.store.db.selectFrom('ports').select('id').where('network_id', '=', priv).execute();
  driver.failNext('plugVif', vm, 'libvirt: device attach failed');
  const r = await t.request('POST', I(vm), { token: demo, body: { interfaceAttachment: { net_id: priv } } });
  assert.equal(r.status, 500);
  assert.deepEqual(r.body, {
    computeFault: { code: 500, message: `Failed to attach network adapter device to ${vm}` },
  });
  const afterPorts = await t.rt.store.db.selectFrom('ports').select('id').where('network_id', '=', priv).execute();
  assert.equal(afterPorts.length, before.length, 'the port created for the attach is deleted');

  const p = await createPort(t, demo, priv);
  driver.failNext('plugVif', vm, 'libvirt: device attach failed');
  const r2 = await t.request('POST', I(vm), { token: demo, body: { interfaceAttachment: { port_id: p.id } } });
  assert.equal(r2.status, 500);
  const port = (await getPort(t, admin, p.id)).body.port;
  assert.deepEqual([port.device_id, port.status, port['binding:host_id']], ['', 'DOWN', '']);
  assert.deepEqual((await t.request('GET', I(vm), { token: demo })).body.interfaceAttachments, []);
  assert.equal(
    (await t.rt.store.db.selectFrom('virtual_interfaces').select('id').where('instance_uuid', '=', vm).execute())
      .length,
    0,
  );

  const log = await actionLog(t, demo, vm);
  const attaches = log.filter((a) => a.action === 'attach_interface');
  assert.equal(attaches.length, 2);
  for (const a of attaches) {
    assert.deepEqual(
      a.events.map((e) => [e.event, e.result]),
      [['compute_attach_interface', 'Error']],
    );
    assert.match(first(a.events).traceback ?? '', /libvirt: device attach failed/);
  }
  // the port is usable again
  const ok = await t.request('POST', I(vm), { token: demo, body: { interfaceAttachment: { port_id: p.id } } });
  assert.equal(ok.status, 200, ok.text);
});

test('a refused attach (unknown port) is an Error event on the attach_interface action', async () => {
  const vm = await bootServer(t, demo, 'none', 'refused');
  const r = await t.request('POST', I(vm), {
    token: demo,
    body: { interfaceAttachment: { port_id: '9d8c1f4e-0000-4000-8000-000000000001' } },
  });
  assert.equal(r.status, 404);
  const latest = first(await actionLog(t, demo, vm), 'action log');
  assert.equal(latest.action, 'attach_interface');
  assert.deepEqual(
    latest.events.map((e) => [e.event, e.result]),
    [['compute_attach_interface', 'Error']],
  );
});

test('a failed unplug keeps the interface attached and records the Error event', async () => {
  const vm = await bootServer(t, demo, [{ uuid: priv }], 'unplug-fails');
  const [att] = (await t.request('GET', I(vm), { token: demo })).body.interfaceAttachments;
  driver.failNext('unplugVif', vm, 'guest did not release the device');
  assert.equal((await t.request('DELETE', I(vm, att.port_id), { token: demo })).status, 202);
  const det = await waitFor(async () => {
    const a = (await actionLog(t, demo, vm)).find((x) => x.action === 'detach_interface');
    return a?.events[0]?.result ? a : null;
  }, 'detach event');
  const detached = first(det.events);
  assert.equal(detached.result, 'Error');
  assert.match(detached.traceback ?? '', /Failed to detach network adapter device from/);
  assert.equal((await t.request('GET', I(vm), { token: demo })).body.interfaceAttachments.length, 1);
  assert.equal((await getPort(t, demo, att.port_id)).body.port.device_id, vm);
});

test('create validates requested networks up front: unknown port/network → 400, port in use → 409, bad formats and multi-create rules → 400', async () => {
  const create = (networks: unknown, extra: Record<string, unknown> = {}, token = demo) =>
    t.request('POST', S, {
      token,
      mv: '2.37',
      body: {
        server: { name: 'v', imageRef: '6a1a3f1e-9a43-4c3f-9b7a-2b1f0f6e8c01', flavorRef: '1', networks, ...extra },
      },
    });
  const count = async () => (await t.rt.store.db.selectFrom('instances').select('uuid').execute()).length;
  const before = await count();
  const ghostPort = '3e0f6c4a-1b2c-4d5e-8f90-a1b2c3d4e5f6';
  const ghostNet = '7c1d2e3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f';
  const bad = async (
    networks: unknown,
    status: number,
    message: string,
    extra: Record<string, unknown> = {},
    token = demo,
  ) => {
    const r = await create(networks, extra, token);
    assert.equal(r.status, status, `${JSON.stringify(networks)}: ${r.text}`);
    assert.equal(first(Object.values(r.body as Record<string, { message: string }>), 'error body').message, message);
  };
  await bad([{ port: ghostPort }], 400, `Port id ${ghostPort} could not be found.`);
  await bad([{ uuid: ghostNet }], 400, `Network ${ghostNet} could not be found.`);
  // from 2.37 the schema checks the uuid's format (the controller's "Bad networks format" text answers before 2.37)
  await bad(
    [{ uuid: 'not-a-uuid' }],
    400,
    "Invalid input for field/attribute networks. Value: [{'uuid': 'not-a-uuid'}]. [{'uuid': 'not-a-uuid'}] is not valid under any of the given schemas",
  );
  await bad([{ fixed_ip: '10.0.0.5' }], 400, "Bad network format: missing 'uuid'");
  const p = await createPort(t, demo, priv);
  await bad(
    [{ port: p.id, fixed_ip: '10.0.0.5' }],
    400,
    `Specified Fixed IP '10.0.0.5' cannot be used with port '${p.id}': the two cannot be specified together.`,
  );
  await bad(
    [{ port: p.id }],
    400,
    'Failed to launch instances: Unable to launch multiple instances with a single configured port ID. Please launch your instance one by one with different ports.',
    { max_count: 2 },
  );
  await bad(
    [{ uuid: priv, fixed_ip: '10.0.0.5' }],
    400,
    'Failed to launch instances: max_count cannot be greater than 1 if an fixed_ip is specified.',
    { max_count: 2 },
  );
  const pub = await networkId(t, 'public');
  await bad([{ uuid: pub }], 403, `It is not allowed to create an interface on external network ${pub}`);

  const holder = await bootServer(t, demo, [{ port: p.id }], 'holder');
  await bad([{ port: p.id }], 409, `Port ${p.id} is still in use.`);
  const used = p.fixed_ips.find((f: { ip_address: string }) => !f.ip_address.includes(':')).ip_address as string;
  await bad([{ uuid: priv, fixed_ip: used }], 400, `Fixed IP address ${used} is already in use on instance ${holder}.`);
  // another project's port is invisible to the member
  const adminPort = await createPort(t, admin, priv);
  await bad([{ port: adminPort.id }], 400, `Port id ${adminPort.id} could not be found.`);
  assert.equal(await count(), before + 1, 'only the valid server was created');

  // several usable networks and 'auto' → 409 ambiguous
  const own = await t.request('POST', '/network/v2.0/networks', {
    token: demo,
    body: { network: { name: 'own-net' } },
  });
  assert.equal(own.status, 201, own.text);
  await bad('auto', 409, 'Multiple possible networks found, use a Network ID to be more specific.');
  // a network without a subnet cannot boot instances
  await bad(
    [{ uuid: own.body.network.id }],
    400,
    `Network ${own.body.network.id} requires a subnet in order to boot instances on.`,
  );
  assert.equal(
    (await t.request('DELETE', `/network/v2.0/networks/${own.body.network.id}`, { token: demo })).status,
    204,
  );
});

test("'auto' counts a network shared with the project by an RBAC policy, as Nova's shared=True query does", async () => {
  const create = () =>
    t.request('POST', S, {
      token: demo,
      mv: '2.37',
      body: {
        server: {
          name: 'rbac-auto',
          imageRef: '6a1a3f1e-9a43-4c3f-9b7a-2b1f0f6e8c01',
          flavorRef: '1',
          networks: 'auto',
        },
      },
    });
  const demoProject = (
    await t.rt.store.db.selectFrom('projects').select('id').where('name', '=', 'demo').executeTakeFirstOrThrow()
  ).id;
  const net = (await t.request('POST', '/network/v2.0/networks', { token: admin, body: { network: { name: 'lent' } } }))
    .body.network;
  const sub = await t.request('POST', '/network/v2.0/subnets', {
    token: admin,
    body: { subnet: { network_id: net.id, cidr: '192.168.78.0/24', ip_version: 4 } },
  });
  assert.equal(sub.status, 201, sub.text);
  // not yet shared with demo: 'private' is its only choice
  const alone = await create();
  assert.equal(alone.status, 202, alone.text);

  const policy = await t.request('POST', '/network/v2.0/rbac-policies', {
    token: admin,
    body: {
      rbac_policy: {
        object_type: 'network',
        object_id: net.id,
        action: 'access_as_shared',
        target_tenant: demoProject,
      },
    },
  });
  assert.equal(policy.status, 201, policy.text);
  const ambiguous = await create();
  assert.equal(ambiguous.status, 409, ambiguous.text);
  assert.equal(
    ambiguous.body.conflictingRequest.message,
    'Multiple possible networks found, use a Network ID to be more specific.',
  );

  // the later tests expect demo's choices as they were
  const removed = await t.request('DELETE', `/network/v2.0/rbac-policies/${policy.body.rbac_policy.id}`, {
    token: admin,
  });
  assert.equal(removed.status, 204, removed.text);
  assert.equal((await t.request('DELETE', `/network/v2.0/networks/${net.id}`, { token: admin })).status, 204);
});

test('attach without a network: several usable networks → 400 ambiguous, none → 400 (attach and create with auto, pre-2.37 create boots without a NIC); a full subnet or a foreign IP → 400', async () => {
  const vm = await bootServer(t, demo, 'none', 'picky');
  const demoProject = (
    await t.rt.store.db.selectFrom('projects').select('id').where('name', '=', 'demo').executeTakeFirstOrThrow()
  ).id;
  const net = (await t.request('POST', '/network/v2.0/networks', { token: demo, body: { network: { name: 'tiny' } } }))
    .body.network;
  const sub = await t.request('POST', '/network/v2.0/subnets', {
    token: demo,
    body: { subnet: { network_id: net.id, cidr: '192.168.77.0/30', ip_version: 4 } },
  });
  assert.equal(sub.status, 201, sub.text);

  const amb = await t.request('POST', I(vm), { token: demo, body: {} });
  assert.equal(amb.status, 400);
  assert.equal(amb.body.badRequest.message, 'Multiple possible networks found, use a Network ID to be more specific.');

  // /30: one address in the pool after the gateway
  const first = await t.request('POST', I(vm), { token: demo, body: { interfaceAttachment: { net_id: net.id } } });
  assert.equal(first.status, 200, first.text);
  const full = await t.request('POST', I(vm), { token: demo, body: { interfaceAttachment: { net_id: net.id } } });
  assert.equal(full.status, 400);
  assert.equal(full.body.badRequest.message, `No fixed IP addresses available for network: ${net.id}`);
  const foreign = await t.request('POST', I(vm), {
    token: demo,
    body: { interfaceAttachment: { net_id: net.id, fixed_ips: [{ ip_address: '172.31.0.9' }] } },
  });
  assert.equal(foreign.status, 400);
  assert.equal(
    foreign.body.badRequest.message,
    `Invalid input received: Fixed IP 172.31.0.9 is not a valid ip address for network ${net.id}.`,
  );
  assert.equal((await t.request('DELETE', I(vm, first.body.interfaceAttachment.port_id), { token: demo })).status, 202);
  await waitFor(
    async () => (await getPort(t, demo, first.body.interfaceAttachment.port_id)).status === 404,
    'released',
  );
  assert.equal((await t.request('DELETE', `/network/v2.0/networks/${net.id}`, { token: demo })).status, 204);

  // nothing usable: the shared network no longer shared
  await t.rt.store.db.updateTable('networks').set({ shared: 0 }).where('id', '=', priv).execute();
  try {
    const none = await t.request('POST', I(vm), { token: demo, body: { interfaceAttachment: {} } });
    assert.equal(none.status, 400);
    assert.equal(
      none.body.badRequest.message,
      `No specific network was requested and none are available for project '${demoProject}'.`,
    );
    const hidden = await t.request('POST', I(vm), { token: demo, body: { interfaceAttachment: { net_id: priv } } });
    assert.equal(hidden.status, 404, "another project's unshared network is not visible");
    // server create with networks 'auto' and nothing to attach to: no auto-allocated topology → 400, nothing written
    const count = async () => (await t.rt.store.db.selectFrom('instances').select('uuid').execute()).length;
    const before = await count();
    const auto = await t.request('POST', S, {
      token: demo,
      mv: '2.37',
      body: {
        server: { name: 'auto', imageRef: '6a1a3f1e-9a43-4c3f-9b7a-2b1f0f6e8c01', flavorRef: '1', networks: 'auto' },
      },
    });
    assert.equal(auto.status, 400, auto.text);
    assert.equal(auto.body.badRequest.message, `Unable to automatically allocate a network for project ${demoProject}`);
    assert.equal(await count(), before);
    // before 2.37 a server asked for without networks boots without an interface (Nova's requested_networks None)
    const bare = await t.request('POST', S, {
      token: demo,
      body: { server: { name: 'bare', imageRef: '6a1a3f1e-9a43-4c3f-9b7a-2b1f0f6e8c01', flavorRef: '1' } },
    });
    assert.equal(bare.status, 202, bare.text);
    const shown = await waitFor(async () => {
      const r = (await t.request('GET', `${S}/${bare.body.server.id}`, { token: demo })).body.server;
      return r.status === 'ACTIVE' || r.status === 'ERROR' ? r : null;
    }, 'bare server settles');
    assert.equal(shown.status, 'ACTIVE');
    assert.deepEqual(shown.addresses, {});
  } finally {
    await t.rt.store.db.updateTable('networks').set({ shared: 1 }).where('id', '=', priv).execute();
  }
});

test('an attach that exhausted its attempts is settled: the port it allocated is given back, the action shows the Error', async () => {
  const vm = await bootServer(t, demo, 'none', 'crashy');
  const inst = await t.rt.store.db.selectFrom('instances').selectAll().where('uuid', '=', vm).executeTakeFirstOrThrow();
  const p = await createPort(t, demo, priv);
  const action = await startAction(
    t.rt.store.db,
    {
      instanceUuid: vm,
      requestId: 'req-crashy',
      action: 'attach_interface',
      projectId: inst.project_id,
      userId: inst.user_id,
    },
    t.rt.clock().toISOString(),
  );
  // an operation no agent runs (host nobody owns), left half done: the port bound and recorded
  const opId = await t.rt.store.transaction((trx) =>
    enqueueOperation(
      trx,
      {
        kind: 'attach_interface',
        instanceUuid: vm,
        host: 'nobody',
        requestId: 'req-crashy',
        payload: { actionId: action.id, portId: p.id, callerProjectId: inst.project_id, callerIsAdmin: false },
      },
      t.rt.clock().toISOString(),
    ),
  );
  await allocateInterface(t.rt, {
    instance: inst,
    host: inst.host ?? '',
    vifId: opId,
    req: { portId: p.id, callerProjectId: inst.project_id, callerIsAdmin: false },
  });
  assert.equal((await getPort(t, demo, p.id)).body.port.device_id, vm);
  const op = await t.rt.store.db
    .updateTable('operations')
    .set({ status: 'failed', error: 'agent died 3 times' })
    .where('id', '=', opId)
    .returningAll()
    .executeTakeFirstOrThrow();
  await settle({ rt: t.rt, driver, hosts: agent.hosts, agentId: agent.agentId }, op);
  assert.equal((await getPort(t, demo, p.id)).body.port.device_id, '');
  assert.equal(
    (await t.rt.store.db.selectFrom('virtual_interfaces').select('id').where('id', '=', opId).execute()).length,
    0,
  );
  const after = await t.rt.store.db
    .selectFrom('instances')
    .select(['vm_state', 'task_state'])
    .where('uuid', '=', vm)
    .executeTakeFirstOrThrow();
  assert.deepEqual(after, { vm_state: 'active', task_state: null });
  const a = (await actionLog(t, demo, vm)).find((x) => x.action === 'attach_interface');
  assert.deepEqual(
    a?.events.map((e) => [e.event, e.result]),
    [['compute_attach_interface', 'Error']],
  );
});

test('with no agent for the host the attach times out (500) and its operation is withdrawn, so nothing attaches later', async () => {
  const lone = await startTestApp({ compute: { rpcResponseTimeout: 0.3, vifPluggingTimeout: 0 } }, { agent: false });
  try {
    const token = await lone.tokenFor('demo');
    const project = (
      await lone.rt.store.db.selectFrom('projects').select('id').where('name', '=', 'demo').executeTakeFirstOrThrow()
    ).id;
    const { insertServer } = await import('./server-fixtures.js');
    const row = await insertServer(lone, project, { host: 'orphan-host', node: 'orphan-host' });
    const r = await lone.request('POST', I(row.uuid), { token, body: {} });
    assert.equal(r.status, 500);
    assert.equal(r.body.computeFault.message, `Failed to attach network adapter device to ${row.uuid}`);
    const op = await lone.rt.store.db
      .selectFrom('operations')
      .selectAll()
      .where('instance_uuid', '=', row.uuid)
      .where('kind', '=', 'attach_interface')
      .executeTakeFirstOrThrow();
    assert.equal(op.status, 'failed');
  } finally {
    await lone.close();
  }
});
