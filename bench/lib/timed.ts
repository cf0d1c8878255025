/** Helpers for timed scenarios: bounded concurrency and waiting for builds on either side. */
import type { RunningStackbox } from './stackbox.js';

export async function pool<T>(count: number, inFlight: number, task: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = new Array(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      out[i] = await task(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(inFlight, count) }, worker));
  return out;
}

/**
 * Waits until `count` live servers are ACTIVE in this (fresh) stackbox. It reads the store
 * directly every 5 ms instead of polling the API, so the wait adds no HTTP load of its own.
 */
export async function stackboxWaitActive(sb: RunningStackbox, count: number, timeoutMs = 120_000): Promise<void> {
  const db = sb.rt.store.db;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rows = await db
      .selectFrom('instances')
      .select(['vm_state', (eb) => eb.fn.countAll<number>().as('n')])
      .where('deleted', '=', 0)
      .groupBy('vm_state')
      .execute();
    const by = new Map(rows.map((r) => [r.vm_state, Number(r.n)]));
    if (by.get('error')) throw new Error(`stackbox: ${by.get('error')} server(s) went to ERROR`);
    if ((by.get('active') ?? 0) >= count) return;
    if (Date.now() > deadline)
      throw new Error(`stackbox: ${by.get('active') ?? 0}/${count} ACTIVE after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

export async function sbPost(
  sb: RunningStackbox,
  path: string,
  body: unknown,
  token: string,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
): Promise<{ status: number; json: any }> {
  const res = await fetch(`${sb.url}${path}`, {
    method: 'POST',
    headers: { 'x-auth-token': token, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null };
}

/**
 * An image every flavor can boot: the seeded cirros (no min_disk/min_ram). The other seeded image
 * needs 3 GB of disk, which m1.tiny refuses with 400 as Nova does.
 */
export async function bootImageId(sb: RunningStackbox): Promise<string> {
  const db = sb.rt.store.db;
  const image =
    (await db.selectFrom('images').select('id').where('name', 'like', 'cirros%').executeTakeFirst()) ??
    (await db.selectFrom('images').select('id').orderBy('min_disk').executeTakeFirstOrThrow());
  return image.id;
}

export const seconds = (t0: number) => (performance.now() - t0) / 1000;
