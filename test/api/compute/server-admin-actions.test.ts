/**
 * trigger_crash_dump (2.17), injectNetworkInfo (admin) and the removed resetNetwork (410), with
 * the answers the real Nova (Zed) gives: the version gate's 404, the schema's 400, the lock's and
 * the state's 409, the rule's 403, and the instance action with its compute event.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, waitFor, type TestApp } from '../../helpers/app.js';
import { insertServer, projectId } from './server-fixtures.js';
import { CIRROS, waitSettled, waitState } from './servers-engine-helpers.js';

let t: TestApp;
let demo: string;
let admin: string;
let alt: string;
let demoProject: string;
before(async () => {
  t = await startTestApp({
    seedUsers: [{ name: 'alt', password: 'secret', project: 'alt', roles: ['member', 'reader'] }],
  });
  demo = await t.tokenFor('demo');
  admin = await t.tokenFor('admin');
  alt = await t.tokenFor('alt');
  demoProject = await projectId(t, 'demo');
});
after(async () => {
  await t.close();
});

const act = (id: string) => `/compute/v2.1/servers/${id}/action`;
const post = (id: string, body: unknown, opts: { token?: string; mv?: string } = {}) =>
  t.request('POST', act(id), { token: opts.token ?? demo, mv: opts.mv ?? '2.17', body });

async function boot(): Promise<string> {
  const r = await t.request('POST', '/compute/v2.1/servers', {
    token: demo,
    mv: '2.37',
    body: { server: { name: 'dump-src', imageRef: CIRROS, flavorRef: '1', networks: 'none' } },
  });
  assert.equal(r.status, 202, r.text);
  const id = r.body.server.id as string;
  await waitState(t.rt, id, 'active');
  await waitSettled(t.rt, [id]);
  return id;
}

test('trigger_crash_dump: 202, the action and its compute_trigger_crash_dump event', async () => {
  const id = await boot();
  const r = await post(id, { trigger_crash_dump: null });
  assert.equal(r.status, 202, r.text);
  assert.equal(r.text, '');
  await waitSettled(t.rt, [id]);
  const list = await t.request('GET', `/compute/v2.1/servers/${id}/os-instance-actions`, { token: demo, mv: '2.21' });
  const entry = (list.body.instanceActions as { action: string; request_id: string }[]).find(
    (a) => a.action === 'trigger_crash_dump',
  );
  assert.ok(entry, list.text);
  const events = await waitFor(async () => {
    const show = await t.request('GET', `/compute/v2.1/servers/${id}/os-instance-actions/${entry.request_id}`, {
      token: admin,
      mv: '2.51',
    });
    const evs = show.body.instanceAction.events as { event: string; result: string | null }[];
    return evs.length > 0 && evs.every((e) => e.result) ? evs : null;
  }, 'the crash dump event');
  assert.deepEqual(
    events.map((e) => [e.event, e.result]),
    [['compute_trigger_crash_dump', 'Success']],
  );
  const inst = await t.request('GET', `/compute/v2.1/servers/${id}`, { token: demo });
  assert.equal(inst.body.server.status, 'ACTIVE');
});

test('trigger_crash_dump: 404 below 2.17, schema 400, 404 elsewhere, lock/state/host 409', async () => {
  const srv = await insertServer(t, demoProject, { host: 'nowhere-host', node: 'nowhere-host' });
  const old = await post(srv.uuid, { trigger_crash_dump: null }, { mv: '2.16' });
  assert.equal(old.status, 404, old.text);
  assert.equal(old.body.itemNotFound.message, 'The resource could not be found.');
  const bad = await post(srv.uuid, { trigger_crash_dump: {} });
  assert.equal(bad.status, 400);
  assert.equal(
    bad.body.badRequest.message,
    "Invalid input for field/attribute trigger_crash_dump. Value: {}. {} is not of type 'null'",
  );
  const other = await post(srv.uuid, { trigger_crash_dump: null }, { token: alt });
  assert.equal(other.status, 404);
  const stopped = await insertServer(t, demoProject, { host: 'nowhere-host', vm_state: 'stopped', power_state: 4 });
  const s = await post(stopped.uuid, { trigger_crash_dump: null });
  assert.equal(s.status, 409);
  assert.equal(
    s.body.conflictingRequest.message,
    `Cannot 'trigger_crash_dump' instance ${stopped.uuid} while it is in vm_state stopped`,
  );
  const locked = await insertServer(t, demoProject, { host: 'nowhere-host', locked: 1, locked_by: 'owner' });
  const l = await post(locked.uuid, { trigger_crash_dump: null });
  assert.equal(l.status, 409);
  assert.equal(l.body.conflictingRequest.message, `Instance ${locked.uuid} is locked`);
  const hostless = await insertServer(t, demoProject, { host: null, node: null });
  const h = await post(hostless.uuid, { trigger_crash_dump: null });
  assert.equal(h.status, 409);
  assert.equal(h.body.conflictingRequest.message, `Instance ${hostless.uuid} is not ready`);
  // nothing was recorded for the refused requests
  const rows = await t.rt.store.db
    .selectFrom('instance_actions')
    .select('instance_uuid')
    .where('action', '=', 'trigger_crash_dump')
    .where('instance_uuid', 'in', [srv.uuid, stopped.uuid, locked.uuid, hostless.uuid])
    .execute();
  assert.deepEqual(rows, []);
});

test('injectNetworkInfo: admin only (403), 202 in any state, an admin passes the lock', async () => {
  const srv = await insertServer(t, demoProject, { host: 'nowhere-host', vm_state: 'stopped' });
  const member = await post(srv.uuid, { injectNetworkInfo: null }, { mv: '2.1' });
  assert.equal(member.status, 403);
  assert.equal(
    member.body.forbidden.message,
    "Policy doesn't allow os_compute_api:os-admin-actions:inject_network_info to be performed.",
  );
  const ok = await post(srv.uuid, { injectNetworkInfo: null }, { mv: '2.1', token: admin });
  assert.equal(ok.status, 202, ok.text);
  const locked = await insertServer(t, demoProject, { host: 'nowhere-host', locked: 1, locked_by: 'admin' });
  const l = await post(locked.uuid, { injectNetworkInfo: null }, { mv: '2.1', token: admin });
  assert.equal(l.status, 202, 'an admin passes the lock');
  const missing = await post('8d7a4bb1-5bd0-4a0c-a5c3-8b8e0d3fbd21', { injectNetworkInfo: null }, { token: admin });
  assert.equal(missing.status, 404);
});

test('resetNetwork: 410 Gone at every version, before any lookup', async () => {
  for (const mv of ['2.1', '2.96']) {
    const r = await post('no-such-server', { resetNetwork: null }, { mv });
    assert.equal(r.status, 410, r.text);
    assert.deepEqual(r.body, {
      computeFault: { code: 410, message: 'This resource is no longer available. No forwarding address is given.' },
    });
  }
});
