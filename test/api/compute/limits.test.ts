import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { insertServer, projectId } from './server-fixtures.js';

let t: TestApp;
let admin: string;
let demo: string;
let demoProject: string;
before(async () => {
  t = await startTestApp({ quotas: { instances: 7 } }, { agent: false });
  admin = await t.tokenFor('admin');
  demo = await t.tokenFor('demo');
  demoProject = await projectId(t, 'demo');
});
after(async () => {
  await t.close();
});

const L = '/compute/v2.1/limits';

test('absolute limits come from config and the quotas table; usage counts live instances only', async () => {
  await insertServer(t, demoProject, { vcpus: 2, memory_mb: 1024 });
  await insertServer(t, demoProject, { vcpus: 4, memory_mb: 2048 });
  await insertServer(t, demoProject, { vcpus: 8, memory_mb: 4096, deleted: 1, vm_state: 'deleted' });
  await t.rt.store.db
    .insertInto('quotas')
    .values({ project_id: demoProject, resource: 'cores', hard_limit: 33 })
    .execute();
  const r = await t.request('GET', L, { token: demo });
  assert.equal(r.status, 200, r.text);
  const a = r.body.limits.absolute;
  assert.equal(a.maxTotalInstances, 7);
  assert.equal(a.maxTotalCores, 33);
  assert.equal(a.totalInstancesUsed, 2);
  assert.equal(a.totalCoresUsed, 6);
  assert.equal(a.totalRAMUsed, 3072);
  assert.deepEqual(r.body.limits.rate, []);
  assert.ok('maxSecurityGroups' in a && 'maxImageMeta' in a && 'maxPersonality' in a);
});

test('network keys vanish at 2.36, image meta at 2.39, personality at 2.57', async () => {
  const a36 = (await t.request('GET', L, { token: demo, mv: '2.36' })).body.limits.absolute;
  assert.equal('maxSecurityGroups' in a36, false);
  assert.equal('maxImageMeta' in a36, true);
  const a57 = (await t.request('GET', L, { token: demo, mv: '2.57' })).body.limits.absolute;
  assert.deepEqual(Object.keys(a57).sort(), [
    'maxServerGroupMembers',
    'maxServerGroups',
    'maxServerMeta',
    'maxTotalCores',
    'maxTotalInstances',
    'maxTotalKeypairs',
    'maxTotalRAMSize',
    'totalCoresUsed',
    'totalInstancesUsed',
    'totalRAMUsed',
    'totalServerGroupsUsed',
  ]);
});

test("another project's limits: admin only (403 for members)", async () => {
  const other = await t.request('GET', `${L}?tenant_id=${demoProject}`, { token: admin });
  assert.equal(other.status, 200);
  assert.equal(other.body.limits.absolute.totalInstancesUsed, 2);
  const denied = await t.request('GET', `${L}?tenant_id=someone-else`, { token: demo });
  assert.equal(denied.status, 403);
});
