/** Boot from volume: block_device_mapping_v2 on server create, the build's volumes, views, delete. */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { startTestApp, waitFor, type TestApp } from '../../helpers/app.js';
import { IMAGE } from './server-fixtures.js';

let t: TestApp;
let demo: string;
let alt: string;
const S = '/compute/v2.1/servers';
const V = '/volume/v3';

before(async () => {
  t = await startTestApp({ blockStorage: { quotas: { volumes: 40, gigabytes: 200 }, poolCapacityGb: 400 } });
  demo = await t.tokenFor('demo');
  // the admin's project is another project: its volume is not the demo's to see
  alt = await t.tokenFor('admin');
});
after(async () => {
  await t.close();
});

async function create(server: Record<string, unknown>, mv = '2.67') {
  return t.request('POST', S, {
    token: demo,
    mv,
    body: { server: { name: 'bfv', flavorRef: '1', networks: 'none', ...server } },
  });
}

async function active(id: string) {
  return waitFor(async () => {
    const s = await t.request('GET', `${S}/${id}`, { token: demo, mv: '2.67' });
    if (s.body?.server?.status === 'ERROR') throw new Error(`${id} ERROR: ${JSON.stringify(s.body.server.fault)}`);
    return s.body?.server?.status === 'ACTIVE' && s.body.server['OS-EXT-STS:task_state'] === null
      ? s.body.server
      : null;
  }, `${id} ACTIVE`);
}

async function volumeOf(id: string, token = demo) {
  return (await t.request('GET', `${V}/volumes/${id}`, { token })).body?.volume;
}

async function volumeStatus(id: string, status: string) {
  return waitFor(async () => {
    const v = await volumeOf(id);
    return v?.status === status ? v : null;
  }, `volume ${id} ${status}`);
}

async function newVolume(token = demo, extra: Record<string, unknown> = {}): Promise<string> {
  const r = await t.request('POST', `${V}/volumes`, { token, body: { volume: { size: 1, ...extra } } });
  assert.equal(r.status, 202, r.text);
  const id = r.body.volume.id as string;
  await waitFor(async () => (await volumeOf(id, token))?.status === 'available', `volume ${id}`);
  return id;
}

async function gone(id: string) {
  await waitFor(
    async () => (await t.request('GET', `${V}/volumes/${id}`, { token: demo })).status === 404,
    `${id} gone`,
  );
}

const imageRoot = (extra: Record<string, unknown> = {}) => ({
  source_type: 'image',
  destination_type: 'volume',
  uuid: IMAGE,
  boot_index: 0,
  volume_size: 1,
  ...extra,
});

test('image → volume without imageRef: the build creates the root volume, /dev/vda, image ""; delete deletes it', async () => {
  const r = await create({ imageRef: '', block_device_mapping_v2: [imageRoot({ delete_on_termination: true })] });
  assert.equal(r.status, 202, r.text);
  const id = r.body.server.id as string;
  const server = await active(id);
  assert.equal(server.image, '');
  const attached = server['os-extended-volumes:volumes_attached'];
  assert.equal(attached.length, 1);
  assert.equal(attached[0].delete_on_termination, true);
  const volId = attached[0].id as string;
  const vol = await volumeStatus(volId, 'in-use');
  assert.equal(vol.bootable, 'true');
  assert.equal(vol.size, 1);
  assert.equal(vol.attachments[0].server_id, id);
  assert.equal(vol.attachments[0].device, '/dev/vda');
  const old = await t.request('GET', `${S}/${id}`, { token: demo, mv: '2.1' });
  assert.deepEqual(old.body.server['os-extended-volumes:volumes_attached'], [{ id: volId }]);
  const list = await t.request('GET', `${S}/${id}/os-volume_attachments`, { token: demo });
  assert.deepEqual(list.body.volumeAttachments, [{ id: volId, volumeId: volId, serverId: id, device: '/dev/vda' }]);
  // the root volume cannot be detached
  const det = await t.request('DELETE', `${S}/${id}/os-volume_attachments/${volId}`, { token: demo });
  assert.equal(det.status, 400);

  assert.equal((await t.request('DELETE', `${S}/${id}`, { token: demo })).status, 204);
  await gone(volId);
});

