import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { startTestApp, waitFor, type TestApp } from '../../helpers/app.js';

let t: TestApp;
let admin: string;
let demo: string;
let alt: string;
const V = '/volume/v3';
const mv = (v: string) => ({ 'openstack-api-version': `volume ${v}` });
const H = mv('3.70');

before(async () => {
  t = await startTestApp({ blockStorage: { quotas: { volumes: 40, gigabytes: 200 }, poolCapacityGb: 400 } });
  admin = await t.tokenFor('admin');
  demo = await t.tokenFor('demo');
  alt = await t.tokenFor('alt_demo').catch(() => admin);
});
after(async () => {
  await t.close();
});

async function volume(extra: Record<string, unknown> = {}, token = demo): Promise<string> {
  const r = await t.request('POST', `${V}/volumes`, { token, body: { volume: { size: 1, ...extra } } });
  assert.equal(r.status, 202, r.text);
  const id = r.body.volume.id as string;
  await waitFor(async () => {
    const s = await t.request('GET', `${V}/volumes/${id}`, { token });
    return s.body?.volume?.status === 'available';
  }, `volume ${id} available`);
  return id;
}

const show = async (id: string, token = demo) =>
  (await t.request('GET', `${V}/volumes/${id}`, { token, headers: H })).body.volume;
const attachments = async (volumeId: string) =>
  t.rt.store.db.selectFrom('volume_attachments').selectAll().where('volume_id', '=', volumeId).execute();

test('attachments API: reserve → update (attaching) → os-complete (in-use) → delete (available), with Cinder bodies', async () => {
  const v = await volume();
  const server = randomUUID();
  const c = await t.request('POST', `${V}/attachments`, {
    token: demo,
    headers: H,
    body: { attachment: { volume_uuid: v, instance_uuid: server } },
  });
  assert.equal(c.status, 200, c.text);
  const a = c.body.attachment;
  assert.deepEqual(a, {
    id: a.id,
    status: 'reserved',
    instance: server,
    volume_id: v,
    attached_at: '',
    detached_at: '',
    attach_mode: 'null',
    connection_info: {},
  });
  assert.equal((await show(v)).status, 'reserved');
  assert.deepEqual((await show(v)).attachments, []);

  // a second reservation of a volume that is not multiattach: Cinder's 400
  const again = await t.request('POST', `${V}/attachments`, {
    token: demo,
    headers: H,
    body: { attachment: { volume_uuid: v, instance_uuid: randomUUID() } },
  });
  assert.equal(again.status, 400);
  assert.equal(
    again.body.badRequest.message,
    `Invalid volume: Volume ${v} status must be available or downloading to reserve, but the current status is reserved.`,
  );

  const u = await t.request('PUT', `${V}/attachments/${a.id}`, {
    token: demo,
    headers: H,
    body: { attachment: { connector: { host: 'h1', mountpoint: '/dev/vdb', initiator: 'iqn' } } },
  });
  assert.equal(u.status, 200, u.text);
  assert.equal(u.body.attachment.connection_info.driver_volume_type, 'iscsi');
  assert.equal(u.body.attachment.connection_info.attachment_id, a.id);
  assert.equal((await show(v)).status, 'attaching');

  const done = await t.request('POST', `${V}/attachments/${a.id}/action`, {
    token: demo,
    headers: H,
    body: { 'os-complete': null },
  });
  assert.equal(done.status, 204);
  const inUse = await show(v);
  assert.equal(inUse.status, 'in-use');
  assert.equal(inUse.attachments.length, 1);
  assert.deepEqual(
    { ...inUse.attachments[0], attached_at: null },
    {
      id: v,
      attachment_id: a.id,
      volume_id: v,
      server_id: server,
      host_name: null,
      device: '/dev/vdb',
      attached_at: null,
    },
  );
  // admins see the host
  assert.equal((await show(v, admin)).attachments[0].host_name, 'h1');
  // list (summary) with a filter, detail
  const list = await t.request('GET', `${V}/attachments?volume_id=${v}`, { token: demo, headers: H });
  assert.deepEqual(list.body, { attachments: [{ id: a.id, status: 'attached', instance: server, volume_id: v }] });
  const detail = await t.request('GET', `${V}/attachments/detail?instance_id=${server}`, { token: demo, headers: H });
  assert.equal(detail.body.attachments[0].attach_mode, 'rw');
  // an in-use volume cannot be deleted
  const del = await t.request('DELETE', `${V}/volumes/${v}`, { token: demo });
  assert.equal(del.status, 400);

  const gone = await t.request('DELETE', `${V}/attachments/${a.id}`, { token: demo, headers: H });
  assert.equal(gone.status, 200, gone.text);
  assert.deepEqual(gone.body, { attachments: [] });
  assert.equal((await show(v)).status, 'available');
  assert.equal((await attachments(v)).length, 0);
});

