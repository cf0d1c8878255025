/** Network IP availability as Neutron renders it (neutron/extensions/network_ip_availability.py). */
import type { NetworkAvailability } from '../../../services/network/ip-availability-service.js';

export const ipAvailabilityView = (a: NetworkAvailability): Record<string, unknown> => ({
  network_id: a.network.id,
  network_name: a.network.name,
  tenant_id: a.network.project_id,
  project_id: a.network.project_id,
  subnet_ip_availability: a.subnets.map((s) => ({
    subnet_id: s.subnet.id,
    ip_version: s.subnet.ip_version,
    cidr: s.subnet.cidr,
    subnet_name: s.subnet.name,
    used_ips: s.usedIps,
    total_ips: s.totalIps,
  })),
  used_ips: a.usedIps,
  total_ips: a.totalIps,
});

/**
 * JSON text with bigints written as plain numbers (an IPv6 /64 pool holds 2^64 - 1 addresses,
 * beyond what a JavaScript number holds exactly; Python prints the exact integer).
 */
export function jsonWithBigInts(body: unknown): string {
  const marks: string[] = [];
  const text = JSON.stringify(body, (_k, v: unknown) => {
    if (typeof v !== 'bigint') return v;
    marks.push(v.toString());
    return `\u0000big${marks.length - 1}\u0000`;
  });
  return text.replace(/"\\u0000big(\d+)\\u0000"/g, (_m, i: string) => marks[Number(i)] ?? '0');
}
