/**
 * Crash safety of the real process: builds and power actions are in flight when `stackbox serve`
 * is killed with SIGKILL; started again on the same SQLite file, every instance reaches a stable
 * state and the action log says what happened.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_IMAGES } from '../../src/store/seed.js';
import { first } from '../helpers/elements.js';
import { call, killHard, serve, token, type Served } from '../helpers/served.js';

const IMAGE = first(DEFAULT_IMAGES, 'DEFAULT_IMAGES').id;
/** a compute API request */
const api = (url: string, tok: string, method: string, path: string, body?: unknown) =>
  call(url, tok, method, `/compute/v2.1${path}`, body);

test(
  'SIGKILL during builds and power actions: after restart every server is stable and the log says why',
  { timeout: 120_000 },
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stackbox-kill-'));
    // slow simulated hypervisor so that work is certainly in flight when the process dies
    const slow = {
      STACKBOX_FAKE__SPAWN_MS: '1500',
      STACKBOX_FAKE__POWER_OFF_MS: '1500',
      STACKBOX_FAKE__POWER_ON_MS: '1500',
      STACKBOX_COMPUTE__OPERATION_LEASE_MS: '2000',
    };
    let first: Served | null = null;
    let second: Served | null = null;
    try {
      first = await serve(dir, { ...slow, STACKBOX_FAKE__SPAWN_MS: '50' });
      let tok = await token(first.url);
      const create = (name: string) =>
        api(first!.url, tok, 'POST', '/servers', { server: { name, imageRef: IMAGE, flavorRef: '1' } });
      // a few servers that become ACTIVE quickly, then get a slow stop
      const early = await Promise.all([1, 2, 3].map((i) => create(`early-${i}`)));
      for (const r of early) assert.equal(r.status, 202);
      for (const r of early) {
        for (let i = 0; i < 200; i++) {
          const s = await api(first.url, tok, 'GET', `/servers/${r.body.server.id}`);
          if (s.body.server.status === 'ACTIVE') break;
          await new Promise((res) => setTimeout(res, 20));
        }
      }
      await killHard(first);
      first = await serve(dir, slow);
      tok = await token(first.url);
      for (const r of early)
        assert.equal(
          (await api(first.url, tok, 'POST', `/servers/${r.body.server.id}/action`, { 'os-stop': null })).status,
          202,
        );
      const builds = await Promise.all(Array.from({ length: 8 }, (_, i) => create(`build-${i}`)));
      for (const r of builds) assert.equal(r.status, 202);
      await new Promise((res) => setTimeout(res, 300));
      await killHard(first);
      first = null;

      second = await serve(dir, {
        STACKBOX_FAKE__SPAWN_MS: '10',
        STACKBOX_FAKE__POWER_OFF_MS: '10',
        STACKBOX_FAKE__POWER_ON_MS: '10',
        STACKBOX_COMPUTE__OPERATION_LEASE_MS: '2000',
      });
      tok = await token(second.url);
      const ids = [...early, ...builds].map((r) => r.body.server.id as string);
      const deadline = Date.now() + 60_000;
      let servers: Array<{ id: string; status: string; 'OS-EXT-STS:task_state': string | null }> = [];
      for (;;) {
        servers = (await api(second.url, tok, 'GET', '/servers/detail')).body.servers;
        const mine = servers.filter((s) => ids.includes(s.id));
        if (
          mine.length === ids.length &&
          mine.every((s) => s['OS-EXT-STS:task_state'] === null && s.status !== 'BUILD')
        )
          break;
        assert.ok(
          Date.now() < deadline,
          `still unsettled: ${JSON.stringify(mine.map((s) => [s.status, s['OS-EXT-STS:task_state']]))}`,
        );
        await new Promise((res) => setTimeout(res, 100));
      }
      for (const s of servers.filter((x) => ids.includes(x.id))) {
        assert.ok(['ACTIVE', 'SHUTOFF', 'ERROR'].includes(s.status), `${s.id} ${s.status}`);
        const actions = (await api(second.url, tok, 'GET', `/servers/${s.id}/os-instance-actions`)).body
          .instanceActions as Array<{ action: string; request_id: string }>;
        assert.ok(
          actions.some((a) => a.action === 'create'),
          'the create is in the log',
        );
        const early = actions.find((a) => a.action === 'stop');
        if (early) {
          const detail = (
            await api(second.url, tok, 'GET', `/servers/${s.id}/os-instance-actions/${early.request_id}`, undefined)
          ).body.instanceAction;
          assert.ok(detail, 'the stop action is readable');
        }
      }
      // the log says why: the attempt cut short by the kill is an Error event with the reason (admins see tracebacks)
      const admin = await token(second.url, 'admin');
      let interrupted = 0;
      for (const r of [...early, ...builds]) {
        const id = r.body.server.id as string;
        const actions = (await api(second.url, admin, 'GET', `/servers/${id}/os-instance-actions`)).body
          .instanceActions as Array<{ request_id: string }>;
        for (const a of actions) {
          const events = (await api(second.url, admin, 'GET', `/servers/${id}/os-instance-actions/${a.request_id}`))
            .body.instanceAction.events as Array<{ result: string; traceback: string | null }>;
          interrupted += events.filter(
            (e) => e.result === 'Error' && /compute agent stopped/.test(e.traceback ?? ''),
          ).length;
        }
      }
      assert.ok(interrupted > 0, 'interrupted attempts are recorded as Error events with the reason');
      // the stops that were in flight completed after the restart
      for (const r of early) {
        const s = servers.find((x) => x.id === r.body.server.id)!;
        assert.equal(s.status, 'SHUTOFF', `stop of ${s.id} resumed after the crash`);
      }
    } finally {
      first?.child.kill('SIGKILL');
      second?.child.kill('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    }
  },
);
