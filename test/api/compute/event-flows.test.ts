/**
 * Compute flows driven by external events: a boot and an interface attach wait for
 * network-vif-plugged from the built-in network service, whose behaviour the emulator's event
 * expectations control (send after N ms, never, failed); vif_plugging_timeout/_is_fatal decide
 * what a missing event does; an event that arrived before the wait still counts; the per-server
 * timeline shows every event and wait.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, waitFor, type TestApp } from '../../helpers/app.js';
import { first } from '../../helpers/elements.js';
import type { Config, DeepPartial } from '../../../src/config/config.js';
import { IMAGE } from './server-fixtures.js';
import { I, S, bootServer, createPort, getPort, networkId } from './os-interface-helpers.js';

const EXP = '/_stackbox/event-expectations';
const EVENTS = '/compute/v2.1/os-server-external-events';

interface Entry {
  type: string;
  name?: string;
  tag?: string | null;
  source?: string;
  code?: number;
  status?: string;
  time: string;
  event_id?: string | null;
}

async function timeline(t: TestApp, server: string): Promise<Entry[]> {
  const r = await t.request('GET', `/_stackbox/servers/${server}/timeline`, { token: await t.tokenFor('admin') });
  assert.equal(r.status, 200, r.text);
  return r.body.timeline as Entry[];
}

async function expect(t: TestApp, body: Record<string, unknown>): Promise<string> {
  const r = await t.request('POST', EXP, { token: await t.tokenFor('admin'), body });
  assert.equal(r.status, 201, r.text);
  return r.body.expectation.id as string;
}

/** POST /servers and wait for a settled status (ACTIVE or ERROR); returns the server body */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function boot(t: TestApp, networks: unknown): Promise<Record<string, any>> {
  const token = await t.tokenFor('demo');
  const r = await t.request('POST', S, {
    token,
    mv: '2.37',
    body: { server: { name: 'vm', imageRef: IMAGE, flavorRef: '1', networks } },
  });
  assert.equal(r.status, 202, r.text);
  return settled(t, r.body.server.id);
}

async function settled(t: TestApp, id: string, timeoutMs = 5000) {
  return waitFor(
    async () => {
      const g = await t.request('GET', `${S}/${id}`, { token: await t.tokenFor('admin') });
      if (!g.body?.server) throw new Error(`GET ${id}: ${g.status} ${g.text}`);
      const s = g.body.server;
      return (s.status === 'ACTIVE' || s.status === 'ERROR') && s['OS-EXT-STS:task_state'] === null ? s : null;
    },
    `${id} to settle`,
    timeoutMs,
  );
}

/** the create action's compute_wait_for_* events, as an admin sees them (with tracebacks) */
async function waitActionEvents(
  t: TestApp,
  server: string,
): Promise<Array<{ event: string; result: string; traceback: string | null; details?: string }>> {
  const admin = await t.tokenFor('admin');
  const actions = (await t.request('GET', `${S}/${server}/os-instance-actions`, { token: admin })).body
    .instanceActions as Array<{ action: string; request_id: string }>;
  const create = actions.find((a) => a.action === 'create')!;
  const detail = await t.request('GET', `${S}/${server}/os-instance-actions/${create.request_id}`, {
    token: admin,
    mv: '2.84',
  });
  return (
    detail.body.instanceAction.events as Array<{
      event: string;
      result: string;
      traceback: string | null;
      details?: string;
    }>
  ).filter((e) => e.event.startsWith('compute_wait_for_'));
}

async function withApp(patch: DeepPartial<Config>, fn: (t: TestApp, priv: string) => Promise<void>) {
  const t = await startTestApp(patch);
  try {
    await fn(t, await networkId(t, 'private'));
  } finally {
    await t.close();
  }
}

