/**
 * GET /os-instance_usage_audit_log and /os-instance_usage_audit_log/{before_timestamp}
 * (nova/api/openstack/compute/instance_usage_audit_log.py): admin only, checked with an empty
 * target before the timestamp is parsed, as Nova does.
 */
import type { Runtime } from '../../runtime.js';
import { route, type RouteDef } from '../../http/route-table.js';
import { badRequest } from '../../domain/errors.js';
import { instanceUsageAuditLog, parseAuditTimestamp } from '../../services/compute/usage-audit-service.js';

const P = 'os_compute_api:os-instance-usage-audit-log';
const target = () => ({});

export function instanceUsageAuditLogRoutes(rt: Runtime): RouteDef[] {
  return [
    route({
      method: 'GET',
      url: '/os-instance_usage_audit_log',
      policy: `${P}:list`,
      target,
      handler: async () => ({ instance_usage_audit_logs: await instanceUsageAuditLog(rt) }),
    }),
    route({
      method: 'GET',
      url: '/os-instance_usage_audit_log/:timestamp',
      policy: `${P}:show`,
      target,
      handler: async (request) => {
        const raw = request.params.timestamp;
        const before = parseAuditTimestamp(raw);
        if (!before) throw badRequest(`Invalid timestamp for date ${raw}`);
        return { instance_usage_audit_log: await instanceUsageAuditLog(rt, before) };
      },
    }),
  ];
}
