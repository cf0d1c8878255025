/**
 * An external event accepted with 200 is never lost: it is stored with its delivery operation in
 * the same transaction, so a process that dies before (or while) delivering it delivers it after
 * a restart. File-backed SQLite in a temp dir, or a private PostgreSQL schema.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DB_URL, testSchemaName, waitFor } from '../helpers/app.js';
import { first } from '../helpers/elements.js';
import { testConfig, type Config, type DeepPartial } from '../../src/config/config.js';
import { openRuntime } from '../../src/bootstrap.js';
import { buildApp } from '../../src/app.js';
import { ComputeAgent } from '../../src/agent/agent.js';
import { FakeDriver } from '../../src/virt/fake/fake-driver.js';
import { InstanceService } from '../../src/services/compute/instance-service.js';
import type { Runtime } from '../../src/runtime.js';
import { insertRule } from '../../src/store/repositories/emulator-rule-repository.js';
import { EXPECTATION_KIND } from '../../src/services/network/port-events.js';
import { ctxFor, serverReq, waitState } from '../api/compute/servers-engine-helpers.js';

interface Place {
  config: Config;
  schema?: string;
  cleanup(): Promise<void>;
}

function place(patch: DeepPartial<Config> = {}): Place {
  if (DB_URL) {
    const schema = testSchemaName();
    return {
      config: testConfig({ ...patch, databaseUrl: DB_URL }),
      schema,
      // dropped by scripts/run-tests.mjs with the rest of its run (see testSchemaName)
      cleanup: async () => undefined,
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'stackbox-events-'));
  return {
    config: testConfig({ ...patch, memory: false, dataDir: dir }),
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** a hypervisor whose VIF unplugs never finish: delivery of network-vif-deleted hangs mid-way */
class HangingUnplugDriver extends FakeDriver {
  override unplugVif(): Promise<void> {
    return new Promise(() => undefined);
  }
}

/** POSTs events through the whole HTTP stack of a fresh app on rt, as the admin */
async function postEvents(
  rt: Runtime,
  events: unknown[],
  mv = '2.76',
): Promise<{ status: number; body: { events: Array<{ code: number }> } }> {
  const { app } = await buildApp(rt);
  await app.ready();
  try {
    const auth = await app.inject({
      method: 'POST',
      url: '/identity/v3/auth/tokens',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({
        auth: {
          identity: {
            methods: ['password'],
            password: { user: { name: 'admin', domain: { name: 'Default' }, password: 'secret' } },
          },
          scope: { project: { name: 'admin', domain: { name: 'Default' } } },
        },
      }),
    });
    const res = await app.inject({
      method: 'POST',
      url: '/compute/v2.1/os-server-external-events',
      payload: JSON.stringify({ events }),
      headers: {
        'content-type': 'application/json',
        'x-auth-token': String(auth.headers['x-subject-token']),
        'x-openstack-nova-api-version': mv,
      },
    });
    return { status: res.statusCode, body: JSON.parse(res.body) as { events: Array<{ code: number }> } };
  } finally {
    await app.close();
  }
}

async function activeServer(rt: Runtime, networks: 'none' | 'auto' = 'none'): Promise<string> {
  const { instances } = await new InstanceService(rt).create(await ctxFor(rt, 'demo'), serverReq({ networks }));
  const { uuid } = first(instances, 'created instances');
  await waitState(rt, uuid, 'active');
  return uuid;
}

test('an event accepted while its agent is down is delivered after the process restarts', async () => {
  const p = place();
  try {
    let uuid: string;
    {
      const rt = await openRuntime(p.config, { schema: p.schema });
      const agent = new ComputeAgent(rt, { agentId: 'agent-a' });
      await agent.start();
      uuid = await activeServer(rt);
      await agent.stop();
      // the agent is down: the API still accepts the event with 200
      const res = await postEvents(rt, [{ name: 'power-update', server_uuid: uuid, tag: 'POWER_OFF' }]);
      assert.equal(res.status, 200);
      assert.equal(first(res.body.events, 'answered events').code, 200);
      const ev = await rt.store.db
        .selectFrom('server_events')
        .selectAll()
        .where('instance_uuid', '=', uuid)
        .executeTakeFirstOrThrow();
      assert.equal(ev.delivered_at, null);
      const op = await rt.store.db
        .selectFrom('operations')
        .selectAll()
        .where('kind', '=', 'external_event')
        .executeTakeFirstOrThrow();
      assert.equal(op.status, 'pending');
      await rt.store.close(); // the process dies
    }
    const rt = await openRuntime(p.config, { schema: p.schema });
    const agent = new ComputeAgent(rt, { agentId: 'agent-a' });
    await agent.start();
    try {
      await waitFor(
        async () =>
          (
            await rt.store.db
              .selectFrom('server_events')
              .select('delivered_at')
              .where('instance_uuid', '=', uuid)
              .executeTakeFirst()
          )?.delivered_at,
        'delivery after restart',
      );
      await waitState(rt, uuid, 'stopped');
      const events = await rt.store.db
        .selectFrom('instance_action_events')
        .innerJoin('instance_actions', 'instance_actions.id', 'instance_action_events.action_id')
        .select(['action', 'event', 'result'])
        .where('instance_uuid', '=', uuid)
        .where('event', '=', 'compute_power_update')
        .execute();
      assert.deepEqual(events, [{ action: 'stop', event: 'compute_power_update', result: 'Success' }]);
    } finally {
      await agent.stop();
      await rt.store.close();
    }
  } finally {
    await p.cleanup();
  }
});

