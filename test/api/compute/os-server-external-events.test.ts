/**
 * POST /os-server-external-events: per-event codes and the overall 200/207, microversion gates on
 * the event names, validation before policy, who may call, what is stored and delivered.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { startTestApp, waitFor, type TestApp } from '../../helpers/app.js';
import { first } from '../../helpers/elements.js';
import { InstanceService } from '../../../src/services/compute/instance-service.js';
import { ctxFor, serverReq, waitState } from './servers-engine-helpers.js';

const URL = '/compute/v2.1/os-server-external-events';

async function activeServer(t: TestApp): Promise<string> {
  const { instances } = await new InstanceService(t.rt).create(await ctxFor(t.rt, 'demo'), serverReq());
  const { uuid } = first(instances, 'created instances');
  await waitState(t.rt, uuid, 'active');
  return uuid;
}

async function delivered(t: TestApp, ids: string[]) {
  return waitFor(async () => {
    const rows = await t.rt.store.db.selectFrom('server_events').selectAll().where('id', 'in', ids).execute();
    return rows.every((r) => r.delivered_at !== null) ? rows : null;
  }, 'events to be delivered');
}

const app = () =>
  startTestApp({ seedUsers: [{ name: 'viewer', password: 'secret', project: 'demo', roles: ['reader'] }] });

test('an accepted event answers 200 with the request item, status completed and code 200, and is stored and delivered', async () => {
  const t = await app();
  try {
    const uuid = await activeServer(t);
    const token = await t.tokenFor('admin');
    const res = await t.request('POST', URL, {
      token,
      body: { events: [{ name: 'network-changed', tag: 'foo', status: 'completed', server_uuid: uuid }] },
    });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.body, {
      events: [{ name: 'network-changed', tag: 'foo', status: 'completed', server_uuid: uuid, code: 200 }],
    });
    assert.deepEqual(Object.keys(first(res.body.events)), ['name', 'tag', 'status', 'server_uuid', 'code']);
    const rows = await t.rt.store.db
      .selectFrom('server_events')
      .selectAll()
      .where('instance_uuid', '=', uuid)
      .execute();
    assert.equal(rows.length, 1);
    const row = first(rows);
    assert.equal(row.code, 200);
    assert.equal(row.source, 'api');
    assert.equal(row.request_id, res.headers['x-openstack-request-id']);
    const inst = await t.rt.store.db
      .selectFrom('instances')
      .select('host')
      .where('uuid', '=', uuid)
      .executeTakeFirstOrThrow();
    assert.equal(row.host, inst.host);
    await delivered(t, [row.id]);
    const op = await t.rt.store.db
      .selectFrom('operations')
      .selectAll()
      .where('kind', '=', 'external_event')
      .executeTakeFirstOrThrow();
    assert.equal(op.host, inst.host);
    await waitFor(
      async () =>
        (await t.rt.store.db.selectFrom('operations').select('status').where('id', '=', op.id).executeTakeFirst())
          ?.status === 'done',
      'operation done',
    );
  } finally {
    await t.close();
  }
});

test('a mixed batch answers 207 with 200, 400, 404 and 422 per event; accepted status is rewritten to completed; every event is stored', async () => {
  const t = await app();
  try {
    const uuid = await activeServer(t);
    const noHost = await activeServer(t);
    // like a shelved-offloaded server: the row exists but has no host to route to
    await t.rt.store.db.updateTable('instances').set({ host: null }).where('uuid', '=', noHost).execute();
    const missing = randomUUID();
    const events = [
      { name: 'network-vif-plugged', server_uuid: uuid, tag: 'p1', status: 'failed' },
      { name: 'volume-extended', server_uuid: uuid },
      { name: 'network-changed', server_uuid: missing },
      { name: 'network-changed', server_uuid: noHost, status: 'in-progress' },
    ];
    const res = await t.request('POST', URL, { token: await t.tokenFor('admin'), mv: '2.51', body: { events } });
    assert.equal(res.status, 207, res.text);
    assert.deepEqual(res.body.events, [
      { name: 'network-vif-plugged', server_uuid: uuid, tag: 'p1', status: 'completed', code: 200 },
      { name: 'volume-extended', server_uuid: uuid, status: 'failed', code: 400 },
      { name: 'network-changed', server_uuid: missing, status: 'failed', code: 404 },
      { name: 'network-changed', server_uuid: noHost, status: 'failed', code: 422 },
    ]);
    const rows = await t.rt.store.db.selectFrom('server_events').selectAll().execute();
    const byName = (n: string, u: string) => rows.find((r) => r.name === n && r.instance_uuid === u)!;
    // the stored status is the sender's: a failed plug reaches the waiter as failed
    assert.equal(byName('network-vif-plugged', uuid).status, 'failed');
    assert.equal(byName('volume-extended', uuid).code, 400);
    assert.equal(byName('network-changed', missing).code, 404);
    assert.equal(byName('network-changed', noHost).code, 422);
    // only the accepted one is handed to compute
    await delivered(t, [byName('network-vif-plugged', uuid).id]);
    assert.equal(byName('network-changed', missing).delivered_at, null);
    // no extend_volume action for the refused volume-extended
    const actions = await t.rt.store.db
      .selectFrom('instance_actions')
      .select('action')
      .where('instance_uuid', '=', uuid)
      .execute();
    assert.deepEqual(
      actions.map((a) => a.action),
      ['create'],
    );
  } finally {
    await t.close();
  }
});

test('when every event fails the answer is still 207, never 404', async () => {
  const t = await app();
  try {
    const res = await t.request('POST', URL, {
      token: await t.tokenFor('admin'),
      body: { events: [{ name: 'network-changed', server_uuid: randomUUID() }] },
    });
    assert.equal(res.status, 207);
    assert.equal(res.body.events[0].code, 404);
    assert.equal(res.body.events[0].status, 'failed');
  } finally {
    await t.close();
  }
});

test('an empty tag satisfies the tag requirement; duplicate servers in one batch are each handled', async () => {
  const t = await app();
  try {
    const uuid = await activeServer(t);
    const res = await t.request('POST', URL, {
      token: await t.tokenFor('admin'),
      mv: '2.82',
      body: {
        events: [
          { name: 'accelerator-request-bound', server_uuid: uuid, tag: '' },
          { name: 'network-changed', server_uuid: uuid },
        ],
      },
    });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(
      res.body.events.map((e: { code: number }) => e.code),
      [200, 200],
    );
  } finally {
    await t.close();
  }
});

test('event names are gated by microversion', async () => {
  const t = await app();
  try {
    const uuid = await activeServer(t);
    const token = await t.tokenFor('admin');
    const gates: Array<[string, string, string]> = [
      ['volume-extended', '2.50', '2.51'],
      ['power-update', '2.75', '2.76'],
      ['accelerator-request-bound', '2.81', '2.82'],
      ['volume-reimaged', '2.92', '2.93'],
    ];
    for (const [name, before, from] of gates) {
      const body = { events: [{ name, server_uuid: uuid, tag: 'x' }] };
      const no = await t.request('POST', URL, { token, mv: before, body });
      assert.equal(no.status, 400, `${name} at ${before}`);
      assert.match(
        no.body.badRequest.message,
        new RegExp(`^Invalid input for field/attribute name\\. Value: ${name}\\. '${name}' is not one of \\[`),
      );
      const yes = await t.request('POST', URL, { token, mv: from, body });
      assert.equal(yes.status, 200, `${name} at ${from}: ${yes.text}`);
    }
    const pre = await t.request('POST', URL, {
      token,
      mv: '2.75',
      body: { events: [{ name: 'power-update', server_uuid: uuid, tag: 'POWER_ON' }] },
    });
    assert.equal(
      pre.body.badRequest.message,
      "Invalid input for field/attribute name. Value: power-update. 'power-update' is not one of ['network-changed', 'network-vif-plugged', 'network-vif-unplugged', 'network-vif-deleted', 'volume-extended']",
    );
    // the newest advertised microversion keeps every name; volume-reimaged needs no tag
    const latest = await t.request('POST', URL, {
      token,
      mv: '2.96',
      body: { events: [{ name: 'volume-reimaged', server_uuid: uuid }] },
    });
    assert.equal(latest.status, 200);
  } finally {
    await t.close();
  }
});

test('only admin and service roles may send events; members and readers get 403, after body validation', async () => {
  const t = await app();
  try {
    const uuid = await activeServer(t);
    const body = { events: [{ name: 'network-changed', server_uuid: uuid }] };
    for (const [user, project] of [
      ['demo', 'demo'],
      ['viewer', 'demo'],
    ] as const) {
      const res = await t.request('POST', URL, { token: await t.tokenFor(user, project), body });
      assert.equal(res.status, 403, user);
      assert.equal(
        res.body.forbidden.message,
        "Policy doesn't allow os_compute_api:os-server-external-events:create to be performed.",
      );
      // validation comes first: a bad body is a 400 even for a caller the policy refuses
      const bad = await t.request('POST', URL, { token: await t.tokenFor(user, project), body: { events: [] } });
      assert.equal(bad.status, 400, user);
    }
    for (const [user, project] of [
      ['admin', 'admin'],
      ['service', 'service'],
    ] as const) {
      const res = await t.request('POST', URL, { token: await t.tokenFor(user, project), body });
      assert.equal(res.status, 200, `${user}: ${res.text}`);
    }
    const anon = await t.request('POST', URL, { body });
    assert.equal(anon.status, 401);
    const rows = await t.rt.store.db.selectFrom('server_events').select('source').execute();
    assert.deepEqual(
      rows.map((r) => r.source),
      ['api', 'api'],
    );
  } finally {
    await t.close();
  }
});

test('malformed bodies are 400 with Nova-worded messages and store nothing', async () => {
  const t = await app();
  try {
    const uuid = await activeServer(t);
    const token = await t.tokenFor('admin');
    const cases: Array<[unknown, string]> = [
      [{ events: [] }, 'Invalid input for field/attribute events. Value: []. [] is too short'],
      [{ events: 'foo' }, "Invalid input for field/attribute events. Value: foo. 'foo' is not of type 'array'"],
      [{ foo: 'bar' }, "'events' is a required property"],
      [
        { events: [{ name: 'network-changed' }] },
        "Invalid input for field/attribute 0. Value: {'name': 'network-changed'}. 'server_uuid' is a required property",
      ],
      [
        { events: [{ server_uuid: uuid }] },
        `Invalid input for field/attribute 0. Value: {'server_uuid': '${uuid}'}. 'name' is a required property`,
      ],
      [
        { events: [{ name: 'network-changed', server_uuid: 'not-a-uuid' }] },
        "Invalid input for field/attribute server_uuid. Value: not-a-uuid. 'not-a-uuid' is not a 'uuid'",
      ],
      [
        { events: [{ name: 'test-event', server_uuid: uuid }] },
        "Invalid input for field/attribute name. Value: test-event. 'test-event' is not one of ['network-changed', 'network-vif-plugged', 'network-vif-unplugged', 'network-vif-deleted']",
      ],
      [
        { events: [{ name: 'network-changed', server_uuid: uuid, status: 'done' }] },
        "Invalid input for field/attribute status. Value: done. 'done' is not one of ['failed', 'completed', 'in-progress']",
      ],
      [
        { events: [{ name: 'network-changed', server_uuid: uuid, tag: 5 }] },
        "Invalid input for field/attribute tag. Value: 5. 5 is not of type 'string'",
      ],
      [
        { events: [{ name: 'network-changed', server_uuid: 7 }] },
        "Invalid input for field/attribute server_uuid. Value: 7. 7 is not of type 'string'",
      ],
      [
        { events: [{ name: 'network-changed', server_uuid: uuid, tag: 'x'.repeat(256) }] },
        `Invalid input for field/attribute tag. Value: ${'x'.repeat(256)}. '${'x'.repeat(256)}' is too long`,
      ],
      [
        { events: [{ name: 'network-changed', server_uuid: uuid }], extra: 1 },
        "Additional properties are not allowed ('extra' was unexpected)",
      ],
      [
        { events: [{ name: 'network-changed', server_uuid: uuid, gorp: 1 }] },
        "Invalid input for field/attribute 0. Value: {'name': 'network-changed', 'server_uuid': '" +
          uuid +
          "', 'gorp': 1}. Additional properties are not allowed ('gorp' was unexpected)",
      ],
      [{ events: [{}] }, "Invalid input for field/attribute 0. Value: {}. 'server_uuid' is a required property"],
    ];
    for (const [body, message] of cases) {
      const res = await t.request('POST', URL, { token, body });
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.equal(res.body.badRequest.message, message, JSON.stringify(body));
    }
    const none = await t.request('POST', URL, {
      token,
      payload: 'not json',
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(none.status, 400);
    assert.equal((await t.rt.store.db.selectFrom('server_events').select('id').execute()).length, 0);
  } finally {
    await t.close();
  }
});

test('power-update POWER_OFF/POWER_ON record stop/start actions and change the state only from the opposite steady state', async () => {
  const t = await app();
  try {
    const uuid = await activeServer(t);
    const token = await t.tokenFor('service', 'service');
    const send = (tag: string) =>
      t.request('POST', URL, {
        token,
        mv: '2.76',
        body: { events: [{ name: 'power-update', server_uuid: uuid, tag }] },
      });
    const state = async () =>
      t.rt.store.db
        .selectFrom('instances')
        .select(['vm_state', 'power_state', 'task_state'])
        .where('uuid', '=', uuid)
        .executeTakeFirstOrThrow();
    const eventsOf = async (requestId: string) =>
      t.rt.store.db
        .selectFrom('instance_action_events')
        .innerJoin('instance_actions', 'instance_actions.id', 'instance_action_events.action_id')
        .select(['action', 'event', 'result', 'instance_action_events.finish_time as finish_time'])
        .where('instance_uuid', '=', uuid)
        .where('request_id', '=', requestId)
        .execute();
    const finished = (rid: string) =>
      waitFor(async () => {
        const e = await eventsOf(rid);
        return e.length && e.every((x) => x.finish_time) ? e : null;
      }, 'power update event');

    const off = await send('POWER_OFF');
    assert.equal(off.status, 200);
    const offEv = await finished(off.headers['x-openstack-request-id'] as string);
    assert.deepEqual(
      offEv.map((e) => [e.action, e.event, e.result]),
      [['stop', 'compute_power_update', 'Success']],
    );
    assert.deepEqual(await state(), { vm_state: 'stopped', power_state: 4, task_state: null });

    // already stopped: POWER_OFF again is a recorded no-op
    const again = await send('POWER_OFF');
    await finished(again.headers['x-openstack-request-id'] as string);
    assert.deepEqual(await state(), { vm_state: 'stopped', power_state: 4, task_state: null });

    const on = await send('POWER_ON');
    const onEv = await finished(on.headers['x-openstack-request-id'] as string);
    assert.deepEqual(
      onEv.map((e) => [e.action, e.event]),
      [['start', 'compute_power_update']],
    );
    assert.deepEqual(await state(), { vm_state: 'active', power_state: 1, task_state: null });

    // another tag: 200, but compute/api.py drops it (no action, no state change)
    const odd = await send('POWER_CYCLE');
    assert.equal(odd.status, 200);
    assert.equal(odd.body.events[0].code, 200);
    const rid = odd.headers['x-openstack-request-id'] as string;
    assert.equal(
      (await t.rt.store.db.selectFrom('instance_actions').select('id').where('request_id', '=', rid).execute()).length,
      0,
    );
    assert.deepEqual(await state(), { vm_state: 'active', power_state: 1, task_state: null });

    // the actions are visible in os-instance-actions
    const list = await t.request('GET', `/compute/v2.1/servers/${uuid}/os-instance-actions`, {
      token: await t.tokenFor('admin'),
    });
    assert.deepEqual(list.body.instanceActions.map((a: { action: string }) => a.action).sort(), [
      'create',
      'start',
      'stop',
      'stop',
    ]);
  } finally {
    await t.close();
  }
});

test('volume-extended records an extend_volume action whose compute event fails: the volume is not attached', async () => {
  const t = await app();
  try {
    const uuid = await activeServer(t);
    const vol = randomUUID();
    const res = await t.request('POST', URL, {
      token: await t.tokenFor('admin'),
      mv: '2.51',
      body: { events: [{ name: 'volume-extended', server_uuid: uuid, tag: vol }] },
    });
    assert.equal(res.status, 200);
    const rid = res.headers['x-openstack-request-id'] as string;
    const show = await waitFor(async () => {
      const r = await t.request('GET', `/compute/v2.1/servers/${uuid}/os-instance-actions/${rid}`, {
        token: await t.tokenFor('admin'),
        mv: '2.84',
      });
      return r.status === 200 && r.body.instanceAction.events.length && r.body.instanceAction.events[0].finish_time
        ? r
        : null;
    }, 'extend_volume event');
    assert.equal(show.body.instanceAction.action, 'extend_volume');
    assert.equal(show.body.instanceAction.events[0].event, 'compute_extend_volume');
    assert.equal(show.body.instanceAction.events[0].result, 'Error');
    assert.match(
      show.body.instanceAction.events[0].details,
      new RegExp(`No volume Block Device Mapping with id ${vol}`),
    );
  } finally {
    await t.close();
  }
});

test('a batch of 1,000 events for 1,000 servers is accepted in one request and delivered', async () => {
  const t = await app();
  try {
    const template = await t.rt.store.db
      .selectFrom('instances')
      .selectAll()
      .where('uuid', '=', await activeServer(t))
      .executeTakeFirstOrThrow();
    const uuids = Array.from({ length: 1000 }, () => randomUUID());
    const hosts = ['compute1', 'compute2', 'compute3', 'compute4'];
    const rows = uuids.map((uuid, i) => ({
      ...template,
      uuid,
      display_name: `bulk-${i}`,
      host: hosts[i % 4],
      node: hosts[i % 4],
    }));
    for (let i = 0; i < rows.length; i += 20)
      await t.rt.store.db
        .insertInto('instances')
        .values(rows.slice(i, i + 20))
        .execute();
    const events = uuids.map((server_uuid) => ({ name: 'network-changed', server_uuid, tag: 'p' }));
    const res = await t.request('POST', URL, { token: await t.tokenFor('admin'), body: { events } });
    assert.equal(res.status, 200, res.text.slice(0, 300));
    assert.equal(res.body.events.length, 1000);
    assert.ok(
      res.body.events.every((e: { code: number; status: string }) => e.code === 200 && e.status === 'completed'),
    );
    // one delivery operation per host, as Nova casts once per host
    const ops = await t.rt.store.db
      .selectFrom('operations')
      .select(['host'])
      .where('kind', '=', 'external_event')
      .execute();
    assert.deepEqual(ops.map((o) => o.host).sort(), hosts);
    await waitFor(
      async () => {
        const left = await t.rt.store.db
          .selectFrom('server_events')
          .select('id')
          .where('delivered_at', 'is', null)
          .execute();
        return left.length === 0;
      },
      'all 1,000 delivered',
      20000,
    );
  } finally {
    await t.close();
  }
});
