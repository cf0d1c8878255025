import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { at } from '../../helpers/elements.js';
import { ComputeAgent } from '../../../src/agent/agent.js';

let t: TestApp;
before(async () => {
  t = await startTestApp();
});
after(async () => {
  await t?.close();
});

test('a second agent with its own hosts registers them with fresh hypervisor ids and its driver capabilities', async () => {
  const rt2 = {
    ...t.rt,
    config: {
      ...t.rt.config,
      compute: { ...t.rt.config.compute, hostPrefix: 'rack', hosts: 2 },
      fakeDriver: { supportsSoftPowerOff: false, supportsSoftReboot: true },
    },
  };
  const agent = new ComputeAgent(rt2, { agentId: 'second-agent' });
  await agent.start();
  try {
    const rows = await t.rt.store.db
      .selectFrom('compute_hosts')
      .select(['host', 'seq', 'agent_id', 'capabilities'])
      .orderBy('seq')
      .execute();
    assert.deepEqual(
      rows.map((r) => r.host),
      ['compute1', 'compute2', 'compute3', 'compute4', 'rack1', 'rack2'],
    );
    assert.deepEqual(
      rows.map((r) => r.seq),
      [1, 2, 3, 4, 5, 6],
    );
    const rack1 = at(rows, 4, 'compute hosts');
    assert.equal(rack1.agent_id, 'second-agent');
    assert.deepEqual(JSON.parse(rack1.capabilities), { supportsSoftPowerOff: false, supportsSoftReboot: true });
    const hv = await t.request('GET', '/compute/v2.1/os-hypervisors', { token: await t.tokenFor('admin') });
    assert.equal(hv.body.hypervisors.length, 6);
  } finally {
    await agent.stop();
  }
});