test('an existing volume as root and blank/snapshot data volumes; delete keeps what is not delete_on_termination', async () => {
  const root = await newVolume(demo, { imageRef: IMAGE });
  const src = await newVolume();
  const snapR = await t.request('POST', `${V}/snapshots`, { token: demo, body: { snapshot: { volume_id: src } } });
  assert.equal(snapR.status, 202, snapR.text);
  const snap = snapR.body.snapshot.id as string;
  await waitFor(
    async () =>
      (await t.request('GET', `${V}/snapshots/${snap}`, { token: demo })).body?.snapshot?.status === 'available',
    'snapshot',
  );
  const r = await create({
    block_device_mapping_v2: [
      { source_type: 'volume', destination_type: 'volume', uuid: root, boot_index: '0' },
      { source_type: 'blank', destination_type: 'volume', volume_size: 2, delete_on_termination: 'true' },
      { source_type: 'snapshot', destination_type: 'volume', uuid: snap, boot_index: -1 },
    ],
  });
  assert.equal(r.status, 202, r.text);
  const id = r.body.server.id as string;
  // the existing volume is reserved by the create itself (the build may have moved it on already)
  assert.ok(['reserved', 'attaching', 'in-use'].includes((await volumeOf(root)).status));
  const server = await active(id);
  assert.equal(server.image, '');
  const ids = (server['os-extended-volumes:volumes_attached'] as Array<{ id: string }>).map((v) => v.id);
  assert.equal(ids.length, 3);
  assert.equal(ids[0], root);
  const devices = [];
  for (const v of ids) {
    const vol = await volumeStatus(v, 'in-use');
    devices.push(vol.attachments[0].device);
  }
  assert.deepEqual(devices, ['/dev/vda', '/dev/vdb', '/dev/vdc']);
  const blank = await volumeOf(ids[1] ?? '');
  assert.equal(blank.size, 2);
  assert.equal(blank.name, `${id}-blank-vol`);
  const fromSnap = await volumeOf(ids[2] ?? '');
  assert.equal(fromSnap.snapshot_id, snap);
  const rows = await t.rt.store.db
    .selectFrom('block_device_mappings')
    .select(['volume_id', 'source_type', 'boot_index', 'device_name'])
    .where('instance_uuid', '=', id)
    .orderBy('device_name')
    .execute();
  assert.deepEqual(
    rows.map((b) => [b.source_type, b.boot_index, b.device_name]),
    [
      ['volume', 0, '/dev/vda'],
      ['blank', null, '/dev/vdb'],
      ['snapshot', null, '/dev/vdc'],
    ],
  );

  assert.equal((await t.request('DELETE', `${S}/${id}`, { token: demo })).status, 204);
  await gone(ids[1] ?? '');
  await volumeStatus(root, 'available');
  await volumeStatus(ids[2] ?? '', 'available');
});

test('imageRef with a data volume: the image is the local root, the volume /dev/vdb', async () => {
  const vol = await newVolume();
  const r = await create({
    imageRef: IMAGE,
    block_device_mapping_v2: [{ source_type: 'volume', destination_type: 'volume', uuid: vol, tag: 'data' }],
  });
  assert.equal(r.status, 202, r.text);
  const server = await active(r.body.server.id);
  assert.equal(server.image.id, IMAGE);
  const v = await volumeStatus(vol, 'in-use');
  assert.equal(v.attachments[0].device, '/dev/vdb');
  const att = await t.request('GET', `${S}/${server.id}/os-volume_attachments/${vol}`, { token: demo, mv: '2.70' });
  assert.equal(att.body.volumeAttachment.tag, 'data');
});