test('a boot waits for network-vif-plugged from the network service and goes ACTIVE; the timeline shows event and wait', () =>
  withApp({}, async (t) => {
    const s = await boot(t, 'auto');
    assert.equal(s.status, 'ACTIVE');
    const port = (
      await t.rt.store.db
        .selectFrom('virtual_interfaces')
        .select('port_id')
        .where('instance_uuid', '=', s.id)
        .executeTakeFirstOrThrow()
    ).port_id;
    const tl = await timeline(t, s.id);
    const types = tl.map((e) => e.type);
    for (const ty of ['event_received', 'wait_started', 'wait_satisfied', 'event_delivered'])
      assert.ok(types.includes(ty), `${ty} in ${types.join(',')}`);
    const ev = tl.find((e) => e.type === 'event_received')!;
    assert.deepEqual(
      [ev.name, ev.tag, ev.source, ev.code, ev.status],
      ['network-vif-plugged', port, 'network', 200, 'completed'],
    );
    assert.equal(tl.find((e) => e.type === 'wait_satisfied')!.event_id, (ev as { event_id?: string }).event_id);
    // sorted by time
    assert.deepEqual(
      tl.map((e) => e.time),
      [...tl.map((e) => e.time)].sort(),
    );
    // the wait is in the instance action log too
    const waits = await waitActionEvents(t, s.id);
    assert.deepEqual(
      waits.map((e) => [e.event, e.result, e.details]),
      [['compute_wait_for_network-vif-plugged', 'Success', `network-vif-plugged-${port}`]],
    );
    // the timeline is an admin control
    const member = await t.request('GET', `/_stackbox/servers/${s.id}/timeline`, { token: await t.tokenFor('demo') });
    assert.equal(member.status, 403);
    const unknown = await t.request('GET', '/_stackbox/servers/00000000-0000-0000-0000-000000000000/timeline', {
      token: await t.tokenFor('admin'),
    });
    assert.equal(unknown.status, 404);
  }));

test('with a delay expectation the build stays in spawning until the event comes, then goes ACTIVE', () =>
  withApp({}, async (t, priv) => {
    const demo = await t.tokenFor('demo');
    const port = await createPort(t, demo, priv);
    await expect(t, { port_id: port.id, action: 'send', delay_ms: 300 });
    const started = Date.now();
    const s = await boot(t, [{ port: port.id }]);
    assert.equal(s.status, 'ACTIVE');
    assert.ok(Date.now() - started >= 280, 'the build waited for the delayed event');
    const tl = await timeline(t, s.id);
    const order = tl
      .filter((e) => ['wait_started', 'event_received', 'wait_satisfied'].includes(e.type))
      .map((e) => e.type);
    assert.deepEqual(order, ['wait_started', 'event_received', 'wait_satisfied']);
  }));

test('with a "never" expectation a fatal timeout fails the build with a fault and releases the port', () =>
  withApp({ compute: { vifPluggingTimeout: 0.2 } }, async (t, priv) => {
    const demo = await t.tokenFor('demo');
    const port = await createPort(t, demo, priv);
    await expect(t, { port_id: port.id, action: 'never' });
    const s = await boot(t, [{ port: port.id }]);
    assert.equal(s.status, 'ERROR');
    const fault = (await t.request('GET', `${S}/${s.id}`, { token: demo })).body.server.fault;
    assert.equal(
      fault.message,
      `Build of instance ${s.id} aborted: Failed to allocate the network(s), not rescheduling.`,
    );
    const p = (await getPort(t, demo, port.id)).body.port;
    assert.deepEqual([p.device_id, p.status], ['', 'DOWN']);
    const tl = await timeline(t, s.id);
    assert.ok(tl.some((e) => e.type === 'wait_timed_out' && e.tag === port.id));
    assert.ok(!tl.some((e) => e.type === 'event_received' && e.name === 'network-vif-plugged'));
    const waits = await waitActionEvents(t, s.id);
    assert.equal(waits.length, 1);
    const wait = first(waits);
    assert.equal(wait.result, 'Error');
    assert.equal(wait.traceback, `Timeout waiting for network-vif-plugged-${port.id} after 200 ms`);
  }));

test('with a "never" expectation and vif_plugging_is_fatal off the build goes ACTIVE after the timeout', () =>
  withApp({ compute: { vifPluggingTimeout: 0.2, vifPluggingIsFatal: false } }, async (t, priv) => {
    const demo = await t.tokenFor('demo');
    const port = await createPort(t, demo, priv);
    await expect(t, { port_id: port.id, action: 'never' });
    const s = await boot(t, [{ port: port.id }]);
    assert.equal(s.status, 'ACTIVE');
    assert.ok((await timeline(t, s.id)).some((e) => e.type === 'wait_timed_out'));
  }));

