/**
 * Crash safety of resize, cold migration, shelve and createImage: `stackbox serve` is killed with
 * SIGKILL while each runs on a slow simulated hypervisor; started again on the same SQLite file,
 * every operation finishes or fails cleanly: no server is left in a task state, every instance
 * action event is finished, each server's host matches its migration and the hypervisors count
 * exactly the servers they hold, and each snapshot image is active or gone.
 */
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_IMAGES } from '../../src/store/seed.js';
import { first } from '../helpers/elements.js';
import { call, killHard, serve, token, until, type Served } from '../helpers/served.js';

const IMAGE = first(DEFAULT_IMAGES, 'DEFAULT_IMAGES').id;
/** a compute request at 2.47 (the server's flavor embedded, hypervisor usage still shown) */
const api = (url: string, tok: string, method: string, path: string, body?: unknown) =>
  call(url, tok, method, `/compute/v2.1${path}`, body, { 'x-openstack-nova-api-version': '2.47' });

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const timings = (ms: string) => ({
  STACKBOX_FAKE__SPAWN_MS: ms,
  STACKBOX_FAKE__POWER_OFF_MS: ms,
  STACKBOX_FAKE__POWER_ON_MS: ms,
  STACKBOX_FAKE__DESTROY_MS: ms,
  STACKBOX_COMPUTE__HOSTS: '3',
  STACKBOX_COMPUTE__OPERATION_LEASE_MS: '2000',
});

/** memory_mb_used of each hypervisor minus the RAM of the servers on it (what the host reserves) */
async function reserved(url: string, tok: string, ids: string[]): Promise<Map<string, number>> {
  const hyps = (await api(url, tok, 'GET', '/os-hypervisors/detail')).body.hypervisors as Json[];
  const out = new Map<string, number>(hyps.map((h) => [h.service.host as string, h.memory_mb_used as number]));
  for (const id of ids) {
    const s = (await api(url, tok, 'GET', `/servers/${id}`)).body.server;
    const host = s['OS-EXT-SRV-ATTR:host'] as string | null;
    if (host !== null) out.set(host, (out.get(host) ?? 0) - (s.flavor.ram as number));
  }
  return out;
}

/**
 * Builds four servers, kills `serve` while each one's operation is midway, starts it again with
 * `restart` (settled: one attempt allowed, so each recovered operation is given up and settled)
 * and checks every server's outcome.
 */
