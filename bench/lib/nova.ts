/**
 * Drives the real Nova through its API: creates servers (in batches of min_count, the fastest way
 * it offers) up to the count a scenario needs, and waits for builds to reach ACTIVE.
 */
import type { RealNova } from './baselines.js';

export interface NovaUnderTest extends RealNova {
  /** uuids of servers created so far, oldest first */
  servers: string[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function novaPost(n: RealNova, path: string, body: unknown): Promise<{ status: number; json: any }> {
  const res = await fetch(`${n.url}${path}`, {
    method: 'POST',
    headers: { 'x-auth-token': n.memberToken, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null };
}

/** Polls GET /servers?<query> until `count` are ACTIVE; throws if one goes to ERROR. */
export async function novaWaitActive(
  n: RealNova,
  query: string,
  count: number,
  timeoutMs = 600_000,
): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await fetch(`${n.url}/servers/detail?${query}&limit=1000`, {
      headers: { 'x-auth-token': n.memberToken },
    });
    const body = (await res.json()) as { servers: Array<{ id: string; status: string }> };
    if (body.servers.some((s) => s.status === 'ERROR')) throw new Error(`real nova: a server went to ERROR (${query})`);
    const active = body.servers.filter((s) => s.status === 'ACTIVE');
    if (active.length >= count) return active.map((s) => s.id);
    if (Date.now() > deadline) throw new Error(`real nova: ${active.length}/${count} ACTIVE after ${timeoutMs} ms`);
    await sleep(500);
  }
}

let batch = 0;

/** Creates servers in min_count batches of up to 100 until `total` exist. */
export async function novaEnsureServers(n: NovaUnderTest, total: number): Promise<void> {
  while (n.servers.length < total) {
    const k = Math.min(100, total - n.servers.length);
    const name = `seed${batch++}`;
    const r = await novaPost(n, '/servers', {
      server: { name, imageRef: n.imageId, flavorRef: '1', min_count: k, max_count: k },
    });
    if (r.status !== 202) throw new Error(`real nova create: ${r.status} ${JSON.stringify(r.json)}`);
    n.servers.push(...(await novaWaitActive(n, `name=${encodeURIComponent(`^${name}(-|$)`)}`, k)));
  }
}
