/**
 * Bounded history: `db archive` moves deleted servers with their rows and finished operations into
 * the shadow tables, `db purge` deletes them from there; live servers keep their action log.
 * Runs on SQLite and, with STACKBOX_TEST_DATABASE_URL, on PostgreSQL.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DB_URL, startTestApp, testSchemaName, waitFor, type TestApp } from '../helpers/app.js';
import { first } from '../helpers/elements.js';
import { bootServer, networkId, S } from '../api/compute/os-interface-helpers.js';
import { IMAGE } from '../api/compute/server-fixtures.js';
import { ArchiveService, total } from '../../src/services/maintenance/archive-service.js';
import {
  ARCHIVED_TABLES,
  type ArchivedTable,
  type TableCounts,
} from '../../src/store/repositories/archive-repository.js';
import { startProcessServices } from '../../src/process-services.js';
import { defaultConfig, mergeConfig, readConfigFile, testConfig, type Config } from '../../src/config/config.js';
import type { Runtime } from '../../src/runtime.js';
import { newUuid } from '../../src/lib/ids.js';
import { historyOptions } from '../../src/cli/db.js';
import { openRuntime } from '../../src/bootstrap.js';
import { ComputeAgent } from '../../src/agent/agent.js';
import { InstanceService } from '../../src/services/compute/instance-service.js';
import { ctxFor, fresh, serverReq, waitSettled, waitState } from '../api/compute/servers-engine-helpers.js';

const DAY = 86_400_000;
const future = (rt: Runtime) => new Date(rt.clock().getTime() + DAY);

/** rows per table that belong to these instances, in the main tables or (shadow) the shadow tables */
async function rowsOf(rt: Runtime, uuids: string[], shadow: boolean): Promise<TableCounts> {
  const db = rt.store.db;
  const p = shadow ? 'shadow_' : '';
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the same query over a table and its shadow
  const q = db as any;
  const count = async (table: string, col: string, values: string[]) =>
    values.length
      ? Number(
          (
            await q
              .selectFrom(p + table)
              .select(q.fn.countAll().as('n'))
              .where(col, 'in', values)
              .executeTakeFirst()
          ).n,
        )
      : 0;
  const actionIds = (
    await q
      .selectFrom(p + 'instance_actions')
      .select('id')
      .where('instance_uuid', 'in', uuids)
      .execute()
  ).map((r: { id: string }) => r.id);
  return {
    instances: await count('instances', 'uuid', uuids),
    instance_tags: await count('instance_tags', 'instance_uuid', uuids),
    instance_actions: actionIds.length,
    instance_action_events: await count('instance_action_events', 'action_id', actionIds),
    server_events: await count('server_events', 'instance_uuid', uuids),
    event_waits: await count('event_waits', 'instance_uuid', uuids),
    virtual_interfaces: await count('virtual_interfaces', 'instance_uuid', uuids),
    migrations: await count('migrations', 'instance_uuid', uuids),
    operations: await count('operations', 'instance_uuid', uuids),
  };
}

async function tableSizes(rt: Runtime): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const q = rt.store.db as any;
  for (const t of ARCHIVED_TABLES) {
    for (const name of [t, `shadow_${t}`])
      out[name] = Number((await q.selectFrom(name).select(q.fn.countAll().as('n')).executeTakeFirst()).n);
  }
  return out;
}

async function deleteServer(t: TestApp, token: string, id: string): Promise<void> {
  assert.equal((await t.request('DELETE', `${S}/${id}`, { token })).status, 204);
  await waitDeleted(t, token, id);
}

async function waitDeleted(t: TestApp, token: string, id: string): Promise<void> {
  await waitFor(async () => (await t.request('GET', `${S}/${id}`, { token })).status === 404, `${id} deleted`);
  // the delete operation is finished once the row is marked deleted; wait for its bookkeeping
  await waitFor(
    async () =>
      !(await t.rt.store.db
        .selectFrom('operations')
        .select('id')
        .where('instance_uuid', '=', id)
        .where('status', 'in', ['pending', 'running'])
        .executeTakeFirst()),
    `${id} operations finished`,
  );
}

