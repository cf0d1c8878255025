import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sampleKeys } from '../../helpers/nova-samples.js';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { insertServer, projectId } from './server-fixtures.js';
import type { InstancesTable } from '../../../src/store/tables/instances.table.js';

let t: TestApp;
let admin: string;
let demo: string;
let srv: InstancesTable;
let gone: InstancesTable;
before(async () => {
  t = await startTestApp({}, { agent: false });
  admin = await t.tokenFor('admin');
  demo = await t.tokenFor('demo');
  const p = await projectId(t, 'demo');
  srv = await insertServer(t, p);
  gone = await insertServer(t, p, { deleted: 1, vm_state: 'deleted' });
  const db = t.rt.store.db;
  const acts = [
    ['a1', 'req-1', 'create', '2026-01-01T00:00:01.000Z'],
    ['a2', 'req-2', 'stop', '2026-01-01T00:00:02.000Z'],
    ['a3', 'req-3', 'start', '2026-01-01T00:00:03.000Z'],
  ] as const;
  for (const [id, req, action, at] of acts) {
    await db
      .insertInto('instance_actions')
      .values({
        id,
        instance_uuid: srv.uuid,
        request_id: req,
        action,
        project_id: p,
        user_id: 'u-1',
        start_time: at,
        finish_time: at,
        message: null,
        updated_at: at,
      })
      .execute();
  }
  await db
    .insertInto('instance_action_events')
    .values({
      id: 'e1',
      action_id: 'a2',
      event: 'compute_stop_instance',
      start_time: '2026-01-01T00:00:02.100Z',
      finish_time: '2026-01-01T00:00:02.200Z',
      result: 'Success',
      traceback: null,
      host: 'compute-1',
      details: null,
    })
    .execute();
  await db
    .insertInto('instance_actions')
    .values({
      id: 'g1',
      instance_uuid: gone.uuid,
      request_id: 'req-g',
      action: 'delete',
      project_id: p,
      user_id: 'u-1',
      start_time: '2026-01-01T00:00:05.000Z',
      finish_time: null,
      message: null,
      updated_at: '2026-01-01T00:00:05.000Z',
    })
    .execute();
});
after(async () => {
  await t.close();
});

const A = (id: string) => `/compute/v2.1/servers/${id}/os-instance-actions`;

test('list is newest first with the sample fields; 2.58 adds updated_at', async () => {
  const r = await t.request('GET', A(srv.uuid), { token: demo });
  assert.equal(r.status, 200);
  assert.deepEqual(
    r.body.instanceActions.map((a: { action: string }) => a.action),
    ['start', 'stop', 'create'],
  );
  assert.deepEqual(
    Object.keys(r.body.instanceActions[0]).sort(),
    sampleKeys('os-instance-actions', 'instance-actions-list-resp.json'),
  );
  assert.equal(r.body.instanceActions[0].start_time, '2026-01-01T00:00:03.000000');
  const r58 = await t.request('GET', A(srv.uuid), { token: demo, mv: '2.58' });
  assert.deepEqual(
    Object.keys(r58.body.instanceActions[0]).sort(),
    sampleKeys('os-instance-actions', 'v2.58/instance-actions-list-resp.json'),
  );
});

test('2.58 limit/marker paging with links; unknown marker 400; changes-since filters', async () => {
  const p1 = await t.request('GET', `${A(srv.uuid)}?limit=2`, { token: demo, mv: '2.58' });
  assert.deepEqual(
    p1.body.instanceActions.map((a: { request_id: string }) => a.request_id),
    ['req-3', 'req-2'],
  );
  const next = new URL(p1.body.links[0].href);
  assert.equal(next.searchParams.get('marker'), 'req-2');
  const p2 = await t.request('GET', `${A(srv.uuid)}${next.search}`, { token: demo, mv: '2.58' });
  assert.deepEqual(
    p2.body.instanceActions.map((a: { request_id: string }) => a.request_id),
    ['req-1'],
  );
  const bad = await t.request('GET', `${A(srv.uuid)}?marker=req-x`, { token: demo, mv: '2.58' });
  assert.equal(bad.status, 400);
  const cs = await t.request('GET', `${A(srv.uuid)}?changes-since=2026-01-01T00:00:02Z`, { token: demo, mv: '2.58' });
  assert.deepEqual(
    cs.body.instanceActions.map((a: { request_id: string }) => a.request_id),
    ['req-3', 'req-2'],
  );
  assert.equal((await t.request('GET', `${A(srv.uuid)}?limit=1`, { token: demo, mv: '2.57' })).body.links, undefined);
  assert.equal(
    (await t.request('GET', `${A(srv.uuid)}?changes-before=2026-01-01T00:00:02Z`, { token: demo, mv: '2.58' })).status,
    400,
  );
});

test('show: events for admins with traceback, none for members before 2.51, without traceback from 2.51; hostId 2.62', async () => {
  const a = await t.request('GET', `${A(srv.uuid)}/req-2`, { token: admin });
  assert.equal(a.status, 200);
  assert.deepEqual(
    Object.keys(a.body.instanceAction.events[0]).sort(),
    sampleKeys('os-instance-actions', 'instance-action-get-resp.json'),
  );
  const m50 = await t.request('GET', `${A(srv.uuid)}/req-2`, { token: demo, mv: '2.50' });
  assert.equal('events' in m50.body.instanceAction, false);
  const m84 = await t.request('GET', `${A(srv.uuid)}/req-2`, { token: demo, mv: '2.84' });
  assert.deepEqual(
    Object.keys(m84.body.instanceAction.events[0]).sort(),
    sampleKeys('os-instance-actions', 'v2.84/instance-action-get-non-admin-resp.json'),
  );
  const a84 = await t.request('GET', `${A(srv.uuid)}/req-2`, { token: admin, mv: '2.84' });
  assert.deepEqual(
    Object.keys(a84.body.instanceAction.events[0]).sort(),
    sampleKeys('os-instance-actions', 'v2.84/instance-action-get-resp.json'),
  );
  const missing = await t.request('GET', `${A(srv.uuid)}/req-nope`, { token: demo });
  assert.equal(missing.status, 404);
  assert.equal(missing.body.itemNotFound.message, 'Action req-nope not found');
});

test('deleted servers: 404 before 2.21, readable from 2.21; other projects 404', async () => {
  assert.equal((await t.request('GET', A(gone.uuid), { token: demo, mv: '2.20' })).status, 404);
  const r = await t.request('GET', A(gone.uuid), { token: demo, mv: '2.21' });
  assert.equal(r.status, 200);
  assert.equal(r.body.instanceActions[0].action, 'delete');
  const adminProject = await projectId(t, 'admin');
  const other = await insertServer(t, adminProject);
  assert.equal((await t.request('GET', A(other.uuid), { token: demo })).status, 404);
});
