/**
 * shelve / shelveOffload / unshelve, rescue / unrescue, changePassword and os-server-password
 * through the HTTP API, carried out by the in-process agent on the fake driver: states, the
 * shelved image, system metadata, the host freed and scheduled again, instance action events,
 * Nova's 400/403/409 answers, a race and an agent killed mid-shelve.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, waitFor, type TestApp } from '../../helpers/app.js';
import { FakeDriver } from '../../../src/virt/fake/fake-driver.js';
import { ComputeAgent } from '../../../src/agent/agent.js';
import { InstanceService } from '../../../src/services/compute/instance-service.js';
import { storeServerPassword } from '../../../src/services/compute/system-metadata.js';
import { usageByHost } from '../../../src/store/repositories/instance-repository.js';
import { first } from '../../../src/lib/arrays.js';
import { findInstance } from '../../../src/store/repositories/instance-repository.js';
import { ctxFor, fresh, serverReq, waitSettled, waitState } from './servers-engine-helpers.js';

let t: TestApp;
let demo: string;
let admin: string;
let driver: FakeDriver;
let agent: ComputeAgent;
before(async () => {
  t = await startTestApp({}, { agent: false });
  driver = new FakeDriver(t.rt);
  agent = new ComputeAgent(t.rt, { driver });
  await agent.start();
  demo = await t.tokenFor('demo');
  admin = await t.tokenFor('admin');
});
after(async () => {
  await agent.stop();
  await t.close();
});

const act = (id: string) => `/compute/v2.1/servers/${id}/action`;

async function bootActive(app = t, token = demo, name = 'sh'): Promise<string> {
  const r = await app.request('POST', '/compute/v2.1/servers', {
    token,
    mv: '2.37',
    body: {
      server: { name, imageRef: '6a1a3f1e-9a43-4c3f-9b7a-2b1f0f6e8c01', flavorRef: '1', networks: 'none' },
    },
  });
  assert.equal(r.status, 202, r.text);
  const id = r.body.server.id as string;
  await waitState(app.rt, id, 'active');
  await waitSettled(app.rt, [id]);
  return id;
}

const action = (id: string, body: unknown, token = demo, mv?: string) =>
  t.request('POST', act(id), { token, body, ...(mv ? { mv } : {}) });

async function show(id: string) {
  const r = await t.request('GET', `/compute/v2.1/servers/${id}`, { token: admin });
  assert.equal(r.status, 200, r.text);
  return r.body.server as Record<string, unknown>;
}

async function events(id: string, name: string) {
  return t.rt.store.db
    .selectFrom('instance_action_events')
    .innerJoin('instance_actions', 'instance_actions.id', 'instance_action_events.action_id')
    .select(['event', 'result'])
    .where('instance_uuid', '=', id)
    .where('action', '=', name)
    .orderBy('instance_action_events.start_time')
    .execute();
}

const images = async (name: string) =>
  t.rt.store.db.selectFrom('images').selectAll().where('name', '=', name).execute();

const sysmeta = async (id: string) =>
  JSON.parse((await findInstance(t.rt.store.db, id))?.system_metadata ?? '{}') as Record<string, string>;

test('shelve → SHELVED_OFFLOADED at once (shelved_offload_time 0); unshelve schedules it again', async () => {
  const id = await bootActive(t, demo, 'shelf-1');
  const before1 = await findInstance(t.rt.store.db, id);
  const host = before1?.host ?? '';
  const usedBefore = (await usageByHost(t.rt.store.db)).get(host)?.vcpus ?? 0;
  const r = await action(id, { shelve: null });
  assert.equal(r.status, 202, r.text);
  assert.equal(r.text, '');
  const row = await waitState(t.rt, id, 'shelved_offloaded');
  await waitSettled(t.rt, [id]);
  // the host, node and zone are cleared and its resources freed
  assert.equal(row.host, null);
  assert.equal(row.node, null);
  assert.equal(row.availability_zone, null);
  assert.equal(row.power_state, 4);
  assert.equal((await usageByHost(t.rt.store.db)).get(host)?.vcpus ?? 0, usedBefore - row.vcpus);
  const s = await show(id);
  assert.equal(s.status, 'SHELVED_OFFLOADED');
  assert.equal(s['OS-EXT-SRV-ATTR:host'], null);
  // the snapshot image, active, owned by the server's project, named in the system metadata
  const imgs = await images('shelf-1-shelved');
  assert.equal(imgs.length, 1);
  const img = first(imgs);
  assert.equal(img.status, 'active');
  assert.equal(img.owner, before1?.project_id);
  const md = await sysmeta(id);
  assert.equal(md.shelved_image_id, img.id);
  assert.equal(md.shelved_host, host);
  assert.ok(md.shelved_at);
  assert.equal(md.image_base_image_ref, before1?.image_ref);
  assert.deepEqual(await events(id, 'shelve'), [{ event: 'compute_shelve_instance', result: 'Success' }]);
  // the guest is gone from the hypervisor
  assert.equal(driver.getInfo(host, id) ?? null, null);

  const u = await action(id, { unshelve: null });
  assert.equal(u.status, 202, u.text);
  const back = await waitState(t.rt, id, 'active');
  await waitSettled(t.rt, [id]);
  assert.ok(back.host);
  assert.equal(back.power_state, 1);
  assert.ok(back.availability_zone);
  assert.deepEqual(await events(id, 'unshelve'), [
    { event: 'schedule_instances', result: 'Success' },
    { event: 'compute_unshelve_instance', result: 'Success' },
  ]);
  // the shelved image is deleted, the shelve keys leave the system metadata
  assert.equal((await images('shelf-1-shelved')).length, 0);
  const md2 = await sysmeta(id);
  assert.equal(md2.shelved_image_id, undefined);
  assert.equal(md2.shelved_at, undefined);
  const list = await t.request('GET', `/compute/v2.1/servers/${id}/os-instance-actions`, { token: demo });
  assert.deepEqual((list.body.instanceActions as { action: string }[]).map((a) => a.action).slice(0, 2), [
    'unshelve',
    'shelve',
  ]);
});

test('shelved_offload_time -1: SHELVED keeps its host; shelveOffload is admin-only; unshelve powers on', async () => {
  const t2 = await startTestApp({ compute: { shelvedOffloadTime: -1 } });
  try {
    const d = await t2.tokenFor('demo');
    const a = await t2.tokenFor('admin');
    const id = await bootActive(t2, d, 'keep');
    // a paused server may be shelved too
    assert.equal((await t2.request('POST', act(id), { token: d, body: { pause: null } })).status, 202);
    await waitState(t2.rt, id, 'paused');
    await waitSettled(t2.rt, [id]);
    assert.equal((await t2.request('POST', act(id), { token: d, body: { shelve: {} } })).status, 202);
    const row = await waitState(t2.rt, id, 'shelved');
    await waitSettled(t2.rt, [id]);
    assert.ok(row.host);
    assert.equal(row.power_state, 4);
    const denied = await t2.request('POST', act(id), { token: d, body: { shelveOffload: null } });
    assert.equal(denied.status, 403, denied.text);
    const off = await t2.request('POST', act(id), { token: a, body: { shelveOffload: null } });
    assert.equal(off.status, 202, off.text);
    const gone = await waitState(t2.rt, id, 'shelved_offloaded');
    assert.equal(gone.host, null);
    await waitSettled(t2.rt, [id]);

    // a second server: unshelve of a SHELVED one starts it where it is and deletes the image
    const id2 = await bootActive(t2, d, 'keep2');
    await t2.request('POST', act(id2), { token: d, body: { shelve: null } });
    const sh = await waitState(t2.rt, id2, 'shelved');
    await waitSettled(t2.rt, [id2]);
    // a zone (2.77) or a host (2.91) is only for an offloaded server
    const az = await t2.request('POST', act(id2), {
      token: d,
      mv: '2.77',
      body: { unshelve: { availability_zone: 'nova' } },
    });
    assert.equal(az.status, 409, az.text);
    assert.equal(
      az.body.conflictingRequest.message,
      `Specifying an availability zone or a host when unshelving server "${id2}" with status "shelved" is not supported. The server status must be SHELVED_OFFLOADED.`,
    );
    assert.equal((await t2.request('POST', act(id2), { token: d, body: { unshelve: null } })).status, 202);
    const up = await waitState(t2.rt, id2, 'active');
    await waitSettled(t2.rt, [id2]);
    assert.equal(up.host, sh.host);
    assert.equal(up.power_state, 1);
    const n = await t2.rt.store.db.selectFrom('images').select('id').where('name', '=', 'keep2-shelved').execute();
    assert.equal(n.length, 0);
  } finally {
    await t2.close();
  }
});

test('shelve / unshelve state gates, zone and host checks with Nova texts', async () => {
  const id = await bootActive(t, demo, 'gates');
  const un = await action(id, { unshelve: null });
  assert.equal(un.status, 409);
  assert.equal(un.body.conflictingRequest.message, `Cannot 'unshelve' instance ${id} while it is in vm_state active`);
  const off = await action(id, { shelveOffload: null }, admin);
  assert.equal(off.status, 409);
  assert.equal(
    off.body.conflictingRequest.message,
    `Cannot 'shelveOffload' instance ${id} while it is in vm_state active`,
  );
  assert.equal((await action(id, { shelve: null, extra: 1 })).status, 400);
  await action(id, { shelve: null });
  await waitState(t.rt, id, 'shelved_offloaded');
  await waitSettled(t.rt, [id]);
  const again = await action(id, { shelve: null });
  assert.equal(again.status, 409);
  assert.equal(
    again.body.conflictingRequest.message,
    `Cannot 'shelve' instance ${id} while it is in vm_state shelved_offloaded`,
  );
  // 2.77: {} is not allowed, a zone must exist
  assert.equal((await action(id, { unshelve: {} }, demo, '2.77')).status, 400);
  const noZone = await action(id, { unshelve: { availability_zone: 'nowhere' } }, demo, '2.77');
  assert.equal(noZone.status, 400);
  assert.equal(noZone.body.badRequest.message, 'The requested availability zone is not available');
  // 2.91: host is admin-only, must exist and lie in the zone
  const notAdmin = await action(id, { unshelve: { host: 'compute-1' } }, demo, '2.91');
  assert.equal(notAdmin.status, 403, notAdmin.text);
  const noHost = await action(id, { unshelve: { host: 'no-such-host' } }, admin, '2.91');
  assert.equal(noHost.status, 400);
  assert.equal(noHost.body.badRequest.message, 'Compute host no-such-host could not be found.');
  const hostRow = await t.rt.store.db.selectFrom('compute_hosts').selectAll().orderBy('seq').executeTakeFirstOrThrow();
  const wrongAz = await t.request('POST', act(id), {
    token: admin,
    mv: '2.91',
    body: { unshelve: { host: hostRow.host, availability_zone: 'elsewhere' } },
  });
  // the zone is checked first (it does not exist)
  assert.equal(wrongAz.status, 400);
  // unpinning with null and a named host: the server lands on that host
  const ok = await action(id, { unshelve: { availability_zone: null, host: hostRow.host } }, admin, '2.91');
  assert.equal(ok.status, 202, ok.text);
  const row = await waitState(t.rt, id, 'active');
  await waitSettled(t.rt, [id]);
  assert.equal(row.host, hostRow.host);
  assert.equal(row.requested_availability_zone, null);
});

test('concurrent shelve requests: exactly one is accepted, one image remains', async () => {
  const id = await bootActive(t, demo, 'race');
  const rs = await Promise.all(Array.from({ length: 5 }, () => action(id, { shelve: null })));
  assert.deepEqual(rs.map((r) => r.status).sort(), [202, 409, 409, 409, 409]);
  await waitState(t.rt, id, 'shelved_offloaded');
  await waitSettled(t.rt, [id]);
  assert.equal((await images('race-shelved')).length, 1);
});

test('rescue → RESCUE with the adminPass, unrescue → ACTIVE; gates and rescue image checks', async () => {
  const id = await bootActive(t, demo, 'resc');
  const bad = await action(id, { rescue: { rescue_image_ref: 'a0b1c2d3-0000-4000-8000-000000000000' } });
  assert.equal(bad.status, 400);
  assert.equal(
    bad.body.badRequest.message,
    "Requested rescue image 'a0b1c2d3-0000-4000-8000-000000000000' is not supported",
  );
  const r = await action(id, { rescue: { adminPass: 'Rescue123' } });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.body, { adminPass: 'Rescue123' });
  await waitState(t.rt, id, 'rescued');
  await waitSettled(t.rt, [id]);
  const s = await show(id);
  assert.equal(s.status, 'RESCUE');
  assert.equal(s['OS-EXT-STS:power_state'], 1);
  const row = await findInstance(t.rt.store.db, id);
  assert.equal(driver.guestDetails(row?.host ?? '', id)?.rescueImage, row?.image_ref);
  const twice = await action(id, { rescue: null });
  assert.equal(twice.status, 409);
  assert.equal(twice.body.conflictingRequest.message, `Cannot 'rescue' instance ${id} while it is in vm_state rescued`);
  assert.deepEqual(await events(id, 'rescue'), [{ event: 'compute_rescue_instance', result: 'Success' }]);
  const u = await action(id, { unrescue: null });
  assert.equal(u.status, 202, u.text);
  await waitState(t.rt, id, 'active');
  await waitSettled(t.rt, [id]);
  assert.deepEqual(await events(id, 'unrescue'), [{ event: 'compute_unrescue_instance', result: 'Success' }]);
  assert.equal(driver.guestDetails(row?.host ?? '', id)?.rescueImage, undefined);
  const un2 = await action(id, { unrescue: null });
  assert.equal(un2.status, 409);
  // a generated password when none is given
  const gen = await action(id, { rescue: null });
  assert.equal(gen.status, 200);
  assert.equal(typeof gen.body.adminPass, 'string');
  assert.equal(gen.body.adminPass.length, 12);
  await waitState(t.rt, id, 'rescued');
  await waitSettled(t.rt, [id]);
});

test('[api] enable_instance_password false: rescue answers {}', async () => {
  const t2 = await startTestApp({ compute: { enableInstancePassword: false } });
  try {
    const d = await t2.tokenFor('demo');
    const id = await bootActive(t2, d, 'nopass');
    const r = await t2.request('POST', act(id), { token: d, body: { rescue: null } });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body, {});
  } finally {
    await t2.close();
  }
});

test('changePassword sets the guest password (ACTIVE only); os-server-password shows and clears', async () => {
  const id = await bootActive(t, demo, 'pw');
  assert.equal((await action(id, { changePassword: {} })).status, 400);
  const r = await action(id, { changePassword: { adminPass: 'Newpass1234' } });
  assert.equal(r.status, 202, r.text);
  assert.equal(r.text, '');
  await waitSettled(t.rt, [id]);
  const row = await waitState(t.rt, id, 'active');
  assert.equal(driver.guestDetails(row.host ?? '', id)?.adminPassword, 'Newpass1234');
  assert.deepEqual(await events(id, 'changePassword'), [{ event: 'compute_set_admin_password', result: 'Success' }]);
  await action(id, { 'os-stop': null });
  await waitState(t.rt, id, 'stopped');
  await waitSettled(t.rt, [id]);
  const stopped = await action(id, { changePassword: { adminPass: 'x' } });
  assert.equal(stopped.status, 409);
  assert.equal(
    stopped.body.conflictingRequest.message,
    `Cannot 'changePassword' instance ${id} while it is in vm_state stopped`,
  );

  const url = `/compute/v2.1/servers/${id}/os-server-password`;
  const empty = await t.request('GET', url, { token: demo });
  assert.equal(empty.status, 200);
  assert.deepEqual(empty.body, { password: '' });
  // what the metadata service stores for the guest: 4 chunks of 255 characters
  const long = 'x'.repeat(300);
  await storeServerPassword(t.rt, await ctxFor(t.rt, 'admin'), id, long);
  const md = await sysmeta(id);
  assert.equal(md.password_0?.length, 255);
  assert.equal(md.password_1, 'x'.repeat(45));
  assert.equal(md.password_2, '');
  assert.deepEqual((await t.request('GET', url, { token: demo })).body, { password: long });
  const other = await t.tokenFor('alt_demo').catch(() => null);
  if (other) assert.equal((await t.request('GET', url, { token: other })).status, 404);
  const del = await t.request('DELETE', url, { token: demo });
  assert.equal(del.status, 204);
  assert.deepEqual((await t.request('GET', url, { token: demo })).body, { password: '' });
  assert.equal((await sysmeta(id)).password_0, '');
  assert.equal(
    (
      await t.request('GET', `/compute/v2.1/servers/00000000-0000-4000-8000-000000000000/os-server-password`, {
        token: demo,
      })
    ).status,
    404,
  );
});

test('the extension list names os-shelve, os-rescue, os-admin-password, os-server-password', async () => {
  for (const [alias, name] of [
    ['os-shelve', 'Shelve'],
    ['os-rescue', 'Rescue'],
    ['os-admin-password', 'AdminPassword'],
    ['os-server-password', 'ServerPassword'],
  ]) {
    const r = await t.request('GET', `/compute/v2.1/extensions/${alias}`, { token: demo });
    assert.equal(r.status, 200, alias);
    assert.equal(r.body.extension.name, name);
  }
});

/** a hypervisor whose snapshot never returns: the agent is stopped under it, as in a crash */
class HangingSnapshotDriver extends FakeDriver {
  override snapshot(): Promise<Buffer> {
    return new Promise(() => undefined);
  }
}