test("Nova's 400s for block device mappings", async () => {
  const inUse = await newVolume();
  const first = await create({
    block_device_mapping_v2: [{ source_type: 'volume', destination_type: 'volume', uuid: inUse, boot_index: 0 }],
  });
  assert.equal(first.status, 400, 'a volume not bootable cannot be the root');
  assert.equal(first.body.badRequest.message, `Block Device ${inUse} is not bootable.`);
  const ok = await create({
    imageRef: IMAGE,
    block_device_mapping_v2: [{ source_type: 'volume', destination_type: 'volume', uuid: inUse }],
  });
  assert.equal(ok.status, 202, ok.text);
  const other = await newVolume(alt);
  const cases: Array<[unknown[], string, string?]> = [
    [[], 'Missing imageRef attribute'],
    [
      [imageRoot({ volume_size: undefined })],
      "Images with destination_type 'volume' need to have a non-zero size specified",
    ],
    [
      [{ source_type: 'blank', destination_type: 'volume', boot_index: 0 }],
      "Blank volumes (source: 'blank', dest: 'volume') need to have non-zero size",
    ],
    [
      [{ source_type: 'image', destination_type: 'local', uuid: IMAGE, boot_index: 0 }],
      'Block Device Mapping is Invalid: Mapping image to local is not supported.',
    ],
    [
      [imageRoot(), imageRoot()],
      'Block Device Mapping is Invalid: Boot sequence for the instance and image/block device mapping combination is not valid.',
    ],
    [
      [imageRoot({ boot_index: 1 })],
      'Block Device Mapping is Invalid: Boot sequence for the instance and image/block device mapping combination is not valid.',
    ],
    [
      [{ source_type: 'volume', destination_type: 'volume', boot_index: 0 }],
      'Block Device Mapping is Invalid: Missing device UUID.',
    ],
    [
      [{ source_type: 'blank', destination_type: 'volume', uuid: IMAGE, boot_index: 0, volume_size: 1 }],
      'Block Device Mapping is Invalid: Invalid device UUID.',
    ],
    [
      [{ source_type: 'volume', destination_type: 'volume', uuid: other, boot_index: 0 }],
      `Block Device Mapping is Invalid: failed to get volume ${other}.`,
    ],
    [[imageRoot({ uuid: randomUUID() })], 'Block Device Mapping is Invalid: failed to get image'],
    [
      [{ source_type: 'snapshot', destination_type: 'volume', uuid: randomUUID(), boot_index: 0 }],
      'Block Device Mapping is Invalid: failed to get snapshot',
    ],
    [
      [{ source_type: 'volume', destination_type: 'volume', uuid: inUse, boot_index: 0, volume_type: 'x' }],
      'Block Device Mapping is Invalid: Specifying volume type to existing volume is not supported.',
    ],
    [[imageRoot({ volume_type: 'no-such-type' })], 'Volume type no-such-type could not be found.'],
    [[imageRoot({ disk_bus: 'floppy-bus' })], 'Block Device Mapping is Invalid.'],
  ];
  for (const [bdms, message] of cases) {
    const r = await create(bdms.length ? { block_device_mapping_v2: bdms } : {});
    assert.equal(r.status, 400, `${message}: ${r.text}`);
    assert.ok(String(r.body.badRequest.message).startsWith(message), `${r.body.badRequest.message} vs ${message}`);
  }
  // the volume is in use: Cinder's reserve says no, Nova says InvalidVolume
  await volumeStatus(inUse, 'in-use');
  const bootable = await newVolume(demo, { imageRef: IMAGE });
  const busy = await create({
    imageRef: IMAGE,
    block_device_mapping_v2: [
      { source_type: 'volume', destination_type: 'volume', uuid: inUse },
      { source_type: 'volume', destination_type: 'volume', uuid: bootable },
    ],
  });
  assert.equal(busy.status, 400, busy.text);
  assert.match(
    busy.body.badRequest.message,
    /^Invalid volume: Invalid input received: Invalid volume: Volume .* in-use/,
  );
  // nothing of the refused create is left: the other volume was not reserved
  assert.equal((await volumeOf(bootable)).status, 'available');
  // volume_type is a 2.67 field
  const early = await create({ block_device_mapping_v2: [imageRoot({ volume_type: null })] }, '2.66');
  assert.equal(early.status, 400);
});

test('a created volume over the Cinder quota fails the build; nothing stays reserved', async () => {
  const r = await create({ block_device_mapping_v2: [imageRoot({ volume_size: 500, delete_on_termination: true })] });
  assert.equal(r.status, 202, r.text);
  const id = r.body.server.id as string;
  const server = await waitFor(async () => {
    const s = await t.request('GET', `${S}/${id}`, { token: demo });
    return s.body?.server?.status === 'ERROR' ? s.body.server : null;
  }, 'ERROR');
  assert.match(server.fault.message, /gigabytes|Gigabytes|quota/i);
  assert.deepEqual(server['os-extended-volumes:volumes_attached'], []);
  const left = await t.rt.store.db
    .selectFrom('block_device_mappings')
    .selectAll()
    .where('instance_uuid', '=', id)
    .execute();
  assert.deepEqual(left, []);
});