test('attachments: 404s, microversion gates, schema errors, other projects', async () => {
  const missing = await t.request('GET', `${V}/attachments/nope`, { token: demo, headers: H });
  assert.deepEqual(missing.body, {
    itemNotFound: { code: 404, message: 'Volume attachment could not be found with filter: attachment_id = nope.' },
  });
  const old = await t.request('GET', `${V}/attachments`, { token: demo });
  assert.equal(old.status, 404);
  assert.deepEqual(old.body, { itemNotFound: { code: 404, message: 'The resource could not be found.' } });
  const noVol = randomUUID();
  const nv = await t.request('POST', `${V}/attachments`, {
    token: demo,
    headers: H,
    body: { attachment: { volume_uuid: noVol } },
  });
  assert.deepEqual(nv.body, { itemNotFound: { code: 404, message: `Volume ${noVol} could not be found.` } });
  const bad = await t.request('POST', `${V}/attachments`, { token: demo, headers: H, body: { attachment: {} } });
  assert.equal(bad.status, 400);
  assert.equal(
    bad.body.badRequest.message,
    "Invalid input for field/attribute attachment. Value: {}. 'volume_uuid' is a required property",
  );
  // another project's attachment is not found
  const v = await volume({}, admin);
  const a = await t.request('POST', `${V}/attachments`, {
    token: admin,
    headers: H,
    body: { attachment: { volume_uuid: v } },
  });
  assert.equal(a.status, 200);
  const other = await t.request('GET', `${V}/attachments/${a.body.attachment.id}`, { token: demo, headers: H });
  assert.equal(other.status, 404);
  const mine = await t.request('GET', `${V}/attachments`, { token: demo, headers: H });
  assert.ok(!mine.body.attachments.some((x: { id: string }) => x.id === a.body.attachment.id));
  await t.request('DELETE', `${V}/attachments/${a.body.attachment.id}`, { token: admin, headers: H });
  void alt;
});

test('race: N reservations of one volume at once → exactly one wins, the volume is reserved once', async () => {
  const v = await volume();
  const rs = await Promise.all(
    Array.from({ length: 6 }, () =>
      t.request('POST', `${V}/attachments`, {
        token: demo,
        headers: H,
        body: { attachment: { volume_uuid: v, instance_uuid: randomUUID() } },
      }),
    ),
  );
  assert.deepEqual(rs.map((r) => r.status).sort(), [200, 400, 400, 400, 400, 400]);
  assert.equal((await attachments(v)).length, 1);
  assert.equal((await show(v)).status, 'reserved');
});

test('multiattach: a multiattach volume takes two servers; the last detach leaves it available', async () => {
  const v = await volume({ multiattach: true });
  const ids: string[] = [];
  for (const host of ['h1', 'h2']) {
    const c = await t.request('POST', `${V}/attachments`, {
      token: demo,
      headers: H,
      body: { attachment: { volume_uuid: v, instance_uuid: randomUUID(), connector: { host, initiator: 'i' } } },
    });
    assert.equal(c.status, 200, c.text);
    assert.equal(c.body.attachment.status, 'attaching');
    ids.push(c.body.attachment.id);
    await t.request('POST', `${V}/attachments/${c.body.attachment.id}/action`, {
      token: demo,
      headers: H,
      body: { 'os-complete': null },
    });
  }
  const both = await show(v);
  assert.equal(both.status, 'in-use');
  assert.equal(both.attachments.length, 2);
  await t.request('DELETE', `${V}/attachments/${ids[0]}`, { token: demo, headers: H });
  assert.equal((await show(v)).status, 'in-use');
  await t.request('DELETE', `${V}/attachments/${ids[1]}`, { token: demo, headers: H });
  assert.equal((await show(v)).status, 'available');
});

