/**
 * The network service's notifications to compute (neutron/notifiers/nova.py): network-vif-plugged
 * when a port bound to a host goes ACTIVE, network-vif-unplugged / network-vif-deleted when it is
 * unplugged or deleted. They go through receiveEvents, the same path as an external caller.
 *
 * The plug notification obeys the emulator's event expectations (emulator_rules, kind
 * 'event-expectation', matched on the port first, then the server): send after N ms (default
 * config.fake.plugVifMs), never send, or send with status 'failed'. A delayed send is an
 * in-process timer: if the process dies before it fires the event is not sent, as when Neutron's
 * agent dies before reporting the port up; compute's wait then times out.
 */
import type { Runtime } from '../../runtime.js';
import { receiveEvents, type ExternalEventInput } from '../compute/external-events.js';
import { listRules, useRule } from '../../store/repositories/emulator-rule-repository.js';
import type { EmulatorRulesTable } from '../../store/tables/events.table.js';

export const EXPECTATION_KIND = 'event-expectation';

export interface ExpectationMatch {
  port_id?: string;
  server_id?: string;
  name: string;
}
export interface ExpectationAction {
  mode: 'send' | 'never' | 'failed';
  delay_ms: number | null;
}

export async function expectationFor(
  rt: Runtime,
  name: string,
  serverId: string,
  portId: string,
): Promise<{ rule: EmulatorRulesTable; action: ExpectationAction } | null> {
  // expires_at is a stored time: compare it with the runtime clock
  const now = rt.clock().toISOString();
  const rules = (await listRules(rt.store.db, EXPECTATION_KIND)).filter(
    (r) => r.expires_at === null || r.expires_at > now,
  );
  const parsed = rules
    .map((r) => ({
      rule: r,
      match: JSON.parse(r.match) as ExpectationMatch,
      action: JSON.parse(r.action) as ExpectationAction,
    }))
    .filter((r) => r.match.name === name);
  const hit =
    parsed.find((r) => r.match.port_id === portId) ??
    parsed.find((r) => r.match.server_id === serverId && r.match.port_id === undefined);
  if (!hit) return null;
  if (!(await useRule(rt.store.db, hit.rule))) return null; // spent meanwhile by another sender
  return { rule: hit.rule, action: hit.action };
}

async function send(rt: Runtime, events: ExternalEventInput[]): Promise<void> {
  if (events.length) await receiveEvents(rt, null, events);
}

/** ports of instance serverId were plugged on its host and are ACTIVE: tell compute */
export async function announceVifsPlugged(rt: Runtime, serverId: string, portIds: string[]): Promise<void> {
  const now: ExternalEventInput[] = [];
  for (const port of portIds) {
    const exp = await expectationFor(rt, 'network-vif-plugged', serverId, port);
    const mode = exp?.action.mode ?? 'send';
    if (mode === 'never') continue;
    const ev: ExternalEventInput = {
      name: 'network-vif-plugged',
      server_uuid: serverId,
      tag: port,
      status: mode === 'failed' ? 'failed' : 'completed',
    };
    const delay = exp?.action.delay_ms ?? rt.config.fake.plugVifMs;
    if (delay <= 0) {
      now.push(ev);
      continue;
    }
    setTimeout(() => {
      send(rt, [ev]).catch((e: unknown) => rt.log.warn({ err: e, port }, 'could not send network-vif-plugged'));
    }, delay);
  }
  await send(rt, now);
}

export async function announceVifsUnplugged(rt: Runtime, serverId: string, portIds: string[]): Promise<void> {
  await send(
    rt,
    portIds.map((tag) => ({ name: 'network-vif-unplugged', server_uuid: serverId, tag })),
  );
}

export async function announceVifsDeleted(rt: Runtime, serverId: string, portIds: string[]): Promise<void> {
  await send(
    rt,
    portIds.map((tag) => ({ name: 'network-vif-deleted', server_uuid: serverId, tag })),
  );
}