test('a "failed" plug event fails the build at once', () =>
  withApp({}, async (t, priv) => {
    const demo = await t.tokenFor('demo');
    const port = await createPort(t, demo, priv);
    await expect(t, { port_id: port.id, action: 'failed' });
    const s = await boot(t, [{ port: port.id }]);
    assert.equal(s.status, 'ERROR');
    const tl = await timeline(t, s.id);
    assert.ok(tl.some((e) => e.type === 'event_received' && e.status === 'failed' && e.code === 200));
    assert.ok(tl.some((e) => e.type === 'wait_failed'));
  }));

test('an event sent before the wait started still satisfies it', () =>
  withApp({ fake: { spawnMs: 400 }, compute: { vifPluggingTimeout: 3 } }, async (t, priv) => {
    const demo = await t.tokenFor('demo');
    const port = await createPort(t, demo, priv);
    await expect(t, { port_id: port.id, action: 'never' });
    const r = await t.request('POST', S, {
      token: demo,
      mv: '2.37',
      body: { server: { name: 'early', imageRef: IMAGE, flavorRef: '1', networks: [{ port: port.id }] } },
    });
    const id = r.body.server.id as string;
    // once the server is on a host (spawning), the "network service" reports the port up early
    await waitFor(
      async () =>
        (await t.rt.store.db.selectFrom('instances').select('task_state').where('uuid', '=', id).executeTakeFirst())
          ?.task_state === 'spawning',
      'spawning',
    );
    const sent = await t.request('POST', EVENTS, {
      token: await t.tokenFor('service', 'service'),
      body: { events: [{ name: 'network-vif-plugged', server_uuid: id, tag: port.id }] },
    });
    assert.equal(sent.status, 200, sent.text);
    const started = Date.now();
    const s = await settled(t, id);
    assert.equal(s.status, 'ACTIVE');
    assert.ok(Date.now() - started < 2500, 'did not wait for the timeout');
    const tl = await timeline(t, id);
    const received = tl.findIndex((e) => e.type === 'event_received' && e.source === 'api');
    const waited = tl.findIndex((e) => e.type === 'wait_started');
    assert.ok(received >= 0 && received < waited, tl.map((e) => e.type).join(','));
    assert.ok(tl.some((e) => e.type === 'wait_satisfied'));
  }));

test('an interface attach whose plug event fails answers 500 and leaves the port unbound', () =>
  withApp({}, async (t, priv) => {
    const demo = await t.tokenFor('demo');
    const vm = await bootServer(t, demo, 'none');
    const port = await createPort(t, demo, priv);
    const exp = await expect(t, { port_id: port.id, action: 'failed' });
    const r = await t.request('POST', I(vm), { token: demo, body: { interfaceAttachment: { port_id: port.id } } });
    assert.equal(r.status, 500, r.text);
    assert.equal(r.body.computeFault.message, `Failed to attach network adapter device to ${vm}`);
    const p = (await getPort(t, demo, port.id)).body.port;
    assert.deepEqual([p.device_id, p.status], ['', 'DOWN']);
    assert.equal(
      (await t.rt.store.db.selectFrom('virtual_interfaces').select('id').where('instance_uuid', '=', vm).execute())
        .length,
      0,
    );
    // a second attach without the expectation succeeds: the failed event is not reused
    assert.equal((await t.request('DELETE', `${EXP}/${exp}`, { token: await t.tokenFor('admin') })).status, 204);
    const again = await t.request('POST', I(vm), { token: demo, body: { interfaceAttachment: { port_id: port.id } } });
    assert.equal(again.status, 200, again.text);
  }));

