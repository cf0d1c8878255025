/**
 * createImage through the HTTP API, carried out by the in-process agent on the fake driver: a
 * real Glance image with Nova's snapshot properties that turns active with data and boots a
 * server; the 2.45 body and the older Location header; Nova's 400/403/409; a failing and a
 * crashing snapshot.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, waitFor, type TestApp } from '../../helpers/app.js';
import { FakeDriver } from '../../../src/virt/fake/fake-driver.js';
import { ComputeAgent } from '../../../src/agent/agent.js';
import { InstanceService } from '../../../src/services/compute/instance-service.js';
import { first } from '../../../src/lib/arrays.js';
import { findInstance } from '../../../src/store/repositories/instance-repository.js';
import { insertServer, projectId } from './server-fixtures.js';
import { CIRROS, ctxFor, fresh, serverReq, waitSettled, waitState } from './servers-engine-helpers.js';

let t: TestApp;
let demo: string;
let admin: string;
let demoProject: string;
before(async () => {
  t = await startTestApp();
  demo = await t.tokenFor('demo');
  admin = await t.tokenFor('admin');
  demoProject = await projectId(t, 'demo');
});
after(async () => {
  await t.close();
});

const act = (id: string) => `/compute/v2.1/servers/${id}/action`;

async function boot(imageRef = CIRROS, flavorRef = '1'): Promise<string> {
  const r = await t.request('POST', '/compute/v2.1/servers', {
    token: demo,
    mv: '2.37',
    body: { server: { name: 'snap-src', imageRef, flavorRef, networks: 'none' } },
  });
  assert.equal(r.status, 202, r.text);
  const id = r.body.server.id as string;
  await waitState(t.rt, id, 'active');
  await waitSettled(t.rt, [id]);
  return id;
}

const glance = async (id: string, token = demo) => t.request('GET', `/image/v2/images/${id}`, { token });

test('createImage (2.45): an active snapshot image with Nova’s properties that boots a server', async () => {
  const id = await boot();
  const r = await t.request('POST', act(id), {
    token: demo,
    mv: '2.45',
    body: { createImage: { name: 'snap1', metadata: { purpose: 'backup-test' } } },
  });
  assert.equal(r.status, 202, r.text);
  const imageId = r.body.image_id as string;
  assert.match(imageId, /^[0-9a-f-]{36}$/);
  assert.equal(r.headers.location, undefined);
  await waitSettled(t.rt, [id]);
  const inst = await findInstance(t.rt.store.db, id);
  assert.deepEqual([inst?.vm_state, inst?.task_state], ['active', null]);
  const g = await glance(imageId);
  assert.equal(g.status, 200, g.text);
  const img = g.body as Record<string, unknown>;
  assert.equal(img.status, 'active');
  assert.equal(img.name, 'snap1');
  assert.equal(img.owner, demoProject);
  assert.equal(img.visibility, 'private');
  assert.equal(img.instance_uuid, id);
  assert.equal(img.image_type, 'snapshot');
  assert.equal(img.base_image_ref, CIRROS);
  assert.equal(img.user_id, inst?.user_id);
  assert.equal(img.purpose, 'backup-test');
  assert.equal(img.min_disk, 1, 'the flavor’s root disk');
  assert.deepEqual([img.disk_format, img.container_format], ['qcow2', 'bare']);
  assert.ok(Number(img.size) > 0);
  const data = await t.request('GET', `/image/v2/images/${imageId}/file`, { token: demo });
  assert.equal(data.status, 200);
  assert.match(data.text, /stackbox fake snapshot of/);
  const ev = await t.rt.store.db
    .selectFrom('instance_action_events')
    .innerJoin('instance_actions', 'instance_actions.id', 'instance_action_events.action_id')
    .select(['event', 'result'])
    .where('instance_uuid', '=', id)
    .where('action', '=', 'createImage')
    .execute();
  assert.deepEqual(ev, [{ event: 'compute_snapshot_instance', result: 'Success' }]);
  // the snapshot boots
  const again = await boot(imageId);
  assert.equal((await findInstance(t.rt.store.db, again))?.image_ref, imageId);
});

test('createImage before 2.45: 202, no body, Location naming the image', async () => {
  const id = await boot();
  const r = await t.request('POST', act(id), { token: demo, body: { createImage: { name: 'snap-old' } } });
  assert.equal(r.status, 202, r.text);
  assert.equal(r.text, '');
  const loc = String(r.headers.location);
  const m = /\/compute\/v2\.1\/([0-9a-f]+)\/images\/([0-9a-f-]{36})$/.exec(loc);
  assert.ok(m, loc);
  assert.equal(m[1], demoProject);
  await waitSettled(t.rt, [id]);
  assert.equal((await glance(m[2] ?? '')).body.status, 'active');
});

test("Nova's answers: bad body, state, metadata quota; a refused request leaves no image", async () => {
  const count = async () => (await t.rt.store.db.selectFrom('images').select('id').execute()).length;
  const before0 = await count();
  const id = await boot();
  const noName = await t.request('POST', act(id), { token: demo, body: { createImage: {} } });
  assert.equal(noName.status, 400);
  assert.match(noName.body.badRequest.message, /'name' is a required property/);
  const extra = await t.request('POST', act(id), { token: demo, body: { createImage: { name: 'x', bogus: 1 } } });
  assert.equal(extra.status, 400);
  const busy = await insertServer(t, demoProject, {
    host: 'nowhere-host',
    node: 'nowhere-host',
    task_state: 'pausing',
  });
  const r = await t.request('POST', act(busy.uuid), { token: demo, body: { createImage: { name: 'x' } } });
  assert.equal(r.status, 409, r.text);
  assert.match(r.body.conflictingRequest.message, /Cannot 'createImage' instance .* while it is in task_state pausing/);
  const errored = await insertServer(t, demoProject, { host: 'nowhere-host', node: 'nowhere-host', vm_state: 'error' });
  const e = await t.request('POST', act(errored.uuid), { token: demo, body: { createImage: { name: 'x' } } });
  assert.equal(e.status, 409, e.text);
  const q = await t.request('PUT', `/compute/v2.1/os-quota-sets/${demoProject}`, {
    token: admin,
    body: { quota_set: { metadata_items: 1 } },
  });
  assert.equal(q.status, 200, q.text);
  try {
    const over = await t.request('POST', act(id), {
      token: demo,
      body: { createImage: { name: 'x', metadata: { a: '1', b: '2' } } },
    });
    assert.equal(over.status, 403, over.text);
    assert.equal(over.body.forbidden.message, 'Image metadata limit exceeded');
  } finally {
    await t.request('DELETE', `/compute/v2.1/os-quota-sets/${demoProject}`, { token: admin });
  }
  assert.equal(await count(), before0);
});

test('a failing driver snapshot clears the task, deletes the image and records an Error event', async () => {
  const t2 = await startTestApp({}, { agent: false });
  const driver = new FakeDriver(t2.rt);
  const agent = new ComputeAgent(t2.rt, { driver });
  await agent.start();
  try {
    const svc = new InstanceService(t2.rt);
    const ctx = await ctxFor(t2.rt, 'demo');
    const i = first((await svc.create(ctx, serverReq())).instances);
    await waitState(t2.rt, i.uuid, 'active');
    await waitSettled(t2.rt, [i.uuid]);
    driver.failNext('snapshot', i.uuid, 'disk could not be read');
    const imageId = await svc.createImage(fresh(ctx), i.uuid, 'broken', {});
    await waitSettled(t2.rt, [i.uuid]);
    const cur = await findInstance(t2.rt.store.db, i.uuid);
    assert.deepEqual([cur?.vm_state, cur?.task_state], ['active', null]);
    assert.equal(
      await t2.rt.store.db.selectFrom('images').select('id').where('id', '=', imageId).executeTakeFirst(),
      undefined,
    );
    const ev = await t2.rt.store.db
      .selectFrom('instance_action_events')
      .innerJoin('instance_actions', 'instance_actions.id', 'instance_action_events.action_id')
      .select(['result', 'traceback'])
      .where('instance_uuid', '=', i.uuid)
      .where('action', '=', 'createImage')
      .executeTakeFirstOrThrow();
    assert.equal(ev.result, 'Error');
    assert.match(ev.traceback ?? '', /disk could not be read/);
  } finally {
    await agent.stop();
    await t2.close();
  }
});

/** a hypervisor whose snapshot never returns once armed: the agent is stopped under it, as in a crash */
class HangingSnapshotDriver extends FakeDriver {
  hang = false;
  override snapshot(host: string, uuid: string): Promise<Buffer> {
    return this.hang ? new Promise(() => undefined) : super.snapshot(host, uuid);
  }
}