async function crashDuringMoves(t: TestContext, settled: boolean): Promise<void> {
  {
    const dir = mkdtempSync(join(tmpdir(), 'stackbox-movekill-'));
    let served: Served | null = null;
    try {
      served = await serve(dir, timings('20'));
      let url = served.url;
      let tok = await token(url, 'admin');
      const names = ['rs', 'mg', 'sh', 'im'];
      const ids: string[] = [];
      for (const name of names) {
        const r = await api(url, tok, 'POST', '/servers', {
          server: { name, imageRef: IMAGE, flavorRef: '1', networks: 'auto' },
        });
        assert.equal(r.status, 202, JSON.stringify(r.body));
        ids.push(r.body.server.id as string);
      }
      const show = async (id: string) => (await api(url, tok, 'GET', `/servers/${id}`)).body.server;
      for (const id of ids)
        await until(`server ${id} ACTIVE`, async () => {
          const s = await show(id);
          return s.status === 'ACTIVE' && s['OS-EXT-STS:task_state'] === null;
        });
      const [rs, mg, sh, im] = ids as [string, string, string, string];
      const source = new Map<string, string>();
      for (const id of ids) source.set(id, (await show(id))['OS-EXT-SRV-ATTR:host']);
      const before = await reserved(url, tok, ids);
      await killHard(served);

      // every hypervisor step takes 5 s now: each operation is certainly under way at the kill
      served = await serve(dir, timings('5000'));
      url = served.url;
      tok = await token(url, 'admin');
      const act = async (id: string, body: unknown) => {
        const r = await api(url, tok, 'POST', `/servers/${id}/action`, body);
        assert.equal(r.status, 202, JSON.stringify(r.body));
        return r.body;
      };
      // the shelve first: it powers the guest off (5 s) before its snapshot (5 s), so the others
      // start once it is in its snapshot, and all four are in their hypervisor part together
      await act(sh, { shelve: null });
      await until('shelve in its snapshot', async () =>
        ['shelving_image_pending_upload', 'shelving_image_uploading', 'shelving_offloading'].includes(
          (await show(sh))['OS-EXT-STS:task_state'] as string,
        ),
      );
      await act(rs, { resize: { flavorRef: '2' } });
      await act(mg, { migrate: null });
      const imageId = (await act(im, { createImage: { name: 'im-snap' } })).image_id as string;
      // past the API's part, the hypervisor's part under way (each step takes 5 s)
      const midway: Record<string, string[]> = {
        [rs]: ['resize_migrating', 'resize_migrated', 'resize_finish'],
        [mg]: ['resize_migrating', 'resize_migrated', 'resize_finish'],
        [sh]: ['shelving_image_pending_upload', 'shelving_image_uploading', 'shelving_offloading'],
        [im]: ['image_pending_upload', 'image_uploading'],
      };
      let states: string[] = [];
      const seen = new Set<string>();
      await until(
        `every operation midway`,
        async () => {
          const all = await Promise.all(ids.map((id) => show(id)));
          states = all.map((x) => x['OS-EXT-STS:task_state'] as string);
          for (const x of all) seen.add(`${x.status}/${x['OS-EXT-STS:task_state']}/${x.fault?.message ?? ''}`);
          return ids.every((id, i) => midway[id]!.includes(states[i]!));
        },
        60_000,
      ).catch((e: Error) => {
        throw new Error(`${e.message}: ${JSON.stringify(states)} ${JSON.stringify([...seen])}`);
      });
      await killHard(served);

      served = await serve(dir, {
        ...timings('10'),
        ...(settled ? { STACKBOX_COMPUTE__MAX_OPERATION_ATTEMPTS: '1' } : {}),
      });
      url = served.url;
      tok = await token(url, 'admin');
      for (const id of ids)
        await until(`server ${id} settled`, async () => (await show(id))['OS-EXT-STS:task_state'] === null);

      // resize and cold migration: finished on the destination, or back on the source in error
      for (const [id, flavor] of [
        [rs, 'm1.small'],
        [mg, 'm1.tiny'],
      ] as const) {
        const s = await show(id);
        const l = await api(url, tok, 'GET', `/os-migrations?instance_uuid=${id}`);
        const [m] = l.body.migrations as Json[];
        assert.ok((settled ? ['error'] : ['finished', 'error']).includes(m.status), `migration of ${id}: ${m.status}`);
        t.diagnostic(`${m.migration_type ?? 'resize'}: ${s.status}, migration ${m.status}`);
        if (m.status === 'finished') {
          assert.equal(s.status, 'VERIFY_RESIZE');
          assert.equal(s['OS-EXT-SRV-ATTR:host'], m.dest_compute);
          assert.equal(s.flavor.original_name, flavor);
        } else {
          assert.equal(s.status, 'ACTIVE');
          assert.equal(s['OS-EXT-SRV-ATTR:host'], source.get(id));
          assert.equal(s.flavor.original_name, 'm1.tiny');
        }
        assert.equal(m.source_compute, source.get(id));
      }
      // shelve: shelved (offloaded: no host) with its image active, or back as it was without one
      const shs = await show(sh);
      t.diagnostic(`shelve: ${shs.status}`);
      const shImages = (await call(url, tok, 'GET', '/image/v2/images?name=sh-shelved')).body.images as Json[];
      if (!settled && ['SHELVED', 'SHELVED_OFFLOADED'].includes(shs.status as string)) {
        assert.deepEqual(
          shImages.map((i) => i.status),
          ['active'],
        );
        if (shs.status === 'SHELVED_OFFLOADED') assert.equal(shs['OS-EXT-SRV-ATTR:host'], null);
      } else {
        assert.ok(['ACTIVE', 'SHUTOFF'].includes(shs.status as string), `shelved server: ${shs.status}`);
        assert.deepEqual(
          shImages.filter((i) => i.status === 'active' || i.status === 'queued' || i.status === 'saving'),
          [],
        );
      }
      // createImage: the server ACTIVE again, the image active or gone
      assert.equal((await show(im)).status, 'ACTIVE');
      // (Glance's 404 body is not JSON)
      const res = await fetch(`${url}/image/v2/images/${imageId}`, { headers: { 'x-auth-token': tok } });
      const img = res.status === 200 ? await res.json() : null;
      t.diagnostic(`createImage: image ${img ? img.status : res.status}`);
      const ended = settled ? ['killed', 'deleted'] : ['active', 'killed', 'deleted'];
      if (img) assert.ok(ended.includes(img.status), img.status);
      else assert.equal(res.status, 404);

      // every event of every action finished
      for (const id of ids) {
        const actions = (await api(url, tok, 'GET', `/servers/${id}/os-instance-actions`)).body
          .instanceActions as Json[];
        for (const a of actions) {
          const ev = (await api(url, tok, 'GET', `/servers/${id}/os-instance-actions/${a.request_id}`)).body
            .instanceAction.events as Json[];
          for (const e of ev) assert.notEqual(e.finish_time, null, `${id} ${a.action} ${e.event} left open`);
        }
      }
      // the hypervisors count exactly the servers they hold now
      assert.deepEqual(await reserved(url, tok, ids), before);
    } finally {
      served?.child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

test(
  'SIGKILL during resize, cold migration, shelve and createImage: each resumes after the restart',
  { timeout: 300_000 },
  (t) => crashDuringMoves(t, false),
);

test(
  'SIGKILL during resize, cold migration, shelve and createImage: each given up is settled cleanly',
  { timeout: 300_000 },
  (t) => crashDuringMoves(t, true),
);