test('network-vif-deleted from an external caller detaches that interface; detach and delete announce unplug/delete', () =>
  withApp({}, async (t, priv) => {
    const demo = await t.tokenFor('demo');
    const port = await createPort(t, demo, priv);
    const vm = await bootServer(t, demo, [{ port: port.id }]);
    const res = await t.request('POST', EVENTS, {
      token: await t.tokenFor('admin'),
      body: { events: [{ name: 'network-vif-deleted', server_uuid: vm, tag: port.id }] },
    });
    assert.equal(res.status, 200);
    await waitFor(
      async () =>
        (await t.rt.store.db.selectFrom('virtual_interfaces').select('id').where('instance_uuid', '=', vm).execute())
          .length === 0,
      'vif dropped',
    );
    // a network-created interface: attach then detach → network-vif-deleted from the network side
    const at = await t.request('POST', I(vm), { token: demo, body: { interfaceAttachment: { net_id: priv } } });
    assert.equal(at.status, 200, at.text);
    const created = at.body.interfaceAttachment.port_id as string;
    const del = await t.request('DELETE', I(vm, created), { token: demo });
    assert.equal(del.status, 202);
    await waitFor(
      async () =>
        (await timeline(t, vm)).some(
          (e) =>
            e.type === 'event_received' &&
            e.name === 'network-vif-deleted' &&
            e.tag === created &&
            e.source === 'network',
        ),
      'vif-deleted announced',
    );
  }));

test('event expectations: validation, listing, counted use and deletion (admin only)', () =>
  withApp({}, async (t, priv) => {
    const admin = await t.tokenFor('admin');
    const bad = [
      {},
      { port_id: 'a', server_id: 'b' },
      { port_id: 'a', action: 'sometimes' },
      { port_id: 'a', delay_ms: -1 },
      { port_id: 'a', count: 0 },
      { port_id: 'a', event: 'network-changed' },
      { port_id: 'a', x: 1 },
    ];
    for (const body of bad)
      assert.equal((await t.request('POST', EXP, { token: admin, body })).status, 400, JSON.stringify(body));
    assert.equal(
      (await t.request('POST', EXP, { token: await t.tokenFor('demo'), body: { port_id: 'a' } })).status,
      403,
    );
    const demo = await t.tokenFor('demo');
    const port = await createPort(t, demo, priv);
    const id = await expect(t, { port_id: port.id, action: 'failed', count: 1 });
    const list = await t.request('GET', EXP, { token: admin });
    assert.deepEqual(
      list.body.expectations.map((e: { id: string; action: string; remaining: number }) => [
        e.id,
        e.action,
        e.remaining,
      ]),
      [[id, 'failed', 1]],
    );
    // used once by the first plug (which fails), then gone: the second boot with the port succeeds
    const first = await boot(t, [{ port: port.id }]);
    assert.equal(first.status, 'ERROR');
    assert.deepEqual((await t.request('GET', EXP, { token: admin })).body.expectations, []);
    const second = await boot(t, [{ port: port.id }]);
    assert.equal(second.status, 'ACTIVE');
    const other = await expect(t, { server_id: second.id, action: 'never' });
    assert.equal((await t.request('DELETE', `${EXP}/${other}`, { token: admin })).status, 204);
    assert.equal((await t.request('DELETE', `${EXP}/${other}`, { token: admin })).status, 404);
  }));

test("deleting a server's port through the network API sends network-vif-deleted and compute drops the interface", () =>
  withApp({}, async (t, priv) => {
    const demo = await t.tokenFor('demo');
    const port = await createPort(t, demo, priv);
    const vm = await bootServer(t, demo, [{ port: port.id }]);
    const del = await t.request('DELETE', `/network/v2.0/ports/${port.id}`, { token: demo });
    assert.equal(del.status, 204, del.text);
    await waitFor(
      async () =>
        (await t.rt.store.db.selectFrom('virtual_interfaces').select('id').where('instance_uuid', '=', vm).execute())
          .length === 0,
      'vif dropped',
    );
    const ev = (await timeline(t, vm)).find((e) => e.type === 'event_received' && e.name === 'network-vif-deleted');
    assert.deepEqual([ev?.tag, ev?.source, ev?.code], [port.id, 'network', 200]);
    const list = await t.request('GET', I(vm), { token: demo });
    assert.deepEqual(list.body.interfaceAttachments, []);
  }));
