/**
 * Replays one service's parity cases, in order, against one target (the real service or stackbox)
 * over real HTTP, filling placeholders from the target's variables and capturing new ones, and
 * returns each case's normalised record.
 */
import type { Auth, ParityCase, Service, WaitSpec } from './case-types.js';
import { normalise, type Profile, type RawResponse, type Record_ } from './normalise.js';

export interface Target {
  kind: 'real' | 'stackbox';
  service: Service;
  /** origin + service prefix: http://127.0.0.1:8774 (Nova) or http://127.0.0.1:N/compute */
  base: string;
  /** X-Auth-Token per auth kind (Nova has no `alt`) */
  tokens: Partial<Record<Exclude<Auth, 'none'>, string>>;
  /** seeded ids: image_id, flavor_id, network_id, port_id, project_id, user ids... */
  vars: Record<string, string>;
}

const label = (t: Target) => (t.kind === 'real' ? `real ${t.service}` : `stackbox (${t.service})`);

export interface CaseResult {
  case: ParityCase;
  /** null when the case could not run (a variable it needs was never captured) */
  record: Record_ | null;
  skipped?: string;
}

export function fill(template: string, vars: Record<string, string>): string {
  return template.replace(/\{([a-z0-9_]+)\}/g, (m, name: string) => {
    const value = vars[name];
    if (value === undefined) throw new MissingVar(name);
    return value;
  });
}

class MissingVar extends Error {
  constructor(readonly variable: string) {
    super(`variable ${variable} not captured`);
  }
}

function fillDeep(v: unknown, vars: Record<string, string>): unknown {
  if (typeof v === 'string') return fill(v, vars);
  if (Array.isArray(v)) return v.map((e) => fillDeep(e, vars));
  if (v !== null && typeof v === 'object')
    return Object.fromEntries(Object.entries(v).map(([k, e]) => [k, fillDeep(e, vars)]));
  return v;
}

export function pick(body: unknown, dotted: string): unknown {
  let cur: unknown = body;
  for (const part of dotted.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

async function send(
  t: Target,
  c: Pick<ParityCase, 'method' | 'path' | 'body' | 'raw' | 'mv' | 'legacyHeader' | 'auth' | 'headers' | 'token'> & {
    contentType?: string;
  },
): Promise<RawResponse> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const auth = c.auth ?? 'member';
  if (c.token !== undefined) headers['x-auth-token'] = fill(`{${c.token}}`, t.vars);
  else if (auth !== 'none') {
    const token = t.tokens[auth];
    if (token === undefined) throw new Error(`${label(t)}: no ${auth} token`);
    headers['x-auth-token'] = token;
  }
  for (const [k, v] of Object.entries(c.headers ?? {})) headers[k.toLowerCase()] = fill(v, t.vars);
  if (c.mv) {
    if (c.legacyHeader) headers['x-openstack-nova-api-version'] = c.mv;
    else headers['openstack-api-version'] = `${t.service === 'cinder' ? 'volume' : 'compute'} ${c.mv}`;
  }
  let payload: string | undefined;
  if (c.raw !== undefined) payload = c.raw;
  else if (c.body !== undefined) payload = JSON.stringify(fillDeep(c.body, t.vars));
  if (payload !== undefined) headers['content-type'] = c.contentType ?? 'application/json';
  const res = await fetch(t.base + fill(c.path, t.vars), { method: c.method, headers, body: payload });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

async function waitUntil(t: Target, w: WaitSpec, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  for (;;) {
    const res = await send(t, { method: 'GET', path: w.path, auth: w.auth });
    if (w.field === undefined) {
      if (res.status === 404) return;
    } else if (res.status === 200) {
      const v = pick(JSON.parse(res.text), w.field);
      if (v === w.equals) return;
      last = String(v);
      if (v === 'ERROR') throw new Error(`${label(t)}: ${w.path} went to ERROR`);
    }
    if (Date.now() > deadline)
      throw new Error(
        `${label(t)}: timed out waiting for ${w.path} ${w.field ?? '404'} = ${JSON.stringify(w.equals ?? '')} (last ${last})`,
      );
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * The generic 404 an unregistered route gets (as opposed to a resource's own "could not be
 * found"), or the 400 of the action dispatcher for an action it does not know yet.
 */
function isRouteMissing(res: RawResponse, real: Record_): boolean {
  if (res.status === 404 && /The resource could not be found\./.test(res.text))
    return real.status !== 404 || !JSON.stringify(real.values).includes('The resource could not be found.');
  if (res.status === 400 && /There is no such action: /.test(res.text))
    return !JSON.stringify(real.values).includes('There is no such action');
  return false;
}

/**
 * `golden` (stackbox replays only) tells which cases the real service answered and how, so a
 * pending route can be skipped while stackbox has not registered it.
 */
export async function replay(
  t: Target,
  cases: ParityCase[],
  profile: Profile,
  golden?: (name: string) => Record_ | null,
  timeoutMs = 30000,
): Promise<CaseResult[]> {
  const results: CaseResult[] = [];
  for (const c of cases) {
    let res: RawResponse;
    try {
      res = await send(t, c);
    } catch (e) {
      if (e instanceof MissingVar) {
        results.push({ case: c, record: null, skipped: e.message });
        continue;
      }
      throw e;
    }
    const ctx = { vars: t.vars, base: t.base, hexIds: profile.hexIds };
    const record = normalise(res, ctx, profile);
    const real = golden?.(c.name);
    if (c.pendingRoute && t.kind === 'stackbox' && real && isRouteMissing(res, real)) {
      results.push({ case: c, record: null, skipped: 'route not served by stackbox yet' });
      continue;
    }
    if (c.captureHeaders && res.status < 300) {
      for (const [name, header] of Object.entries(c.captureHeaders)) {
        const v = res.headers.get(header);
        if (v !== null) t.vars[name] = v;
      }
    }
    if (c.capture && res.status < 300) {
      const body = JSON.parse(res.text) as unknown;
      for (const [name, dotted] of Object.entries(c.capture)) {
        const v = pick(body, dotted);
        if (typeof v === 'string' || typeof v === 'number') t.vars[name] = String(v);
      }
    }
    if (c.wait && res.status < 300) await waitUntil(t, c.wait, timeoutMs);
    results.push({ case: c, record });
  }
  return results;
}