async function bootMany(t: TestApp, token: string, n: number): Promise<string[]> {
  const r = await t.request('POST', S, {
    token,
    mv: '2.37',
    body: {
      server: {
        name: 'many',
        imageRef: IMAGE,
        flavorRef: '1',
        networks: 'none',
        min_count: n,
        return_reservation_id: true,
      },
    },
  });
  assert.equal(r.status, 202, r.text);
  const rows = await waitFor(async () => {
    const all = await t.rt.store.db
      .selectFrom('instances')
      .select(['uuid', 'vm_state', 'task_state'])
      .where('reservation_id', '=', r.body.reservation_id)
      .execute();
    return all.length === n && all.every((i) => i.vm_state === 'active' && i.task_state === null) ? all : null;
  }, 'servers ACTIVE');
  return rows.map((i) => i.uuid);
}

const actionLog = async (t: TestApp, id: string) => {
  const admin = await t.tokenFor('admin');
  const list = await t.request('GET', `${S}/${id}/os-instance-actions`, { token: admin, mv: '2.58' });
  assert.equal(list.status, 200, list.text);
  const details = [];
  for (const a of list.body.instanceActions)
    details.push(
      (await t.request('GET', `${S}/${id}/os-instance-actions/${a.request_id}`, { token: admin, mv: '2.58' })).body,
    );
  return { list: list.body, details };
};