test('an agent that dies mid-shelve: its restart finishes the shelve; out of attempts it fails cleanly', async () => {
  for (const attempts of [5, 1]) {
    const t2 = await startTestApp({ compute: { maxOperationAttempts: attempts } }, { agent: false });
    try {
      const svc = new InstanceService(t2.rt);
      const ctx = await ctxFor(t2.rt, 'demo');
      const first1 = new ComputeAgent(t2.rt, { agentId: 'agent-s', driver: new HangingSnapshotDriver(t2.rt) });
      await first1.start();
      const i = first((await svc.create(ctx, serverReq({ name: 'crash' }))).instances);
      await waitState(t2.rt, i.uuid, 'active');
      await waitSettled(t2.rt, [i.uuid]);
      await svc.shelve(fresh(ctx), i.uuid);
      await waitFor(async () => {
        const r = await findInstance(t2.rt.store.db, i.uuid);
        return r?.task_state === 'shelving_image_pending_upload';
      }, 'the shelve to reach the snapshot');
      await first1.stop({ drain: false });
      const again = new ComputeAgent(t2.rt, { agentId: 'agent-s' });
      await again.start();
      try {
        const imgs = () =>
          t2.rt.store.db.selectFrom('images').selectAll().where('name', '=', 'crash-shelved').execute();
        if (attempts > 1) {
          const row = await waitState(t2.rt, i.uuid, 'shelved_offloaded');
          await waitSettled(t2.rt, [i.uuid]);
          assert.equal(row.host, null);
          const im = await imgs();
          assert.equal(im.length, 1);
          assert.equal(first(im).status, 'active');
        } else {
          // settled: the task cleared, the server where it was, the unfinished image gone
          const row = await waitState(t2.rt, i.uuid, 'active');
          await waitSettled(t2.rt, [i.uuid]);
          assert.ok(row.host);
          assert.equal((await imgs()).length, 0);
        }
        const ev = await t2.rt.store.db
          .selectFrom('instance_action_events')
          .innerJoin('instance_actions', 'instance_actions.id', 'instance_action_events.action_id')
          .select(['result'])
          .where('instance_uuid', '=', i.uuid)
          .where('action', '=', 'shelve')
          .execute();
        assert.deepEqual(ev.map((e) => e.result).sort(), attempts > 1 ? ['Error', 'Success'] : ['Error']);
      } finally {
        await again.stop();
      }
    } finally {
      await t2.close();
    }
  }
});

