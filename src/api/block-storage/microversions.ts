/**
 * Cinder's microversions (cinder/api/openstack/api_version_request.py): 3.0 to 3.70, asked for
 * with "OpenStack-API-Version: volume 3.x" (or "volume latest"); no header means 3.0.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { ApiVersion } from '../../http/api-version.js';
import { volumeVersionInvalid, volumeVersionNotSupported } from '../../domain/volumes/errors.js';

export const MIN_VERSION = ApiVersion.of('3.0');
export const MAX_VERSION = ApiVersion.of('3.70');

export function requestedVolumeVersion(headers: IncomingHttpHeaders): string | null {
  const std = headers['openstack-api-version'];
  if (std === undefined) return null;
  const text = Array.isArray(std) ? std.join(',') : std;
  let found: string | null = null;
  for (const entry of text.split(',')) {
    const [service, version] = entry.trim().split(/\s+/);
    if (version !== undefined && service?.toLowerCase() === 'volume') found = version;
  }
  return found;
}

export function negotiateVolume(headers: IncomingHttpHeaders): ApiVersion {
  const raw = requestedVolumeVersion(headers);
  if (raw === null) return MIN_VERSION;
  if (raw === 'latest') return MAX_VERSION;
  const v = ApiVersion.parse(raw);
  if (!v) throw volumeVersionInvalid(raw);
  if (v.compare(MIN_VERSION) < 0 || v.compare(MAX_VERSION) > 0)
    throw volumeVersionNotSupported(v.toString(), MIN_VERSION.toString(), MAX_VERSION.toString());
  return v;
}

/** cinder/api/versions.py: the one v3.0 entry, CURRENT, linking to the versioned root */
export function volumeVersionEntry(root: string): Record<string, unknown> {
  return {
    id: 'v3.0',
    status: 'CURRENT',
    version: MAX_VERSION.toString(),
    min_version: MIN_VERSION.toString(),
    updated: '2022-08-31T00:00:00Z',
    links: [
      { rel: 'describedby', type: 'text/html', href: 'https://docs.openstack.org/' },
      { rel: 'self', href: `${root}/v3/` },
    ],
    'media-types': [{ base: 'application/json', type: 'application/vnd.openstack.volume+json;version=3' }],
  };
}
