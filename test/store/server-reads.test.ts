/**
 * The server read path's fast forms return what the plain queries return: showServer (one
 * statement for the instance, its tags and its addresses) against findServer + tagsFor +
 * addressesFor; precompiled reads outside Kysely's executor against a transaction's view; page
 * queries compiled once per shape against each request's values.
 * Runs on SQLite, and on PostgreSQL with STACKBOX_TEST_DATABASE_URL.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { exactly } from '../helpers/elements.js';
import { insertServer, projectId } from '../api/compute/server-fixtures.js';
import {
  MarkerNotFound,
  VIEW_COLUMNS,
  addressesFor,
  findServer,
  listServerNames,
  listServers,
  showServer,
  tagsFor,
} from '../../src/store/repositories/server-queries.js';

async function plug(t: TestApp, uuid: string, project: string, mac: string, ips: string[], at: string): Promise<void> {
  const db = t.rt.store.db;
  const net = await db.selectFrom('networks').select('id').where('name', '=', 'private').executeTakeFirstOrThrow();
  const subnet = await db
    .selectFrom('subnets')
    .select('id')
    .where('network_id', '=', net.id)
    .where('ip_version', '=', 4)
    .executeTakeFirstOrThrow();
  const port = randomUUID();
  await db
    .insertInto('ports')
    .values({
      id: port,
      network_id: net.id,
      project_id: project,
      name: '',
      description: '',
      mac_address: mac,
      admin_state_up: 1,
      status: 'ACTIVE',
      device_id: uuid,
      device_owner: 'compute:nova',
      binding_host_id: 'compute-1',
      binding_vif_type: 'ovs',
      binding_vnic_type: 'normal',
      binding_profile: '{}',
      security_groups: '[]',
      port_security_enabled: 1,
      created_at: at,
      updated_at: at,
    })
    .execute();
  await db
    .insertInto('ip_allocations')
    .values(ips.map((ip_address) => ({ network_id: net.id, subnet_id: subnet.id, ip_address, port_id: port })))
    .execute();
  await db
    .insertInto('virtual_interfaces')
    .values({
      id: randomUUID(),
      instance_uuid: uuid,
      port_id: port,
      network_id: net.id,
      mac_address: mac,
      tag: null,
      created_by_compute: 1,
      created_at: at,
    })
    .execute();
}

test('showServer equals the instance row, tagsFor and addressesFor; undefined for deleted and unknown servers', async () => {
  const t = await startTestApp();
  try {
    const db = t.rt.store.db;
    const project = await projectId(t, 'demo');
    const a = await insertServer(t, project, { metadata: '{"k":"v"}', fault: null, user_data: 'dXNlcg==' });
    const bare = await insertServer(t, project);
    const gone = await insertServer(t, project, { deleted: 1, deleted_at: a.created_at });
    await db
      .insertInto('instance_tags')
      .values(['zeta', 'Alpha', 'beta', 'a b', 'ünï'].map((tag) => ({ instance_uuid: a.uuid, tag })))
      .execute();
    // two ports plugged at the same time (ordered by vif id) and one with two fixed IPs
    await plug(t, a.uuid, project, 'fa:16:3e:00:00:0b', ['10.0.0.31', '10.0.0.30'], '2026-01-01T00:00:05.000Z');
    await plug(t, a.uuid, project, 'fa:16:3e:00:00:0a', ['10.0.0.20'], '2026-01-01T00:00:05.000Z');
    await plug(t, a.uuid, project, 'fa:16:3e:00:00:0c', ['10.0.0.10'], '2026-01-01T00:00:09.000Z');
    for (const uuid of [a.uuid, bare.uuid]) {
      const shown = await showServer(db, t.rt.store.adapter, uuid);
      assert.ok(shown);
      const row = await findServer(db, uuid);
      assert.ok(row);
      for (const c of VIEW_COLUMNS) assert.deepEqual(shown.row[c], row[c], c);
      assert.deepEqual(shown.tags, (await tagsFor(db, [uuid])).get(uuid));
      assert.deepEqual(shown.addresses, (await addressesFor(db, [uuid])).get(uuid));
    }
    const shown = await showServer(db, t.rt.store.adapter, a.uuid);
    assert.equal(shown?.tags.length, 5);
    assert.equal(shown?.addresses.length, 4);
    assert.equal(await showServer(db, t.rt.store.adapter, gone.uuid), undefined);
    assert.equal(await showServer(db, t.rt.store.adapter, randomUUID()), undefined);
  } finally {
    await t.close();
  }
});

test('a precompiled read outside a transaction never sees its uncommitted rows', async () => {
  const t = await startTestApp();
  try {
    const project = await projectId(t, 'demo');
    const row = await insertServer(t, project);
    let outside: Promise<string | undefined> | undefined;
    await assert.rejects(
      t.rt.store.transaction(async (trx) => {
        await trx.updateTable('instances').set({ display_name: 'renamed' }).where('uuid', '=', row.uuid).execute();
        assert.equal((await findServer(trx, row.uuid))?.display_name, 'renamed');
        // SQLite shares one connection: the read must wait for it, not read the open transaction
        outside = findServer(t.rt.store.db, row.uuid).then((r) => r?.display_name);
        await new Promise((r) => setTimeout(r, 20));
        throw new Error('roll back');
      }),
      /roll back/,
    );
    assert.equal(await outside, row.display_name);
  } finally {
    await t.close();
  }
});

test("page queries compiled once per shape substitute each request's values (projects, markers, limits, filters)", async () => {
  const t = await startTestApp();
  try {
    const db = t.rt.store.db;
    const adapter = t.rt.store.adapter;
    const demo = await projectId(t, 'demo');
    const admin = await projectId(t, 'admin');
    const inserted = [];
    for (let i = 0; i < 5; i++)
      inserted.push(await insertServer(t, demo, { launch_index: i % 3, task_state: i === 1 ? 'rebooting' : null }));
    const mine = exactly(inserted, 5, 'inserted servers');
    const theirs = await insertServer(t, admin);
    const page = (
      limit: number,
      marker?: string,
      sortKey: 'created_at' | 'launch_index' | 'display_name' = 'created_at',
    ) => ({ sortKey, sortDir: 'asc' as const, limit, ...(marker ? { marker } : {}) });
    const names = async (project: string, p: ReturnType<typeof page>, extra = {}) =>
      (await listServerNames(db, adapter, { projectId: project, deleted: false, ...extra }, p)).map((r) => r.uuid);
    // same shape, other values
    assert.deepEqual(
      await names(demo, page(10)),
      mine.map((s) => s.uuid),
    );
    assert.deepEqual(await names(admin, page(10)), [theirs.uuid]);
    assert.deepEqual(
      await names(demo, page(2)),
      mine.slice(0, 2).map((s) => s.uuid),
    );
    // keyset paging: marker values substituted per request, on a text and an integer sort key
    assert.deepEqual(
      await names(demo, page(2, mine[1].uuid)),
      mine.slice(2, 4).map((s) => s.uuid),
    );
    assert.deepEqual(await names(demo, page(2, mine[3].uuid)), [mine[4].uuid]);
    const byIndex = exactly(
      [...mine].sort((a, b) => a.launch_index - b.launch_index || (a.uuid < b.uuid ? -1 : 1)).map((s) => s.uuid),
      5,
      'servers by launch index',
    );
    assert.deepEqual(await names(demo, page(10, byIndex[1], 'launch_index')), byIndex.slice(2));
    assert.deepEqual(await names(demo, page(10, byIndex[3], 'launch_index')), byIndex.slice(4));
    // task states with and without "no task", and the detail variant
    assert.deepEqual(await names(demo, page(10), { taskStates: ['rebooting'] }), [mine[1].uuid]);
    assert.deepEqual(
      await names(demo, page(10), { taskStates: ['rebooting', null] }),
      mine.map((s) => s.uuid),
    );
    assert.deepEqual(
      await names(demo, page(10), { taskStates: ['deleting', null] }),
      mine.filter((_, i) => i !== 1).map((s) => s.uuid),
    );
    const detail = await listServers(db, adapter, { projectId: null, deleted: false, userId: 'u-1' }, page(10));
    assert.deepEqual(
      detail.map((r) => r.uuid),
      [...mine, theirs].map((s) => s.uuid),
    );
    await assert.rejects(listServers(db, adapter, { projectId: demo }, page(10, randomUUID())), MarkerNotFound);
  } finally {
    await t.close();
  }
});