test('deleting a shelved-offloaded server releases its ports and deletes its shelved image', async () => {
  const netId = (
    await t.rt.store.db.selectFrom('networks').select('id').where('name', '=', 'private').executeTakeFirstOrThrow()
  ).id;
  const c = await t.request('POST', '/compute/v2.1/servers', {
    token: demo,
    body: {
      server: {
        name: 'gone',
        imageRef: '6a1a3f1e-9a43-4c3f-9b7a-2b1f0f6e8c01',
        flavorRef: '1',
        networks: [{ uuid: netId }],
      },
    },
  });
  assert.equal(c.status, 202, c.text);
  const id = c.body.server.id as string;
  await waitState(t.rt, id, 'active');
  await waitSettled(t.rt, [id]);
  const ports = () => t.rt.store.db.selectFrom('ports').selectAll().where('device_id', '=', id).execute();
  assert.equal((await ports()).length, 1);
  await action(id, { shelve: null });
  await waitState(t.rt, id, 'shelved_offloaded');
  await waitSettled(t.rt, [id]);
  // offloaded: the port stays the server's, unbound
  const p = await ports();
  assert.equal(p.length, 1);
  assert.equal(first(p).binding_host_id, '');
  assert.equal((await images('gone-shelved')).length, 1);
  const d = await t.request('DELETE', `/compute/v2.1/servers/${id}`, { token: demo });
  assert.equal(d.status, 204, d.text);
  await waitFor(async () => (await findInstance(t.rt.store.db, id))?.deleted === 1, 'the delete');
  assert.equal((await ports()).length, 0);
  assert.equal((await images('gone-shelved')).length, 0);
});
