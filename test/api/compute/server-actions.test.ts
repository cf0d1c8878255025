import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { insertServer, projectId } from './server-fixtures.js';

let t: TestApp;
let demo: string;
let demoProject: string;
before(async () => {
  t = await startTestApp({}, { agent: false });
  demo = await t.tokenFor('demo');
  demoProject = await projectId(t, 'demo');
});
after(async () => {
  await t.close();
});

const act = (id: string) => `/compute/v2.1/servers/${id}/action`;

test('action bodies need exactly one known key', async () => {
  const row = await insertServer(t, demoProject);
  const two = await t.request('POST', act(row.uuid), { token: demo, body: { 'os-start': null, 'os-stop': null } });
  assert.equal(two.status, 400);
  assert.equal(two.body.badRequest.message, 'Malformed request body');
  const none = await t.request('POST', act(row.uuid), { token: demo, body: {} });
  assert.equal(none.body.badRequest.message, 'Malformed request body');
  const unknown = await t.request('POST', act(row.uuid), { token: demo, body: { fly: null } });
  assert.equal(unknown.status, 400);
  assert.equal(unknown.body.badRequest.message, 'There is no such action: fly');
});

test('os-getConsoleOutput returns exactly N lines from the boot log; more without length; 404 elsewhere', async () => {
  const row = await insertServer(t, demoProject);
  await t.rt.store.db
    .insertInto('instance_actions')
    .values({
      id: 'ca1',
      instance_uuid: row.uuid,
      request_id: 'req-c1',
      action: 'create',
      project_id: demoProject,
      user_id: 'u',
      start_time: row.created_at,
      finish_time: null,
      message: null,
      updated_at: row.created_at,
    })
    .execute();
  const r = await t.request('POST', act(row.uuid), { token: demo, body: { 'os-getConsoleOutput': { length: 5 } } });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.output.split('\n').length, 5);
  assert.match(r.body.output, new RegExp(`${row.hostname} login: $`));
  const all = await t.request('POST', act(row.uuid), { token: demo, body: { 'os-getConsoleOutput': {} } });
  assert.ok(all.body.output.split('\n').length > 5);
  assert.match(all.body.output, new RegExp(`iid=${row.uuid}`));
  const str = await t.request('POST', act(row.uuid), { token: demo, body: { 'os-getConsoleOutput': { length: '3' } } });
  assert.equal(str.body.output.split('\n').length, 3);
  const bad = await t.request('POST', act(row.uuid), { token: demo, body: { 'os-getConsoleOutput': { length: 'x' } } });
  assert.equal(bad.status, 400);
  const other = await insertServer(t, await projectId(t, 'admin'));
  assert.equal(
    (await t.request('POST', act(other.uuid), { token: demo, body: { 'os-getConsoleOutput': { length: 1 } } })).status,
    404,
  );
  const unscheduled = await insertServer(t, demoProject, { host: null, vm_state: 'building' });
  assert.equal(
    (await t.request('POST', act(unscheduled.uuid), { token: demo, body: { 'os-getConsoleOutput': { length: 1 } } }))
      .status,
    409,
  );
});

test("lifecycle actions on another project's server are 404; bad reboot type 400 before lookup", async () => {
  const other = await insertServer(t, await projectId(t, 'admin'));
  for (const body of [
    { 'os-stop': null },
    { 'os-start': null },
    { reboot: { type: 'SOFT' } },
    { lock: null },
    { unlock: null },
  ]) {
    const r = await t.request('POST', act(other.uuid), { token: demo, body });
    assert.equal(r.status, 404, JSON.stringify(body));
    assert.equal(r.body.itemNotFound.message, `Instance ${other.uuid} could not be found.`);
  }
  const bad = await t.request('POST', act(other.uuid), { token: demo, body: { reboot: { type: 'SIDEWAYS' } } });
  assert.equal(bad.status, 400);
  const reason = await t.request('POST', act(other.uuid), {
    token: demo,
    mv: '2.73',
    body: { lock: { locked_reason: 'x', extra: 1 } },
  });
  assert.equal(reason.status, 400);
});
