/**
 * Cinder scenarios (issue 20), on the bench's in-process stackbox (SQLite in memory, or
 * PostgreSQL with --pg):
 * - POST /volumes until available, and an attach + detach of one volume, as a client does them:
 *   one request, then GETs of the volume back to back until it reaches the status. Their ceiling
 *   is the same number of sequential requests, in the same run, against a bare Fastify route
 *   serving the volume's body: what the HTTP round trips alone cost.
 * - GET /volumes/detail?limit=100 with 10,000 volumes in the project (seeded in bulk,
 *   bench/lib/seed-volumes.ts), under autocannon with the usual ceiling.
 * No real-service column: there is no real Cinder runner in the bench (see docs/performance.md).
 */
import type { BenchEnv, LoadScenario, Target, TimedResult, TimedScenario } from '../scenarios.js';
import { startStackbox, type RunningStackbox } from '../lib/stackbox.js';
import { sequentialCeiling } from '../lib/baselines.js';
import { seedVolumes } from '../lib/seed-volumes.js';
import { bootImageId, sbPost, seconds, stackboxWaitActive } from '../lib/timed.js';

const V = '/volume/v3/volumes';

interface Client {
  sb: RunningStackbox;
  token: string;
  /** requests sent so far */
  sent: number;
  /** the last volume body read */
  lastBody: string;
}

async function send(
  c: Client,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; text: string }> {
  c.sent++;
  const res = await fetch(`${c.sb.url}${path}`, {
    method,
    headers: { 'x-auth-token': c.token, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, text: await res.text() };
}

/** GET the volume back to back until it has `status` (an error status stops the run) */
async function untilStatus(c: Client, id: string, status: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const r = await send(c, 'GET', `${V}/${id}`);
    if (r.status !== 200) throw new Error(`GET volume: ${r.status} ${r.text}`);
    const now = (JSON.parse(r.text) as { volume: { status: string } }).volume.status;
    c.lastBody = r.text;
    if (now === status) return;
    if (now.startsWith('error')) throw new Error(`volume ${id} went to ${now}`);
    if (Date.now() > deadline) throw new Error(`volume ${id}: still ${now} after 30 s, waiting for ${status}`);
  }
}

/** `rounds` of `once` on a fresh stackbox, per round, with the same-run ceiling */
async function timedRounds(
  env: BenchEnv,
  rounds: number,
  what: string,
  setup: (c: Client) => Promise<void>,
  once: (c: Client, i: number) => Promise<void>,
): Promise<TimedResult> {
  const sb = await startStackbox({ pgUrl: env.pgUrl });
  try {
    const c: Client = { sb, token: await sb.token('demo'), sent: 0, lastBody: '' };
    await setup(c);
    c.sent = 0;
    const t0 = performance.now();
    for (let i = 0; i < rounds; i++) await once(c, i);
    const s = seconds(t0) / rounds;
    const ceiling = (await sequentialCeiling(c.lastBody, c.sent)) / rounds;
    return {
      seconds: s,
      ceilingSeconds: ceiling,
      note: `per ${what} (${rounds} rounds, ${(c.sent / rounds).toFixed(1)} requests each; bare Fastify ${(ceiling * 1000).toFixed(2)} ms for as many)`,
    };
  } finally {
    await sb.close();
  }
}

const createVolume = async (c: Client, name: string): Promise<string> => {
  const r = await send(c, 'POST', V, { volume: { size: 1, name } });
  if (r.status !== 202) throw new Error(`create volume: ${r.status} ${r.text}`);
  return (JSON.parse(r.text) as { volume: { id: string } }).volume.id;
};

let volumeServer = '';
let attachVolume = '';

export const volumeScenarios: Array<TimedScenario | LoadScenario> = [
  {
    kind: 'load',
    name: 'Cinder GET /volumes/detail?limit=100 at 10,000 volumes',
    servers: 0,
    stackbox: async (sb): Promise<Target> => {
      await seedVolumes(sb.rt, 10_000);
      return {
        url: `${sb.url}${V}/detail?limit=100`,
        headers: { 'x-auth-token': await sb.token('demo') },
      };
    },
  },
  {
    kind: 'timed',
    name: 'Cinder POST /volumes until available (sequential)',
    stackbox: (env) =>
      timedRounds(
        env,
        env.smoke ? 5 : 50,
        'volume',
        async (c) => untilStatus(c, await createVolume(c, 'warm-up'), 'available'),
        async (c, i) => untilStatus(c, await createVolume(c, `v${i}`), 'available'),
      ),
  },
  {
    kind: 'timed',
    name: 'Cinder attach + detach one volume round trip (sequential)',
    stackbox: (env) =>
      timedRounds(
        env,
        env.smoke ? 5 : 20,
        'attach + detach',
        async (c) => {
          const s = await sbPost(
            c.sb,
            '/compute/v2.1/servers',
            { server: { name: 'vol-att', imageRef: await bootImageId(c.sb), flavorRef: '1' } },
            c.token,
          );
          if (s.status !== 202) throw new Error(`create server: ${s.status} ${JSON.stringify(s.json)}`);
          await stackboxWaitActive(c.sb, 1);
          volumeServer = s.json.server.id as string;
          attachVolume = await createVolume(c, 'att');
          await untilStatus(c, attachVolume, 'available');
        },
        async (c) => {
          const base = `/compute/v2.1/servers/${volumeServer}/os-volume_attachments`;
          const a = await send(c, 'POST', base, { volumeAttachment: { volumeId: attachVolume } });
          if (a.status !== 200) throw new Error(`attach: ${a.status} ${a.text}`);
          await untilStatus(c, attachVolume, 'in-use');
          const d = await send(c, 'DELETE', `${base}/${attachVolume}`);
          if (d.status !== 202) throw new Error(`detach: ${d.status} ${d.text}`);
          await untilStatus(c, attachVolume, 'available');
        },
      ),
  },
];
