import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, waitFor, type TestApp } from '../../helpers/app.js';
import { S, bootServer, settledAction } from '../compute/os-interface-helpers.js';

let t: TestApp;
let demo: string;
let alt: string;
let vm: string;
const V = '/volume/v3';
const mv = (v: string) => ({ 'openstack-api-version': `volume ${v}` });

before(async () => {
  t = await startTestApp({
    blockStorage: { quotas: { volumes: 40, gigabytes: 20 }, poolCapacityGb: 400 },
    seedUsers: [{ name: 'alt', password: 'secret', project: 'alt', roles: ['member', 'reader'] }],
  });
  demo = await t.tokenFor('demo');
  alt = await t.tokenFor('alt');
  vm = await bootServer(t, demo, 'none', 'extend-vm');
});
after(async () => {
  await t.close();
});

async function volumeIn(id: string, status: string, size?: number) {
  return waitFor(async () => {
    const s = await t.request('GET', `${V}/volumes/${id}`, { token: demo });
    const v = s.body?.volume;
    return v?.status === status && (size === undefined || v.size === size) ? v : null;
  }, `volume ${id} ${status}`);
}

async function attachedVolume(server: string): Promise<string> {
  const r = await t.request('POST', `${V}/volumes`, { token: demo, body: { volume: { size: 1 } } });
  assert.equal(r.status, 202, r.text);
  const id = r.body.volume.id as string;
  await volumeIn(id, 'available');
  const a = await t.request('POST', `${S}/${server}/os-volume_attachments`, {
    token: demo,
    body: { volumeAttachment: { volumeId: id } },
  });
  assert.equal(a.status, 200, a.text);
  await volumeIn(id, 'in-use');
  return id;
}

const extend = (id: string, size: number, version: string, token = demo) =>
  t.request('POST', `${V}/volumes/${id}/action`, {
    token,
    headers: mv(version),
    body: { 'os-extend': { new_size: size } },
  });

test('extend in-use: 400 before 3.42; from 3.42 it grows, stays in-use, and Nova records volume-extended', async () => {
  const id = await attachedVolume(vm);
  const old = await extend(id, 2, '3.41');
  assert.equal(old.status, 400);
  assert.deepEqual(old.body, {
    badRequest: {
      code: 400,
      message: `Invalid volume: Volume ${id} status must be '{'status': 'available'}' to extend, currently in-use.`,
    },
  });

  // another project does not see the volume
  assert.equal((await extend(id, 2, '3.42', alt)).status, 404);
  // the quota still counts (20 GiB, 2 volumes of 1 already there at most)
  const over = await extend(id, 30, '3.42');
  assert.equal(over.status, 413, over.text);
  assert.equal((await volumeIn(id, 'in-use', 1)).size, 1);

  const r = await extend(id, 3, '3.42');
  assert.equal(r.status, 202, r.text);
  const v = await volumeIn(id, 'in-use', 3);
  assert.equal(v.attachments[0].server_id, vm);

  // Cinder → Nova (after the extend commits): one volume-extended event tagged with the volume,
  // taken by the server's host
  const ev = await waitFor(
    () =>
      t.rt.store.db
        .selectFrom('server_events')
        .selectAll()
        .where('instance_uuid', '=', vm)
        .where('name', '=', 'volume-extended')
        .executeTakeFirst(),
    'volume-extended event',
  );
  assert.equal(ev.tag, id);
  assert.equal(ev.code, 200);
  assert.equal(ev.source, 'volume');
  const action = await settledAction(t, vm, 'extend_volume');
  assert.deepEqual(
    action.events.map((e) => [e.event, e.result]),
    [['compute_extend_volume', 'Success']],
  );
  // the server's mapping knows the new size
  const bdm = await waitFor(
    () =>
      t.rt.store.db
        .selectFrom('block_device_mappings')
        .selectAll()
        .where('volume_id', '=', id)
        .where('volume_size', '=', 3)
        .executeTakeFirst(),
    'bdm volume_size 3',
  );
  assert.equal(bdm.instance_uuid, vm);

  // an in-use volume at 3.42 is still not shrinkable
  const smaller = await extend(id, 2, '3.42');
  assert.equal(smaller.status, 400);
  assert.match(smaller.body.badRequest.message, /New size for extend must be greater than current size/);
});

test('extend at 3.42 of an available volume is the plain extend; no event is sent', async () => {
  const r = await t.request('POST', `${V}/volumes`, { token: demo, body: { volume: { size: 1 } } });
  const id = r.body.volume.id as string;
  await volumeIn(id, 'available');
  assert.equal((await extend(id, 2, '3.42')).status, 202);
  await volumeIn(id, 'available', 2);
  const events = await t.rt.store.db.selectFrom('server_events').selectAll().where('tag', '=', id).execute();
  assert.deepEqual(events, []);
});

test("Nova's gate: a server without a host answers 422 and the volume stays extended (Cinder only logs)", async () => {
  const vm2 = await bootServer(t, demo, 'none', 'offloaded-vm');
  const id = await attachedVolume(vm2);
  // as after a shelve offload: the server keeps its volumes but has no host
  await t.rt.store.db.updateTable('instances').set({ host: null }).where('uuid', '=', vm2).execute();
  assert.equal((await extend(id, 2, '3.42')).status, 202);
  await volumeIn(id, 'in-use', 2);
  const ev = await waitFor(
    () =>
      t.rt.store.db
        .selectFrom('server_events')
        .selectAll()
        .where('instance_uuid', '=', vm2)
        .where('name', '=', 'volume-extended')
        .executeTakeFirst(),
    'event row',
  );
  assert.equal(ev.code, 422);
  const actions = await t.request('GET', `${S}/${vm2}/os-instance-actions`, { token: demo });
  assert.ok(!actions.body.instanceActions.some((a: { action: string }) => a.action === 'extend_volume'));
});
