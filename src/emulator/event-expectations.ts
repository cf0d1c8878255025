/**
 * Emulator controls for external events (admin only, under /_stackbox):
 *  - event expectations: per port or per server, how the built-in network service answers a plug
 *    with network-vif-plugged — 'send' after delay_ms (the default behaviour, delay from
 *    config.fake.plugVifMs), 'never', or 'failed' — optionally only `count` times. Stored in
 *    emulator_rules so every process (API, agents) sees them.
 *  - GET /servers/{id}/timeline: every event received for the server (accepted or not), its
 *    delivery, and every wait (started, satisfied, failed, timed out, interrupted), in time order.
 */
import type { FastifyInstance } from 'fastify';
import type { Runtime } from '../runtime.js';
import { DomainError, badRequest } from '../domain/errors.js';
import { newUuid } from '../lib/ids.js';
import { deleteRule, insertRule, listRules } from '../store/repositories/emulator-rule-repository.js';
import { eventsOfInstance, waitsOfInstance } from '../store/repositories/server-event-repository.js';
import { findInstance } from '../store/repositories/instance-repository.js';
import { EXPECTATION_KIND, type ExpectationAction, type ExpectationMatch } from '../services/network/port-events.js';
import type { EmulatorRulesTable } from '../store/tables/events.table.js';

const MODES = ['send', 'never', 'failed'];
const KEYS = ['port_id', 'server_id', 'event', 'action', 'delay_ms', 'count'];

function view(r: EmulatorRulesTable): Record<string, unknown> {
  const m = JSON.parse(r.match) as ExpectationMatch;
  const a = JSON.parse(r.action) as ExpectationAction;
  return {
    id: r.id,
    port_id: m.port_id ?? null,
    server_id: m.server_id ?? null,
    event: m.name,
    action: a.mode,
    delay_ms: a.delay_ms,
    remaining: r.remaining,
    created_at: r.created_at,
  };
}

function parseExpectation(body: unknown): { match: ExpectationMatch; action: ExpectationAction; count: number | null } {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw badRequest('The body must be a JSON object.');
  const b = body as Record<string, unknown>;
  const extra = Object.keys(b).filter((k) => !KEYS.includes(k));
  if (extra.length) throw badRequest(`Unknown field(s): ${extra.join(', ')}. Allowed: ${KEYS.join(', ')}.`);
  const str = (k: string) => {
    if (b[k] === undefined) return undefined;
    if (typeof b[k] !== 'string' || b[k] === '') throw badRequest(`${k} must be a non-empty string.`);
    return b[k];
  };
  const port = str('port_id');
  const server = str('server_id');
  if ((port === undefined) === (server === undefined)) throw badRequest('Give exactly one of port_id and server_id.');
  const event = str('event') ?? 'network-vif-plugged';
  if (event !== 'network-vif-plugged') throw badRequest('Only network-vif-plugged expectations are supported.');
  const mode = str('action') ?? 'send';
  if (!MODES.includes(mode)) throw badRequest(`action must be one of ${MODES.join(', ')}.`);
  const int = (k: string, min: number) => {
    const v = b[k];
    if (v === undefined || v === null) return null;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min)
      throw badRequest(`${k} must be an integer >= ${min}.`);
    return v;
  };
  const delay = int('delay_ms', 0);
  const count = int('count', 1);
  const match: ExpectationMatch = { name: event, ...(port !== undefined ? { port_id: port } : { server_id: server }) };
  return { match, action: { mode: mode as ExpectationAction['mode'], delay_ms: delay }, count };
}

export async function eventExpectationRoutes(app: FastifyInstance, rt: Runtime): Promise<void> {
  app.post('/event-expectations', async (request, reply) => {
    const e = parseExpectation(request.body);
    const row: EmulatorRulesTable = {
      id: newUuid(),
      kind: EXPECTATION_KIND,
      match: JSON.stringify(e.match),
      action: JSON.stringify(e.action),
      remaining: e.count,
      probability: 1,
      expires_at: null,
      created_at: rt.clock().toISOString(),
    };
    await insertRule(rt.store.db, row);
    return reply.code(201).send({ expectation: view(row) });
  });

  app.get('/event-expectations', async () => ({
    expectations: (await listRules(rt.store.db, EXPECTATION_KIND)).map(view),
  }));

  app.delete<{ Params: { id: string } }>('/event-expectations/:id', async (request, reply) => {
    const { id } = request.params;
    const rule = (await listRules(rt.store.db, EXPECTATION_KIND)).find((r) => r.id === id);
    if (!rule || !(await deleteRule(rt.store.db, id)))
      throw new DomainError('NOT_FOUND', 404, `Expectation ${id} not found.`);
    return reply.code(204).send();
  });

  app.get<{ Params: { id: string } }>('/servers/:id/timeline', async (request) => {
    const { id } = request.params;
    const [inst, events, waits] = await Promise.all([
      findInstance(rt.store.db, id),
      eventsOfInstance(rt.store.db, id),
      waitsOfInstance(rt.store.db, id),
    ]);
    if (!inst && !events.length) throw new DomainError('NOT_FOUND', 404, `Server ${id} could not be found.`);
    const items: Array<Record<string, unknown> & { time: string }> = [];
    for (const e of events) {
      items.push({
        time: e.received_at,
        type: 'event_received',
        event_id: e.id,
        name: e.name,
        tag: e.tag,
        status: e.status,
        code: e.code,
        source: e.source,
        request_id: e.request_id,
        host: e.host,
        consumed_by: e.consumed_by,
      });
      if (e.delivered_at)
        items.push({
          time: e.delivered_at,
          type: 'event_delivered',
          event_id: e.id,
          name: e.name,
          tag: e.tag,
          host: e.host,
        });
    }
    for (const w of waits) {
      const base = { wait_id: w.id, operation_id: w.operation_id, name: w.name, tag: w.tag };
      items.push({ time: w.started_at, type: 'wait_started', ...base, deadline: w.deadline });
      if (w.finished_at) items.push({ time: w.finished_at, type: `wait_${w.state}`, ...base, event_id: w.event_id });
    }
    // stable: same-millisecond entries keep their causal order (received before delivered/satisfied)
    items.sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0));
    return { server_id: id, timeline: items };
  });
}
