import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { sampleKeys } from '../../helpers/nova-samples.js';
import { startTestApp, waitFor, type TestApp } from '../../helpers/app.js';
import { exactly } from '../../helpers/elements.js';
import { I, S, bootServer, createPort, networkId } from './os-interface-helpers.js';

let t: TestApp;
let admin: string;
let demo: string;
let priv: string;
let vm: string;
type Vif = { id: string; mac_address: string; network_id: string; port_id: string };
let vifs: [Vif, Vif, Vif];
before(async () => {
  t = await startTestApp();
  admin = await t.tokenFor('admin');
  demo = await t.tokenFor('demo');
  priv = await networkId(t, 'private');
  vm = await bootServer(t, demo, [{ uuid: priv }], 'vif-vm');
  for (let i = 0; i < 2; i++) {
    const p = await createPort(t, demo, priv);
    assert.equal(
      (await t.request('POST', I(vm), { token: demo, body: { interfaceAttachment: { port_id: p.id } } })).status,
      200,
    );
  }
  // the one it was built with and the two attached
  vifs = exactly(
    await t.rt.store.db
      .selectFrom('virtual_interfaces')
      .selectAll()
      .where('instance_uuid', '=', vm)
      .orderBy('created_at')
      .orderBy('id')
      .execute(),
    3,
    'virtual interfaces',
  );
});
after(async () => {
  await t.close();
});

const V = (id: string) => `${S}/${id}/os-virtual-interfaces`;

test("2.1 lists each interface's id and MAC (the sample's shape), in attach order", async () => {
  const r = await t.request('GET', V(vm), { token: demo });
  assert.equal(r.status, 200);
  assert.deepEqual(
    Object.keys(r.body.virtual_interfaces[0]).sort(),
    sampleKeys('os-virtual-interfaces', 'vifs-list-resp.json'),
  );
  assert.deepEqual(
    r.body.virtual_interfaces,
    vifs.map((v) => ({ id: v.id, mac_address: v.mac_address })),
  );
  // the MACs are the ports'
  const port = await t.request('GET', `/network/v2.0/ports/${vifs[1].port_id}`, { token: demo });
  assert.equal(port.body.port.mac_address, r.body.virtual_interfaces[1].mac_address);
});

test('2.12 adds net_id; 2.43 is the last version served; 2.44+ → 404 itemNotFound', async () => {
  for (const mv of ['2.12', '2.43']) {
    const r = await t.request('GET', V(vm), { token: demo, mv });
    assert.equal(r.status, 200);
    assert.deepEqual(
      Object.keys(r.body.virtual_interfaces[0]).sort(),
      sampleKeys('os-virtual-interfaces', 'v2.12/vifs-list-resp.json'),
    );
    assert.deepEqual(
      r.body.virtual_interfaces.map((v: { net_id: string }) => v.net_id),
      [priv, priv, priv],
    );
  }
  assert.equal(
    (await t.request('GET', V(vm), { token: demo, mv: '2.11' })).body.virtual_interfaces[0].net_id,
    undefined,
  );
  for (const mv of ['2.44', 'latest']) {
    const r = await t.request('GET', V(vm), { token: demo, mv });
    assert.equal(r.status, 404);
    assert.deepEqual(r.body, { itemNotFound: { code: 404, message: 'The resource could not be found.' } });
  }
});

test('limit and offset page the list; non-integers and negatives → 400', async () => {
  const page = async (q: string) =>
    (await t.request('GET', `${V(vm)}?${q}`, { token: demo })).body.virtual_interfaces.map((v: { id: string }) => v.id);
  assert.deepEqual(await page('limit=1'), [vifs[0].id]);
  assert.deepEqual(await page('limit=2&offset=1'), [vifs[1].id, vifs[2].id]);
  assert.deepEqual(await page('offset=2'), [vifs[2].id]);
  assert.deepEqual(await page('offset=9'), []);
  assert.deepEqual(
    await page('limit=0'),
    vifs.map((v) => v.id),
    'limit 0 means max_limit',
  );
  for (const [q, msg] of [
    ['limit=x', 'limit param must be an integer'],
    ['limit=-1', 'limit param must be positive'],
    ['offset=1.5', 'offset param must be an integer'],
    ['offset=-2', 'offset param must be positive'],
  ]) {
    const r = await t.request('GET', `${V(vm)}?${q}`, { token: demo });
    assert.equal(r.status, 400, q);
    assert.equal(r.body.badRequest.message, msg);
  }
});

test("unknown servers and other projects' servers → 404; admins see any server; detach removes the interface", async () => {
  const ghost = randomUUID();
  const r = await t.request('GET', V(ghost), { token: demo });
  assert.equal(r.status, 404);
  assert.equal(r.body.itemNotFound.message, `Instance ${ghost} could not be found.`);
  const theirs = await bootServer(t, admin, 'none', 'admins');
  assert.equal((await t.request('GET', V(theirs), { token: demo })).status, 404);
  assert.deepEqual((await t.request('GET', V(theirs), { token: admin })).body, { virtual_interfaces: [] });
  assert.equal((await t.request('GET', V(vm), { token: admin })).body.virtual_interfaces.length, 3);

  assert.equal((await t.request('DELETE', I(vm, vifs[2].port_id), { token: demo })).status, 202);
  const ids = await waitFor(async () => {
    const l = (await t.request('GET', V(vm), { token: demo })).body.virtual_interfaces.map((v: { id: string }) => v.id);
    return l.length === 2 ? l : null;
  }, 'interface removed');
  assert.deepEqual(ids, [vifs[0].id, vifs[1].id]);
});

test("the extensions listing now shows AttachInterfaces and the seed's VirtualInterfaces entry", async () => {
  const r = await t.request('GET', '/compute/v2.1/extensions', { token: demo });
  assert.equal(r.status, 200);
  const names = r.body.extensions.map((e: { name: string }) => e.name);
  assert.ok(names.includes('AttachInterfaces'), names.join(','));
  assert.ok(names.includes('VirtualInterfaces'), names.join(','));
  const a = await t.request('GET', '/compute/v2.1/extensions/os-attach-interfaces', { token: demo });
  assert.equal(a.body.extension.description, 'Attach interface support.');
  const v = await t.request('GET', '/compute/v2.1/extensions/virtual_interfaces', { token: demo });
  assert.equal(v.status, 200);
  assert.equal(v.body.extension.namespace, 'http://docs.openstack.org/ext/virtual_interfaces/api/v1.1');
});
