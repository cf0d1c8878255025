/**
 * os-instance_usage_audit_log (nova/api/openstack/compute/instance_usage_audit_log.py): the
 * instance usage audit of the last completed period. stackbox keeps no task_log table; each
 * compute host counts as having run its audit for a period that ended after the host was
 * registered, over the instances active on it in that period (what nova-compute's
 * _instance_usage_audit records), with no errors.
 */
import type { Runtime } from '../../runtime.js';
import { countActiveInWindowByHost } from '../../store/repositories/tenant-usage-queries.js';
import { listComputeHosts } from './host-reads.js';

export interface AuditHostLog {
  state: 'DONE' | 'RUNNING';
  instances: number;
  errors: number;
  message: string;
}

export interface AuditLog {
  period_beginning: string;
  period_ending: string;
  num_hosts: number;
  num_hosts_done: number;
  num_hosts_running: number;
  num_hosts_not_run: number;
  hosts_not_run: string[];
  total_instances: number;
  total_errors: number;
  overall_status: string;
  log: Record<string, AuditHostLog>;
}

/**
 * utils.last_completed_audit_period with Nova's default unit, 'month': from the 1st of the month
 * before the one `before` falls in to the 1st of that month (a period ending exactly at `before`
 * is not yet completed).
 */
export function lastCompletedMonth(before: Date): { begin: Date; end: Date } {
  let end = new Date(Date.UTC(before.getUTCFullYear(), before.getUTCMonth(), 1));
  if (end.getTime() >= before.getTime()) end = new Date(Date.UTC(end.getUTCFullYear(), end.getUTCMonth() - 1, 1));
  const begin = new Date(Date.UTC(end.getUTCFullYear(), end.getUTCMonth() - 1, 1));
  return { begin, end };
}

/** Python's str(datetime) of a whole-second time: 2026-11-01 00:00:00 */
const pyTime = (d: Date): string => d.toISOString().slice(0, 19).replace('T', ' ');

/** _get_audit_task_logs for the period last completed before `before` (now when absent). */
export async function instanceUsageAuditLog(rt: Runtime, before?: Date): Promise<AuditLog> {
  const { begin, end } = lastCompletedMonth(before ?? rt.clock());
  const start = begin.toISOString();
  const stop = end.toISOString();
  const [hosts, counts] = await Promise.all([
    listComputeHosts(rt),
    countActiveInWindowByHost(rt.store.db, { start, end: stop }),
  ]);
  const names = [...new Set(hosts.map((h) => h.host))];
  const ran = new Set(hosts.filter((h) => h.created_at < stop).map((h) => h.host));
  const log: Record<string, AuditHostLog> = {};
  let total = 0;
  for (const host of names.filter((h) => ran.has(h))) {
    const n = counts.get(host) ?? 0;
    total += n;
    log[host] = {
      state: 'DONE',
      instances: n,
      errors: 0,
      message: `Instance usage audit ran for host ${host}, ${n} instances in 0.0 seconds.`,
    };
  }
  const notRun = names.filter((h) => !ran.has(h));
  const done = names.length - notRun.length;
  return {
    period_beginning: pyTime(begin),
    period_ending: pyTime(end),
    num_hosts: names.length,
    num_hosts_done: done,
    num_hosts_running: 0,
    num_hosts_not_run: notRun.length,
    hosts_not_run: notRun,
    total_instances: total,
    total_errors: 0,
    overall_status: `${done === names.length ? 'ALL' : `${done} of ${names.length}`} hosts done. 0 errors.`,
    log,
  };
}

/** The show's {before_timestamp}: strptime "%Y-%m-%d %H:%M:%S[.%f]", or undefined when it is not one. */
export function parseAuditTimestamp(raw: string): Date | undefined {
  const m = raw.includes('.')
    ? /^(\d{4})-(\d{1,2})-(\d{1,2}) (\d{1,2}):(\d{1,2}):(\d{1,2})\.(\d{1,6})$/.exec(raw)
    : /^(\d{4})-(\d{1,2})-(\d{1,2}) (\d{1,2}):(\d{1,2}):(\d{1,2})$/.exec(raw);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const ms = m[7] ? Math.floor(Number(m[7].padEnd(6, '0')) / 1000) : 0;
  const t = new Date(Date.UTC(y, mo - 1, d, h, mi, s, ms));
  const valid =
    t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d && h < 24 && mi < 60 && s < 60;
  return valid ? t : undefined;
}
