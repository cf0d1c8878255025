/**
 * Crash safety of volume extend (and of a detach on its own): `stackbox serve` is killed with
 * SIGKILL while the simulated backend extends an available volume and an in-use one (3.42) and
 * the hypervisor unplugs a third; started again on the same SQLite file, the recovered operations
 * finish: each extended volume is at its new size, the in-use one's block device mapping on the
 * Nova side has that size too, nothing is left extending or detaching, and the detached volume
 * and its server agree it is attached to neither.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { DEFAULT_IMAGES } from '../../src/store/seed.js';
import { first } from '../helpers/elements.js';
import { call, killHard, serve, token, until, type Served } from '../helpers/served.js';

const IMAGE = first(DEFAULT_IMAGES, 'DEFAULT_IMAGES').id;
const api = call;

const S = '/compute/v2.1/servers';
const V = '/volume/v3/volumes';
const MV_342 = { 'openstack-api-version': 'volume 3.42' };

/** Nova's side, read from the database file itself: the API shows no mapping size */
function mappingsOf(dir: string, volumeId: string): Array<{ instance_uuid: string; volume_size: number | null }> {
  const db = new BetterSqlite3(join(dir, 'stackbox.sqlite'), { readonly: true, fileMustExist: true });
  try {
    return db
      .prepare('SELECT instance_uuid, volume_size FROM block_device_mappings WHERE volume_id = ?')
      .all(volumeId) as Array<{ instance_uuid: string; volume_size: number | null }>;
  } finally {
    db.close();
  }
}

test(
  'SIGKILL during extends (available and in-use) and a detach: after restart sizes agree on both sides',
  { timeout: 240_000 },
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stackbox-xkill-'));
    const slow = {
      STACKBOX_FAKE__SPAWN_MS: '20',
      STACKBOX_FAKE__ATTACH_VOLUME_MS: '10',
      STACKBOX_FAKE__DETACH_VOLUME_MS: '6000',
      STACKBOX_BLOCK_STORAGE__EXTEND_MS: '6000',
      STACKBOX_COMPUTE__OPERATION_LEASE_MS: '2000',
    };
    let served: Served | null = null;
    try {
      served = await serve(dir, slow);
      const url = served.url;
      const tok = await token(url);
      const srv = await api(url, tok, 'POST', S, { server: { name: 'xk', imageRef: IMAGE, flavorRef: '1' } });
      assert.equal(srv.status, 202);
      const server = srv.body.server.id as string;
      await until('server ACTIVE', async () => {
        const s = await api(url, tok, 'GET', `${S}/${server}`);
        return s.body.server.status === 'ACTIVE' && s.body.server['OS-EXT-STS:task_state'] === null;
      });
      // 0: available, extended; 1: in-use, extended (3.42); 2: in-use, detached
      const volumes: string[] = [];
      for (let i = 0; i < 3; i++) {
        const r = await api(url, tok, 'POST', V, { volume: { size: 1, name: `xk-${i}` } });
        assert.equal(r.status, 202);
        volumes.push(r.body.volume.id);
      }
      const [v0, v1, v2] = volumes as [string, string, string];
      const volStatus = async (id: string) => (await api(url, tok, 'GET', `${V}/${id}`)).body.volume.status as string;
      for (const id of volumes)
        await until(`volume ${id} available`, async () => (await volStatus(id)) === 'available');
      for (const id of [v1, v2]) {
        const a = await api(url, tok, 'POST', `${S}/${server}/os-volume_attachments`, {
          volumeAttachment: { volumeId: id },
        });
        assert.equal(a.status, 200, JSON.stringify(a.body));
        await until(`volume ${id} in-use`, async () => (await volStatus(id)) === 'in-use');
      }
      const extend = (id: string, headers: Record<string, string> = {}) =>
        api(url, tok, 'POST', `${V}/${id}/action`, { 'os-extend': { new_size: 2 } }, headers);
      assert.equal((await extend(v0)).status, 202);
      assert.equal((await extend(v1, MV_342)).status, 202);
      assert.equal((await api(url, tok, 'DELETE', `${S}/${server}/os-volume_attachments/${v2}`)).status, 202);
      await new Promise((res) => setTimeout(res, 300));
      // the backend is still extending and the hypervisor still unplugging: nothing has completed
      assert.deepEqual(await Promise.all(volumes.map(volStatus)), ['extending', 'extending', 'detaching']);
      await killHard(served);

      served = await serve(dir, {
        ...slow,
        STACKBOX_FAKE__DETACH_VOLUME_MS: '10',
        STACKBOX_BLOCK_STORAGE__EXTEND_MS: '10',
      });
      const url2 = served.url;
      const tok2 = await token(url2);
      const show = async (id: string) =>
        (await api(url2, tok2, 'GET', `${V}/${id}`)).body.volume as {
          status: string;
          size: number;
          attachments: Array<{ server_id: string }>;
        };
      await until('every volume settled', async () => {
        const st = await Promise.all(volumes.map(async (id) => (await show(id)).status));
        return st.every((s) => s === 'in-use' || s === 'available') ? st : null;
      });
      const [s0, s1, s2] = await Promise.all(volumes.map(show));
      assert.equal(s0?.status, 'available', 'the extend of the available volume finished after the restart');
      assert.equal(s0?.size, 2);
      assert.equal(s1?.status, 'in-use', 'the extend of the in-use volume finished after the restart');
      assert.equal(s1?.size, 2);
      assert.deepEqual(
        s1?.attachments.map((a) => a.server_id),
        [server],
      );
      // Nova's mapping of the in-use volume takes the size Cinder reports, exactly once
      await until('the mapping has the new size', async () => mappingsOf(dir, v1)[0]?.volume_size === 2);
      assert.deepEqual(mappingsOf(dir, v1), [{ instance_uuid: server, volume_size: 2 }]);
      const actions = (await api(url2, tok2, 'GET', `${S}/${server}/os-instance-actions`)).body
        .instanceActions as Array<{
        action: string;
      }>;
      assert.equal(actions.filter((a) => a.action === 'extend_volume').length, 1);
      // the detach finished: neither side still has volume 2
      assert.equal(s2?.status, 'available', 'the detach finished after the restart');
      assert.deepEqual(s2?.attachments, []);
      assert.deepEqual(mappingsOf(dir, v2), []);
      const listed = await api(url2, tok2, 'GET', `${S}/${server}/os-volume_attachments`);
      assert.deepEqual(
        listed.body.volumeAttachments.map((a: { volumeId: string }) => a.volumeId),
        [v1],
      );
      const attached = (await api(url2, tok2, 'GET', `${S}/${server}`)).body.server[
        'os-extended-volumes:volumes_attached'
      ] as Array<{ id: string }>;
      assert.deepEqual(
        attached.map((a) => a.id),
        [v1],
      );
      // the quota holds exactly the new sizes: nothing reserved for an extend is left behind
      const limits = (await api(url2, tok2, 'GET', '/volume/v3/limits')).body.limits.absolute;
      assert.equal(limits.totalGigabytesUsed, 5);
    } finally {
      served?.child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  },
);
