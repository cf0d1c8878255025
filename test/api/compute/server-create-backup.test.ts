/**
 * createBackup through the HTTP API, carried out by the in-process agent on the fake driver: a
 * real Glance image with image_type=backup, backup_type and instance_uuid; the 2.45 body and the
 * older Location header (none for rotation 0); rotation deleting the oldest backups of the same
 * server and type; Nova's 400/403/404/409.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { findInstance } from '../../../src/store/repositories/instance-repository.js';
import { insertServer, projectId } from './server-fixtures.js';
import { waitSettled, waitState } from './servers-engine-helpers.js';
import { CIRROS } from './servers-engine-helpers.js';

let t: TestApp;
let demo: string;
let alt: string;
let demoProject: string;
before(async () => {
  t = await startTestApp({
    seedUsers: [{ name: 'alt', password: 'secret', project: 'alt', roles: ['member', 'reader'] }],
  });
  demo = await t.tokenFor('demo');
  alt = await t.tokenFor('alt');
  demoProject = await projectId(t, 'demo');
});
after(async () => {
  await t.close();
});

const act = (id: string) => `/compute/v2.1/servers/${id}/action`;

async function boot(): Promise<string> {
  const r = await t.request('POST', '/compute/v2.1/servers', {
    token: demo,
    mv: '2.37',
    body: { server: { name: 'backup-src', imageRef: CIRROS, flavorRef: '1', networks: 'none' } },
  });
  assert.equal(r.status, 202, r.text);
  const id = r.body.server.id as string;
  await waitState(t.rt, id, 'active');
  await waitSettled(t.rt, [id]);
  return id;
}

/** the server's backup images of a type, by id */
async function backups(id: string, type: string): Promise<string[]> {
  const rows = await t.rt.store.db.selectFrom('images').select(['id', 'properties']).execute();
  return rows
    .filter((r) => {
      const p = JSON.parse(r.properties) as Record<string, unknown>;
      return p.instance_uuid === id && p.image_type === 'backup' && p.backup_type === type;
    })
    .map((r) => r.id);
}

async function backup(id: string, body: Record<string, unknown>, mv = '2.45') {
  const r = await t.request('POST', act(id), { token: demo, mv, body: { createBackup: body } });
  assert.equal(r.status, 202, r.text);
  await waitSettled(t.rt, [id]);
  return r;
}

test('createBackup (2.45): an active backup image with Nova’s properties, its action and event', async () => {
  const id = await boot();
  const r = await backup(id, { name: 'daily-1', backup_type: 'daily', rotation: 2, metadata: { k: 'v' } });
  const imageId = r.body.image_id as string;
  assert.match(imageId, /^[0-9a-f-]{36}$/);
  assert.equal(r.headers.location, undefined);
  const inst = await findInstance(t.rt.store.db, id);
  assert.deepEqual([inst?.vm_state, inst?.task_state], ['active', null]);
  const g = await t.request('GET', `/image/v2/images/${imageId}`, { token: demo });
  assert.equal(g.status, 200, g.text);
  const img = g.body as Record<string, unknown>;
  assert.equal(img.status, 'active');
  assert.equal(img.name, 'daily-1');
  assert.equal(img.owner, demoProject);
  assert.equal(img.image_type, 'backup');
  assert.equal(img.backup_type, 'daily');
  assert.equal(img.instance_uuid, id);
  assert.equal(img.k, 'v');
  const ev = await t.rt.store.db
    .selectFrom('instance_action_events')
    .innerJoin('instance_actions', 'instance_actions.id', 'instance_action_events.action_id')
    .select(['event', 'result'])
    .where('instance_uuid', '=', id)
    .where('action', '=', 'createBackup')
    .execute();
  assert.deepEqual(ev, [{ event: 'compute_backup_instance', result: 'Success' }]);
  const actions = await t.request('GET', `/compute/v2.1/servers/${id}/os-instance-actions`, { token: demo });
  assert.ok((actions.body.instanceActions as { action: string }[]).some((a) => a.action === 'createBackup'));
});

