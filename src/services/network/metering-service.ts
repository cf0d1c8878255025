/**
 * Metering labels and their rules (neutron/db/metering/metering_db.py and
 * neutron/services/metering/metering_plugin.py, Zed). A label is a project's; a non-admin finds
 * only its own project's labels (Neutron's query scoping). A rule's prefixes are checked as the
 * plugin checks them, and a rule whose remote_ip_prefix overlaps one of the same label, direction
 * and excluded flag is refused (409). The overlap check and the insert run in one transaction
 * that holds the label's lock, so two concurrent overlapping rules cannot both be created.
 * There are no metering agents: the labels are state only.
 */
import * as repo from '../../store/repositories/metering-repository.js';
import type { MeteringLabelRow, MeteringLabelRuleRow } from '../../store/repositories/metering-repository.js';
import {
  meteringInvalid,
  meteringLabelNotFound,
  meteringLabelRuleNotFound,
  meteringLabelRuleOverlaps,
} from '../../domain/ports/network-errors.js';
import { parseMeteringPrefix, prefixesOverlap, type MeteringPrefix } from '../../domain/ports/metering.js';
import type { RequestContext } from '../../domain/context.js';
import type { Runtime } from '../../runtime.js';
import { newUuid } from '../../lib/ids.js';
import { retryOnConflict } from './retry.js';

export type { MeteringLabelRow, MeteringLabelRuleRow } from '../../store/repositories/metering-repository.js';
export type LabelQuery = repo.LabelFilter;
export type RuleQuery = repo.RuleFilter;

/** The labels the caller's query finds: every project's for an admin, else its own project's. */
export async function listMeteringLabelsFor(
  rt: Runtime,
  ctx: RequestContext,
  q: LabelQuery,
): Promise<MeteringLabelRow[]> {
  const rows = await repo.listLabels(rt.store.db, q);
  return ctx.isAdmin ? rows : rows.filter((l) => l.project_id === ctx.projectId);
}

export async function showMeteringLabel(rt: Runtime, ctx: RequestContext, id: string): Promise<MeteringLabelRow> {
  const l = await repo.findLabel(rt.store.db, id);
  if (!l || (!ctx.isAdmin && l.project_id !== ctx.projectId)) throw meteringLabelNotFound(id);
  return l;
}

export interface LabelSpec {
  projectId: string;
  name?: string;
  description?: string;
  shared?: boolean;
}

export async function createMeteringLabelFor(rt: Runtime, spec: LabelSpec): Promise<MeteringLabelRow> {
  const row: MeteringLabelRow = {
    id: newUuid(),
    project_id: spec.projectId,
    name: spec.name ?? '',
    description: spec.description ?? '',
    shared: spec.shared ? 1 : 0,
    created_at: rt.clock().toISOString(),
  };
  await repo.insertLabel(rt.store.db, row);
  return row;
}

/** The label and, through the foreign key, its rules. */
export async function deleteMeteringLabelFor(rt: Runtime, label: MeteringLabelRow): Promise<void> {
  if (!(await repo.deleteLabel(rt.store.db, label.id))) throw meteringLabelNotFound(label.id);
}

/** Rules carry no project: Neutron's query finds every rule, its policy then decides. */
export const listMeteringRulesFor = (rt: Runtime, q: RuleQuery): Promise<MeteringLabelRuleRow[]> =>
  repo.listRules(rt.store.db, q);

export async function showMeteringRule(rt: Runtime, id: string): Promise<MeteringLabelRuleRow> {
  const r = await repo.findRule(rt.store.db, id);
  if (!r) throw meteringLabelRuleNotFound(id);
  return r;
}

export interface RuleSpec {
  labelId: string;
  direction: 'ingress' | 'egress';
  excluded: boolean;
  /** as the request gave them; null or '' is "not given" */
  remoteIpPrefix?: unknown;
  sourceIpPrefix?: unknown;
  destinationIpPrefix?: unknown;
}

const given = (v: unknown): boolean => v !== undefined && v !== null && v !== '' && v !== false && v !== 0;

/** validate_metering_rule_ip_address: ipaddress.ip_interface must accept it */
function prefix(field: string, v: unknown): MeteringPrefix | null {
  if (!given(v)) return null;
  const p = typeof v === 'string' ? parseMeteringPrefix(v) : null;
  if (!p) {
    const text = typeof v === 'string' ? v : JSON.stringify(v);
    throw meteringInvalid(`${field}: ${text} is invalid ['${text}' does not appear to be an IPv4 or IPv6 interface].`);
  }
  return p;
}

/** create_metering_label_rule: the plugin's prefix checks, the overlap check and the insert. */
export async function createMeteringRuleFor(rt: Runtime, spec: RuleSpec): Promise<MeteringLabelRuleRow> {
  const remote = prefix('remote_ip_prefix', spec.remoteIpPrefix);
  const source = prefix('source_ip_prefix', spec.sourceIpPrefix);
  const destination = prefix('destination_ip_prefix', spec.destinationIpPrefix);
  if (remote && (source || destination))
    throw meteringInvalid(
      "Cannot use 'remote-ip-prefix' in conjunction with 'source-ip-prefix' or 'destination-ip-prefix'.",
    );
  if (!remote && !source && !destination)
    throw meteringInvalid(
      "You must define at least one of the following parameters 'remote_ip_prefix', or 'source_ip_prefix' or 'destination_ip_prefix'.",
    );
  const store = rt.store;
  const id = newUuid();
  try {
    await retryOnConflict(store.adapter, () =>
      store.transaction(async (trx) => {
        await store.adapter.lockForUpdateOf(trx, `metering_label:${spec.labelId}`);
        if (remote) {
          const same = await repo.listRules(trx, {
            labelIds: [spec.labelId],
            directions: [spec.direction],
            excluded: spec.excluded ? 1 : 0,
          });
          for (const r of same) {
            const other = r.remote_ip_prefix === null ? null : parseMeteringPrefix(r.remote_ip_prefix);
            if (other && prefixesOverlap(other, remote)) throw meteringLabelRuleOverlaps(String(spec.remoteIpPrefix));
          }
        }
        if (!(await repo.findLabel(trx, spec.labelId))) throw meteringLabelNotFound(spec.labelId);
        await repo.insertRule(trx, {
          id,
          metering_label_id: spec.labelId,
          direction: spec.direction,
          excluded: spec.excluded ? 1 : 0,
          remote_ip_prefix: remote?.text ?? null,
          source_ip_prefix: source?.text ?? null,
          destination_ip_prefix: destination?.text ?? null,
          created_at: rt.clock().toISOString(),
        });
      }),
    );
  } catch (err) {
    // the label went away between the check and the insert (DBReferenceError)
    if (store.adapter.isForeignKeyViolation(err)) throw meteringLabelNotFound(spec.labelId);
    throw err;
  }
  return showMeteringRule(rt, id);
}

export async function deleteMeteringRuleFor(rt: Runtime, rule: MeteringLabelRuleRow): Promise<void> {
  if (!(await repo.deleteRule(rt.store.db, rule.id))) throw meteringLabelRuleNotFound(rule.id);
}
