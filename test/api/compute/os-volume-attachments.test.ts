import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { startTestApp, waitFor, type TestApp } from '../../helpers/app.js';
import { S, bootServer, settledAction } from './os-interface-helpers.js';

let t: TestApp;
let admin: string;
let demo: string;
let vm: string;
let vm2: string;
const V = '/volume/v3';
const VA = (server: string, vol?: string) => `${S}/${server}/os-volume_attachments${vol ? `/${vol}` : ''}`;

before(async () => {
  t = await startTestApp({ blockStorage: { quotas: { volumes: 40, gigabytes: 200 }, poolCapacityGb: 400 } });
  admin = await t.tokenFor('admin');
  demo = await t.tokenFor('demo');
  vm = await bootServer(t, demo, 'none', 'vol-vm');
  vm2 = await bootServer(t, demo, 'none', 'vol-vm2');
});
after(async () => {
  await t.close();
});

async function volume(extra: Record<string, unknown> = {}): Promise<string> {
  const r = await t.request('POST', `${V}/volumes`, { token: demo, body: { volume: { size: 1, ...extra } } });
  assert.equal(r.status, 202, r.text);
  const id = r.body.volume.id as string;
  await volumeStatus(id, 'available');
  return id;
}

async function volumeStatus(id: string, status: string) {
  return waitFor(async () => {
    const s = await t.request('GET', `${V}/volumes/${id}`, { token: demo });
    return s.body?.volume?.status === status ? s.body.volume : null;
  }, `volume ${id} ${status}`);
}

test('a server without volumes lists [] (Horizon reads this on every instance page)', async () => {
  const r = await t.request('GET', VA(vm), { token: demo });
  assert.equal(r.status, 200);
  assert.deepEqual(r.body, { volumeAttachments: [] });
  const missing = await t.request('GET', VA(randomUUID()), { token: demo });
  assert.equal(missing.status, 404);
});

test('attach: 200 with /dev/vdb, the agent takes the volume to in-use; list/show per microversion; server view; detach', async () => {
  const v = await volume();
  const r = await t.request('POST', VA(vm), {
    token: demo,
    mv: '2.79',
    body: { volumeAttachment: { volumeId: v, tag: 'data', delete_on_termination: false } },
  });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.body, {
    volumeAttachment: {
      id: v,
      serverId: vm,
      volumeId: v,
      device: '/dev/vdb',
      tag: 'data',
      delete_on_termination: false,
    },
  });
  const vol = await volumeStatus(v, 'in-use');
  assert.equal(vol.attachments[0].server_id, vm);
  assert.equal(vol.attachments[0].device, '/dev/vdb');
  const action = await settledAction(t, vm, 'attach_volume');
  assert.deepEqual(
    action.events.map((e) => [e.event, e.result]),
    [['compute_attach_volume', 'Success']],
  );

  const old = await t.request('GET', VA(vm), { token: demo });
  assert.deepEqual(old.body, { volumeAttachments: [{ id: v, volumeId: v, serverId: vm, device: '/dev/vdb' }] });
  const v289 = await t.request('GET', VA(vm, v), { token: demo, mv: '2.89' });
  const bdm = await t.rt.store.db
    .selectFrom('block_device_mappings')
    .selectAll()
    .where('volume_id', '=', v)
    .executeTakeFirstOrThrow();
  assert.deepEqual(v289.body, {
    volumeAttachment: {
      volumeId: v,
      serverId: vm,
      device: '/dev/vdb',
      tag: 'data',
      delete_on_termination: false,
      attachment_id: vol.attachments[0].attachment_id,
      bdm_uuid: bdm.uuid,
    },
  });
  const server = (await t.request('GET', `${S}/${vm}`, { token: demo, mv: '2.3' })).body.server;
  assert.deepEqual(server['os-extended-volumes:volumes_attached'], [{ id: v, delete_on_termination: false }]);
  const srv21 = (await t.request('GET', `${S}/detail`, { token: demo })).body.servers.find(
    (s: { id: string }) => s.id === vm,
  );
  assert.deepEqual(srv21['os-extended-volumes:volumes_attached'], [{ id: v }]);

  // a second volume takes the next device
  const v2 = await volume();
  const r2 = await t.request('POST', VA(vm), { token: demo, body: { volumeAttachment: { volumeId: v2 } } });
  assert.equal(r2.body.volumeAttachment.device, '/dev/vdc');
  await volumeStatus(v2, 'in-use');

  // the same volume again: Nova's 400; onto another server: 400 too
  const dup = await t.request('POST', VA(vm), { token: demo, body: { volumeAttachment: { volumeId: v } } });
  assert.equal(dup.status, 400);
  assert.equal(dup.body.badRequest.message, `Invalid volume: volume ${v} is already attached to instances: ${vm}`);
  // a user may not pull Nova's attachment from under it in Cinder
  const pull = await t.request('DELETE', `${V}/attachments/${vol.attachments[0].attachment_id}`, {
    token: demo,
    headers: { 'openstack-api-version': 'volume 3.27' },
  });
  assert.equal(pull.status, 409);
  assert.equal(pull.body.conflictingRequest.message, `Detach volume from instance ${vm} using the Compute API`);

  // 2.85: delete_on_termination changes, the device does not
  const upd = await t.request('PUT', VA(vm, v), {
    token: demo,
    mv: '2.85',
    body: { volumeAttachment: { volumeId: v, delete_on_termination: true } },
  });
  assert.equal(upd.status, 202, upd.text);
  const noDev = await t.request('PUT', VA(vm, v), {
    token: demo,
    mv: '2.85',
    body: { volumeAttachment: { volumeId: v, device: '/dev/vdz' } },
  });
  assert.equal(noDev.status, 400);
  assert.equal(noDev.body.badRequest.message, 'The device property is not mutable');

  const det = await t.request('DELETE', VA(vm, v), { token: demo });
  assert.equal(det.status, 202, det.text);
  await volumeStatus(v, 'available');
  const after2 = await t.request('GET', VA(vm), { token: demo });
  assert.deepEqual(
    after2.body.volumeAttachments.map((a: { volumeId: string }) => a.volumeId),
    [v2],
  );
  const notAttached = await t.request('GET', VA(vm, v), { token: demo });
  assert.equal(notAttached.status, 404);
  assert.equal(notAttached.body.itemNotFound.message, `Instance ${vm} is not attached to volume ${v}`);
  const detAgain = await t.request('DELETE', VA(vm, v), { token: demo });
  assert.equal(detAgain.status, 404);
  await t.request('DELETE', VA(vm, v2), { token: demo });
  await volumeStatus(v2, 'available');
});

