/**
 * Crash safety of volume attach and detach: `stackbox serve` is killed with SIGKILL while the
 * compute agent is plugging volumes in and out (slow simulated hypervisor); started again on the
 * same SQLite file, the recovered operations finish and every volume agrees with its server:
 * in-use exactly when the server lists it, none left reserved, attaching or detaching.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_IMAGES } from '../../src/store/seed.js';
import { first } from '../helpers/elements.js';
import { call, killHard, serve, token, until, type Served } from '../helpers/served.js';

const IMAGE = first(DEFAULT_IMAGES, 'DEFAULT_IMAGES').id;
const api = call;

test(
  'SIGKILL during volume attaches and a detach: after restart every volume agrees with its server',
  { timeout: 240_000 },
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stackbox-vkill-'));
    const slow = {
      STACKBOX_FAKE__SPAWN_MS: '20',
      STACKBOX_FAKE__ATTACH_VOLUME_MS: '2000',
      STACKBOX_FAKE__DETACH_VOLUME_MS: '2000',
      STACKBOX_COMPUTE__OPERATION_LEASE_MS: '2000',
    };
    let served: Served | null = null;
    try {
      served = await serve(dir, slow);
      const url = served.url;
      const tok = await token(url);
      const servers: string[] = [];
      for (let i = 0; i < 3; i++) {
        const r = await api(url, tok, 'POST', '/compute/v2.1/servers', {
          server: { name: `vk-${i}`, imageRef: IMAGE, flavorRef: '1' },
        });
        assert.equal(r.status, 202);
        servers.push(r.body.server.id);
      }
      for (const id of servers)
        await until(`server ${id} ACTIVE`, async () => {
          const s = await api(url, tok, 'GET', `/compute/v2.1/servers/${id}`);
          return s.body.server.status === 'ACTIVE' && s.body.server['OS-EXT-STS:task_state'] === null;
        });
      const volumes: string[] = [];
      for (let i = 0; i < 4; i++) {
        const r = await api(url, tok, 'POST', '/volume/v3/volumes', { volume: { size: 1, name: `vk-${i}` } });
        assert.equal(r.status, 202);
        volumes.push(r.body.volume.id);
      }
      const volStatus = async (id: string) =>
        (await api(url, tok, 'GET', `/volume/v3/volumes/${id}`)).body.volume.status as string;
      for (const id of volumes)
        await until(`volume ${id} available`, async () => (await volStatus(id)) === 'available');
      const attach = (server: string, volume: string) =>
        api(url, tok, 'POST', `/compute/v2.1/servers/${server}/os-volume_attachments`, {
          volumeAttachment: { volumeId: volume },
        });
      // volume 3 attached to server 0 before the crash, then detached while the others attach
      assert.equal((await attach(servers[0]!, volumes[3]!)).status, 200);
      await until('volume 3 in-use', async () => (await volStatus(volumes[3]!)) === 'in-use');
      const det = await api(
        url,
        tok,
        'DELETE',
        `/compute/v2.1/servers/${servers[0]}/os-volume_attachments/${volumes[3]}`,
      );
      assert.equal(det.status, 202);
      for (let i = 0; i < 3; i++) assert.equal((await attach(servers[i]!, volumes[i]!)).status, 200);
      await new Promise((res) => setTimeout(res, 300));
      // the hypervisor is still plugging: nothing has completed yet
      assert.equal(await volStatus(volumes[0]!), 'attaching');
      await killHard(served);

      served = await serve(dir, {
        ...slow,
        STACKBOX_FAKE__ATTACH_VOLUME_MS: '10',
        STACKBOX_FAKE__DETACH_VOLUME_MS: '10',
      });
      const url2 = served.url;
      const tok2 = await token(url2);
      const status2 = async (id: string) =>
        (await api(url2, tok2, 'GET', `/volume/v3/volumes/${id}`)).body.volume.status as string;
      await until('every volume settled', async () => {
        const st = await Promise.all(volumes.map(status2));
        return st.every((s) => s === 'in-use' || s === 'available') ? st : null;
      });
      for (let i = 0; i < 3; i++) {
        assert.equal(await status2(volumes[i]!), 'in-use', `the attach of volume ${i} finished after the restart`);
        const list = await api(url2, tok2, 'GET', `/compute/v2.1/servers/${servers[i]}/os-volume_attachments`);
        assert.deepEqual(
          list.body.volumeAttachments.map((a: { volumeId: string }) => a.volumeId),
          [volumes[i]],
        );
        const vol = (await api(url2, tok2, 'GET', `/volume/v3/volumes/${volumes[i]}`)).body.volume;
        assert.equal(vol.attachments[0].server_id, servers[i]);
      }
      assert.equal(await status2(volumes[3]!), 'available', 'the detach finished after the restart');
      const vol3 = (await api(url2, tok2, 'GET', `/volume/v3/volumes/${volumes[3]}`)).body.volume;
      assert.deepEqual(vol3.attachments, []);
    } finally {
      served?.child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  },
);