test('old volume actions: os-reserve/os-unreserve, os-attach, begin/roll detaching, os-detach, connections', async () => {
  const v = await volume();
  const act = (body: Record<string, unknown>) => t.request('POST', `${V}/volumes/${v}/action`, { token: demo, body });
  assert.equal((await act({ 'os-reserve': {} })).status, 202);
  assert.equal((await show(v)).status, 'attaching');
  const twice = await act({ 'os-reserve': {} });
  assert.equal(twice.status, 400);
  assert.equal(
    twice.body.badRequest.message,
    'Invalid volume: Volume status must be available to reserve, but the status is attaching.',
  );
  assert.equal((await act({ 'os-unreserve': {} })).status, 202);
  assert.equal((await show(v)).status, 'available');
  const nb = await act({ 'os-begin_detaching': {} });
  assert.equal(nb.status, 400);
  assert.equal(
    nb.body.badRequest.message,
    "Invalid volume: Unable to detach volume. Volume status must be 'in-use' and attach_status must be 'attached' to detach.",
  );
  const server = randomUUID();
  const noTarget = await act({ 'os-attach': { mountpoint: '/dev/vdc' } });
  assert.equal(noTarget.status, 400);
  assert.equal((await act({ 'os-attach': { instance_uuid: server, mountpoint: '/dev/vdc' } })).status, 202);
  const attached = await show(v);
  assert.equal(attached.status, 'in-use');
  assert.equal(attached.attachments[0].device, '/dev/vdc');
  assert.equal((await act({ 'os-begin_detaching': {} })).status, 202);
  assert.equal((await show(v)).status, 'detaching');
  assert.equal((await act({ 'os-roll_detaching': {} })).status, 202);
  assert.equal((await show(v)).status, 'in-use');
  const ic = await act({ 'os-initialize_connection': { connector: { host: 'h1', initiator: 'iqn' } } });
  assert.equal(ic.status, 200);
  assert.equal(ic.body.connection_info.driver_volume_type, 'iscsi');
  const det = await act({ 'os-detach': { attachment_id: attached.attachments[0].attachment_id } });
  assert.equal(det.status, 202, det.text);
  assert.equal((await show(v)).status, 'available');
  assert.equal((await act({ 'os-terminate_connection': { connector: { host: 'h1' } } })).status, 202);
});

test('a type with multiattach="<is> True" makes its volumes multiattach: two reservations both succeed', async () => {
  const ty = await t.request('POST', `${V}/types`, {
    token: admin,
    body: { volume_type: { name: 'multi', extra_specs: { multiattach: '<is> True' } } },
  });
  assert.equal(ty.status, 200, ty.text);
  const v = await volume({ volume_type: 'multi' });
  assert.equal((await show(v)).multiattach, true);
  for (let i = 0; i < 2; i++) {
    const c = await t.request('POST', `${V}/attachments`, {
      token: demo,
      headers: H,
      body: { attachment: { volume_uuid: v, instance_uuid: randomUUID(), connector: { host: `h${i}` } } },
    });
    assert.equal(c.status, 200, c.text);
    await t.request('POST', `${V}/attachments/${c.body.attachment.id}/action`, {
      token: demo,
      headers: H,
      body: { 'os-complete': null },
    });
  }
  assert.equal((await show(v)).attachments.length, 2);
});

test('os-force_detach (admin): detaches from an error volume; unknown attachment 400; members 403', async () => {
  const v = await volume();
  const act = (body: Record<string, unknown>, token = admin) =>
    t.request('POST', `${V}/volumes/${v}/action`, { token, body });
  assert.equal((await act({ 'os-attach': { instance_uuid: randomUUID(), mountpoint: '/dev/vdb' } }, demo)).status, 202);
  const attachment = (await show(v)).attachments[0].attachment_id as string;
  assert.equal((await act({ 'os-reset_status': { status: 'error' } })).status, 202);

  const member = await act({ 'os-force_detach': { attachment_id: attachment } }, demo);
  assert.deepEqual(member.body, {
    forbidden: {
      code: 403,
      message: "Policy doesn't allow volume_extension:volume_admin_actions:force_detach to be performed.",
    },
  });
  const stray = await act({ 'os-force_detach': { attachment_id: attachment, bogus: 1 } });
  assert.equal(stray.status, 400);
  const unknown = randomUUID();
  const missing = await act({ 'os-force_detach': { connector: null, attachment_id: unknown } });
  assert.deepEqual(missing.body, {
    badRequest: {
      code: 400,
      message: `Error force detaching volume - VolumeAttachmentNotFound: Volume attachment could not be found with filter: attachment_id = ${unknown}.`,
    },
  });
  assert.equal((await show(v)).status, 'error');

  const ok = await act({ 'os-force_detach': { connector: null, attachment_id: attachment } });
  assert.equal(ok.status, 202);
  const after = await show(v);
  assert.equal(after.status, 'available');
  assert.deepEqual(after.attachments, []);
  assert.equal((await attachments(v)).length, 0);
});