test('a delivery interrupted mid-way is redone after a restart, and the event is handled once', async () => {
  const p = place();
  try {
    let uuid: string;
    let port: string;
    {
      const rt = await openRuntime(p.config, { schema: p.schema });
      const agent = new ComputeAgent(rt, { agentId: 'agent-b', driver: new HangingUnplugDriver(rt) });
      await agent.start();
      uuid = await activeServer(rt, 'auto');
      port = (
        await rt.store.db
          .selectFrom('virtual_interfaces')
          .select('port_id')
          .where('instance_uuid', '=', uuid)
          .executeTakeFirstOrThrow()
      ).port_id;
      const res = await postEvents(rt, [
        { name: 'network-vif-deleted', server_uuid: uuid, tag: port },
        { name: 'network-changed', server_uuid: uuid },
      ]);
      assert.equal(res.status, 200);
      // the agent claimed the delivery and hangs in the unplug
      await waitFor(
        async () =>
          (
            await rt.store.db
              .selectFrom('operations')
              .select('status')
              .where('kind', '=', 'external_event')
              .where('request_id', 'is not', null)
              .execute()
          ).some((o) => o.status === 'running'),
        'delivery running',
      );
      void agent.stop();
      await rt.store.close();
    }
    const rt = await openRuntime(p.config, { schema: p.schema });
    const agent = new ComputeAgent(rt, { agentId: 'agent-b' });
    await agent.start();
    try {
      await waitFor(async () => {
        const rows = await rt.store.db
          .selectFrom('server_events')
          .select('delivered_at')
          .where('instance_uuid', '=', uuid)
          .where('source', '=', 'api')
          .execute();
        const open = await rt.store.db
          .selectFrom('operations')
          .select('id')
          .where('status', 'in', ['pending', 'running'])
          .execute();
        return rows.length === 2 && rows.every((r) => r.delivered_at !== null) && open.length === 0;
      }, 'both events delivered after restart');
      assert.equal(
        (await rt.store.db.selectFrom('virtual_interfaces').select('id').where('instance_uuid', '=', uuid).execute())
          .length,
        0,
      );
      const ops = await rt.store.db
        .selectFrom('operations')
        .select(['status', 'attempts'])
        .where('kind', '=', 'external_event')
        .where('instance_uuid', '=', uuid)
        .where('request_id', 'is not', null)
        .execute();
      assert.ok(ops.every((o) => o.status === 'done'));
      assert.ok(
        ops.some((o) => o.attempts === 2),
        JSON.stringify(ops),
      );
    } finally {
      await agent.stop();
      await rt.store.close();
    }
  } finally {
    await p.cleanup();
  }
});

test('a build whose agent died while waiting for network-vif-plugged waits again after the restart and the old wait shows as interrupted', async () => {
  const p = place({ fake: { spawnMs: 300 }, compute: { vifPluggingTimeout: 30 } });
  try {
    let uuid: string;
    {
      const rt = await openRuntime(p.config, { schema: p.schema });
      const agent = new ComputeAgent(rt, { agentId: 'agent-c' });
      await agent.start();
      const { instances } = await new InstanceService(rt).create(
        await ctxFor(rt, 'demo'),
        serverReq({ networks: 'auto' }),
      );
      uuid = first(instances, 'created instances').uuid;
      // while it spawns: the network service will never report this server's port up
      await insertRule(rt.store.db, {
        id: 'never-' + uuid,
        kind: EXPECTATION_KIND,
        match: JSON.stringify({ name: 'network-vif-plugged', server_id: uuid }),
        action: JSON.stringify({ mode: 'never', delay_ms: null }),
        remaining: null,
        probability: 1,
        expires_at: null,
        created_at: new Date().toISOString(),
      });
      await waitFor(
        async () =>
          (
            await rt.store.db
              .selectFrom('event_waits')
              .select('state')
              .where('instance_uuid', '=', uuid)
              .executeTakeFirst()
          )?.state === 'waiting',
        'build waiting',
      );
      void agent.stop();
      await rt.store.close();
    }
    const rt = await openRuntime({ ...p.config, fake: { ...p.config.fake, spawnMs: 0 } }, { schema: p.schema });
    await rt.store.db.deleteFrom('emulator_rules').execute();
    const agent = new ComputeAgent(rt, { agentId: 'agent-c' });
    await agent.start();
    try {
      await waitState(rt, uuid, 'active');
      const waits = await rt.store.db
        .selectFrom('event_waits')
        .select(['state'])
        .where('instance_uuid', '=', uuid)
        .orderBy('started_at')
        .execute();
      assert.deepEqual(
        waits.map((w) => w.state),
        ['interrupted', 'satisfied'],
      );
    } finally {
      await agent.stop();
      await rt.store.close();
    }
  } finally {
    await p.cleanup();
  }
});
