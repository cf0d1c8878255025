/**
 * Every time written to state comes from the runtime clock (rt.clock), so a virtual clock moves
 * all of it: a server created and stopped under a fixed clock carries that time in its instance
 * row, its instance actions and their events, and its operation rows. A scan of src/ keeps new
 * reads of the wall clock out.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { startTestApp, waitFor, type TestApp } from '../helpers/app.js';

const CIRROS = '6a1a3f1e-9a43-4c3f-9b7a-2b1f0f6e8c01';
/** a fixed virtual time; the demo token is issued under it, since token expiry reads the same clock */
const VIRTUAL = '2031-02-03T04:05:06.789Z';

let t: TestApp;
let demo: string;
before(async () => {
  t = await startTestApp();
});
after(async () => {
  await t.close();
});

async function serverStatus(id: string, status: string): Promise<void> {
  await waitFor(async () => {
    const s = await t.request('GET', `/compute/v2.1/servers/${id}`, { token: demo });
    return s.body.server.status === status && s.body.server['OS-EXT-STS:task_state'] === null;
  }, `${id} ${status}`);
}

test('a server created and stopped under a virtual clock carries its time in every row written', async () => {
  const real = t.rt.clock;
  t.rt.clock = () => new Date(VIRTUAL);
  try {
    demo = await t.tokenFor('demo');
    const r = await t.request('POST', '/compute/v2.1/servers', {
      token: demo,
      body: { server: { name: 'clocked', imageRef: CIRROS, flavorRef: '1' } },
    });
    assert.equal(r.status, 202, r.text);
    const id = r.body.server.id as string;
    await serverStatus(id, 'ACTIVE');
    const stop = await t.request('POST', `/compute/v2.1/servers/${id}/action`, {
      token: demo,
      body: { 'os-stop': null },
    });
    assert.equal(stop.status, 202, stop.text);
    await serverStatus(id, 'SHUTOFF');

    const db = t.rt.store.db;
    const inst = await db
      .selectFrom('instances')
      .select(['created_at', 'updated_at', 'launched_at'])
      .where('uuid', '=', id)
      .executeTakeFirstOrThrow();
    assert.deepEqual(inst, { created_at: VIRTUAL, updated_at: VIRTUAL, launched_at: VIRTUAL });

    const actions = await db
      .selectFrom('instance_actions')
      .select(['id', 'action', 'start_time', 'updated_at'])
      .where('instance_uuid', '=', id)
      .orderBy('action')
      .execute();
    assert.deepEqual(
      actions.map((a) => a.action),
      ['create', 'stop'],
    );
    for (const a of actions)
      assert.deepEqual({ start: a.start_time, updated: a.updated_at }, { start: VIRTUAL, updated: VIRTUAL }, a.action);
    const events = await db
      .selectFrom('instance_action_events')
      .select(['event', 'start_time', 'finish_time', 'result'])
      .where(
        'action_id',
        'in',
        actions.map((a) => a.id),
      )
      .execute();
    assert.ok(
      events.some((e) => e.event === 'compute_stop_instance'),
      JSON.stringify(events),
    );
    for (const e of events) {
      assert.deepEqual(
        { start: e.start_time, finish: e.finish_time, result: e.result },
        { start: VIRTUAL, finish: VIRTUAL, result: 'Success' },
        e.event,
      );
    }

    // the agent marks an operation done after the state write the API shows, in its own
    // transaction, so SHUTOFF can be seen a moment before the stop's row says done
    await waitFor(async () => {
      const open = await db
        .selectFrom('operations')
        .select('id')
        .where('instance_uuid', '=', id)
        .where('status', '!=', 'done')
        .execute();
      return open.length === 0;
    }, `${id} operations done`);
    const ops = await db
      .selectFrom('operations')
      .select(['kind', 'status', 'created_at', 'finished_at'])
      .where('instance_uuid', '=', id)
      .execute();
    // the network service's vif-plugged event is delivered as an operation too
    assert.deepEqual(ops.map((o) => o.kind).sort(), ['build', 'external_event', 'stop']);
    for (const o of ops) {
      assert.deepEqual(
        { status: o.status, created: o.created_at, finished: o.finished_at },
        { status: 'done', created: VIRTUAL, finished: VIRTUAL },
        o.kind,
      );
    }
  } finally {
    t.rt.clock = real;
  }
});

/**
 * Where src/ may still read the wall clock, each with why. Everything else goes through
 * rt.clock() (state) or elapsedMs() (how long a wait has lasted).
 */
const ALLOWED: Record<string, string> = {
  'lib/time.ts': 'systemClock, the default runtime clock; elapsedMs, monotonic real time for timeouts only',
};

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

test('token expiry follows the runtime clock', async () => {
  const real = t.rt.clock;
  try {
    // a fresh token (tokenFor caches one per user, issued by whatever clock ran then)
    const issued = await t.request('POST', '/identity/v3/auth/tokens', {
      body: {
        auth: {
          identity: {
            methods: ['password'],
            password: { user: { name: 'demo', domain: { name: 'Default' }, password: 'secret' } },
          },
        },
      },
    });
    assert.equal(issued.status, 201, issued.text);
    const token = issued.headers['x-subject-token'] as string;
    assert.equal((await t.request('GET', '/compute/v2.1/flavors', { token })).status, 200);
    // one minute past the token's lifetime, by the runtime clock only
    const later = real().getTime() + (t.rt.config.tokenTtlSeconds + 60) * 1000;
    t.rt.clock = () => new Date(later);
    const r = await t.request('GET', '/compute/v2.1/flavors', { token });
    assert.equal(r.status, 401, r.text);
  } finally {
    t.rt.clock = real;
  }
});

test('no code in src/ reads the wall clock outside the allow-list', () => {
  const src = resolve('src');
  const offenders: string[] = [];
  for (const f of files(src)) {
    const rel = relative(src, f).split('\\').join('/');
    if (ALLOWED[rel]) continue;
    readFileSync(f, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        if (/new Date\(\s*\)|Date\.now\(\)|performance\.now\(\)/.test(line))
          offenders.push(`src/${rel}:${i + 1}: ${line.trim()}`);
      });
  }
  assert.deepEqual(offenders, []);
  // the allow-list names only files that exist and still need it
  for (const rel of Object.keys(ALLOWED)) {
    assert.match(readFileSync(join(src, rel), 'utf8'), /new Date\(\)|performance\.now\(\)/, rel);
  }
});
