/**
 * Compute microversion negotiation (nova/api/openstack/wsgi.py, api_version_request.py).
 * MAX_VERSION is what we advertise; every behaviour gated up to it is served.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { ApiVersion } from '../../http/api-version.js';
import { versionInvalid, versionNotSupported } from '../../domain/compute-errors.js';

export const MIN_VERSION = ApiVersion.of('2.1');
export const MAX_VERSION = ApiVersion.of('2.96');

/** Reads OpenStack-API-Version (compute entry wins, last one taken) or the legacy Nova header. */
export function requestedVersionString(headers: IncomingHttpHeaders): string | null {
  const std = headers['openstack-api-version'];
  if (std !== undefined) {
    const text = Array.isArray(std) ? std.join(',') : std;
    let found: string | null = null;
    for (const entry of text.split(',')) {
      const [service, version, ...rest] = entry.trim().split(/\s+/);
      if (version !== undefined && rest.length === 0 && service?.toLowerCase() === 'compute') found = version;
    }
    if (found !== null) return found;
  }
  const legacy = headers['x-openstack-nova-api-version'];
  const lastLegacy = Array.isArray(legacy) ? legacy.at(-1) : legacy;
  if (lastLegacy !== undefined) return lastLegacy.trim();
  return null;
}

export function negotiate(headers: IncomingHttpHeaders): ApiVersion {
  const raw = requestedVersionString(headers);
  if (raw === null) return MIN_VERSION;
  if (raw === 'latest') return MAX_VERSION;
  const v = ApiVersion.parse(raw);
  if (!v) {
    throw versionInvalid(raw);
  }
  if (v.compare(MIN_VERSION) < 0 || v.compare(MAX_VERSION) > 0) {
    throw versionNotSupported(v.toString(), MIN_VERSION.toString(), MAX_VERSION.toString());
  }
  return v;
}