test('an agent that dies mid-snapshot: its restart finishes the image; out of attempts it is deleted', async () => {
  for (const attempts of [5, 1]) {
    const t2 = await startTestApp({ compute: { maxOperationAttempts: attempts } }, { agent: false });
    try {
      const svc = new InstanceService(t2.rt);
      const ctx = await ctxFor(t2.rt, 'demo');
      const driver = new HangingSnapshotDriver(t2.rt);
      const first1 = new ComputeAgent(t2.rt, { agentId: 'agent-s', driver });
      await first1.start();
      const i = first((await svc.create(ctx, serverReq())).instances);
      await waitState(t2.rt, i.uuid, 'active');
      await waitSettled(t2.rt, [i.uuid]);
      driver.hang = true;
      const imageId = await svc.createImage(fresh(ctx), i.uuid, 'crash', {});
      await waitState(t2.rt, i.uuid, 'active', 'image_pending_upload');
      await first1.stop({ drain: false });
      const again = new ComputeAgent(t2.rt, { agentId: 'agent-s' });
      await again.start();
      try {
        await waitState(t2.rt, i.uuid, 'active');
        await waitSettled(t2.rt, [i.uuid]);
        const img = await t2.rt.store.db
          .selectFrom('images')
          .select('status')
          .where('id', '=', imageId)
          .executeTakeFirst();
        if (attempts > 1) assert.equal(img?.status, 'active');
        else assert.equal(img, undefined);
      } finally {
        await again.stop();
      }
    } finally {
      await t2.close();
    }
  }
});

test('deleting the snapshot image while it uploads: the snapshot ends, the server stays usable', async () => {
  const id = await boot();
  const r = await t.request('POST', act(id), { token: demo, mv: '2.45', body: { createImage: { name: 'gone' } } });
  assert.equal(r.status, 202);
  await t.request('DELETE', `/image/v2/images/${r.body.image_id as string}`, { token: demo });
  await waitSettled(t.rt, [id]);
  await waitFor(async () => (await findInstance(t.rt.store.db, id))?.task_state === null, 'task cleared');
  assert.equal((await glance(r.body.image_id as string)).status, 404);
});
