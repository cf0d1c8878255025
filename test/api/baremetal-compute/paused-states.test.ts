/**
 * The Mogan dialect's view of Nova's paused and suspended instances: status 'stopped', power
 * 'power off', 'on' unpauses / resumes through the same operations, 'off' is Mogan's 400.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, waitFor, type TestApp } from '../../helpers/app.js';
import { DEFAULT_FLAVORS, DEFAULT_IMAGES } from '../../../src/store/seed.js';
import { first } from '../../helpers/elements.js';
import { findInstance } from '../../../src/store/repositories/instance-repository.js';

let t: TestApp;
let demo: string;
let netId: string;
const flavor = DEFAULT_FLAVORS.find((f) => f.name === 'baremetal.small')!.id;
const image = first(DEFAULT_IMAGES, 'DEFAULT_IMAGES').id;
const V1 = '/baremetal-compute/v1';

before(async () => {
  t = await startTestApp();
  demo = await t.tokenFor('demo');
  netId = (
    await t.rt.store.db.selectFrom('networks').select('id').where('name', '=', 'private').executeTakeFirstOrThrow()
  ).id;
});
after(async () => {
  await t?.close();
});

const states = async (uuid: string) =>
  (await t.request('GET', `${V1}/instances/${uuid}/states`, { token: demo })).body as Record<string, unknown>;

async function settled(uuid: string, vm: string) {
  return waitFor(async () => {
    const r = await findInstance(t.rt.store.db, uuid);
    return r?.vm_state === vm && r.task_state === null ? r : null;
  }, `${uuid} ${vm}`);
}

test('paused and suspended read as stopped / power off; on brings them back to active', async () => {
  const c = await t.request('POST', `${V1}/instances`, {
    token: demo,
    body: { name: 'bm-held', instance_type_uuid: flavor, image_uuid: image, networks: [{ net_id: netId }] },
  });
  assert.equal(c.status, 201, c.text);
  const uuid = c.body.uuid as string;
  await settled(uuid, 'active');
  for (const [action, vm] of [
    ['pause', 'paused'],
    ['suspend', 'suspended'],
  ] as const) {
    const r = await t.request('POST', `/compute/v2.1/servers/${uuid}/action`, {
      token: demo,
      body: { [action]: null },
    });
    assert.equal(r.status, 202, r.text);
    await settled(uuid, vm);
    assert.deepEqual(await states(uuid), {
      power_state: 'power off',
      target_power_state: null,
      status: 'stopped',
      locked: false,
    });
    const off = await t.request('PUT', `${V1}/instances/${uuid}/states/power`, {
      token: demo,
      body: { target: 'off' },
    });
    assert.equal(off.status, 400, off.text);
    const on = await t.request('PUT', `${V1}/instances/${uuid}/states/power`, { token: demo, body: { target: 'on' } });
    assert.equal(on.status, 202, on.text);
    const row = await settled(uuid, 'active');
    assert.equal(row.power_state, 1);
    assert.equal((await states(uuid)).status, 'active');
    const acts = await t.rt.store.db
      .selectFrom('instance_actions')
      .select('action')
      .where('instance_uuid', '=', uuid)
      .where('action', '=', action === 'pause' ? 'unpause' : 'resume')
      .execute();
    assert.equal(acts.length, 1);
  }
});

test('shelved reads as stopped / power off and on unshelves it; rescued reads as active', async () => {
  const c = await t.request('POST', `${V1}/instances`, {
    token: demo,
    body: { name: 'bm-shelf', instance_type_uuid: flavor, image_uuid: image, networks: [{ net_id: netId }] },
  });
  assert.equal(c.status, 201, c.text);
  const uuid = c.body.uuid as string;
  await settled(uuid, 'active');
  const act = (body: unknown) => t.request('POST', `/compute/v2.1/servers/${uuid}/action`, { token: demo, body });
  assert.equal((await act({ shelve: null })).status, 202);
  await settled(uuid, 'shelved_offloaded');
  assert.deepEqual(await states(uuid), {
    power_state: 'power off',
    target_power_state: null,
    status: 'stopped',
    locked: false,
  });
  const on = await t.request('PUT', `${V1}/instances/${uuid}/states/power`, { token: demo, body: { target: 'on' } });
  assert.equal(on.status, 202, on.text);
  await settled(uuid, 'active');
  const acts = await t.rt.store.db
    .selectFrom('instance_actions')
    .select('action')
    .where('instance_uuid', '=', uuid)
    .where('action', '=', 'unshelve')
    .execute();
  assert.equal(acts.length, 1);
  assert.equal((await act({ rescue: null })).status, 200);
  await settled(uuid, 'rescued');
  const s = await states(uuid);
  assert.equal(s.status, 'active');
  assert.equal(s.power_state, 'power on');
});
