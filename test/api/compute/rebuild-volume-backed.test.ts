/** Rebuild of a volume-backed server: same image at any version, another image only at 2.93 (reimage). */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, waitFor, type TestApp } from '../../helpers/app.js';
import { IMAGE } from './server-fixtures.js';

let t: TestApp;
let demo: string;
const S = '/compute/v2.1/servers';
const V = '/volume/v3';
const UBUNTU = '0f0ad9a2-7e93-4d38-8f6c-4c5e7a9b2d02';

before(async () => {
  t = await startTestApp({ blockStorage: { quotas: { volumes: 20, gigabytes: 100 }, poolCapacityGb: 400 } });
  demo = await t.tokenFor('demo');
});
after(async () => {
  await t.close();
});

async function settled(id: string) {
  return waitFor(async () => {
    const s = await t.request('GET', `${S}/${id}`, { token: demo, mv: '2.93' });
    if (s.body?.server?.status === 'ERROR') throw new Error(`${id} ERROR`);
    return s.body?.server?.status === 'ACTIVE' && s.body.server['OS-EXT-STS:task_state'] === null
      ? s.body.server
      : null;
  }, `${id} ACTIVE`);
}

/** a server booted from a volume made from IMAGE: its id and its root volume's */
async function bfvServer(name: string): Promise<{ server: string; volume: string }> {
  const r = await t.request('POST', S, {
    token: demo,
    mv: '2.67',
    body: {
      server: {
        name,
        flavorRef: '1',
        networks: 'none',
        block_device_mapping_v2: [
          { source_type: 'image', destination_type: 'volume', uuid: IMAGE, boot_index: 0, volume_size: 1 },
        ],
      },
    },
  });
  assert.equal(r.status, 202, r.text);
  const server = r.body.server.id as string;
  await settled(server);
  const bdm = await t.rt.store.db
    .selectFrom('block_device_mappings')
    .selectAll()
    .where('instance_uuid', '=', server)
    .where('boot_index', '=', 0)
    .executeTakeFirstOrThrow();
  return { server, volume: bdm.volume_id };
}

const rebuild = (id: string, imageRef: string, mv: string) =>
  t.request('POST', `${S}/${id}/action`, { token: demo, mv, body: { rebuild: { imageRef } } });

async function volume(id: string) {
  return (await t.request('GET', `${V}/volumes/${id}`, { token: demo })).body.volume;
}

test('below 2.93 another image is 400 ImageUnacceptable and nothing changes; the same image rebuilds', async () => {
  const { server, volume: root } = await bfvServer('bfv-old');
  const r = await rebuild(server, UBUNTU, '2.92');
  assert.equal(r.status, 400, r.text);
  assert.deepEqual(r.body, {
    badRequest: {
      code: 400,
      message: `Image ${UBUNTU} is unacceptable: Unable to rebuild with a different image for a volume-backed server.`,
    },
  });
  const inst = await t.rt.store.db
    .selectFrom('instances')
    .select(['image_ref', 'task_state'])
    .where('uuid', '=', server)
    .executeTakeFirstOrThrow();
  assert.deepEqual(inst, { image_ref: '', task_state: null });
  assert.equal((await volume(root)).volume_image_metadata.image_id, IMAGE);

  // the image already in the root volume: a plain rebuild, the server stays volume-backed
  const same = await rebuild(server, IMAGE, '2.1');
  assert.equal(same.status, 202, same.text);
  const after = await settled(server);
  assert.equal(after.image, '');
  assert.equal((await volume(root)).status, 'in-use');
});

test('at 2.93 another image reimages the root volume and waits for volume-reimaged; the server stays volume-backed', async () => {
  const { server, volume: root } = await bfvServer('bfv-93');
  const r = await rebuild(server, UBUNTU, '2.93');
  assert.equal(r.status, 202, r.text);
  assert.equal(r.body.server.image, '');
  const s = await settled(server);
  assert.equal(s.image, '');
  const v = await volume(root);
  assert.equal(v.status, 'in-use');
  assert.equal(v.volume_image_metadata.image_id, UBUNTU);
  assert.equal(v.bootable, 'true');
  // Cinder's event came through Nova's entry point, and the rebuild waited for it
  const ev = await t.rt.store.db
    .selectFrom('server_events')
    .selectAll()
    .where('instance_uuid', '=', server)
    .where('name', '=', 'volume-reimaged')
    .execute();
  assert.equal(ev.length, 1);
  assert.equal(ev[0]!.tag, root);
  const action = await waitFor(async () => {
    const list = await t.request('GET', `${S}/${server}/os-instance-actions`, { token: demo, mv: '2.93' });
    const rb = (list.body.instanceActions as Array<{ action: string; request_id: string }>).find(
      (a) => a.action === 'rebuild',
    );
    if (!rb) return null;
    const d = await t.request('GET', `${S}/${server}/os-instance-actions/${rb.request_id}`, {
      token: demo,
      mv: '2.93',
    });
    const events = d.body.instanceAction.events as Array<{ event: string; result: string | null }>;
    return events.every((e) => e.result !== null) ? events : null;
  }, 'rebuild action settled');
  const names = action.map((e) => [e.event, e.result]);
  assert.ok(
    names.some(([e, res]) => e === 'compute_wait_for_volume-reimaged' && res === 'Success'),
    JSON.stringify(names),
  );
  assert.ok(
    names.some(([e, res]) => e === 'compute_rebuild_instance' && res === 'Success'),
    JSON.stringify(names),
  );
});

test('an image-backed server still rebuilds with a new image at 2.93 (image_ref follows)', async () => {
  const r = await t.request('POST', S, {
    token: demo,
    body: { server: { name: 'img', flavorRef: '2', imageRef: IMAGE, networks: 'none' } },
    mv: '2.93',
  });
  assert.equal(r.status, 202, r.text);
  await settled(r.body.server.id);
  const rb = await rebuild(r.body.server.id, UBUNTU, '2.93');
  assert.equal(rb.status, 202, rb.text);
  const s = await settled(r.body.server.id);
  assert.equal(s.image.id, UBUNTU);
});