test('attach errors: unknown volume 404, bad device 400, locked 409, multiattach before 2.60 400', async () => {
  const nv = randomUUID();
  const r = await t.request('POST', VA(vm), { token: demo, body: { volumeAttachment: { volumeId: nv } } });
  assert.equal(r.status, 404);
  assert.equal(r.body.itemNotFound.message, `Volume ${nv} could not be found.`);
  const v = await volume();
  const dev = await t.request('POST', VA(vm), {
    token: demo,
    body: { volumeAttachment: { volumeId: v, device: 'vdb' } },
  });
  assert.equal(dev.status, 400);
  const multi = await volume({ multiattach: true });
  const m = await t.request('POST', VA(vm), { token: demo, body: { volumeAttachment: { volumeId: multi } } });
  assert.equal(m.status, 400);
  assert.equal(
    m.body.badRequest.message,
    'Multiattach volumes are only supported starting with compute API version 2.60.',
  );
  await t.request('POST', `${S}/${vm}/action`, { token: demo, body: { lock: null } });
  const locked = await t.request('POST', VA(vm), { token: demo, body: { volumeAttachment: { volumeId: v } } });
  assert.equal(locked.status, 409);
  assert.equal(locked.body.conflictingRequest.message, `Instance ${vm} is locked`);
  await t.request('POST', `${S}/${vm}/action`, { token: demo, body: { unlock: null } });
  assert.equal((await t.request('GET', `${V}/volumes/${v}`, { token: demo })).body.volume.status, 'available');
});

test('race: two servers attach one volume at once → exactly one wins; one mapping, one attachment', async () => {
  const v = await volume();
  const rs = await Promise.all(
    [vm, vm2, vm, vm2].map((s) =>
      t.request('POST', VA(s), { token: demo, body: { volumeAttachment: { volumeId: v } } }),
    ),
  );
  assert.deepEqual(rs.map((r) => r.status).sort(), [200, 400, 400, 400]);
  const bdms = await t.rt.store.db.selectFrom('block_device_mappings').selectAll().where('volume_id', '=', v).execute();
  const atts = await t.rt.store.db.selectFrom('volume_attachments').selectAll().where('volume_id', '=', v).execute();
  assert.equal(bdms.length, 1);
  assert.equal(atts.length, 1);
  assert.equal(bdms[0]?.attachment_id, atts[0]?.id);
  await volumeStatus(v, 'in-use');
  await t.request('DELETE', VA(bdms[0]!.instance_uuid, v), { token: demo });
  await volumeStatus(v, 'available');
});

test('server delete gives volumes back, and deletes those marked delete_on_termination', async () => {
  const doomed = await bootServer(t, demo, 'none', 'vol-doomed');
  const keep = await volume();
  const drop = await volume();
  for (const [id, dot] of [
    [keep, false],
    [drop, true],
  ] as const) {
    const r = await t.request('POST', VA(doomed), {
      token: demo,
      mv: '2.79',
      body: { volumeAttachment: { volumeId: id, delete_on_termination: dot } },
    });
    assert.equal(r.status, 200, r.text);
    await volumeStatus(id, 'in-use');
  }
  assert.equal((await t.request('DELETE', `${S}/${doomed}`, { token: demo })).status, 204);
  await volumeStatus(keep, 'available');
  await waitFor(async () => {
    const r = await t.request('GET', `${V}/volumes/${drop}`, { token: demo });
    return r.status === 404;
  }, 'delete_on_termination volume gone');
  const left = await t.rt.store.db
    .selectFrom('block_device_mappings')
    .selectAll()
    .where('instance_uuid', '=', doomed)
    .execute();
  assert.equal(left.length, 0);
  void admin;
});