test('rotation keeps the newest backups of that server and type; rotation 0 deletes all', async () => {
  const id = await boot();
  const a = (await backup(id, { name: 'w1', backup_type: 'weekly', rotation: 2 })).body.image_id as string;
  const b = (await backup(id, { name: 'w2', backup_type: 'weekly', rotation: 2 })).body.image_id as string;
  const d = (await backup(id, { name: 'd1', backup_type: 'daily', rotation: 5 })).body.image_id as string;
  const c = (await backup(id, { name: 'w3', backup_type: 'weekly', rotation: '2' })).body.image_id as string;
  assert.deepEqual((await backups(id, 'weekly')).sort(), [b, c].sort(), 'the oldest weekly one went');
  assert.ok(!(await backups(id, 'weekly')).includes(a));
  assert.deepEqual(await backups(id, 'daily'), [d], 'another type is left alone');
  // rotation 0 before 2.45: 202 without a Location, and every weekly backup (the new one too) goes
  const zero = await backup(id, { name: 'w4', backup_type: 'weekly', rotation: 0 }, '2.1');
  assert.equal(zero.headers.location, undefined);
  assert.equal(zero.text, '');
  assert.deepEqual(await backups(id, 'weekly'), []);
  assert.deepEqual(await backups(id, 'daily'), [d]);
});

test('before 2.45: 202 with a Location naming the image', async () => {
  const id = await boot();
  const r = await backup(id, { name: 'old', backup_type: 'daily', rotation: 1 }, '2.44');
  assert.equal(r.text, '');
  const loc = String(r.headers.location);
  assert.match(loc, new RegExp(`/v2\\.1/${demoProject}/images/[0-9a-f-]{36}$`));
  assert.deepEqual(await backups(id, 'daily'), [loc.split('/').pop()]);
});

test("Nova's answers: bad body 400, another project's server 404, state 409, volume-backed 400", async () => {
  const id = await boot();
  const missing = await t.request('POST', act(id), {
    token: demo,
    body: { createBackup: { name: 'x', backup_type: 'daily' } },
  });
  assert.equal(missing.status, 400);
  assert.match(missing.body.badRequest.message, /'rotation' is a required property/);
  const negative = await t.request('POST', act(id), {
    token: demo,
    body: { createBackup: { name: 'x', backup_type: 'daily', rotation: -1 } },
  });
  assert.equal(negative.status, 400, negative.text);
  const word = await t.request('POST', act(id), {
    token: demo,
    body: { createBackup: { name: 'x', backup_type: 'daily', rotation: 'two' } },
  });
  assert.equal(word.status, 400, word.text);
  const extra = await t.request('POST', act(id), {
    token: demo,
    body: { createBackup: { name: 'x', backup_type: 'daily', rotation: 1, bogus: 1 } },
  });
  assert.equal(extra.status, 400);
  const other = await t.request('POST', act(id), {
    token: alt,
    body: { createBackup: { name: 'x', backup_type: 'daily', rotation: 1 } },
  });
  assert.equal(other.status, 404, other.text);
  const busy = await insertServer(t, demoProject, {
    host: 'nowhere-host',
    node: 'nowhere-host',
    task_state: 'pausing',
  });
  const r = await t.request('POST', act(busy.uuid), {
    token: demo,
    body: { createBackup: { name: 'x', backup_type: 'daily', rotation: 1 } },
  });
  assert.equal(r.status, 409, r.text);
  assert.match(
    r.body.conflictingRequest.message,
    /Cannot 'createBackup' instance .* while it is in task_state pausing/,
  );
  const stuck = await insertServer(t, demoProject, { host: 'nowhere-host', node: 'nowhere-host', vm_state: 'error' });
  const e = await t.request('POST', act(stuck.uuid), {
    token: demo,
    body: { createBackup: { name: 'x', backup_type: 'daily', rotation: 1 } },
  });
  assert.equal(e.status, 409);
  assert.match(e.body.conflictingRequest.message, /while it is in vm_state error/);
  const volumeBacked = await insertServer(t, demoProject, {
    host: 'nowhere-host',
    node: 'nowhere-host',
    image_ref: '',
  });
  const vol = await t.request('POST', act(volumeBacked.uuid), {
    token: demo,
    body: { createBackup: { name: 'x', backup_type: 'daily', rotation: 1 } },
  });
  assert.equal(vol.status, 400, vol.text);
  assert.equal(vol.body.badRequest.message, 'Backup is not supported for volume-backed instances.');
  assert.deepEqual(await backups(busy.uuid, 'daily'), []);
});

test('a locked server can still be backed up by its owner (compute/api.py backup checks no lock)', async () => {
  const id = await boot();
  const lock = await t.request('POST', act(id), { token: demo, body: { lock: null } });
  assert.equal(lock.status, 202, lock.text);
  const r = await backup(id, { name: 'locked-1', backup_type: 'locked', rotation: 1 });
  assert.deepEqual(await backups(id, 'locked'), [r.body.image_id]);
});