test(
  'archive moves deleted servers with their rows and finished operations; live servers keep their actions',
  { timeout: 60_000 },
  async () => {
    const t = await startTestApp();
    try {
      const demo = await t.tokenFor('demo');
      const net = await networkId(t, 'private');
      const live = await bootServer(t, demo, [{ uuid: net }], 'live');
      const gone: [string, string] = [
        await bootServer(t, demo, [{ uuid: net }], 'gone-1'),
        await bootServer(t, demo, 'none', 'gone-2'),
      ];
      assert.equal((await t.request('PUT', `${S}/${gone[1]}/tags/keep-me`, { token: demo, mv: '2.26' })).status, 201);
      for (const id of gone) await deleteServer(t, demo, id);
      // a row a crash could leave behind: it belongs to the instance and goes with it
      await t.rt.store.db
        .insertInto('virtual_interfaces')
        .values({
          id: newUuid(),
          instance_uuid: gone[1],
          port_id: newUuid(),
          network_id: net,
          mac_address: 'fa:16:3e:00:00:01',
          tag: null,
          created_by_compute: 1,
          created_at: t.rt.clock().toISOString(),
        })
        .execute();

      const before = await rowsOf(t.rt, gone, false);
      assert.ok(
        before.instance_actions >= 4 &&
          before.instance_action_events >= 4 &&
          before.server_events >= 1 &&
          before.event_waits >= 1,
        JSON.stringify(before),
      );
      assert.equal(before.instances, 2);
      assert.equal(before.instance_tags, 1);
      assert.equal(before.virtual_interfaces, 1);
      const liveBefore = await rowsOf(t.rt, [live], false);
      const liveLog = await actionLog(t, live);
      const liveWaits = await t.rt.store.db
        .selectFrom('event_waits')
        .select('id')
        .where('instance_uuid', '=', live)
        .execute();
      assert.ok(liveWaits.length >= 1);
      const finishedOps = await t.rt.store.db
        .selectFrom('operations')
        .select('id')
        .where('status', 'in', ['done', 'failed'])
        .execute();
      const service = new ArchiveService(t.rt);
      // from 2.21 a deleted server's action log is readable, until it is archived
      const admin = await t.tokenFor('admin');
      assert.equal(
        (await t.request('GET', `${S}/${gone[0]}/os-instance-actions`, { token: admin, mv: '2.21' })).status,
        200,
      );

      // a cut-off in the past moves nothing
      assert.equal(total((await service.archive({ before: new Date(t.rt.clock().getTime() - DAY) })).counts), 0);

      // dry run: counts, and changes nothing
      const sizes = await tableSizes(t.rt);
      const dry = await service.archive({ before: future(t.rt), dryRun: true });
      assert.equal(dry.dryRun, true);
      assert.deepEqual(await tableSizes(t.rt), sizes);
      assert.equal(dry.counts.instances, 2);
      assert.equal(dry.counts.instance_actions, before.instance_actions);
      assert.equal(dry.counts.instance_action_events, before.instance_action_events);
      assert.equal(dry.counts.server_events, before.server_events);
      assert.equal(dry.counts.virtual_interfaces, 1);
      assert.equal(dry.counts.instance_tags, 1);
      assert.equal(dry.counts.operations, finishedOps.length);
      assert.equal(dry.counts.event_waits, before.event_waits + liveWaits.length);

      const run = await service.archive({ before: future(t.rt), batchSize: 1 });
      assert.deepEqual(run.counts, dry.counts);
      assert.ok(run.batches >= 2 + finishedOps.length, `one instance or operation per batch: ${run.batches}`);

      // everything of the deleted servers is in the shadow tables, nothing is left behind
      const after = await rowsOf(t.rt, gone, false);
      assert.equal(total(after), 0, JSON.stringify(after));
      const shadow = await rowsOf(t.rt, gone, true);
      for (const k of ARCHIVED_TABLES) if (k !== 'operations') assert.equal(shadow[k], before[k], k);
      const archivedRow = await t.rt.store.db
        .selectFrom('shadow_instances')
        .selectAll()
        .where('uuid', '=', gone[1])
        .executeTakeFirstOrThrow();
      assert.equal(archivedRow.deleted, 1);
      assert.equal(archivedRow.display_name, 'gone-2');

      // finished operations moved (the live server's too), with their event waits
      assert.equal(
        Number(
          (
            await t.rt.store.db
              .selectFrom('operations')
              .select((eb) => eb.fn.countAll().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        ),
        0,
      );
      assert.equal(
        (
          await t.rt.store.db
            .selectFrom('shadow_operations')
            .select('id')
            .where(
              'id',
              'in',
              finishedOps.map((o) => o.id),
            )
            .execute()
        ).length,
        finishedOps.length,
      );
      assert.equal(
        (await t.rt.store.db.selectFrom('event_waits').select('id').where('instance_uuid', '=', live).execute()).length,
        0,
      );

      // the live server: same action log, same rows, still works
      const liveAfter = await rowsOf(t.rt, [live], false);
      assert.deepEqual(
        { ...liveAfter, operations: 0, event_waits: 0 },
        { ...liveBefore, operations: 0, event_waits: 0 },
      );
      assert.deepEqual(await actionLog(t, live), liveLog);
      for (const id of gone) {
        assert.equal((await t.request('GET', `${S}/${id}`, { token: demo })).status, 404);
        assert.equal(
          (await t.request('GET', `${S}/${id}/os-instance-actions`, { token: admin, mv: '2.21' })).status,
          404,
        );
      }
      assert.equal(
        (await t.request('POST', `${S}/${live}/action`, { token: demo, body: { 'os-stop': null } })).status,
        202,
      );
      await waitFor(
        async () => (await t.request('GET', `${S}/${live}`, { token: demo })).body.server.status === 'SHUTOFF',
        'live server stopped',
      );

      // nothing is archived twice
      const again = await service.archive({ before: future(t.rt) });
      assert.equal(again.counts.instances, 0);
      assert.equal(again.counts.instance_actions, 0);

      // purge: a cut-off in the past keeps everything; a dry run counts; a future cut-off empties the shadow rows
      assert.equal(total((await service.purge({ before: new Date('2000-01-01T00:00:00Z') })).counts), 0);
      const shadowSizes = await tableSizes(t.rt);
      const dryPurge = await service.purge({ before: future(t.rt), dryRun: true });
      assert.deepEqual(await tableSizes(t.rt), shadowSizes);
      for (const k of ARCHIVED_TABLES) assert.equal(dryPurge.counts[k], shadowSizes[`shadow_${k}`], k);
      const purged = await service.purge({ before: future(t.rt), batchSize: 2 });
      assert.deepEqual(purged.counts, dryPurge.counts);
      const empty = await tableSizes(t.rt);
      for (const k of ARCHIVED_TABLES) assert.equal(empty[`shadow_${k}`], 0, k);
      // the live server is untouched by purge as well
      assert.deepEqual((await actionLog(t, live)).list.instanceActions.slice(1), liveLog.list.instanceActions);
    } finally {
      await t.close();
    }
  },
);

test('an instance with an unfinished operation waits; purge keeps rows newer than its cut-off', async () => {
  const t = await startTestApp({}, { agent: false });
  try {
    const demo = await t.tokenFor('demo');
    const r = await t.request('POST', S, {
      token: demo,
      mv: '2.37',
      body: { server: { name: 'never-built', imageRef: IMAGE, flavorRef: '1', networks: 'none' } },
    });
    assert.equal(r.status, 202);
    const id = r.body.server.id as string;
    // no agent: the build stays pending; a local delete marks the row deleted all the same
    assert.equal((await t.request('DELETE', `${S}/${id}`, { token: demo })).status, 204);
    const row = await t.rt.store.db
      .selectFrom('instances')
      .select(['deleted'])
      .where('uuid', '=', id)
      .executeTakeFirstOrThrow();
    assert.equal(row.deleted, 1);
    const service = new ArchiveService(t.rt);
    const dry = await service.archive({ before: future(t.rt), dryRun: true });
    assert.equal(dry.counts.instances, 0);
    assert.equal((await service.archive({ before: future(t.rt) })).counts.instances, 0);
    assert.ok(await t.rt.store.db.selectFrom('instances').select('uuid').where('uuid', '=', id).executeTakeFirst());
    // once its operation is finished, it goes
    await t.rt.store.db
      .updateTable('operations')
      .set({ status: 'failed', finished_at: t.rt.clock().toISOString(), error: 'test' })
      .where('instance_uuid', '=', id)
      .execute();
    const run = await service.archive({ before: future(t.rt) });
    assert.equal(run.counts.instances, 1);
    assert.equal(run.counts.operations, 1);
    // an event that arrives for it after it was archived follows it on the next run
    await t.rt.store.db
      .insertInto('server_events')
      .values({
        id: newUuid(),
        instance_uuid: id,
        name: 'network-vif-deleted',
        tag: newUuid(),
        status: 'completed',
        code: 200,
        request_id: null,
        source: 'test',
        received_at: t.rt.clock().toISOString(),
        consumed_by: null,
        consumed_at: null,
        delivered_at: null,
        host: null,
      })
      .execute();
    assert.equal((await service.archive({ before: future(t.rt), dryRun: true })).counts.server_events, 1);
    const late = await service.archive({ before: future(t.rt) });
    assert.deepEqual(
      { server_events: late.counts.server_events, total: total(late.counts) },
      { server_events: 1, total: 1 },
    );
    assert.equal(
      (await t.rt.store.db.selectFrom('shadow_server_events').select('id').where('instance_uuid', '=', id).execute())
        .length,
      1,
    );
    assert.equal(
      (await t.rt.store.db.selectFrom('server_events').select('id').where('instance_uuid', '=', id).execute()).length,
      0,
    );
    // purge by time: the instance was deleted just now, so a cut-off an hour ago keeps it
    const hourAgo = new Date(t.rt.clock().getTime() - 3600_000);
    assert.equal((await service.purge({ before: hourAgo })).counts.instances, 0);
    assert.ok(
      await t.rt.store.db.selectFrom('shadow_instances').select('uuid').where('uuid', '=', id).executeTakeFirst(),
    );
  } finally {
    await t.close();
  }
});

test('two archive runs at once move every row exactly once', { timeout: 60_000 }, async () => {
  const t = await startTestApp();
  try {
    const demo = await t.tokenFor('demo');
    const ids = await bootMany(t, demo, 12);
    for (const id of ids) assert.equal((await t.request('DELETE', `${S}/${id}`, { token: demo })).status, 204);
    for (const id of ids) await waitDeleted(t, demo, id);
    const before = await rowsOf(t.rt, ids, false);
    const opsBefore = Number(
      (
        await t.rt.store.db
          .selectFrom('operations')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
    const cut = future(t.rt);
    const [a, b] = await Promise.all([
      new ArchiveService(t.rt).archive({ before: cut, batchSize: 2 }),
      new ArchiveService(t.rt).archive({ before: cut, batchSize: 3 }),
    ]);
    const sum = (k: ArchivedTable) => a.counts[k] + b.counts[k];
    assert.equal(sum('instances'), 12);
    assert.equal(sum('instance_actions'), before.instance_actions);
    assert.equal(sum('instance_action_events'), before.instance_action_events);
    assert.equal(sum('operations'), opsBefore);
    assert.equal(total(await rowsOf(t.rt, ids, false)), 0);
    const shadow = await rowsOf(t.rt, ids, true);
    assert.equal(shadow.instances, 12);
    assert.equal(shadow.instance_actions, before.instance_actions);
    assert.equal(shadow.instance_action_events, before.instance_action_events);
    assert.equal(shadow.operations, opsBefore);
  } finally {
    await t.close();
  }
});

test('the periodic archive runs when configured, with the runtime clock', { timeout: 30_000 }, async () => {
  const t = await startTestApp({
    maintenance: { archiveIntervalSeconds: 0.05, archiveOlderThanDays: 1, purgeOlderThanDays: 30 },
  });
  const services = await startProcessServices(t.rt, { agent: false, maintenance: true });
  try {
    assert.ok(services.archive, 'the task is on');
    const demo = await t.tokenFor('demo');
    const id = await bootServer(t, demo, 'none', 'periodic');
    await deleteServer(t, demo, id);
    // deleted just now: younger than a day, so the runs leave it
    const runs = services.archive.runs;
    await waitFor(async () => services.archive!.runs >= runs + 2, 'two periodic runs');
    assert.ok(await t.rt.store.db.selectFrom('instances').select('uuid').where('uuid', '=', id).executeTakeFirst());
    // two days later (by the runtime clock) it is archived, and not yet purged
    const real = t.rt.clock;
    t.rt.clock = () => new Date(real().getTime() + 2 * DAY);
    await waitFor(
      async () => t.rt.store.db.selectFrom('shadow_instances').select('uuid').where('uuid', '=', id).executeTakeFirst(),
      'periodic archive',
    );
    assert.equal(
      await t.rt.store.db.selectFrom('instances').select('uuid').where('uuid', '=', id).executeTakeFirst(),
      undefined,
    );
    assert.equal(
      (await t.rt.store.db.selectFrom('instance_actions').select('id').where('instance_uuid', '=', id).execute())
        .length,
      0,
    );
    // a month later the archived rows are purged
    t.rt.clock = () => new Date(real().getTime() + 40 * DAY);
    await waitFor(
      async () =>
        !(await t.rt.store.db.selectFrom('shadow_instances').select('uuid').where('uuid', '=', id).executeTakeFirst()),
      'periodic purge',
    );
  } finally {
    await services.stop();
    await t.close();
  }
});

test('the periodic archive is off by default', async () => {
  const t = await startTestApp({}, { agent: false });
  const services = await startProcessServices(t.rt, { agent: false, maintenance: true });
  try {
    assert.equal(t.rt.config.maintenance.archiveIntervalSeconds, null);
    assert.equal(services.archive, null);
  } finally {
    await services.stop();
    await t.close();
  }
});

test('every shadow table has the columns of its table', async () => {
  const t = await startTestApp({}, { agent: false });
  try {
    for (const table of ARCHIVED_TABLES) {
      const main = await t.rt.store.adapter.columnsOf(t.rt.store.db, table);
      const shadow = await t.rt.store.adapter.columnsOf(t.rt.store.db, `shadow_${table}`);
      assert.deepEqual(shadow, main, table);
    }
  } finally {
    await t.close();
  }
});

// ------------------------------------------------------------------------------------------------
// through the command line

const CLI = "import('./src/cli/main.ts').then((m) => m.main(['node', 'stackbox', ...process.argv.slice(1)]))";

function runCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', '-e', CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
  });
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
}

test(
  'stackbox db archive --dry-run prints the rows per table; db archive and db purge move them',
  { timeout: 90_000 },
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stackbox-archive-'));
    const schema = DB_URL ? testSchemaName() : undefined;
    let store: string[];
    let config: Config;
    if (DB_URL) {
      // the CLI reaches the test's private schema through the connection's search_path
      const url = new URL(DB_URL);
      url.searchParams.set('options', `-c search_path="${schema}"`);
      store = ['--database-url', url.toString()];
      config = testConfig({ databaseUrl: DB_URL });
    } else {
      store = ['--data-dir', dir];
      config = testConfig({ memory: false, dataDir: dir });
    }
    try {
      // the data: one deleted server, on the store the CLI then opens
      const rt = await openRuntime(config, { schema });
      const agent = new ComputeAgent(rt);
      await agent.start();
      const ctx = await ctxFor(rt, 'demo');
      const service = new InstanceService(rt);
      const { instances } = await service.create(ctx, serverReq({ name: 'cli' }));
      const id = first(instances, 'created instances').uuid;
      await waitState(rt, id, 'active');
      await service.delete(fresh(ctx), id);
      await waitFor(
        async () =>
          (await rt.store.db.selectFrom('instances').select('deleted').where('uuid', '=', id).executeTakeFirstOrThrow())
            .deleted === 1,
        'deleted',
      );
      await waitSettled(rt, [id]);
      const expected = await rowsOf(rt, [id], false);
      await agent.stop();
      await rt.store.close();

      const before = new Date(Date.now() + DAY).toISOString();
      const dry = await runCli(['db', 'archive', ...store, '--log-level', 'silent', '--before', before, '--dry-run']);
      assert.equal(dry.code, 0, dry.stderr);
      assert.match(dry.stdout, /Dry run: nothing was changed\./);
      assert.match(dry.stdout, /\| Table +\| Number of Rows to Archive \|/);
      assert.match(dry.stdout, /\| instances +\| 1 +\|/);
      assert.match(dry.stdout, new RegExp(`\\| instance_actions +\\| ${expected.instance_actions} +\\|`));

      const run = await runCli([
        'db',
        'archive',
        ...store,
        '--log-level',
        'silent',
        '--before',
        before,
        '--batch-size',
        '5',
      ]);
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, /\| Table +\| Number of Rows Archived \|/);
      assert.match(run.stdout, /\| instances +\| 1 +\|/);
      const purge = await runCli(['db', 'purge', ...store, '--log-level', 'silent', '--before', before]);
      assert.equal(purge.code, 0, purge.stderr);
      assert.match(purge.stdout, /\| Table +\| Number of Rows Purged \|/);
      assert.match(purge.stdout, /\| instances +\| 1 +\|/);

      // the store the CLI worked on: nothing of the server left anywhere
      const check = await openRuntime(config, { schema });
      try {
        assert.equal(total(await rowsOf(check, [id], false)), 0);
        assert.equal(total(await rowsOf(check, [id], true)), 0);
      } finally {
        await check.store.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
);

test('db archive/purge flags: exactly one cut-off, a valid date or number of days, a positive batch size', async () => {
  const t = await startTestApp({}, { agent: false });
  try {
    const now = t.rt.clock().getTime();
    assert.throws(() => historyOptions(t.rt, {}), /exactly one of --before DATE and --older-than DAYS/);
    assert.throws(() => historyOptions(t.rt, { before: '2026-01-01', olderThan: '3' }), /exactly one/);
    assert.throws(() => historyOptions(t.rt, { before: '2026-13-01' }), /invalid --before 2026-13-01/);
    assert.throws(() => historyOptions(t.rt, { olderThan: 'soon' }), /invalid --older-than soon/);
    assert.throws(() => historyOptions(t.rt, { olderThan: '-1' }), /invalid --older-than -1/);
    assert.throws(() => historyOptions(t.rt, { olderThan: '1', batchSize: '0' }), /invalid --batch-size 0/);
    assert.equal(historyOptions(t.rt, { before: '2026-12-01' }).before.toISOString(), '2026-12-01T00:00:00.000Z');
    const o = historyOptions(t.rt, { olderThan: '2', batchSize: '7', dryRun: true });
    assert.ok(Math.abs(o.before.getTime() - (now - 2 * DAY)) < 60_000);
    assert.deepEqual({ batchSize: o.batchSize, dryRun: o.dryRun }, { batchSize: 7, dryRun: true });
  } finally {
    await t.close();
  }
});

test('the example configuration turns the periodic archive on', () => {
  const config = mergeConfig(defaultConfig(), readConfigFile('docs/stackbox.example.yaml'));
  assert.ok((config.maintenance.archiveIntervalSeconds ?? 0) > 0);
  assert.ok(config.maintenance.archiveOlderThanDays > 0);
  assert.equal(typeof config.maintenance.purgeOlderThanDays, 'number');
});
