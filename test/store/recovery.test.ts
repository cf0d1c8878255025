/**
 * Crash and restart: builds are interrupted mid-spawn by closing the store under a running agent
 * (file-backed SQLite in a temp dir, or a PostgreSQL schema), then a new runtime and agent on the
 * same data must bring every server to a stable state, with instance actions saying what happened.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DB_URL, testSchemaName, waitFor } from '../helpers/app.js';
import { testConfig, zeroTimings, type Config, type DeepPartial } from '../../src/config/config.js';
import { FakeDriver } from '../../src/virt/fake/fake-driver.js';
import { openRuntime } from '../../src/bootstrap.js';
import { ComputeAgent } from '../../src/agent/agent.js';
import { InstanceService } from '../../src/services/compute/instance-service.js';
import type { Runtime } from '../../src/runtime.js';
import { ctxFor, serverReq, waitSettled, waitState } from '../api/compute/servers-engine-helpers.js';

interface Place {
  config: Config;
  schema?: string;
  cleanup(): Promise<void>;
}

function place(patch: DeepPartial<Config>): Place {
  if (DB_URL) {
    const schema = testSchemaName();
    return {
      config: testConfig({ ...patch, databaseUrl: DB_URL }),
      schema,
      // dropped by scripts/run-tests.mjs with the rest of its run (see testSchemaName)
      cleanup: async () => {},
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'stackbox-recovery-'));
  return {
    config: testConfig({ ...patch, memory: false, dataDir: dir }),
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** a hypervisor whose spawns never finish: the crash always lands mid-spawn */
class HangingDriver extends FakeDriver {
  override spawn(): Promise<void> {
    return new Promise(() => undefined);
  }
}

/** starts builds on a hanging driver and kills store + agent once they are spawning; returns their uuids */
async function crashMidBuild(p: Place, agentId: string, n: number): Promise<string[]> {
  const rt = await openRuntime(p.config, { schema: p.schema });
  const agent = new ComputeAgent(rt, { agentId, driver: new HangingDriver(rt) });
  await agent.start();
  const { instances } = await new InstanceService(rt).create(
    await ctxFor(rt, 'demo'),
    serverReq({ minCount: n, maxCount: n }),
  );
  const uuids = instances.map((i) => i.uuid);
  await waitFor(async () => {
    const rows = await rt.store.db.selectFrom('instances').select('task_state').where('uuid', 'in', uuids).execute();
    return rows.every((r) => r.task_state === 'spawning');
  }, 'builds to reach spawning');
  // abrupt: no drain, the store goes away under the in-flight spawns
  void agent.stop();
  await rt.store.close();
  return uuids;
}

async function reopen(p: Place, patch: DeepPartial<Config> = {}): Promise<Runtime> {
  return openRuntime({ ...p.config, fake: zeroTimings, ...patch } as Config, { schema: p.schema });
}

test('after a restart the same agent resumes interrupted builds and they become ACTIVE', async () => {
  const p = place({});
  try {
    const uuids = await crashMidBuild(p, 'agent-a', 3);
    const rt = await reopen(p);
    const agent = new ComputeAgent(rt, { agentId: 'agent-a' });
    await agent.start();
    try {
      for (const u of uuids) await waitState(rt, u, 'active');
      await waitSettled(rt, uuids);
      const events = await rt.store.db
        .selectFrom('instance_action_events')
        .innerJoin('instance_actions', 'instance_actions.id', 'instance_action_events.action_id')
        .select(['instance_uuid', 'event', 'result', 'traceback'])
        .where('instance_uuid', 'in', uuids)
        .execute();
      for (const u of uuids) {
        const mine = events.filter((e) => e.instance_uuid === u);
        // the interrupted attempt is closed with the reason, the retry succeeded
        assert.deepEqual(mine.map((e) => e.result).sort(), ['Error', 'Success']);
        assert.match(mine.find((e) => e.result === 'Error')?.traceback ?? '', /compute agent stopped/);
      }
      const ops = await rt.store.db
        .selectFrom('operations')
        .select(['status', 'attempts'])
        .where('instance_uuid', 'in', uuids)
        .execute();
      assert.ok(ops.every((o) => o.status === 'done' && o.attempts === 2));
    } finally {
      await agent.stop();
      await rt.store.close();
    }
  } finally {
    await p.cleanup();
  }
});

test('a different agent takes over once the lease has expired', async () => {
  const p = place({ compute: { operationLeaseMs: 300 } });
  try {
    const uuids = await crashMidBuild(p, 'agent-old', 2);
    const rt = await reopen(p);
    const agent = new ComputeAgent(rt, { agentId: 'agent-new' });
    await agent.start();
    try {
      for (const u of uuids) await waitState(rt, u, 'active', null, 8000);
      await waitSettled(rt, uuids);
      const open = await rt.store.db
        .selectFrom('instance_action_events')
        .innerJoin('instance_actions', 'instance_actions.id', 'instance_action_events.action_id')
        .select('result')
        .where('instance_uuid', 'in', uuids)
        .execute();
      assert.deepEqual(open.map((e) => e.result).sort(), ['Error', 'Error', 'Success', 'Success']);
    } finally {
      await agent.stop();
      await rt.store.close();
    }
  } finally {
    await p.cleanup();
  }
});

test('operations out of attempts leave the server in ERROR with a fault and an Error event', async () => {
  const p = place({ compute: { maxOperationAttempts: 1 } });
  try {
    const uuids = await crashMidBuild(p, 'agent-b', 2);
    const rt = await reopen(p);
    const agent = new ComputeAgent(rt, { agentId: 'agent-b' });
    await agent.start();
    try {
      for (const u of uuids) {
        const row = await waitState(rt, u, 'error');
        assert.match(JSON.parse(row.fault ?? '{}').message, /abandoned after 1 attempt/);
      }
      await waitSettled(rt, uuids);
      const actions = await rt.store.db
        .selectFrom('instance_actions')
        .select(['message'])
        .where('instance_uuid', 'in', uuids)
        .execute();
      assert.deepEqual(
        actions.map((a) => a.message),
        ['Error', 'Error'],
      );
      // the ERROR servers can still be deleted
      const svc = new InstanceService(rt);
      const ctx = await ctxFor(rt, 'demo');
      for (const u of uuids) await svc.delete(ctx, u);
      for (const u of uuids) await waitState(rt, u, 'deleted');
    } finally {
      await agent.stop();
      await rt.store.close();
    }
  } finally {
    await p.cleanup();
  }
});
